// Row kernels of the FV1 scheme (fv1_kernels.h). Compiled like kernels.cpp (-O3, no trapping math, AVX-512
// and AVX2 clones picked at load time): branch-free selects so that GCC vectorises the loops; the clones give
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
//   F^-_{i+1/2} = (F - F(U*_L)) + h*_L u_i^2 + g/2 h_i^2   and   F^+_{i-1/2} = h*_R u_i^2 - (F(U*_R) - F) +
//   g/2 h_i^2
// the g/2 h_i^2 terms cancel in the difference and are never formed; F - F(U*_L) = lambda_L (lambda_R dU -
// dF)/(lambda_R - lambda_L) and F(U*_R) - F = lambda_R (dF - lambda_L dU)/(lambda_R - lambda_L) vanish
// exactly when the two reconstructed states are equal, so a lake at rest stays exactly at rest. The momentum
// along the face is carried by the mass flux from the upwind side (as the HLLC solver does, Toro 2001).

#include "fv1_kernels.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CITYTWIN_FV1_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
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
    float mass;
    float normalL;
    float normalR;
    float tangential;
};

/// The flux of one face from the reconstructed depths and the cell velocities of both sides, in float.
CITYTWIN_FV1_INLINE FaceFlux hll(float hsL, float hsR, float uL, float uR, float vL, float vR, float g) {
    const float cL = std::sqrt(g * hsL);
    const float cR = std::sqrt(g * hsR);
    const bool dryL = !(hsL > 0.0f);
    const bool dryR = !(hsR > 0.0f);
    // Wave speeds: Einfeldt (two-rarefaction star state), Toro 2001 eq. 10.23 for a dry side.
    const float uStar = 0.5f * (uL + uR) + cL - cR;
    const float cStar = 0.5f * (cL + cR) + 0.25f * (uL - uR);
    const float sWet = std::min(uL - cL, uStar - cStar);
    const float rWet = std::max(uR + cR, uStar + cStar);
    const float sL = dryL ? uR - 2.0f * cR : (dryR ? uL - cL : sWet);
    const float sR = dryL ? uR + cR : (dryR ? uL + 2.0f * cL : rWet);
    const float lamL = std::min(sL, 0.0f);
    const float lamR = std::max(sR, 0.0f);
    const float den = lamR - lamL;
    const float inv = den > 0.0f ? 1.0f / std::max(den, 1e-30f) : 0.0f;
    const float mL = hsL * uL;
    const float mR = hsR * uR;
    const float fL = mL * uL + 0.5f * g * hsL * hsL;
    const float fR = mR * uR + 0.5f * g * hsR * hsR;
    const float dU = mR - mL;  // jump of the normal discharge
    const float dF = fR - fL;  // jump of the normal-momentum flux
    FaceFlux f;
    f.mass = (lamR * mL - lamL * mR + lamL * lamR * (hsR - hsL)) * inv;
    const float aMinus = lamL * (lamR * dU - dF) * inv;  // F - F(U*_L)
    const float aPlus = lamR * (dF - lamL * dU) * inv;   // F(U*_R) - F
    f.normalL = aMinus + mL * uL;
    f.normalR = mR * uR - aPlus;
    f.tangential = f.mass > 0.0f ? f.mass * vL : f.mass * vR;
    return f;
}

/// A face with wall handling: a side that is not active is replaced by the mirror image of the other (same
/// bed and depth, normal velocity reversed), which makes the face a reflecting wall; both inactive: no flux.
/// The hydrostatic reconstruction (Audusse et al. 2004): depths above the higher bed, from water levels in
/// double, so that equal levels give exactly equal depths.
CITYTWIN_FV1_INLINE FaceFlux face(float zL, float zR, double hL, double hR, float uL, float uR, float vL,
                                  float vR, bool aL, bool aR, float g) {
    const double zl = aL ? zL : zR, zr = aR ? zR : zL;
    const double hl = aL ? hL : hR, hr = aR ? hR : hL;
    const float ul = aL ? uL : -uR, ur = aR ? uR : -uL;
    const float vl = aL ? vL : vR, vr = aR ? vR : vL;
    const double zf = std::max(zl, zr);
    const float hsL = static_cast<float>(std::max(0.0, zl + hl - zf));
    const float hsR = static_cast<float>(std::max(0.0, zr + hr - zf));
    FaceFlux f = hll(hsL, hsR, ul, ur, vl, vr, g);
    const bool any = aL || aR;
    const bool wall = !(aL && aR);
    // A wall carries no mass and no momentum along it, whatever round-off the mirrored Riemann problem
    // leaves.
    f.mass = wall ? 0.0f : f.mass;
    f.tangential = wall ? 0.0f : f.tangential;
    f.normalL = any ? f.normalL : 0.0f;
    f.normalR = any ? f.normalR : 0.0f;
    return f;
}

