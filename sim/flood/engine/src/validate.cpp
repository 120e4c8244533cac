// Validation of a flood set-up: every problem at once, each naming its parameter id (sim/flood/README.md).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/flood/limits.h"
#include "citytwin/flood/setup.h"
#include "nodata.h"
#include "validate_rows.h"

namespace citytwin::flood {
namespace {

std::string num(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

class Checker {
public:
    explicit Checker(std::vector<Problem>& out) : out_(out) {}
    void add(const std::string& parameter, const std::string& message) {
        out_.push_back({parameter, message});
    }
    /// A finite value in a declared range (limits.h).
    void range(const std::string& parameter, const std::string& what, double v, const core::Range& r,
               const std::string& unit) {
        if (!r.contains(v))
            add(parameter, what + " is " + num(v) + (unit.empty() ? "" : " " + unit) + ", must lie in " +
                               r.text() + (unit.empty() ? "" : " " + unit));
    }

private:
    std::vector<Problem>& out_;
};

/// Checks a forcing series: matching lengths, at least two points, finite, strictly increasing times,
/// non-negative values (unless negativeAllowed).
void checkSeries(Checker& check, const TimeSeries& s, const std::string& parameter, const std::string& what,
                 const std::string& unit, bool negativeAllowed, std::size_t minPoints) {
    if (s.timesS.size() != s.values.size()) {
        check.add(parameter, what + " has " + std::to_string(s.timesS.size()) + " times but " +
                                 std::to_string(s.values.size()) + " values");
        return;
    }
    if (s.timesS.size() < minPoints) {
        check.add(parameter, what + " needs at least " + std::to_string(minPoints) +
                                 " (time, value) points, has " + std::to_string(s.timesS.size()));
        return;
    }
    for (std::size_t k = 0; k < s.timesS.size(); ++k) {
        if (!std::isfinite(s.timesS[k])) {
            check.add(parameter, what + ": time " + std::to_string(k) + " is not a finite number");
            return;
        }
        if (k > 0 && !(s.timesS[k] > s.timesS[k - 1])) {
            check.add(parameter, what + ": times must increase strictly, but time " + std::to_string(k) +
                                     " (" + num(s.timesS[k]) + " s) follows " + num(s.timesS[k - 1]) + " s");
            return;
        }
    }
    for (std::size_t k = 0; k < s.values.size(); ++k) {
        if (!std::isfinite(s.values[k])) {
            check.add(parameter, what + ": value " + std::to_string(k) + " is not a finite number");
            return;
        }
        if (!negativeAllowed && s.values[k] < 0.0) {
            check.add(parameter, what + ": value " + std::to_string(k) + " at t = " + num(s.timesS[k]) +
                                     " s is negative (" + num(s.values[k]) + " " + unit + ")");
            return;
        }
    }
}

/// Rain intensities that are implausible in mm/h usually mean another unit.
void checkRainUnits(Checker& check, const std::string& parameter, double maxValue, double maxPlausible) {
    if (maxValue > maxPlausible)
        check.add(parameter, "rain intensity reaches " + num(maxValue) + " mm/h, above the plausible " +
                                 num(maxPlausible) +
                                 " mm/h: intensities are in mm/h (not mm per time step, mm/day or m/s)");
    else if (maxValue > 0.0 && maxValue < 0.01)
        check.add(parameter, "rain intensity never exceeds " + num(maxValue) +
                                 " mm/h: intensities are in mm/h (was it given in m/s or m/h?)");
}

bool cellActive(const Setup& s, std::size_t k) {
    return !std::isnan(s.bedElevationM[k]) && (s.blocked.empty() || s.blocked[k] == 0);
}

std::string where(const Grid& g, int col, int row) {
    return "cell (" + std::to_string(col) + ", " + std::to_string(row) + ") at x = " + num(g.centreX(col)) +
           ", y = " + num(g.centreY(row));
}

}  // namespace

std::vector<Problem> validate(const Setup& s) {
    return detail::validateRows(s, {0, s.grid.ny, 0, s.grid.ny});
}

namespace detail {

std::vector<Problem> validateRows(const Setup& s, const RowScope& scope) {
    std::vector<Problem> problems;
    Checker check(problems);
    const Grid& g = s.grid;
    const SolverOptions& o = s.options;
    // The per-cell arrays hold rows [windowBegin, windowEnd) of the grid; per-cell checks look at the owned
    // rows; checks of the whole grid (no data at all, holes) only when the arrays hold all of it.
    const bool whole = scope.windowBegin == 0 && scope.windowEnd == g.ny;
    const std::size_t ownFirst = static_cast<std::size_t>(scope.ownBegin - scope.windowBegin) *
                                 static_cast<std::size_t>(std::max(0, g.nx));
    const std::size_t ownLast = static_cast<std::size_t>(scope.ownEnd - scope.windowBegin) *
                                static_cast<std::size_t>(std::max(0, g.nx));
    auto cellCol = [&](std::size_t k) { return static_cast<int>(k % static_cast<std::size_t>(g.nx)); };
    auto cellRow = [&](std::size_t k) {
        return static_cast<int>(k / static_cast<std::size_t>(g.nx)) + scope.windowBegin;
    };

    // --- grid and terrain -------------------------------------------------------------------------------
    bool gridOk = true;
    if (g.nx < 1 || g.ny < 1) {
        check.add("terrain", "grid is " + std::to_string(g.nx) + " x " + std::to_string(g.ny) +
                                 " cells; it needs at least one cell");
        gridOk = false;
    } else if (static_cast<double>(g.nx) * g.ny > 1.0e9) {
        check.add("resolution_m", "grid of " + std::to_string(g.nx) + " x " + std::to_string(g.ny) +
                                      " cells exceeds one billion cells (resolution too fine?)");
        gridOk = false;
    }
    if (!(g.cellSizeM > 0.0) || !std::isfinite(g.cellSizeM)) {
        check.add("resolution_m", "cell size is " + num(g.cellSizeM) + " m; it must be a positive number");
        gridOk = false;
    }
    if (!std::isfinite(g.originX) || !std::isfinite(g.originY)) {
        check.add("terrain", "grid origin is not finite");
        gridOk = false;
    }
    const std::size_t cells = gridOk ? static_cast<std::size_t>(g.nx) *
                                           static_cast<std::size_t>(scope.windowEnd - scope.windowBegin)
                                     : 0;
    bool bedOk = gridOk;
    if (gridOk && s.bedElevationM.size() != cells) {
        check.add("terrain", "bed elevation has " + std::to_string(s.bedElevationM.size()) +
                                 " values for a grid of " + std::to_string(cells) + " cells");
        bedOk = false;
    }
    if (gridOk && !s.blocked.empty() && s.blocked.size() != cells) {
        check.add("building_mode", "blocked-cell mask has " + std::to_string(s.blocked.size()) +
                                       " values for a grid of " + std::to_string(cells) + " cells");
        bedOk = false;
    }
    if (bedOk) {
        std::size_t valid = 0;
        for (std::size_t k = ownFirst; k < ownLast; ++k) {
            const float z = s.bedElevationM[k];
            if (std::isnan(z)) continue;
            if (!std::isfinite(z) || std::fabs(z) > 1.0e5f) {
                check.add("terrain", "bed elevation " + num(z) + " m at " + where(g, cellCol(k), cellRow(k)) +
                                         " is not a plausible elevation (NoData not converted to NaN?)");
                bedOk = false;
                break;
            }
            ++valid;
        }
        if (bedOk && valid == 0 && whole) {
            check.add("terrain", "bed elevation has no data at all (every cell is NaN)");
            bedOk = false;
        }
    }
    if (bedOk && whole && o.noDataPolicy == NoDataPolicy::Reject) {
        // Holes of no data enclosed by terrain, next to cells where water can be: water would flow there.
        const std::vector<std::uint8_t> outside = detail::borderConnectedNoData(g, s.bedElevationM);
        std::size_t holeCells = 0;
        long firstHole = -1;
        for (int r = 0; r < g.ny; ++r)
            for (int c = 0; c < g.nx; ++c) {
                const std::size_t k = g.index(c, r);
                if (!std::isnan(s.bedElevationM[k]) || outside[k]) continue;
                bool wetNeighbour = false;
                if (c > 0) wetNeighbour |= cellActive(s, k - 1);
                if (c + 1 < g.nx) wetNeighbour |= cellActive(s, k + 1);
                if (r > 0) wetNeighbour |= cellActive(s, k - static_cast<std::size_t>(g.nx));
                if (r + 1 < g.ny) wetNeighbour |= cellActive(s, k + static_cast<std::size_t>(g.nx));
                ++holeCells;
                if (wetNeighbour && firstHole < 0) firstHole = static_cast<long>(k);
            }
        if (firstHole >= 0) {
            const int c = static_cast<int>(firstHole % g.nx);
            const int r = static_cast<int>(firstHole / g.nx);
            check.add("terrain",
                      "the DEM has " + std::to_string(holeCells) +
                          " no-data cells in holes inside the domain, where water would flow (first "
                          "at " +
                          where(g, c, r) +
                          "); fill them (nodata_policy = fill) or treat them as walls "
                          "(nodata_policy = wall)");
        }
    }

    // --- roughness ----------------------------------------------------------------------------------------
    check.range("manning_n", "Manning n", s.manningN, limits::manningN, "s/m^(1/3)");
    if (gridOk && !s.manningGridN.empty()) {
        if (s.manningGridN.size() != cells) {
            check.add("manning_n", "Manning grid has " + std::to_string(s.manningGridN.size()) +
                                       " values for a grid of " + std::to_string(cells) + " cells");
        } else if (bedOk) {
            for (std::size_t k = ownFirst; k < ownLast; ++k) {
                const float n = s.manningGridN[k];
                if (cellActive(s, k) && !(n >= 0.0f && n <= 1.0f)) {
                    check.add("manning_n", "Manning n " + num(n) + " at " + where(g, cellCol(k), cellRow(k)) +
                                               " must lie in [0, 1] s/m^(1/3)");
                    break;
                }
            }
        }
    }

    // --- initial water ------------------------------------------------------------------------------------
    if (gridOk && !s.initialDepthM.empty()) {
        if (s.initialDepthM.size() != cells) {
            check.add("initial_depth", "initial depth has " + std::to_string(s.initialDepthM.size()) +
                                           " values for a grid of " + std::to_string(cells) + " cells");
        } else {
            for (std::size_t k = ownFirst; k < ownLast; ++k)
                if (!(s.initialDepthM[k] >= 0.0f) || !std::isfinite(s.initialDepthM[k])) {
                    check.add("initial_depth", "initial depth " + num(s.initialDepthM[k]) + " m at " +
                                                   where(g, cellCol(k), cellRow(k)) +
                                                   " must be a finite number >= 0");
                    break;
                }
        }
    }
    if (gridOk && !s.initialLevelM.empty() && s.initialLevelM.size() != cells)
        check.add("initial_level", "initial water level has " + std::to_string(s.initialLevelM.size()) +
                                       " values for a grid of " + std::to_string(cells) + " cells");

    if (gridOk && (!s.initialVelocityXMPerS.empty() || !s.initialVelocityYMPerS.empty())) {
        if (s.initialVelocityXMPerS.size() != cells || s.initialVelocityYMPerS.size() != cells) {
            check.add("initial_velocity", "initial velocity needs both components with " +
                                              std::to_string(cells) + " values each");
        } else {
            for (std::size_t k = ownFirst; k < ownLast; ++k)
                if (!std::isfinite(s.initialVelocityXMPerS[k]) ||
                    !std::isfinite(s.initialVelocityYMPerS[k]) ||
                    std::fabs(s.initialVelocityXMPerS[k]) > 100.0f ||
                    std::fabs(s.initialVelocityYMPerS[k]) > 100.0f) {
                    check.add("initial_velocity", "initial velocity at " + where(g, cellCol(k), cellRow(k)) +
                                                      " must be finite and below 100 m/s");
                    break;
                }
        }
    }

    // --- rain
    // -----------------------------------------------------------------------------------------------
    const Rainfall& rain = s.rain;
    if (!rain.hyetograph.empty() && !rain.frames.empty())
        check.add("rain_frames", "give either a uniform hyetograph or gridded rain frames, not both");
    if (!(rain.maxPlausibleMmPerH > 0.0))
        check.add("rain_hyetograph", "the plausibility limit for rain intensity must be positive");
    if (!rain.hyetograph.empty() || !rain.hyetograph.values.empty()) {
        const std::size_t before = problems.size();
        checkSeries(check, rain.hyetograph, "rain_hyetograph", "rain hyetograph", "mm/h", false, 2);
        if (rain.hyetograph.extrapolation != Extrapolation::Zero)
            check.add("rain_hyetograph",
                      "a rain hyetograph must end (Extrapolation::Zero), not hold its last value");
        if (problems.size() == before)
            checkRainUnits(check, "rain_hyetograph", rain.hyetograph.maxValue(), rain.maxPlausibleMmPerH);
    }
    if (!rain.frames.empty() && gridOk) {
        double maxI = 0.0;
        bool ok = true;
        for (std::size_t f = 0; f < rain.frames.size() && ok; ++f) {
            const RainFrame& fr = rain.frames[f];
            if (fr.intensityMmPerH.size() != cells) {
                check.add("rain_frames", "rain frame " + std::to_string(f) + " has " +
                                             std::to_string(fr.intensityMmPerH.size()) + " values for " +
                                             std::to_string(cells) + " cells");
                ok = false;
                break;
            }
            if (!std::isfinite(fr.startS) || (f > 0 && !(fr.startS > rain.frames[f - 1].startS))) {
                check.add("rain_frames", "rain frame start times must increase strictly; frame " +
                                             std::to_string(f) + " starts at " + num(fr.startS) + " s");
                ok = false;
                break;
            }
            for (float v : fr.intensityMmPerH) {
                if (std::isnan(v)) continue;
                if (v < 0.0f || !std::isfinite(v)) {
                    check.add("rain_frames", "rain frame " + std::to_string(f) +
                                                 " holds a negative or infinite "
                                                 "intensity (" +
                                                 num(v) + " mm/h)");
                    ok = false;
                    break;
                }
                maxI = std::max(maxI, static_cast<double>(v));
            }
        }
        if (ok && !(rain.framesEndS > rain.frames.back().startS))
            check.add("rain_frames", "the end of the last rain frame (" + num(rain.framesEndS) +
                                         " s) must come after its start (" + num(rain.frames.back().startS) +
                                         " s)");
        else if (ok)
            checkRainUnits(check, "rain_frames", maxI, rain.maxPlausibleMmPerH);
    }

    // --- losses and drainage
    // --------------------------------------------------------------------------------
    const Losses& l = s.losses;
    if (l.model == LossModel::InitialContinuing) {
        check.range("initial_loss_mm", "initial loss", l.initialLossMm, limits::lossMm, "mm");
        check.range("continuing_loss_mm_per_h", "continuing loss", l.continuingLossMmPerH, limits::lossRateMmPerH,
                    "mm/h");
    } else if (l.model == LossModel::GreenAmpt) {
        check.range("ga_conductivity_mm_per_h", "Green-Ampt hydraulic conductivity", l.hydraulicConductivityMmPerH,
                    limits::conductivityMmPerH, "mm/h");
        check.range("ga_suction_mm", "Green-Ampt suction head", l.suctionHeadMm, limits::lossMm, "mm");
        check.range("ga_moisture_deficit", "Green-Ampt moisture deficit", l.moistureDeficit, limits::fraction, "");
    }
    if (gridOk && !l.perviousMask.empty() && l.perviousMask.size() != cells)
        check.add("loss_model", "pervious mask has " + std::to_string(l.perviousMask.size()) +
                                    " values for a grid of " + std::to_string(cells) + " cells");
    check.range("drainage_mm_per_h", "drainage capacity", s.drainage.rateMmPerH, limits::lossRateMmPerH, "mm/h");
    if (gridOk && !s.drainage.rateGridMmPerH.empty()) {
        if (s.drainage.rateGridMmPerH.size() != cells)
            check.add("drainage_mm_per_h", "drainage grid has " +
                                               std::to_string(s.drainage.rateGridMmPerH.size()) +
                                               " values for a grid of " + std::to_string(cells) + " cells");
        else
            for (float v : s.drainage.rateGridMmPerH)
                if (!(v >= 0.0f) || !std::isfinite(v)) {
                    check.add("drainage_mm_per_h",
                              "drainage grid holds " + num(v) + " mm/h; capacities must be finite and >= 0");
                    break;
                }
    }

    // --- inflows
    // --------------------------------------------------------------------------------------------
    for (std::size_t i = 0; i < s.inflows.size(); ++i) {
        const Inflow& in = s.inflows[i];
        const std::string label =
            "inflow " + std::to_string(i) + (in.name.empty() ? "" : " (" + in.name + ")");
        if (in.points.empty()) {
            check.add("inflow_points", label + " has no point");
        } else if (gridOk) {
            for (std::size_t p = 0; p < in.points.size(); ++p) {
                int c = 0, r = 0;
                const core::Point& pt = in.points[p];
                if (!g.cellOf(pt.x, pt.y, c, r)) {
                    check.add("inflow_points",
                              label + ": point " + std::to_string(p) + " (" + num(pt.x) + ", " + num(pt.y) +
                                  ") lies outside the grid (x " + num(g.originX) + " to " +
                                  num(g.originX + g.nx * g.cellSizeM) + ", y " +
                                  num(g.originY - g.ny * g.cellSizeM) + " to " + num(g.originY) + ")");
                    break;
                }
                const bool held = r >= scope.ownBegin && r < scope.ownEnd;
                if (bedOk && held && in.points.size() == 1 &&
                    !cellActive(s, g.index(c, r - scope.windowBegin)))
                    check.add("inflow_points", label +
                                                   " lies on a cell outside the domain (no-data terrain or "
                                                   "a blocked building) at " +
                                                   where(g, c, r));
            }
        }
        checkSeries(check, in.dischargeM3PerS, "inflow_hydrographs", label + " hydrograph", "m3/s", false, 2);
        if (in.dischargeM3PerS.extrapolation != Extrapolation::Zero)
            check.add("inflow_hydrographs", label + " hydrograph must end (Extrapolation::Zero)");
    }

    // --- boundaries
    // -----------------------------------------------------------------------------------------
    for (std::size_t b = 0; b < s.boundaries.size(); ++b) {
        const Boundary& bc = s.boundaries[b];
        const std::string label = "boundary " + std::to_string(b);
        if (std::isnan(bc.fromM) || std::isnan(bc.toM) || bc.fromM > bc.toM)
            check.add("boundaries", label + ": the stretch [" + num(bc.fromM) + ", " + num(bc.toM) +
                                        "] m must be a range with from <= to");
        switch (bc.kind) {
            case BoundaryKind::Closed:
                break;
            case BoundaryKind::FreeOutflow:
                if (!(bc.slope > 0.0) || !(bc.slope <= 1.0))
                    check.add("boundaries",
                              label + ": free-outflow slope is " + num(bc.slope) + ", must lie in (0, 1]");
                break;
            case BoundaryKind::FixedLevel:
                if (!std::isfinite(bc.levelM) || std::fabs(bc.levelM) > 1.0e5)
                    check.add("boundaries",
                              label + ": fixed water level " + num(bc.levelM) + " m is not plausible");
                break;
            case BoundaryKind::LevelSeries:
                checkSeries(check, bc.levelSeriesM, "boundaries", label + " level series", "m", true, 1);
                break;
            case BoundaryKind::Discharge:
                checkSeries(check, bc.dischargeM3PerS, "boundaries", label + " discharge", "m3/s", false, 2);
                break;
        }
    }

    // --- gauges
    // ---------------------------------------------------------------------------------------------
    if (gridOk)
        for (std::size_t i = 0; i < s.gauges.size(); ++i) {
            int c = 0, r = 0;
            const Gauge& ga = s.gauges[i];
            const std::string label =
                "gauge " + std::to_string(i) + (ga.name.empty() ? "" : " (" + ga.name + ")");
            if (!g.cellOf(ga.position.x, ga.position.y, c, r))
                check.add("gauges", label + " at (" + num(ga.position.x) + ", " + num(ga.position.y) +
                                        ") lies outside the grid");
        }

    // --- options
    // --------------------------------------------------------------------------------------------
    if (o.scheme != Scheme::LocalInertial && o.scheme != Scheme::Fv1)
        check.add("scheme", "scheme must be local_inertial or fv1");
    if (o.scheme == Scheme::Fv1) {
        if (!(o.cfl > 0.0 && o.cfl <= kMaxFv1Cfl))
            check.add("cfl", "CFL number is " + num(o.cfl) + ", must lie in (0, " + num(kMaxFv1Cfl) +
                                 "] for the fv1 scheme (depths stay positive up to " + num(kMaxFv1Cfl) +
                                 " on a 2D grid)");
    } else {
        // The declared range (limits.h) is the stable one; comparisons may ask for the old range.
        const core::Range thetaRange = o.allowUnstableSettings ? core::Range{0.5, 1.0} : limits::theta;
        const bool thetaOk = thetaRange.contains(o.theta);
        if (!thetaOk)
            check.add("theta",
                      "theta is " + num(o.theta) + ", must lie in " + thetaRange.text() +
                          (o.theta > *thetaRange.max
                               ? ": near theta = 1 the local-inertial scheme hardly damps grid-scale "
                                 "oscillations, and the ripples that steep fronts leave grow "
                                 "(README, \"Stability\")"
                               : ""));
        const bool oneD = gridOk && (g.nx == 1 || g.ny == 1);
        if (o.allowUnstableSettings || !thetaOk) {
            if (!(o.cfl > 0.0 && o.cfl <= 1.0))
                check.add("cfl", "CFL number is " + num(o.cfl) + ", must lie in (0, 1]");
        } else {
            const double limit = maxStableCfl(o.theta, oneD);
            if (!(o.cfl > 0.0 && o.cfl <= limit))
                check.add("cfl",
                          "CFL number is " + num(o.cfl) + ", must lie in (0, " + num(limit) + "] for theta " +
                              num(o.theta) + (oneD ? " on a grid one cell wide" : "") +
                              ": above, the local-inertial scheme amplifies a grid-scale "
                              "checkerboard every step (stability limit 0.9 sqrt(theta" +
                              (oneD ? "" : " / 2") + "), README \"Stability\"); lower cfl or raise theta");
        }
    }
    if (!(o.oscillationCheckIntervalS >= 0.0) || !std::isfinite(o.oscillationCheckIntervalS))
        check.add("oscillation_check_interval_s",
                  "oscillation check interval is " + num(o.oscillationCheckIntervalS) + " s, must be >= 0");
    if (!(o.oscillationToleranceM > 0.0) || !(o.oscillationToleranceM <= 10.0))
        check.add("oscillation_tolerance_m",
                  "oscillation tolerance is " + num(o.oscillationToleranceM) + " m, must lie in (0, 10] m");
    if (!(o.maxDtS > 0.0) || !std::isfinite(o.maxDtS))
        check.add("max_dt_s", "largest time step is " + num(o.maxDtS) + " s, must be positive");
    if (!(o.minDtS > 0.0) || !(o.minDtS < o.maxDtS))
        check.add("min_dt_s", "collapse limit for the time step is " + num(o.minDtS) +
                                  " s, must be positive and below max_dt_s");
    check.range("depth_threshold_m", "depth threshold", o.depthThresholdM, limits::flowDepthThresholdM, "m");
    if (!(o.outputIntervalS >= 0.0) || !std::isfinite(o.outputIntervalS))
        check.add("output_interval_s", "output interval is " + num(o.outputIntervalS) + " s, must be >= 0");
    if (!(o.seriesIntervalS > 0.0) || !std::isfinite(o.seriesIntervalS))
        check.add("series_interval_s",
                  "series interval is " + num(o.seriesIntervalS) + " s, must be positive");
    if (!(o.inundationThresholdM > 0.0) || o.inundationThresholdM > 10.0)
        check.add("inundation_threshold_m",
                  "inundation threshold is " + num(o.inundationThresholdM) + " m, must lie in (0, 10] m");
    check.range("hazard_debris_factor", "debris factor", o.debrisFactor, limits::debrisFactor, "");
    check.range("hazard_debris_factor", "debris depth", o.debrisDepthM, core::Range{0.0, 10.0}, "m");
    if (o.threads < 0 || o.threads > 1024)
        check.add("threads", "thread count is " + std::to_string(o.threads) + ", must lie in [0, 1024]");
    if (!(s.durationS > 0.0) || !std::isfinite(s.durationS) || s.durationS > 1.0e8)
        check.add("duration_s", "duration is " + num(s.durationS) + " s, must lie in (0, 1e8] s");
    // Frames kept in memory: refuse what would not fit (streamed frames, SolverOptions::onFrame, are not
    // kept).
    if (gridOk && !o.onFrame && o.outputIntervalS > 0.0 && s.durationS > 0.0 && std::isfinite(s.durationS)) {
        const double frames = std::floor(s.durationS / o.outputIntervalS) + 1.0;
        const double bytes = frames * static_cast<double>(cells) * 2.0 * sizeof(float);
        if (bytes > 16.0 * 1024 * 1024 * 1024)
            check.add("output_interval_s", "output interval of " + num(o.outputIntervalS) + " s gives " +
                                               num(frames) + " frames, " + num(bytes / 1.0e9) +
                                               " GB of depth and speed; use a longer interval or stream the "
                                               "frames (onFrame)");
    }
    return problems;
}

}  // namespace detail

double maxStableCfl(double theta, bool oneDimensional) {
    // Checkerboard mode of the theta-weighted staggered scheme: q^{n+1} = (2 theta - 1) q^n - C s H^n,
    // H^{n+1} = H^n - C s q^{n+1} with s^2 = 4 per dimension; Jury's condition gives C^2 s^2 <= 4 theta.
    // Rounded down to 3 decimals, so that the value printed in messages is itself accepted.
    return std::floor(900.0 * std::sqrt(oneDimensional ? theta : 0.5 * theta)) / 1000.0;
}

void throwIfInvalid(const Setup& setup) {
    const std::vector<Problem> problems = validate(setup);
    if (problems.empty()) return;
    std::string message = problems.front().message;
    if (problems.size() > 1) {
        message += " (and " + std::to_string(problems.size() - 1) + " more:";
        for (std::size_t i = 1; i < problems.size(); ++i)
            message += (i > 1 ? "; " : " ") + problems[i].parameter + ": " + problems[i].message;
        message += ")";
    }
    throw core::Error(core::ErrorCode::Validation, message, {{}, {}, problems.front().parameter});
}

}  // namespace citytwin::flood
