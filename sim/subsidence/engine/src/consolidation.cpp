#include "citytwin/subsidence/consolidation.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "citytwin/core/error.h"

namespace citytwin::subsidence {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kShortTimeLimit = 0.2;  // below: short-time (image) series, above: Fourier series

// ierfc(x) = ∫_x^∞ erfc(s) ds = exp(-x²)/sqrt(π) - x erfc(x).
double ierfc(double x) {
    return std::exp(-x * x) / std::sqrt(kPi) - x * std::erfc(x);
}

// dU/dTv, exact, from the same two series.
double terzaghiDerivative(double tv) {
    if (tv <= 0.0) return HUGE_VAL;
    if (tv < kShortTimeLimit) {
        // d/dT [2 sqrt(T/π) + 4 sqrt(T) Σ (-1)^k ierfc(k/sqrt T)]
        const double st = std::sqrt(tv);
        double sum = 1.0 / std::sqrt(kPi * tv);
        for (int k = 1; k <= 6; ++k) {
            const double x = k / st;
            const double term = ierfc(x) / (2.0 * st) + k * std::erfc(x) / (2.0 * tv);
            sum += 4.0 * ((k % 2) ? -term : term);
        }
        return sum;
    }
    double sum = 0.0;
    for (int m = 0; m < 100; ++m) {
        const double M = kPi * (2 * m + 1) / 2.0;
        const double e = std::exp(-M * M * tv);
        sum += 2.0 * e;
        if (e < 1e-18) break;
    }
    return sum;
}

}  // namespace

double terzaghiDegree(double tv) {
    if (!(tv > 0.0)) return 0.0;
    if (tv < kShortTimeLimit) {
        // Short-time solution by images: U = 2 sqrt(T/π) + 4 sqrt(T) Σ_{k>=1} (-1)^k ierfc(k / sqrt(T)).
        // At T = 0.2 the k = 3 term is below 1e-20, so six terms are exact in double precision.
        const double st = std::sqrt(tv);
        double sum = 0.0;
        for (int k = 1; k <= 6; ++k)
            sum += ((k % 2) ? -1.0 : 1.0) * ierfc(k / st);
        return 2.0 * std::sqrt(tv / kPi) + 4.0 * st * sum;
    }
    // Terzaghi (1925): U = 1 - Σ_{m>=0} 2/M² exp(-M² T), M = π(2m+1)/2; at T >= 0.2 the terms fall below
    // 1e-18 within seven terms.
    double sum = 0.0;
    for (int m = 0; m < 100; ++m) {
        const double M = kPi * (2 * m + 1) / 2.0;
        const double term = 2.0 / (M * M) * std::exp(-M * M * tv);
        sum += term;
        if (term < 1e-18) break;
    }
    return 1.0 - sum;
}

double terzaghiTimeFactor(double u) {
    if (!(u >= 0.0 && u < 1.0))
        throw core::Error(core::ErrorCode::Internal, "terzaghiTimeFactor: degree of consolidation " +
                                                         std::to_string(u) + " is not in [0, 1)");
    if (u == 0.0) return 0.0;
    // Newton from the short-time estimate (T = π U²/4) or the one-term estimate, safeguarded by bisection.
    double lo = 0.0, hi = 1.0;
    while (terzaghiDegree(hi) < u)
        hi *= 2.0;
    double t = u < 0.6 ? kPi * u * u / 4.0 : -4.0 / (kPi * kPi) * std::log((1.0 - u) * kPi * kPi / 8.0);
    for (int it = 0; it < 200; ++it) {
        if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);
        const double f = terzaghiDegree(t) - u;
        if (f > 0.0)
            hi = t;
        else
            lo = t;
        const double next = t - f / terzaghiDerivative(t);
        if (std::abs(next - t) <= 1e-15 * t) return next;
        t = next;
    }
    return t;
}

TerzaghiTable::TerzaghiTable() {
    // Nodes every 1/256 decade over Tv in [1e-8, 3]; outside, the one-term forms are exact to double
    // precision: below 1e-8 U = 2 sqrt(T/π) (corrections ~exp(-1/T)), above 3 U = 1 - 8/π² exp(-π² T / 4)
    // (next term ~exp(-66)).
    logMin_ = -8.0;
    logStep_ = 1.0 / 256.0;
    const int n = static_cast<int>(std::ceil((std::log10(3.0) - logMin_) / logStep_)) + 2;
    value_.resize(static_cast<std::size_t>(n));
    slope_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double tv = std::pow(10.0, logMin_ + i * logStep_);
        value_[static_cast<std::size_t>(i)] = terzaghiDegree(tv);
        // dU/d(log10 T) = T ln(10) dU/dT
        slope_[static_cast<std::size_t>(i)] = tv * std::log(10.0) * terzaghiDerivative(tv);
    }
}