/// x^(-1/3) for x > 0 in float: a bit-level first guess refined by three Newton steps (as kernels.cpp).
CITYTWIN_FV1_INLINE float inverseCubeRoot(float x) {
    std::int32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits = 0x54a21d2a - static_cast<std::int32_t>(static_cast<float>(bits) * (1.0f / 3.0f));
    float y;
    std::memcpy(&y, &bits, sizeof y);
    const float third = x * (1.0f / 3.0f);
    y = y * (4.0f / 3.0f - third * (y * y * y));
    y = y * (4.0f / 3.0f - third * (y * y * y));
    y = y * (4.0f / 3.0f - third * (y * y * y));
    return y;
}

template <bool kManningGrid, bool kRainGrid>
CITYTWIN_FV1_INLINE void cellRowT(int lo, int hi, const double* __restrict h, const double* __restrict hu,
                                  const double* __restrict hv, const Fv1Faces& x, const Fv1Faces& north,
                                  const Fv1Faces& south, const float* __restrict n,
                                  const std::uint8_t* __restrict active, const float* __restrict rainGrid,
                                  double* __restrict h1, double* __restrict hu1, double* __restrict hv1,
                                  float* __restrict u1, float* __restrict v1, float* __restrict wave,
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
    const float g = static_cast<float>(c.g);
    const float dry = static_cast<float>(c.dry);
    const float gDt = static_cast<float>(c.gDt);
    const float n2Uniform = static_cast<float>(c.n2);
    // Constants in locals: read through the reference inside the loop they would stop the vectoriser.
    const double rainDepth = c.rainDepth;
    const double rainFactor = c.rainFactor;
    const double dryDepth = c.dry;
    float* __restrict w = wave;
    // Two loops over the row, the second reading what the first wrote while it is in cache: as one loop,
    // GCC 12 gives up vectorising it in the AVX2 clone ("control flow in loop"), though each half passes.
    // No reductions in them either: the row's summary is taken afterwards.
#pragma omp simd
    for (int i = lo; i <= hi; ++i) {
        // Continuity in flux form: each face's double value is added to one cell and taken from the other.
        const double hNew0 = h[i] + k * ((xm[i] - xm[i + 1]) + (nm[i] - sm[i]));
        double source = 0.0;
        if constexpr (kRainGrid)
            source = active[i] ? rainFactor * static_cast<double>(rainGrid[i]) : 0.0;
        else
            source = active[i] ? rainDepth : 0.0;
        h1[i] = hNew0 + source;
        // Momentum: x-faces carry hu normally and hv along; y-faces the other way round.
        hu1[i] = hu[i] - k * ((static_cast<double>(xnL[i + 1]) - static_cast<double>(xnR[i])) +
                              (static_cast<double>(st[i]) - static_cast<double>(nt[i])));
        hv1[i] = hv[i] - k * ((static_cast<double>(snL[i]) - static_cast<double>(nnR[i])) +
                              (static_cast<double>(xt[i + 1]) - static_cast<double>(xt[i])));
    }
#pragma omp simd
    for (int i = lo; i <= hi; ++i) {
        const double hNew = h1[i];
        const double qx0 = hu1[i], qy0 = hv1[i];
        // Manning friction, implicit in the new discharge: |q| (1 + a |q|) = |q*|, a = g dt n² / h^{7/3}
        // (splitting; the same root as the local-inertial scheme, so it never reverses the flow). In float:
        // it scales the discharge by a factor in (0, 1].
        float n2 = n2Uniform;
        if constexpr (kManningGrid) n2 = n[i] * n[i];
        const float hf = static_cast<float>(hNew);
        const float hSafe = std::max(hf, dry);
        const float y = inverseCubeRoot(hSafe);
        const float y3 = y * y * y;
        const float a = gDt * n2 * (y3 * y3 * y);
        const float qxf = static_cast<float>(qx0), qyf = static_cast<float>(qy0);
        const float q = std::sqrt(qxf * qxf + qyf * qyf);
        const float qNew = 2.0f * q / (1.0f + std::sqrt(1.0f + 4.0f * a * q));
        const float scale = q > 0.0f ? qNew / std::max(q, 1e-30f) : 0.0f;
        // The same test in double for the double values and in float for the float ones.
        const bool wet = hNew > dryDepth;
        const bool wetF = hf > dry;
        const double qx = wet ? qx0 * static_cast<double>(scale) : 0.0;
        const double qy = wet ? qy0 * static_cast<double>(scale) : 0.0;
        hu1[i] = qx;
        hv1[i] = qy;
        const float invH = 1.0f / hSafe;
        const float u = wetF ? static_cast<float>(qx) * invH : 0.0f;
        const float v = wetF ? static_cast<float>(qy) * invH : 0.0f;
        u1[i] = u;
        v1[i] = v;
        w[i] = std::max(std::fabs(u), std::fabs(v)) + std::sqrt(g * std::max(hf, 0.0f));
    }
    double hMax = 0.0, volume = 0.0;
    int wetLo = INT_MAX, wetHi = -1, negatives = 0;
#pragma omp simd reduction(max : hMax, wetHi) reduction(min : wetLo) reduction(+ : volume, negatives)
    for (int i = lo; i <= hi; ++i) {
        const double d = h1[i];
        hMax = std::max(hMax, d);
        volume += d;
        const int loCandidate = d > 0.0 ? i : INT_MAX;
        const int hiCandidate = d > 0.0 ? i : -1;
        wetLo = std::min(wetLo, loCandidate);
        wetHi = std::max(wetHi, hiCandidate);
        negatives += d < 0.0 ? 1 : 0;
    }
    float waveMax = 0.0f;
#pragma omp simd reduction(max : waveMax)
    for (int i = lo; i <= hi; ++i)
        waveMax = std::max(waveMax, w[i]);
    out.hMax = hMax;
    out.volume = volume;
    out.waveSpeed = waveMax;
    out.wetLo = wetLo == INT_MAX ? 1 : wetLo;
    out.wetHi = wetLo == INT_MAX ? 0 : wetHi;
    out.negatives = negatives;
}

}  // namespace

