// Analytic benchmarks of the flood engine (SWASHES, Delestre et al. 2013): MacDonald's steady channels,
// Thacker's planar surface in a paraboloid, Ritter's and Stoker's dam breaks. References in
// ../shared/data/flood (macdonald_1d/, analytic/). Figures are printed and recorded in sim/flood/README.md.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "citytwin/flood/solver.h"
#include "flood_test_util.h"

namespace citytwin::test {
namespace {

using flood::Boundary;
using flood::BoundaryKind;
using flood::Edge;
using flood::Extrapolation;
using flood::Interpolation;
using flood::Results;
using flood::RunStatus;

using flood::Solver;

// --- MacDonald
// ------------------------------------------------------------------------------------------------

struct ChannelResult {
    double meanAbsError = 0.0;  ///< water surface, centre row, against the analytic profile [m]
    double maxAbsError = 0.0;   ///< over cells 1 to 199 (cell 0 receives the inflow)
    double inflowCellError = 0.0;
    double maxRelativeMassError = 0.0;
};

/// MacDonald's 1000 m channel (SWASHES 3.1.3 and 3.1.5): 200 x 3 cells of 5 m, n = 0.033, discharge q0 [m²/s]
/// entering at the upstream cells, rain [m/s] on the channel, the analytic level held downstream.
ChannelResult runMacDonald(const std::string& csv, double q0, double rainMPerS, double durationS,
                           flood::Scheme scheme = flood::Scheme::LocalInertial, bool edgeInflow = false) {
    const auto ref = readCsv(sharedData("flood/macdonald_1d/" + csv));  // dx, topo, wse at cell centres
    EXPECT_EQ(ref.size(), 200u);
    flood::Setup s = setupOn(200, 3, 5.0);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 200; ++c)
            s.bedElevationM[s.grid.index(c, r)] = static_cast<float>(ref[c][1]);
    s.manningN = 0.033;
    // Inflow over the three upstream cells: q0 x 15 m of width, as a line source in the cells or (edgeInflow)
    // as face discharge through the west edge.
    if (edgeInflow) {
        Boundary in;
        in.edge = Edge::West;
        in.kind = BoundaryKind::Discharge;
        in.dischargeM3PerS.timesS = {0.0, 1.0e6};
        in.dischargeM3PerS.values = {q0 * 15.0, q0 * 15.0};
        s.boundaries.push_back(in);
    } else {
        flood::Inflow in;
        in.name = "upstream";
        in.points = {{2.5, 0.5}, {2.5, 14.5}};
        in.dischargeM3PerS.timesS = {0.0, 1.0e6};
        in.dischargeM3PerS.values = {q0 * 15.0, q0 * 15.0};
        s.inflows.push_back(in);
    }
    if (rainMPerS > 0.0) {
        s.rain.hyetograph.timesS = {0.0, 1.0e6};
        s.rain.hyetograph.values = {rainMPerS * 1000.0 * 3600.0, rainMPerS * 1000.0 * 3600.0};
        s.rain.hyetograph.interpolation = Interpolation::Step;
        s.rain.maxPlausibleMmPerH = 5000.0;  // the benchmark rains 3600 mm/h
    }
    // Downstream: the analytic water surface extrapolated to the ghost cell centre at x = 1002.5 m.
    Boundary out;
    out.edge = Edge::East;
    out.kind = BoundaryKind::FixedLevel;
    out.levelM = ref[199][2] + (ref[199][2] - ref[198][2]);
    s.boundaries.push_back(out);
    s.options.seriesIntervalS = 600.0;
    s.options.scheme = scheme;
    s.durationS = durationS;
    const Results res = flood::simulate(s);
    // Validated behaviour: the oscillation check stays silent.
    EXPECT_FALSE(res.oscillation.detected()) << res.oscillation.warning;
    ChannelResult cr;
    for (int c = 0; c < 200; ++c) {
        const double wse = ref[c][1] + res.finalDepthM[s.grid.index(c, 1)];
        const double err = std::fabs(wse - ref[c][2]);
        cr.meanAbsError += err / 200.0;
        if (c == 0)
            cr.inflowCellError = err;
        else
            cr.maxAbsError = std::max(cr.maxAbsError, err);
    }
    for (const auto& m : res.massBalance)
        cr.maxRelativeMassError = std::max(cr.maxRelativeMassError, m.relativeError);
    return cr;
}

void checkChannel(const char* name, const ChannelResult& r, double maeLimit) {
    std::printf(
        "[figures] MacDonald %s: MAE %.4f m, max %.4f m (cells 1-199), inflow cell %.4f m, mass %.2e\n", name,
        r.meanAbsError, r.maxAbsError, r.inflowCellError, r.maxRelativeMassError);
    // itzi (the same local-inertial family) asserts MAE < 0.03 m (0.035 m with rain) on the same data.
    EXPECT_LT(r.meanAbsError, maeLimit);
    // The flow is near critical (Froude 0.98 at the ends), beyond the local-inertial approximation's comfort
    // (de Almeida & Bates 2013): the cell that receives the inflow oscillates and is reported, not asserted.
    EXPECT_LT(r.maxAbsError, 0.08);
    EXPECT_LT(r.maxRelativeMassError, 1e-6);
}

TEST(FloodAnalytic, MacDonaldChannelWithoutRain) {
    checkChannel("without rain", runMacDonald("no_rain/mcdo_norain.csv", 2.0, 0.0, 3600.0), 0.03);
}

TEST(FloodAnalytic, MacDonaldChannelWithRain) {
    checkChannel("with rain", runMacDonald("rain/mcdo_rain.csv", 1.0, 0.001, 3600.0), 0.035);
}

// --- Thacker
// --------------------------------------------------------------------------------------------------

struct ThackerResult {
    double worstL1 = 0.0;     ///< centreline, relative to the analytic water volume on the line
    double worstFront = 0.0;  ///< largest distance between numerical and analytic wet/dry fronts [m]
    double massError = 0.0;
    double minDepth = 0.0;
    long long oscillationChecks = 0;  ///< checks that found grid-scale oscillation
};

/// Thacker's planar surface in a paraboloid (SWASHES 4.2.2): a = 1 m, h0 = 0.1 m, L = 4 m, frictionless, for
/// three periods on a grid of 401 x 401 cells (a row centred on y = 2 m). `reference`: the analytic
/// centreline profiles at t = 0, T/4, T/2, 3T/4 (rows of t, x, z, h, ...), used instead of the formula when
/// not empty.
ThackerResult runThacker(double eta, const std::vector<std::vector<double>>& reference,
                         flood::Scheme scheme = flood::Scheme::LocalInertial) {
    const double a = 1.0, h0 = 0.1, L = 4.0;
    const int n = 401;
    const double dx = L / n;
    const double omega = std::sqrt(2.0 * flood::kGravity * h0) / a;
    const double period = 2.0 * M_PI / omega;
    auto exact = [&](double x, double y, double t) {
        const double zb = -h0 * (1.0 - ((x - 2.0) * (x - 2.0) + (y - 2.0) * (y - 2.0)) / (a * a));
        const double hh =
            eta * h0 / (a * a) *
                (2.0 * (x - 2.0) * std::cos(omega * t) + 2.0 * (y - 2.0) * std::sin(omega * t) - eta) -
            zb;
        return std::max(0.0, hh);
    };
    flood::Setup s = setupOn(n, n, dx);
    s.initialDepthM.assign(s.grid.cellCount(), 0.0f);
    s.initialVelocityXMPerS.assign(s.grid.cellCount(), 0.0f);
    s.initialVelocityYMPerS.assign(s.grid.cellCount(), 0.0f);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double x = s.grid.centreX(c), y = s.grid.centreY(r);
            const std::size_t k = s.grid.index(c, r);
            s.bedElevationM[k] =
                static_cast<float>(-h0 * (1.0 - ((x - 2.0) * (x - 2.0) + (y - 2.0) * (y - 2.0)) / (a * a)));
            s.initialDepthM[k] = static_cast<float>(exact(x, y, 0.0));
            // u = -eta w sin(0) = 0, v = eta w cos(0) where wet.
            if (s.initialDepthM[k] > 0.0f) s.initialVelocityYMPerS[k] = static_cast<float>(eta * omega);
        }
    s.manningN = 0.0;
    s.options.scheme = scheme;
    s.options.depthThresholdM = 1.0e-5;
    s.options.seriesIntervalS = period / 4.0;
    s.durationS = 3.0 * period;
    Solver solver(s);
    const int row = n / 2;
    EXPECT_NEAR(s.grid.centreY(row), 2.0, 1e-9);
    ThackerResult res;
    for (int quarter = 1; quarter <= 12; ++quarter) {
        const double t = quarter * period / 4.0;
        while (solver.timeS() < t - 1e-9)
            solver.step();
        // The analytic profile on the line: from the shared reference table (periodic in T) or the formula.
        std::vector<double> xs, hs;
        if (!reference.empty()) {
            const double phase = (quarter % 4) * period / 4.0;
            for (const auto& r : reference)
                if (std::fabs(r[0] - phase) < 1e-6) xs.push_back(r[1]), hs.push_back(r[3]);
        } else {
            for (int i = 0; i <= 400; ++i)
                xs.push_back(i * 0.01), hs.push_back(exact(i * 0.01, 2.0, t));
        }
        EXPECT_EQ(xs.size(), 401u);
        double l1 = 0.0, volume = 0.0;
        double num[2] = {1e9, -1e9}, ana[2] = {1e9, -1e9};
        for (int c = 0; c < n; ++c) {
            const double x = s.grid.centreX(c);
            const double hn = solver.depthAt(c, row), he = interpolate(xs, hs, x);
            l1 += std::fabs(hn - he) * dx;
            volume += he * dx;
            if (hn > 1e-4) num[0] = std::min(num[0], x), num[1] = std::max(num[1], x);
            if (he > 1e-4) ana[0] = std::min(ana[0], x), ana[1] = std::max(ana[1], x);
        }
        res.worstL1 = std::max(res.worstL1, l1 / volume);
        res.worstFront = std::max({res.worstFront, std::fabs(num[0] - ana[0]), std::fabs(num[1] - ana[1])});
    }
    const Results out = solver.results();
    if (eta < 0.1) {
        EXPECT_FALSE(out.oscillation.detected()) << out.oscillation.warning;
    }
    res.oscillationChecks = out.oscillation.checksWithOscillation;
    for (const auto& m : out.massBalance)
        res.massError = std::max(res.massError, m.relativeError);
    res.minDepth = *std::min_element(out.finalDepthM.begin(), out.finalDepthM.end());
    return res;
}

