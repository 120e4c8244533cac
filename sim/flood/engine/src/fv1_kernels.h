#pragma once
// Row kernels of the FV1 scheme: first-order Godunov finite volumes for the 2D shallow-water equations with
// HLL fluxes (Harten, Lax & van Leer 1983; wave speeds of Einfeldt 1988 and Toro 2001 for dry states) and the
// hydrostatic reconstruction of Audusse et al. (2004). Internal to the engine.
//
// State per cell: depth h [m] and the discharges hu (along +x, east) and hv (along +row, south) [m²/s], all
// double. Faces carry the mass flux [m²/s] (double: the continuity update adds one face's value to one cell
// and takes the same value from the other, so mass is conserved to round-off) and, for the momentum
// equations, the flux each side sees (float).

#include <cstdint>

namespace citytwin::flood::detail {

/// Fluxes of a run of faces: face k lies between cell L[k] (west or north) and cell R[k] (east or south).
struct Fv1Faces {
    double* mass = nullptr;       ///< HLL mass flux, positive from L to R [m²/s]
    float* normalL = nullptr;     ///< normal-momentum flux seen by L, less g h_L² / 2 [m³/s²]
    float* normalR = nullptr;     ///< normal-momentum flux seen by R, less g h_R² / 2 [m³/s²]
    float* tangential = nullptr;  ///< tangential-momentum flux (upwinded by the mass flux) [m³/s²]
};

/// Constants of one step.
struct Fv1Constants {
    double g = 9.81;
    double dry = 1.0e-3;  ///< cells shallower than this have no velocity [m]
};

/// HLL fluxes with hydrostatic reconstruction of `count` faces. z: bed [m]; h: depth; un: cell velocity
/// normal to the face (positive L -> R) [m/s]; ut: velocity along the face; active: 0 for walls (a wall side
/// is replaced by the mirror image of the other side, so the face reflects). The water levels and the
/// reconstructed depths are formed in double, the rest in float (8 lanes with AVX2): at rest (equal water
/// levels, no velocity) every flux is exactly zero.
void fv1Faces(int count, const float* zL, const float* zR, const double* hL, const double* hR,
              const float* unL, const float* unR, const float* utL, const float* utR,
              const std::uint8_t* activeL, const std::uint8_t* activeR, const Fv1Faces& out,
              const Fv1Constants& c);

/// One face with explicit states (boundaries): the same flux as fv1Faces for a single face.
void fv1Face(double zL, double zR, double hL, double hR, double nL, double nR, double tL, double tR,
             double& mass, double& normalL, double& normalR, double& tangential, const Fv1Constants& c);

/// Constants of the cell update.
struct Fv1CellConstants {
    double dtOverDx = 0.0;
    double g = 9.81;
    double dry = 1.0e-3;
    double gDt = 0.0;         ///< g dt, for the friction
    double n2 = 0.0;          ///< uniform Manning n² (used when no per-cell n is given)
    double rainDepth = 0.0;   ///< uniform rain depth of this step [m]
    double rainFactor = 0.0;  ///< gridded rain: depth per unit intensity in this step [m per mm/h]
};

/// What one row's update found.
struct Fv1RowSummary {
    double hMax = 0.0;
    double volume = 0.0;
    double waveSpeed = 0.0;  ///< max over wet cells of max(|u|, |v|) + sqrt(g h) [m/s]
    int wetLo = 1;
    int wetHi = 0;
    int negatives = 0;
};

/// Cell update of columns [lo, hi] of one row: h, hu, hv (old) -> h1, hu1, hv1 (new) from the row's x-faces
/// (face i is the west face of cell i) and its north and south y-faces, then rain, then Manning friction
/// taken implicitly in the new discharge (the same root as the local-inertial scheme). n: per-cell Manning n
/// or null; rainGrid: this row's intensity [mm/h] or null; active: 1 for domain cells.
/// u1, v1 receive the new cell velocities (0 where not deeper than the dry depth), for the next faces.
void fv1CellRow(int lo, int hi, const double* h, const double* hu, const double* hv, const Fv1Faces& x,
                const Fv1Faces& north, const Fv1Faces& south, const float* n, const std::uint8_t* active,
                const float* rainGrid, double* h1, double* hu1, double* hv1, float* u1, float* v1,
                const Fv1CellConstants& c, Fv1RowSummary& out);

}  // namespace citytwin::flood::detail