double TerzaghiTable::operator()(double tv) const {
    if (!(tv > 0.0)) return 0.0;
    if (tv < 1e-8) return 2.0 * std::sqrt(tv / kPi);
    if (tv >= 3.0) return 1.0 - 8.0 / (kPi * kPi) * std::exp(-kPi * kPi * tv / 4.0);
    const double x = (std::log10(tv) - logMin_) / logStep_;
    std::size_t i = static_cast<std::size_t>(x);
    if (i + 1 >= value_.size()) i = value_.size() - 2;
    const double t = x - static_cast<double>(i);
    // Cubic Hermite on [i, i+1] in units of the step.
    const double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t);
    const double h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
    return h00 * value_[i] + h10 * logStep_ * slope_[i] + h01 * value_[i + 1] +
           h11 * logStep_ * slope_[i + 1];
}

double drainInfluenceDiameter(double spacingM, DrainPattern pattern) {
    // Equal-area circle of the unit cell: square s² -> d_e = s sqrt(4/π) = 1.128 s; triangular (hexagon of
    // area s² sqrt(3)/2) -> d_e = s sqrt(2 sqrt(3)/π) = 1.050 s.
    return pattern == DrainPattern::Square ? spacingM * std::sqrt(4.0 / kPi)
                                           : spacingM * std::sqrt(2.0 * std::sqrt(3.0) / kPi);
}

double barronFactor(double n) {
    // Barron (1948), equal strain, ideal drain.
    const double n2 = n * n;
    return n2 / (n2 - 1.0) * std::log(n) - (3.0 * n2 - 1.0) / (4.0 * n2);
}

double hansboFactor(double n, double smearRatio, double permeabilityRatio) {
    // Hansbo (1981) eq. for a smeared zone of diameter s d_w and permeability k_s, no well resistance.
    return std::log(n / smearRatio) + permeabilityRatio * std::log(smearRatio) - 0.75;
}

double radialDegree(double th, double mu) {
    if (!(th > 0.0)) return 0.0;
    return 1.0 - std::exp(-8.0 * th / mu);
}

double ultimateSettlement(const Compressibility& c, double thicknessM, double sigma0KPa,
                          double deltaSigmaKPa) {
    if (!c.usesIndices()) return c.mvPerKPa * deltaSigmaKPa * thicknessM;
    const double factor = thicknessM / (1.0 + c.initialVoidRatio);
    const double cr = std::isnan(c.recompressionIndex) ? 0.0 : c.recompressionIndex;
    const double sigmaP = sigma0KPa * std::max(1.0, c.overconsolidationRatio);
    const double sigma1 = sigma0KPa + deltaSigmaKPa;
    if (!(sigma1 > 0.0)) return -HUGE_VAL;  // validation keeps this out (Δσ' would take σ' below zero)
    if (sigma1 <= sigmaP) return factor * cr * std::log10(sigma1 / sigma0KPa);
    return factor * (cr * std::log10(sigmaP / sigma0KPa) + c.compressionIndex * std::log10(sigma1 / sigmaP));
}

double delayInterbedTimeConstant(const DelayInterbeds& ib) {
    const double half = 0.5 * ib.thicknessM;
    return ib.inelasticSpecificStoragePerM * half * half / ib.kvMPerDay;
}