/// Thacker's planar surface (as runThacker) on n x n cells for `periods` periods: the relative L1 of the
/// depth over the whole grid against the formula at the end.
double thackerL1(double eta, int n, double periods, flood::Scheme scheme) {
    const double a = 1.0, h0 = 0.1, L = 4.0;
    const double dx = L / n;
    const double omega = std::sqrt(2.0 * flood::kGravity * h0) / a;
    auto bed = [&](double x, double y) {
        return -h0 * (1.0 - ((x - 2.0) * (x - 2.0) + (y - 2.0) * (y - 2.0)) / (a * a));
    };
    auto exact = [&](double x, double y, double t) {
        const double level =
            eta * h0 / (a * a) *
            (2.0 * (x - 2.0) * std::cos(omega * t) + 2.0 * (y - 2.0) * std::sin(omega * t) - eta);
        return std::max(0.0, level - bed(x, y));
    };
    flood::Setup s = setupOn(n, n, dx);
    const std::size_t cells = s.grid.cellCount();
    s.initialDepthM.assign(cells, 0.0f);
    s.initialVelocityXMPerS.assign(cells, 0.0f);
    s.initialVelocityYMPerS.assign(cells, 0.0f);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double x = s.grid.centreX(c), y = s.grid.centreY(r);
            const std::size_t k = s.grid.index(c, r);
            s.bedElevationM[k] = static_cast<float>(bed(x, y));
            s.initialDepthM[k] = static_cast<float>(exact(x, y, 0.0));
            if (s.initialDepthM[k] > 0.0f) s.initialVelocityYMPerS[k] = static_cast<float>(eta * omega);
        }
    s.manningN = 0.0;
    s.options.scheme = scheme;
    s.options.depthThresholdM = 1.0e-5;
    s.durationS = periods * 2.0 * M_PI / omega;
    const Results r = flood::simulate(s);
    double l1 = 0.0, volume = 0.0;
    for (int row = 0; row < n; ++row)
        for (int c = 0; c < n; ++c) {
            const double he = exact(s.grid.centreX(c), s.grid.centreY(row), s.durationS);
            l1 += std::fabs(r.finalDepthM[s.grid.index(c, row)] - he);
            volume += he;
        }
    return l1 / volume;
}