CITYTWIN_FV1_CLONES
void fv1Faces(int count, const float* zL, const float* zR, const double* hL, const double* hR,
              const float* unL, const float* unR, const float* utL, const float* utR,
              const std::uint8_t* activeL, const std::uint8_t* activeR, const Fv1Faces& out,
              const Fv1Constants& c) {
    const float* __restrict zl = zL;
    const float* __restrict zr = zR;
    const double* __restrict hl = hL;
    const double* __restrict hr = hR;
    const float* __restrict ul = unL;
    const float* __restrict ur = unR;
    const float* __restrict vl = utL;
    const float* __restrict vr = utR;
    const std::uint8_t* __restrict al = activeL;
    const std::uint8_t* __restrict ar = activeR;
    double* __restrict mass = out.mass;
    float* __restrict normalL = out.normalL;
    float* __restrict normalR = out.normalR;
    float* __restrict tangential = out.tangential;
    const float g = static_cast<float>(c.g);
#pragma omp simd
    for (int k = 0; k < count; ++k) {
        const FaceFlux f =
            face(zl[k], zr[k], hl[k], hr[k], ul[k], ur[k], vl[k], vr[k], al[k] != 0, ar[k] != 0, g);
        mass[k] = f.mass;
        normalL[k] = f.normalL;
        normalR[k] = f.normalR;
        tangential[k] = f.tangential;
    }
}

void fv1Face(double zL, double zR, double hL, double hR, double nL, double nR, double tL, double tR,
             double& mass, double& normalL, double& normalR, double& tangential, const Fv1Constants& c) {
    auto velocity = [&](double q, double d) { return d > c.dry ? static_cast<float>(q / d) : 0.0f; };
    const FaceFlux f =
        face(static_cast<float>(zL), static_cast<float>(zR), hL, hR, velocity(nL, hL), velocity(nR, hR),
             velocity(tL, hL), velocity(tR, hR), true, true, static_cast<float>(c.g));
    mass = f.mass;
    normalL = f.normalL;
    normalR = f.normalR;
    tangential = f.tangential;
}

CITYTWIN_FV1_CLONES
void fv1CellRow(int lo, int hi, const double* h, const double* hu, const double* hv, const Fv1Faces& x,
                const Fv1Faces& north, const Fv1Faces& south, const float* n, const std::uint8_t* active,
                const float* rainGrid, double* h1, double* hu1, double* hv1, float* u1, float* v1,
                const Fv1CellConstants& c, Fv1RowSummary& out) {
    // Scratch for the cells' wave speeds, per thread (rows are at most a few thousand cells).
    static thread_local std::vector<float> scratch;
    if (scratch.size() < static_cast<std::size_t>(hi + 1)) scratch.resize(static_cast<std::size_t>(hi + 1));
    float* wave = scratch.data();
#define CITYTWIN_FV1_CELL(G, R)                                                                            \
    cellRowT<G, R>(lo, hi, h, hu, hv, x, north, south, n, active, rainGrid, h1, hu1, hv1, u1, v1, wave, c, \
                   out)
    if (n)
        rainGrid ? CITYTWIN_FV1_CELL(true, true) : CITYTWIN_FV1_CELL(true, false);
    else
        rainGrid ? CITYTWIN_FV1_CELL(false, true) : CITYTWIN_FV1_CELL(false, false);
#undef CITYTWIN_FV1_CELL
}

}  // namespace citytwin::flood::detail