std::vector<double> delayInterbedCompaction(const DelayInterbeds& ib, double drawdownM,
                                            const std::vector<double>& timesDays) {
    if (!(ib.thicknessM > 0.0) || !(ib.kvMPerDay > 0.0) || !(ib.elasticSpecificStoragePerM > 0.0) ||
        !(ib.inelasticSpecificStoragePerM > 0.0) || !(ib.count > 0.0) || ib.cells < 4 ||
        !(ib.preconsolidationMarginM >= 0.0))
        throw core::Error(core::ErrorCode::Validation,
                          "delay interbeds '" + ib.name + "': thickness, K_v, Ske, Skv, count must be > 0, " +
                              "cells >= 4 and the preconsolidation margin >= 0");
    std::vector<double> out(timesDays.size(), 0.0);
    if (drawdownM == 0.0 || timesDays.empty()) return out;

    const int n = ib.cells;
    const double half = 0.5 * ib.thicknessM;
    const double dz = half / n;
    const double ske = ib.elasticSpecificStoragePerM, skv = ib.inelasticSpecificStoragePerM;
    const double margin = ib.preconsolidationMarginM;
    // Storage as a function of drawdown d (head decline from the initial head): compaction per unit thickness
    // F(d) = Ske d while the head stays above the preconsolidation head (d <= margin), then Skv beyond it.
    // Heads fall monotonically after a step decline (and rise monotonically after a step rise), so the
    // preconsolidation head never moves back up within one solve and F is single-valued.
    auto storage = [&](double d) { return d <= margin ? ske * d : ske * margin + skv * (d - margin); };
    auto storageSlope = [&](double d) { return d < margin ? ske : skv; };

    const bool inelastic = drawdownM > margin;
    const double tauE = ske * half * half / ib.kvMPerDay;
    const double tauV = skv * half * half / ib.kvMPerDay;
    const double tauMin = std::min(tauE, inelastic ? tauV : tauE);
    const double tauDominant = inelastic ? tauV : tauE;

    std::vector<double> d(static_cast<std::size_t>(n), 0.0), dOld(d), rhs(d), a(d), b(d), c(d), r(d),
        delta(d);
    const double k = ib.kvMPerDay;
    // Conductance per unit area between neighbouring cell centres K/dz, and from the face to the first centre
    // K/(dz/2).
    const double gIn = k / dz, gFace = 2.0 * k / dz;

    // Flux divergence A_i(d) into cell i [m/day]: from the face (Dirichlet drawdown) into cell 0, no flow at
    // the centre (the last cell).
    auto divergence = [&](const std::vector<double>& v, std::size_t i) {
        double s = 0.0;
        s += (i == 0) ? gFace * (drawdownM - v[0]) : gIn * (v[i - 1] - v[i]);
        if (i + 1 < v.size()) s += gIn * (v[i + 1] - v[i]);
        return s;
    };

    std::vector<std::size_t> order(timesDays.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return timesDays[x] < timesDays[y]; });

    double t = 0.0;
    double dt = 1e-7 * tauMin;
    int step = 0;
    const auto compaction = [&]() {
        double sum = 0.0;
        for (double v : d)
            sum += storage(v) * dz;
        return 2.0 * sum * ib.count;  // both halves of each interbed
    };
    for (std::size_t oi : order) {
        const double target = timesDays[oi];
        if (!(target > 0.0)) {
            out[oi] = 0.0;
            continue;
        }
        while (t < target * (1.0 - 1e-14)) {
            const double h = std::min(dt, target - t);
            // Two backward-Euler steps damp the start-up of the step change (Rannacher 1984), then
            // Crank-Nicolson (θ = 1/2).
            const double theta = step < 2 ? 1.0 : 0.5;
            dOld = d;
            for (std::size_t i = 0; i < d.size(); ++i)
                rhs[i] = dz * storage(dOld[i]) + h * (1.0 - theta) * divergence(dOld, i);
            // Newton on R(d) = dz F(d) - h θ A(d) - rhs = 0 (tridiagonal Jacobian).
            for (int it = 0; it < 60; ++it) {
                double norm = 0.0, scale = 1e-300;
                for (std::size_t i = 0; i < d.size(); ++i) {
                    r[i] = dz * storage(d[i]) - h * theta * divergence(d, i) - rhs[i];
                    const double diagFlux = (i == 0 ? gFace : gIn) + (i + 1 < d.size() ? gIn : 0.0);
                    b[i] = dz * storageSlope(d[i]) + h * theta * diagFlux;
                    a[i] = i == 0 ? 0.0 : -h * theta * gIn;
                    c[i] = i + 1 < d.size() ? -h * theta * gIn : 0.0;
                    norm = std::max(norm, std::abs(r[i]));
                    scale = std::max(scale, dz * std::abs(storage(d[i])) + std::abs(rhs[i]));
                }
                if (norm <= 1e-15 * scale) break;
                // Thomas algorithm for J delta = -r.
                for (std::size_t i = 1; i < d.size(); ++i) {
                    const double w = a[i] / b[i - 1];
                    b[i] -= w * c[i - 1];
                    r[i] -= w * r[i - 1];
                }
                delta.back() = -r.back() / b.back();
                for (std::size_t i = d.size() - 1; i-- > 0;)
                    delta[i] = (-r[i] - c[i] * delta[i + 1]) / b[i];
                for (std::size_t i = 0; i < d.size(); ++i)
                    d[i] += delta[i];
            }
            t += h;
            ++step;
            if (h == dt) {
                // Geometric growth; capped at τ/200 until the response is within ~1e-6 of its end (t > 6 τ).
                dt *= 1.1;
                if (t < 6.0 * tauDominant) dt = std::min(dt, tauDominant / 200.0);
            }
        }
        out[oi] = compaction();
    }
    return out;
}

}  // namespace citytwin::subsidence