TEST(FloodAnalytic, ThackerPlanarSurfaceLowFroude) {
    // eta = 0.05: the surface tilts by a tenth of the reference case and the speed stays at eta w = 0.07 m/s
    // (Froude number < 0.1), where the local-inertial approximation holds: the solver must match the analytic
    // solution, fronts included.
    const ThackerResult r = runThacker(0.05, {});
    std::printf(
        "[figures] Thacker eta = 0.05 over 3 periods: worst centreline L1 %.4f, worst front error %.3f m, "
        "mass %.2e\n",
        r.worstL1, r.worstFront, r.massError);
    EXPECT_LT(r.worstL1, 0.05);
    EXPECT_LE(r.worstFront, 0.031);  // three cells
    EXPECT_LT(r.massError, 1e-6);
    EXPECT_GE(r.minDepth, 0.0);
}

TEST(FloodAnalytic, ThackerPlanarSurfaceReference) {
    // The SWASHES case (eta = 0.5) against the shared reference profiles. The flow speed is 0.7 m/s at 0.1 m
    // depth (Froude number up to 0.7): the advection term that the local-inertial equations leave out is as
    // large as the pressure gradient, so the planar solution is not reproduced. Recorded in the README as a
    // limit of the model; asserted: mass over three periods, positivity, water kept in the basin, and the
    // measured deviation (so a regression shows).
    const ThackerResult r =
        runThacker(0.5, readCsv(sharedData("flood/analytic/thacker_planar_paraboloid.csv")));
    std::printf(
        "[figures] Thacker eta = 0.5 (reference) over 3 periods: worst centreline L1 %.4f, worst front "
        "error %.3f m, mass %.2e\n",
        r.worstL1, r.worstFront, r.massError);
    EXPECT_LT(r.massError, 1e-6);
    EXPECT_GE(r.minDepth, 0.0);
    EXPECT_LT(r.worstL1, 0.9);
    EXPECT_LT(r.worstFront, 0.6);
}

