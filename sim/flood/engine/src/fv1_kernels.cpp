// Row kernels of the FV1 scheme (fv1_kernels.h). Compiled like kernels.cpp (-O3, no trapping math, an AVX2
// clone picked at load time): branch-free selects so that GCC vectorises the loops; both clones give
// bit-identical results (no FMA contraction).
//
// The flux (per face, states L and R):
//   hydrostatic reconstruction (Audusse et al. 2004, eq. 2.9): z* = max(z_L, z_R), h*_s = max(0, eta_s - z*)
//   HLL (Harten et al. 1983), with lambda_L = min(S_L, 0), lambda_R = max(S_R, 0):
//     F = (lambda_R F(U*_L) - lambda_L F(U*_R) + lambda_L lambda_R (U*_R - U*_L)) / (lambda_R - lambda_L)
//   wave speeds S_L, S_R of Einfeldt (1988) with the two-rarefaction estimate, and Toro's (2001, eq. 10.23)
//   speeds for a dry side.
// The momentum of cell i changes by -dt/dx [F^-_{i+1/2} - F^+_{i-1/2}] with the source-corrected fluxes of
// Audusse et al. (2004, eq. 2.10), F^-_{i+1/2} = F + (0, g/2 (h_i^2 - h*_L^2)). Written as
//   F^-_{i+1/2} = (F - F(U*_L)) + h*_L u_i^2 + g/2 h_i^2   and   F^+_{i-1/2} = h*_R u_i^2 - (F(U*_R) - F) + g/2 h_i^2
// the g/2 h_i^2 terms cancel in the difference and are never formed; F - F(U*_L) = lambda_L (lambda_R dU -
// dF)/(lambda_R - lambda_L) and F(U*_R) - F = lambda_R (dF - lambda_L dU)/(lambda_R - lambda_L) vanish exactly
// when the two reconstructed states are equal, so a lake at rest stays exactly at rest. The momentum along
// the face is carried by the mass flux from the upwind side (as the HLLC solver does, Toro 2001).

#include "fv1_kernels.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CITYTWIN_FV1_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CITYTWIN_FV1_CLONES
#endif

#if defined(__GNUC__)
#define CITYTWIN_FV1_INLINE inline __attribute__((always_inline))
#else
#define CITYTWIN_FV1_INLINE inline
#endif

