#pragma once
/// @file consolidation.h
/// Primary consolidation: Terzaghi's 1D average degree of consolidation, radial consolidation towards
/// vertical drains (Barron 1948, Hansbo 1981), their combination (Carrillo 1942), the ultimate settlement of
/// a layer, and the 1D diffusion solution through a delay interbed (as MODFLOW 6 CSUB). All functions are
/// pure and thread-safe.

#include <vector>

#include "citytwin/subsidence/scenario.h"

namespace citytwin::subsidence {

/// Terzaghi's average degree of consolidation U(Tv) for a uniform initial excess pore pressure, Tv = c_v t /
/// H_dr². Exact to ~1e-15: the short-time series U = 2 sqrt(Tv/π) + 4 sqrt(Tv) Σ (-1)^k ierfc(k / sqrt(Tv))
/// below Tv = 0.2, the Fourier series U = 1 - Σ 2/M² exp(-M² Tv), M = π(2m+1)/2 (Terzaghi 1925) above. 0 for
/// Tv <= 0.
double terzaghiDegree(double tv);

/// The time factor Tv at which U(Tv) = u, for u in [0, 1). @throws core::Error(Internal) outside that range.
double terzaghiTimeFactor(double u);

/// A fast U(Tv) for grids: cubic interpolation in log Tv between exact values (error below 1e-9 in U).
class TerzaghiTable {
public:
    TerzaghiTable();
    double operator()(double tv) const;

private:
    double logMin_ = 0.0, logStep_ = 0.0;
    std::vector<double> value_;  ///< U at the nodes
    std::vector<double> slope_;  ///< dU/d(log Tv) at the nodes
};

/// Diameter of the soil cylinder drained by one drain, d_e = 1.128 s (square) or 1.050 s (triangular): the
/// circle of the same area as the drain's unit cell (Barron 1948; Hansbo 1981). [m]
double drainInfluenceDiameter(double spacingM, DrainPattern pattern);

/// Barron's (1948) ideal-drain factor F(n) = n²/(n²-1) ln n - (3n²-1)/(4n²), n = d_e / d_w > 1.
double barronFactor(double n);

/// Hansbo's (1981) drain factor with smear, μ = ln(n/s) + (k_h/k_s) ln s - 0.75 (well resistance neglected).
double hansboFactor(double n, double smearRatio, double permeabilityRatio);

/// Average degree of radial consolidation U_h = 1 - exp(-8 T_h / μ), T_h = c_h t / d_e² (equal strain).
double radialDegree(double th, double mu);

/// Carrillo's (1942) combination: 1 - U = (1 - U_v)(1 - U_h).
inline double carrilloDegree(double uv, double uh) {
    return 1.0 - (1.0 - uv) * (1.0 - uh);
}

/// Drainage path H_dr of a layer of thickness H [m].
inline double drainagePath(double thicknessM, Drainage drainage) {
    return drainage == Drainage::Double ? 0.5 * thicknessM : thicknessM;
}

/// Ultimate (end of primary) settlement [m] of a layer of thickness H under an effective stress change Δσ'
/// (positive: loading), with σ'0 the initial effective stress at mid-layer (used with Cc):
/// m_v:  S = m_v Δσ' H;
/// Cc:   S = H/(1+e0) [Cr log10(σ'p/σ'0) + Cc log10((σ'0+Δσ')/σ'p)] when σ'0+Δσ' > σ'p = OCR σ'0,
///       S = H/(1+e0) Cr log10((σ'0+Δσ')/σ'0) otherwise (also for unloading; 0 when Cr is not given).
double ultimateSettlement(const Compressibility& c, double thicknessM, double sigma0KPa,
                          double deltaSigmaKPa);

/// One delay interbed (or a set of `count` equal ones) whose two faces follow a step change of the aquifer
/// head at t = 0 (a decline `drawdownM` > 0, or a rise when < 0). Solves S(h) ∂h/∂t = K_v ∂²h/∂z² over half
/// the interbed (symmetry at the centre) with cell-centred finite differences and implicit time steps
/// (backward Euler for the first steps, then Crank-Nicolson, with Newton iterations on the piecewise-linear
/// storage: Ske above the preconsolidation head, Skv below). Returns the compaction [m] of all `count`
/// interbeds at each of `timesDays` (sorted ascending; times <= 0 give 0).
/// @throws core::Error(Validation) for non-positive thickness, K_v or storage.
std::vector<double> delayInterbedCompaction(const DelayInterbeds& interbeds, double drawdownM,
                                            const std::vector<double>& timesDays);

/// Time constant τ0 = Skv (b/2)² / K_v of a delay interbed [day] (the csub-p02 example: 1000 d).
double delayInterbedTimeConstant(const DelayInterbeds& interbeds);

}  // namespace citytwin::subsidence