// --- Ritter and Stoker dam breaks
// -------------------------------------------------------------------------------

/// Exact solution of the local-inertial equations (h_t + q_x = 0, q_t + (g h²/2)_x = 0, flat and
/// frictionless) for a dam break: a left rarefaction along which q + (2/3) sqrt(g) h^{3/2} is constant (x/t =
/// -sqrt(g h)), a constant state (h*, q*), and a shock into the right state moving at s = sqrt(g (h* + h_r) /
/// 2) (Rankine-Hugoniot). It is what a local-inertial scheme converges to; the distance from it to Ritter's
/// or Stoker's solution of the full equations is the model's own error.
double localInertialDamBreak(double hl, double hr, double x0, double x, double t) {
    const double g = flood::kGravity;
    auto qRare = [&](double h) { return 2.0 / 3.0 * std::sqrt(g) * (std::pow(hl, 1.5) - std::pow(h, 1.5)); };
    auto qShock = [&](double h) { return (h - hr) * std::sqrt(g * (h + hr) / 2.0); };
    double lo = hr, hi = hl;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (qRare(mid) > qShock(mid) ? lo : hi) = mid;
    }
    const double hs = 0.5 * (lo + hi);
    const double xi = (x - x0) / t;
    if (xi <= -std::sqrt(g * hl)) return hl;
    if (xi <= -std::sqrt(g * hs)) return xi * xi / g;
    if (xi <= std::sqrt(g * (hs + hr) / 2.0)) return hs;
    return hr;
}

