#include "citytwin/subsidence/geertsma.h"

#include <math.h>  // j0, j1 (POSIX, glibc: full double precision, ~40x faster than std::cyl_bessel_j)

#include <algorithm>
#include <array>
#include <cmath>

namespace citytwin::subsidence {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kGaussPoints = 16;

// Nodes and weights of Gauss-Legendre quadrature on [-1, 1], by Newton iteration on P_n.
struct GaussLegendre {
    std::array<double, kGaussPoints> x{}, w{};
    GaussLegendre() {
        const int n = kGaussPoints;
        for (int i = 0; i < n; ++i) {
            double z = std::cos(kPi * (i + 0.75) / (n + 0.5));
            double dp = 0.0;
            for (int it = 0; it < 100; ++it) {
                double p0 = 1.0, p1 = 0.0;
                for (int k = 1; k <= n; ++k) {
                    const double p2 = p1;
                    p1 = p0;
                    p0 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p2) / k;
                }
                dp = n * (z * p0 - p1) / (z * z - 1.0);
                const double dz = p0 / dp;
                z -= dz;
                if (std::abs(dz) < 1e-16) break;
            }
            x[static_cast<std::size_t>(i)] = z;
            w[static_cast<std::size_t>(i)] = 2.0 / ((1.0 - z * z) * dp * dp);
        }
    }
};

const GaussLegendre& gauss() {
    static const GaussLegendre g;
    return g;
}

}  // namespace

GeertsmaIntegrals geertsmaIntegrals(double q, double r, double R) {
    const GaussLegendre& gl = gauss();
    // Panels no wider than a quarter period of the fastest oscillation of J1(kR) J(kr) (frequency R + r) and
    // half the decay length 1/q: a 16-point rule is then exact to round-off on each panel.
    const double width = std::min(0.25 * 2.0 * kPi / (R + r), 0.5 / q);
    GeertsmaIntegrals s;
    for (double a = 0.0;; a += width) {
        // Stop once e^{-qk} (1 + k²) (bounding every integrand: |J| <= 1) is below 1e-17 of the sums' scale.
        const double bound = std::exp(-q * a) * (1.0 + a * a) / q;
        const double scale =
            std::max({std::abs(s.i1), std::abs(s.i3), std::abs(s.i4), std::abs(s.i6), 1e-30});
        if (a > 0.0 && bound < 1e-17 * scale) break;
        const double mid = a + 0.5 * width, half = 0.5 * width;
        for (int g = 0; g < kGaussPoints; ++g) {
            const double k = mid + half * gl.x[static_cast<std::size_t>(g)];
            const double w = half * gl.w[static_cast<std::size_t>(g)] * std::exp(-q * k);
            const double jR = ::j1(k * R);
            const double j0r = ::j0(k * r), j1r = ::j1(k * r);
            const double a0 = w * jR * j0r, a1 = w * jR * j1r;
            s.i1 += a1;
            s.i2 += k * a1;
            s.i7 += k * k * a1;
            s.i3 += a0;
            s.i4 += k * a0;
            s.i6 += k * k * a0;
        }
    }
    return s;
}

double uniaxialCompactionCoefficient(double youngModulusMPa, double poissonRatio) {
    const double nu = poissonRatio;
    return (1.0 + nu) * (1.0 - 2.0 * nu) / (youngModulusMPa * (1.0 - nu));
}

double reservoirCompaction(const Reservoir& res) {
    return uniaxialCompactionCoefficient(res.youngModulusMPa, res.poissonRatio) * res.biotCoefficient *
           res.pressureDropMPa * res.thicknessM;
}

double geertsmaBowlVolume(const Reservoir& res) {
    return 2.0 * (1.0 - res.poissonRatio) * kPi * res.radiusM * res.radiusM * reservoirCompaction(res);
}

GeertsmaProfilePoint geertsmaSurface(const Reservoir& res, double r) {
    // Geertsma (1973); Fjaer et al. (2008) eq. D.5: u_z = 2(1-ν) c_m α Δp h R I3, u_r = 2(1-ν) c_m α Δp h R
    // I1.
    const double c = 2.0 * (1.0 - res.poissonRatio) * reservoirCompaction(res) * res.radiusM;
    const GeertsmaIntegrals in = geertsmaIntegrals(res.depthM, r, res.radiusM);
    GeertsmaProfilePoint p;
    p.settlementM = c * in.i3;
    p.inwardM = c * in.i1;
    p.dSettlementDr = -c * in.i2;  // d/dr J0(kr) = -k J1(kr)
    // d/dr J1(kr) = k J0(kr) - J1(kr)/r; at r -> 0, I1 ~ r I4(0)/2.
    p.dInwardDr = r > 1e-9 * res.radiusM ? c * (in.i4 - in.i1 / r) : c * 0.5 * in.i4;
    return p;
}

GeertsmaProfile::GeertsmaProfile(const Reservoir& res, double maxRadiusM) : depth_(res.depthM) {
    const double h0 = std::min(res.depthM, res.radiusM) / 32.0;
    double r = 0.0;
    for (;;) {
        const GeertsmaProfilePoint p = geertsmaSurface(res, r);
        r_.push_back(r);
        w_.push_back(p.settlementM);
        dw_.push_back(p.dSettlementDr);
        u_.push_back(p.inwardM);
        du_.push_back(p.dInwardDr);
        if (r >= maxRadiusM) break;
        // Close spacing where the profile bends (near the disc), 2.5 % of r in the far field, where it varies
        // on the scale of r itself.
        r += std::max(h0, 0.025 * r);
    }
}

void GeertsmaProfile::at(double r, double& settlementM, double& inwardM) const {
    if (r >= r_.back()) {
        // Far field of a centre of compression (Geertsma 1973): u_z ∝ D / (r² + D²)^{3/2}, u_r ∝ r /
        // (...)^{3/2}.
        const double rb = r_.back(), d2 = depth_ * depth_;
        const double scale = std::pow((rb * rb + d2) / (r * r + d2), 1.5);
        settlementM = w_.back() * scale;
        inwardM = rb > 0.0 ? u_.back() * scale * r / rb : 0.0;
        return;
    }
    const std::size_t i =
        static_cast<std::size_t>(std::upper_bound(r_.begin(), r_.end(), r) - r_.begin()) - 1;
    const double h = r_[i + 1] - r_[i];
    const double t = (r - r_[i]) / h;
    const double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t);
    const double h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
    settlementM = h00 * w_[i] + h10 * h * dw_[i] + h01 * w_[i + 1] + h11 * h * dw_[i + 1];
    inwardM = h00 * u_[i] + h10 * h * du_[i] + h01 * u_[i + 1] + h11 * h * du_[i + 1];
}

}  // namespace citytwin::subsidence