namespace citytwin::flood::detail {
namespace {

struct FaceFlux {
    double mass;
    double normalL;
    double normalR;
    double tangential;
};

/// The flux of one face between states L and R (both active).
CITYTWIN_FV1_INLINE FaceFlux hll(double zL, double zR, double hL, double hR, double nL, double nR, double tL,
                                 double tR, double g, double dry) {
    // Velocities: none in a cell shallower than the dry depth (division computed on a safe value and
    // selected, so the loop has no branch).
    const double uL = hL > dry ? nL / std::max(hL, dry) : 0.0;
    const double vL = hL > dry ? tL / std::max(hL, dry) : 0.0;
    const double uR = hR > dry ? nR / std::max(hR, dry) : 0.0;
    const double vR = hR > dry ? tR / std::max(hR, dry) : 0.0;
    // Hydrostatic reconstruction (Audusse et al. 2004): depths above the higher bed.
    const double zf = std::max(zL, zR);
    const double hsL = std::max(0.0, zL + hL - zf);
    const double hsR = std::max(0.0, zR + hR - zf);
    const double cL = std::sqrt(g * hsL);
    const double cR = std::sqrt(g * hsR);
    const bool dryL = !(hsL > 0.0);
    const bool dryR = !(hsR > 0.0);
    // Wave speeds: Einfeldt (two-rarefaction star state), Toro 2001 eq. 10.23 for a dry side.
    const double uStar = 0.5 * (uL + uR) + cL - cR;
    const double cStar = 0.5 * (cL + cR) + 0.25 * (uL - uR);
    const double sWet = std::min(uL - cL, uStar - cStar);
    const double rWet = std::max(uR + cR, uStar + cStar);
    const double sL = dryL ? uR - 2.0 * cR : (dryR ? uL - cL : sWet);
    const double sR = dryL ? uR + cR : (dryR ? uL + 2.0 * cL : rWet);
    const double lamL = std::min(sL, 0.0);
    const double lamR = std::max(sR, 0.0);
    const double den = lamR - lamL;
    const double inv = den > 0.0 ? 1.0 / std::max(den, 1e-300) : 0.0;
    const double mL = hsL * uL;
    const double mR = hsR * uR;
    const double fL = mL * uL + 0.5 * g * hsL * hsL;
    const double fR = mR * uR + 0.5 * g * hsR * hsR;
    const double dU = mR - mL;  // jump of the normal discharge
    const double dF = fR - fL;  // jump of the normal-momentum flux
    FaceFlux f;
    f.mass = (lamR * mL - lamL * mR + lamL * lamR * (hsR - hsL)) * inv;
    const double aMinus = lamL * (lamR * dU - dF) * inv;  // F - F(U*_L)
    const double aPlus = lamR * (dF - lamL * dU) * inv;   // F(U*_R) - F
    f.normalL = aMinus + mL * uL;
    f.normalR = mR * uR - aPlus;
    f.tangential = f.mass > 0.0 ? f.mass * vL : f.mass * vR;
    return f;
}

/// A face with wall handling: a side that is not active is replaced by the mirror image of the other (same
/// bed and depth, normal velocity reversed), which makes the face a reflecting wall; both inactive: no flux.
CITYTWIN_FV1_INLINE FaceFlux face(double zL, double zR, double hL, double hR, double nL, double nR, double tL,
                                  double tR, bool aL, bool aR, double g, double dry) {
    const double zl = aL ? zL : zR, zr = aR ? zR : zL;
    const double hl = aL ? hL : hR, hr = aR ? hR : hL;
    const double nl = aL ? nL : -nR, nr = aR ? nR : -nL;
    const double tl = aL ? tL : tR, tr = aR ? tR : tL;
    FaceFlux f = hll(zl, zr, hl, hr, nl, nr, tl, tr, g, dry);
    const bool any = aL || aR;
    const bool wall = !(aL && aR);
    // A wall carries no mass and no momentum along it, whatever round-off the mirrored Riemann problem
    // leaves.
    f.mass = wall ? 0.0 : f.mass;
    f.tangential = wall ? 0.0 : f.tangential;
    f.normalL = any ? f.normalL : 0.0;
    f.normalR = any ? f.normalR : 0.0;
    return f;
}

/// x^(-1/3) in double: a bit-level first guess refined by four Newton steps (vectorisable, no libm).
CITYTWIN_FV1_INLINE double inverseCubeRoot(double x) {
    std::int64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits = 0x553ef0ff289dd796LL - static_cast<std::int64_t>(static_cast<double>(bits) * (1.0 / 3.0));
    double y;
    std::memcpy(&y, &bits, sizeof y);
    const double third = x * (1.0 / 3.0);
    for (int i = 0; i < 4; ++i)
        y = y * (4.0 / 3.0 - third * (y * y * y));
    return y;
}

template <bool kManningGrid, bool kRainGrid>
CITYTWIN_FV1_INLINE void cellRowT(int lo, int hi, const double* __restrict h, const double* __restrict hu,
                                  const double* __restrict hv, const Fv1Faces& x, const Fv1Faces& north,
                                  const Fv1Faces& south, const float* __restrict n,
                                  const std::uint8_t* __restrict active, const float* __restrict rainGrid,
                                  double* __restrict h1, double* __restrict hu1, double* __restrict hv1,
                                  const Fv1CellConstants& c, Fv1RowSummary& out) {
    const double* __restrict xm = x.mass;
    const float* __restrict xnL = x.normalL;
    const float* __restrict xnR = x.normalR;
    const float* __restrict xt = x.tangential;
    const double* __restrict nm = north.mass;
    const float* __restrict nnR = north.normalR;
    const float* __restrict nt = north.tangential;
    const double* __restrict sm = south.mass;
    const float* __restrict snL = south.normalL;
    const float* __restrict st = south.tangential;
    const double k = c.dtOverDx;
    double hMax = 0.0, volume = 0.0, wave = 0.0;
    int wetLo = INT_MAX, wetHi = -1, negatives = 0;
#pragma omp simd reduction(max : hMax, wave, wetHi) reduction(min : wetLo) reduction(+ : volume, negatives)
    for (int i = lo; i <= hi; ++i) {
        // Continuity in flux form: each face's double value is added to one cell and taken from the other.
        const double hNew0 = h[i] + k * ((xm[i] - xm[i + 1]) + (nm[i] - sm[i]));
        double source = 0.0;
        if constexpr (kRainGrid)
            source = active[i] ? c.rainFactor * static_cast<double>(rainGrid[i]) : 0.0;
        else
            source = active[i] ? c.rainDepth : 0.0;
        const double hNew = hNew0 + source;
        // Momentum: x-faces carry hu normally and hv along; y-faces the other way round.
        double qx = hu[i] - k * ((static_cast<double>(xnL[i + 1]) - static_cast<double>(xnR[i])) +
                                 (static_cast<double>(st[i]) - static_cast<double>(nt[i])));
        double qy = hv[i] - k * ((static_cast<double>(snL[i]) - static_cast<double>(nnR[i])) +
                                 (static_cast<double>(xt[i + 1]) - static_cast<double>(xt[i])));
        // Manning friction, implicit in the new discharge: |q| (1 + a |q|) = |q*|, a = g dt n² / h^{7/3}
        // (splitting; the same root as the local-inertial scheme, so it never reverses the flow).
        double n2 = c.n2;
        if constexpr (kManningGrid) n2 = static_cast<double>(n[i]) * static_cast<double>(n[i]);
        const double hSafe = std::max(hNew, c.dry);
        const double y = inverseCubeRoot(hSafe);
        const double a = c.gDt * n2 * (y * y * y) * (y * y * y) * y;
        const double q = std::sqrt(qx * qx + qy * qy);
        const double qNew = 2.0 * q / (1.0 + std::sqrt(1.0 + 4.0 * a * q));
        const double scale = q > 0.0 ? qNew / std::max(q, 1e-300) : 0.0;
        const bool wet = hNew > c.dry;
        qx = wet ? qx * scale : 0.0;
        qy = wet ? qy * scale : 0.0;
        h1[i] = hNew;
        hu1[i] = qx;
        hv1[i] = qy;
        const double celerity = std::sqrt(c.g * std::max(hNew, 0.0));
        const double speed = std::max(std::fabs(qx), std::fabs(qy)) / hSafe;
        wave = std::max(wave, wet ? speed + celerity : celerity);
        hMax = std::max(hMax, hNew);
        volume += hNew;
        const int loCandidate = hNew > 0.0 ? i : INT_MAX;
        const int hiCandidate = hNew > 0.0 ? i : -1;
        wetLo = std::min(wetLo, loCandidate);
        wetHi = std::max(wetHi, hiCandidate);
        negatives += hNew < 0.0 ? 1 : 0;
    }
    out.hMax = hMax;
    out.volume = volume;
    out.waveSpeed = wave;
    out.wetLo = wetLo == INT_MAX ? 1 : wetLo;
    out.wetHi = wetLo == INT_MAX ? 0 : wetHi;
    out.negatives = negatives;
}

}  // namespace

CITYTWIN_FV1_CLONES
void fv1Faces(int count, const float* zL, const float* zR, const double* hL, const double* hR,
              const double* nL, const double* nR, const double* tL, const double* tR,
              const std::uint8_t* activeL, const std::uint8_t* activeR, const Fv1Faces& out,
              const Fv1Constants& c) {
    const float* __restrict zl = zL;
    const float* __restrict zr = zR;
    const double* __restrict hl = hL;
    const double* __restrict hr = hR;
    const double* __restrict nl = nL;
    const double* __restrict nr = nR;
    const double* __restrict tl = tL;
    const double* __restrict tr = tR;
    const std::uint8_t* __restrict al = activeL;
    const std::uint8_t* __restrict ar = activeR;
    double* __restrict mass = out.mass;
    float* __restrict normalL = out.normalL;
    float* __restrict normalR = out.normalR;
    float* __restrict tangential = out.tangential;
    const double g = c.g, dry = c.dry;
#pragma omp simd
    for (int k = 0; k < count; ++k) {
        const FaceFlux f = face(zl[k], zr[k], hl[k], hr[k], nl[k], nr[k], tl[k], tr[k], al[k] != 0,
                                ar[k] != 0, g, dry);
        mass[k] = f.mass;
        normalL[k] = static_cast<float>(f.normalL);
        normalR[k] = static_cast<float>(f.normalR);
        tangential[k] = static_cast<float>(f.tangential);
    }
}

void fv1Face(double zL, double zR, double hL, double hR, double nL, double nR, double tL, double tR,
             double& mass, double& normalL, double& normalR, double& tangential, const Fv1Constants& c) {
    const FaceFlux f = hll(zL, zR, hL, hR, nL, nR, tL, tR, c.g, c.dry);
    mass = f.mass;
    normalL = f.normalL;
    normalR = f.normalR;
    tangential = f.tangential;
}

CITYTWIN_FV1_CLONES
void fv1CellRow(int lo, int hi, const double* h, const double* hu, const double* hv, const Fv1Faces& x,
                const Fv1Faces& north, const Fv1Faces& south, const float* n, const std::uint8_t* active,
                const float* rainGrid, double* h1, double* hu1, double* hv1, const Fv1CellConstants& c,
                Fv1RowSummary& out) {
#define CITYTWIN_FV1_CELL(G, R) \
    cellRowT<G, R>(lo, hi, h, hu, hv, x, north, south, n, active, rainGrid, h1, hu1, hv1, c, out)
    if (n)
        rainGrid ? CITYTWIN_FV1_CELL(true, true) : CITYTWIN_FV1_CELL(true, false);
    else
        rainGrid ? CITYTWIN_FV1_CELL(false, true) : CITYTWIN_FV1_CELL(false, false);
#undef CITYTWIN_FV1_CELL
}

}  // namespace citytwin::flood::detail