/// Stoker's wet dam break (flat, frictionless; h_l > h_r > 0, at rest) solved exactly as a Riemann problem
/// (Toro 2001, ch. 5): a left rarefaction, a constant middle state, a right shock. The middle depth solves
/// 2 (sqrt(g h_l) - sqrt(g h*)) = (h* - h_r) sqrt(g (h* + h_r) / (2 h* h_r)) (the rarefaction and the
/// Rankine-Hugoniot shock give the same velocity). For h_l = 5 mm, h_r = 1 mm: h* = 2.539 mm, u* = 0.1273
/// m/s, c* = 0.1578 m/s, shock speed 0.2100 m/s.
///
/// The shared stoker_wet_dambreak_t6.csv is not used: its middle state (c_m = 0.1302 m/s, h* = 1.729 mm,
/// u* = 0.1824 m/s) does not satisfy the Rankine-Hugoniot momentum condition (s h* u* = 1.36e-4 against
/// h* u*^2 + g (h*^2 - h_r^2) / 2 = 6.7e-5 m^3/s^2): it solves SWASHES' equation for c_m with (g h_l -
/// c_m^2)^2 where the equation has (c_l - c_m)^2. The test prints how far the file lies from the exact
/// solution.
double stokerDepth(double hl, double hr, double x0, double x, double t) {
    const double g = flood::kGravity;
    auto f = [&](double h) {
        return 2.0 * (std::sqrt(g * hl) - std::sqrt(g * h)) -
               (h - hr) * std::sqrt(g * (h + hr) / (2.0 * h * hr));
    };
    double lo = hr, hi = hl;  // f(hr) > 0 > f(hl)
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) > 0.0 ? lo : hi) = mid;
    }
    const double hs = 0.5 * (lo + hi);
    const double us = 2.0 * (std::sqrt(g * hl) - std::sqrt(g * hs));
    const double shock = hs * us / (hs - hr);
    const double xi = (x - x0) / t;
    const double cl = std::sqrt(g * hl);
    if (xi <= -cl) return hl;
    if (xi <= us - std::sqrt(g * hs)) {
        const double c = (2.0 * cl - xi) / 3.0;  // inside the fan: u - c = xi, u + 2c = 2 c_l
        return c * c / g;
    }
    if (xi <= shock) return hs;
    return hr;
}

struct DamBreakResult {
    double l1Full = 0.0;      ///< relative L1 of the numerical depth against Ritter/Stoker
    double l1Inertial = 0.0;  ///< ... against the exact local-inertial solution
    double l1Limit = 0.0;     ///< exact local-inertial solution against Ritter/Stoker: the model's limit
    double massError = 0.0;
};

/// A dam break on a 10 m channel of 1 cm cells (SWASHES 4.1.1), h_l on the left of x = 5 m, h_r on the
/// right, frictionless, 6 s; `exact(x)` the full shallow-water solution at 6 s.
DamBreakResult runDamBreak(const std::function<double(double)>& exact, double hLeft, double hRight,
                           double theta, flood::Scheme scheme = flood::Scheme::LocalInertial) {
    const double dx = 0.01, t = 6.0;
    flood::Setup s = setupOn(1000, 1, dx);
    s.initialDepthM.resize(1000);
    for (int c = 0; c < 1000; ++c)
        s.initialDepthM[c] = static_cast<float>(s.grid.centreX(c) < 5.0 ? hLeft : hRight);
    s.manningN = 0.0;
    s.options.theta = theta;
    s.options.scheme = scheme;
    s.options.allowUnstableSettings = theta > flood::kMaxTheta;  // theta 1: Bates et al. (2010), compared
    s.options.depthThresholdM = 1.0e-6;
    s.durationS = t;
    const Results res = flood::simulate(s);
    EXPECT_FALSE(res.oscillation.detected()) << res.oscillation.warning;
    DamBreakResult d;
    double sum = 0.0, full = 0.0, inertial = 0.0, limit = 0.0;
    for (int c = 0; c < 1000; ++c) {
        const double x = s.grid.centreX(c);
        const double he = exact(x);
        const double hi = localInertialDamBreak(hLeft, hRight, 5.0, x, t);
        full += std::fabs(res.finalDepthM[c] - he);
        inertial += std::fabs(res.finalDepthM[c] - hi);
        limit += std::fabs(hi - he);
        sum += he;
    }
    d.l1Full = full / sum;
    d.l1Inertial = inertial / sum;
    d.l1Limit = limit / sum;
    for (const auto& m : res.massBalance)
        d.massError = std::max(d.massError, m.relativeError);
    return d;
}

