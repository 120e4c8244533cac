#pragma once
// The row kernels of the local-inertial solver: face fluxes (momentum) and the cell update (continuity), each
// over a contiguous run of one grid row so the compiler vectorises them. Internal to the engine.
//
// Precision: bed elevation and unit-width discharges are float; water depth is double, so that the flux-form
// update conserves mass to round-off of double (each face's discharge is added to one cell and taken from the
// other with the same double value) and small rain increments are not lost against a deep cell.

#include <cstdint>

namespace citytwin::flood::detail {

/// Constants of the momentum update in one time step.
struct FluxConstants {
    float gDt = 0.0f;           ///< g * dt [m/s]
    float invDx = 0.0f;         ///< 1 / dx [1/m]
    float theta = 1.0f;         ///< de Almeida et al. (2012) weighting
    float threshold = 1.0e-3f;  ///< flow depth below which a face is dry [m]
    float n2 = 0.0f;            ///< uniform Manning n² (used when no per-cell n is given)
    bool semiImplicit = false;  ///< friction from the old discharge (Bates et al. 2010) instead of the new
};

/// The four faces across a face's direction that surround it (previous step), for the 2D friction term:
/// for an x-face between cells a and b the y-faces north and south of a and of b, and vice versa.
/// Null members: friction from the face's own discharge only (Bates et al. 2010).
struct CrossFaces {
    const float* a0 = nullptr;
    const float* a1 = nullptr;
    const float* b0 = nullptr;
    const float* b1 = nullptr;
};

/// New unit-width discharges [m²/s] of `count` faces, each between cell a[k] and cell b[k] (positive from a
/// to b). z: bed [m], h: depth [m], n: per-cell Manning n (null: uniform FluxConstants::n2).
/// qOld: discharges of the previous step at these faces; qPrev/qNext: at the neighbouring faces on the same
/// line (read when theta < 1). qNew must not overlap any input.
void fluxFaces(int count, const float* zA, const float* zB, const double* hA, const double* hB,
               const float* nA, const float* nB, const float* qOld, const float* qPrev, const float* qNext,
               const CrossFaces& cross, float* qNew, const FluxConstants& c);

/// Per-cell result accumulators of one row (null members: not tracked). The maxima are updated every step;
/// the timing only when a cell's state (deeper than the inundation depth or not) changes, which is rare: the
/// duration of the periods already over, the start of the current one and the state.
struct StatsRow {
    float* maxDepth = nullptr;
    float* maxSpeed = nullptr;
    float* maxHazard = nullptr;
    float* firstInundation = nullptr;   ///< < 0: not yet
    double* duration = nullptr;         ///< inundated periods that have ended [s]
    double* since = nullptr;            ///< start of the current inundated period [s]
    std::uint8_t* inundated = nullptr;  ///< state at the end of the last step
};

/// Constants of the continuity update in one time step.
struct ContinuityConstants {
    double dtOverDx = 0.0;    ///< dt / dx [s/m]
    double rainDepth = 0.0;   ///< uniform rain depth of this step [m]
    double rainFactor = 0.0;  ///< gridded rain: depth per unit intensity in this step [m per mm/h]
    float threshold = 1.0e-3f;
    float inundation = 0.1f;
    float debrisFactor = 1.0f;
    float debrisDepth = 0.25f;
    float timeS = 0.0f;      ///< time at the end of the step [s]
    double dt = 0.0;         ///< [s]
    double stepStart = 0.0;  ///< time at the start of the step [s]
};

/// What one row's update found.
struct RowSummary {
    double hMax = 0.0;    ///< deepest water [m]
    double volume = 0.0;  ///< sum of depths [m] (times cell area = volume)
    int wetLo = 1;        ///< first column with water (wetLo > wetHi: none)
    int wetHi = 0;
    int negatives = 0;       ///< cells driven below zero (corrected afterwards)
    double sinkLoss = 0.0;   ///< losses taken [m of depth summed over cells]
    double sinkDrain = 0.0;  ///< drainage taken [m]
    double waveSpeed = 0.0;  ///< FV1: max(|u|, |v|) + sqrt(g h) over the row [m/s]
};

/// Continuity for columns [lo, hi] of one row: h += dt/dx (q_W - q_E + q_N - q_S) + rain. qx: the row's
/// x-faces (face i is the west face of cell i); qyN/qyS: the row's north and south faces (positive
/// southward). active: 1 for domain cells (rain falls only there); rainGrid: this row's intensity [mm/h] or
/// null. The accumulators are updated afterwards (statsRow), once the depths are final.
void continuityRow(int lo, int hi, double* h, const float* qx, const float* qyN, const float* qyS,
                   const std::uint8_t* active, const float* rainGrid, const ContinuityConstants& c,
                   RowSummary& out);

/// Updates the result accumulators of columns [lo, hi] of one row from the depths and face discharges (after
/// the positivity correction, so that no maximum sees water that a correction took back).
void statsRow(int lo, int hi, const double* h, const float* qx, const float* qyN, const float* qyS,
              const StatsRow& stats, const ContinuityConstants& c);

/// The same for cell velocities u, v (FV1; 0 where not deeper than the threshold): speed = |(u, v)|.
void statsRowCells(int lo, int hi, const double* h, const float* u, const float* v, const StatsRow& stats,
                   const ContinuityConstants& c);

/// Loss and drainage sinks of one row (after continuity and the positivity correction).
struct SinkRow {
    const std::uint8_t* pervious = nullptr;  ///< null: losses everywhere
    float* initialLossLeft = nullptr;        ///< initial-continuing model: remaining initial loss [m]
    double continuingDepth = 0.0;            ///< continuing loss in this step [m]
    float* infiltrated = nullptr;            ///< Green-Ampt: cumulative infiltration F [m]
    double gaKsDt = 0.0;                     ///< Green-Ampt Ks * dt [m]
    double gaSuctionDeficit = 0.0;           ///< Green-Ampt ψ Δθ [m]
    const float* drainRate = nullptr;        ///< per-cell drainage [mm/h] or null
    double drainDepth = 0.0;                 ///< uniform drainage in this step [m]
    double drainFactor = 0.0;                ///< per-cell drainage: depth per mm/h in this step [m]
};

/// Applies losses and drainage to columns [lo, hi], never taking more than the water there, then updates
/// the accumulators and the summary (hMax, volume, wet range, sinkLoss, sinkDrain) from the final depth.
void sinkRow(int lo, int hi, double* h, const float* qx, const float* qyN, const float* qyS,
             const std::uint8_t* active, const SinkRow& sink, const StatsRow& stats,
             const ContinuityConstants& c, RowSummary& out);

/// Cell-centre speed from the four face discharges and the depth [m/s]; 0 below the threshold.
float cellSpeed(double h, float qw, float qe, float qn, float qs, float threshold);

/// Green-Ampt potential infiltration in a step under ponding: solves
/// F1 - F0 - S ln((F1 + S) / (F0 + S)) = Ks dt for F1 (Chow, Maidment & Mays 1988, sect. 4.4) and returns F1
/// - F0 [m].
double greenAmptIncrement(double f0, double ksDt, double suctionDeficit);

}  // namespace citytwin::flood::detail