void checkDamBreak(const char* name, const DamBreakResult& d) {
    std::printf(
        "[figures] %s t = 6 s: L1 vs exact %.4f; local-inertial limit %.4f; L1 vs exact local-inertial "
        "solution %.4f; mass %.2e\n",
        name, d.l1Full, d.l1Limit, d.l1Inertial, d.massError);
    // The scheme converges to its own equations ...
    EXPECT_LT(d.l1Inertial, 0.05);
    // ... so its distance to the full shallow-water solution stays within discretisation of the model's
    // limit.
    EXPECT_LT(d.l1Full, d.l1Limit + 0.03);
    EXPECT_LT(d.massError, 1e-6);
}

std::function<double(double)> ritter() {
    // The shared table (SWASHES 4.1.1.1, h_l = 5 mm, dry bed, t = 6 s), x and h at 1 cm.
    const auto ref = readCsv(sharedData("flood/analytic/ritter_dry_dambreak_t6.csv"));
    std::vector<double> xs, hs;
    for (const auto& r : ref)
        xs.push_back(r[0]), hs.push_back(r[1]);
    return [xs, hs](double x) { return interpolate(xs, hs, x); };
}

std::function<double(double)> stoker() {
    return [](double x) { return stokerDepth(0.005, 0.001, 5.0, x, 6.0); };
}

TEST(FloodAnalytic, RitterDryDamBreak) {
    checkDamBreak("Ritter (theta 1)", runDamBreak(ritter(), 0.005, 0.0, 1.0));
    checkDamBreak("Ritter (theta 0.7)", runDamBreak(ritter(), 0.005, 0.0, 0.7));
}

TEST(FloodAnalytic, StokerWetDamBreak) {
    // How far the shared table lies from the exact solution (see stokerDepth), for the record.
    const auto table = readCsv(sharedData("flood/analytic/stoker_wet_dambreak_t6.csv"));
    double tableL1 = 0.0, volume = 0.0;
    for (const auto& r : table) {
        tableL1 += std::fabs(r[1] - stokerDepth(0.005, 0.001, 5.0, r[0], 6.0));
        volume += r[1];
    }
    std::printf("[figures] shared Stoker table against the exact solution: L1 %.4f (middle state wrong)\n",
                tableL1 / volume);
    checkDamBreak("Stoker (theta 1)", runDamBreak(stoker(), 0.005, 0.001, 1.0));
    checkDamBreak("Stoker (theta 0.7)", runDamBreak(stoker(), 0.005, 0.001, 0.7));
}

// --- FV1: full shallow water on the same cases
// -----------------------------------------------------------------

/// FV1 is a consistent first-order scheme for the full equations: on the dam breaks it converges to Ritter's
/// and Stoker's solutions, where the local-inertial scheme converges to its own (0.10 and 0.11 away).
void checkFv1DamBreak(const char* name, const DamBreakResult& d) {
    std::printf("[figures] FV1 %s t = 6 s: L1 vs exact %.4f (local-inertial limit %.4f); mass %.2e\n", name,
                d.l1Full, d.l1Limit, d.massError);
    // First order smears the front and the tail of the rarefaction over a few cells: 2 % of the water on
    // 1 cm cells (10 times less than the local-inertial model's own distance).
    EXPECT_LT(d.l1Full, 0.02);
    EXPECT_LT(d.massError, 1e-12);
}

TEST(FloodFv1Analytic, RitterDryDamBreak) {
    checkFv1DamBreak("Ritter", runDamBreak(ritter(), 0.005, 0.0, 0.7, flood::Scheme::Fv1));
}

TEST(FloodFv1Analytic, StokerWetDamBreak) {
    checkFv1DamBreak("Stoker", runDamBreak(stoker(), 0.005, 0.001, 0.7, flood::Scheme::Fv1));
}

TEST(FloodFv1Analytic, MacDonaldChannels) {
    // The inflow enters through the west edge as face discharge (LISFLOOD-FP QFIX): a source term with no
    // momentum would have to be accelerated by a pressure rise in the inflow cells in the full equations.
    const ChannelResult dry =
        runMacDonald("no_rain/mcdo_norain.csv", 2.0, 0.0, 3600.0, flood::Scheme::Fv1, true);
    const ChannelResult wet =
        runMacDonald("rain/mcdo_rain.csv", 1.0, 0.001, 3600.0, flood::Scheme::Fv1, true);
    for (const auto& [name, r] : {std::pair{"without rain", dry}, std::pair{"with rain", wet}}) {
        std::printf(
            "[figures] FV1 MacDonald %s: MAE %.4f m, max %.4f m (cells 1-199), inflow cell %.4f m, mass "
            "%.2e\n",
            name, r.meanAbsError, r.maxAbsError, r.inflowCellError, r.maxRelativeMassError);
        // Steady, near-critical flow (Froude 0.98 at the ends): the full equations hold; first order on 5 m
        // cells: within 1 cm on average and 5 cm everywhere.
        EXPECT_LT(r.meanAbsError, 0.01) << name;
        EXPECT_LT(r.maxAbsError, 0.05) << name;
        EXPECT_LT(r.maxRelativeMassError, 1e-12) << name;
    }
}

TEST(FloodFv1Analytic, ThackerReferenceProfiles) {
    // The SWASHES case (eta = 0.5, Froude 0.7) on the shared profiles, 401^2 cells, three periods (label
    // slow).
    const ThackerResult r = runThacker(
        0.5, readCsv(sharedData("flood/analytic/thacker_planar_paraboloid.csv")), flood::Scheme::Fv1);
    std::printf(
        "[figures] FV1 Thacker eta = 0.5 (reference) over 3 periods: worst centreline L1 %.4f, worst front "
        "error %.3f m, mass %.2e\n",
        r.worstL1, r.worstFront, r.massError);
    // First order over three periods: numerical diffusion damps the oscillation (the L1 grows by about 0.05 a
    // period); the local-inertial scheme is at 0.63 on the same profiles. The front (first cell deeper than
    // 0.1 mm) runs ahead by a thin film spread by the diffusion.
    EXPECT_LT(r.worstL1, 0.2);
    EXPECT_LT(r.worstFront, 0.4);
    EXPECT_LT(r.massError, 1e-12);
    EXPECT_GE(r.minDepth, 0.0);
}

TEST(FloodFv1Analytic, ThackerLowFroude) {
    const ThackerResult r = runThacker(0.05, {}, flood::Scheme::Fv1);
    std::printf(
        "[figures] FV1 Thacker eta = 0.05 over 3 periods: worst centreline L1 %.4f, worst front error %.3f "
        "m, "
        "mass %.2e\n",
        r.worstL1, r.worstFront, r.massError);
    // As for the local-inertial scheme (where both hold the flow): 5 % and three cells.
    EXPECT_LT(r.worstL1, 0.05);
    EXPECT_LE(r.worstFront, 0.031);
    EXPECT_LT(r.massError, 1e-12);
    EXPECT_GE(r.minDepth, 0.0);
}

TEST(FloodFv1Analytic, ThackerFroude07ConvergesAtFirstOrder) {
    // eta = 0.5 (Froude up to 0.7): outside the local-inertial model, inside FV1's. One period on 100^2 and
    // 200^2 cells against the formula (the shared profiles are the same formula): FV1's error halves with the
    // cell size (first order); the local-inertial error stays (model error).
    std::vector<double> fv1, li;
    for (int n : {100, 200}) {
        fv1.push_back(thackerL1(0.5, n, 1.0, flood::Scheme::Fv1));
        li.push_back(thackerL1(0.5, n, 1.0, flood::Scheme::LocalInertial));
    }
    std::printf(
        "[figures] Thacker eta = 0.5, one period, 2D L1: FV1 %.3f (100^2), %.3f (200^2); local-inertial "
        "%.3f, "
        "%.3f\n",
        fv1[0], fv1[1], li[0], li[1]);
    EXPECT_LT(fv1[1], 0.6 * fv1[0]);  // first order: 0.5, with a margin
    EXPECT_LT(fv1[1], 0.2);
    EXPECT_GT(li[1], 0.9 * li[0]);  // the local-inertial error does not shrink
    EXPECT_GT(li[1], 2.0 * fv1[1]);
}

}  // namespace
}  // namespace citytwin::test
