#pragma once
/// @file setup.h
/// Everything the flood engine needs to run: the grid and its terrain, roughness, forcing (rain, losses,
/// drainage, inflow hydrographs), boundaries, initial water, solver options. Plain data, no GIS types besides
/// core::Point; build it by hand (tests, benchmarks) or from the city model (sim/flood/model_adapter.h).
/// Parameter ids quoted in the comments are the snake_case ids of sim/flood/README.md: every validation
/// problem names one of them.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"

namespace citytwin::flood {

/// Gravitational acceleration [m/s²].
constexpr double kGravity = 9.81;

/// A north-up grid of square cells. Row 0 is the northern row (as in core::Raster); cell (col, row) spans
/// x in [originX + col*cellSizeM, originX + (col+1)*cellSizeM) and
/// y in (originY - (row+1)*cellSizeM, originY - row*cellSizeM]. Arrays over the grid are row-major.
struct Grid {
    int nx = 0;              ///< columns (west to east)
    int ny = 0;              ///< rows (north to south)
    double cellSizeM = 1.0;  ///< cell size [m], > 0
    double originX = 0.0;    ///< x of the grid's west edge [m]
    double originY = 0.0;    ///< y of the grid's north edge [m]

    std::size_t cellCount() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
    std::size_t index(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(col);
    }
    double centreX(int col) const { return originX + (col + 0.5) * cellSizeM; }
    double centreY(int row) const { return originY - (row + 0.5) * cellSizeM; }
    /// The cell containing (x, y); false outside the grid.
    bool cellOf(double x, double y, int& col, int& row) const;
};

/// How a time series is read between its points.
enum class Interpolation {
    Step,    ///< value k holds on [t_k, t_{k+1})
    Linear,  ///< straight lines between the points
};

/// What a time series gives outside its first and last time.
enum class Extrapolation {
    Zero,  ///< 0 before the first and from the last time on (rain, inflows: the series says when it stops)
    Hold,  ///< the first value before, the last value after (water levels)
};

/// A series of (time [s], value) points with strictly increasing times (validate() checks).
/// In Step mode with Extrapolation::Zero the last value only marks the end of the series: a cloudburst of
/// 100 mm/h for one hour is {0, 3600} s with {100, 0} mm/h.
struct TimeSeries {
    std::vector<double> timesS;  ///< [s] from the start of the run
    std::vector<double> values;  ///< in the unit of the series (mm/h, m³/s, m)
    Interpolation interpolation = Interpolation::Linear;
    Extrapolation extrapolation = Extrapolation::Zero;

    bool empty() const { return timesS.empty(); }
    /// Value at time t [s].
    double valueAt(double t) const;
    /// Exact integral of the series over [t0, t1] [unit × s] (piecewise constant or linear).
    double integral(double t0, double t1) const;
    /// Largest value (0 for an empty series).
    double maxValue() const;
};

/// One frame of gridded rain: an intensity per cell [mm/h] holding from `startS` until the next frame's start
/// (the last frame until Rainfall::framesEndS). NaN cells get no rain.
struct RainFrame {
    double startS = 0.0;
    std::vector<float> intensityMmPerH;  ///< grid.cellCount() values
};

/// Rain: a uniform hyetograph, or gridded frames (radar nowcasts, design storms), not both.
struct Rainfall {
    /// Uniform intensity [mm/h] over time [s] (`rain_hyetograph`; `rain_intensity_mm_per_h` and
    /// `rain_duration_s` of the plug-in make a one-step series of it). Extrapolation must be Zero.
    TimeSeries hyetograph;
    std::vector<RainFrame> frames;  ///< gridded rain (`rain_frames`), starts strictly increasing
    double framesEndS = 0.0;        ///< end of the last frame [s]
    /// Intensities above this are refused as implausible (units mistaken?) [mm/h]. The world record hour is
    /// about 400 mm; analytic benchmarks that rain metres per hour raise it.
    double maxPlausibleMmPerH = 1000.0;
};

/// Loss models that take water from the surface.
enum class LossModel {
    None,
    InitialContinuing,  ///< initial loss [mm] first, then a constant rate [mm/h] (ARR 2019 Book 5)
    GreenAmpt,          ///< Green & Ampt (1911) infiltration of ponded water (Chow et al. 1988, §4.3)
};

/// Infiltration and other losses. Applied to the water on each wet cell, never more than is there.
struct Losses {
    LossModel model = LossModel::None;
    double initialLossMm = 0.0;         ///< `initial_loss_mm`, >= 0
    double continuingLossMmPerH = 0.0;  ///< `continuing_loss_mm_per_h`, >= 0
    /// Green-Ampt saturated hydraulic conductivity Ks `ga_conductivity_mm_per_h`, > 0. The defaults are sandy
    /// loam (Rawls et al. 1983).
    double hydraulicConductivityMmPerH = 10.9;
    double suctionHeadMm = 110.1;  ///< Green-Ampt wetting-front suction head ψ `ga_suction_mm`, >= 0
    double moistureDeficit =
        0.3;  ///< Green-Ampt Δθ = porosity - initial moisture `ga_moisture_deficit`, [0, 1]
    /// Optional mask (grid.cellCount() values): 1 where losses apply (pervious ground), 0 on sealed
    /// surfaces. Empty: everywhere.
    std::vector<std::uint8_t> perviousMask;
};

/// The sewer network as a sink: removes up to a rate of water from every wet cell (`drainage_mm_per_h`).
struct Drainage {
    double rateMmPerH = 0.0;  ///< uniform capacity [mm/h], >= 0
    std::vector<float>
        rateGridMmPerH;  ///< per-cell capacity [mm/h]; replaces the uniform rate when not empty
};

/// A discharge entering the domain: at a point (one point: a surcharging manhole, a culvert) or spread along
/// a line (two or more points: a river reach, an inlet). `inflow_points`, `inflow_hydrographs`.
struct Inflow {
    std::string name;
    std::vector<core::Point> points;  ///< in the grid's coordinates [m]
    TimeSeries dischargeM3PerS;       ///< [m³/s] over time [s], >= 0, Extrapolation::Zero
};

/// A side of the grid.
enum class Edge { North, South, East, West };

/// Boundary condition types (Bates et al. 2010 set-ups; LISFLOOD-FP names in brackets).
enum class BoundaryKind {
    Closed,       ///< wall, no flow (default everywhere)
    FreeOutflow,  ///< normal depth: the water-surface slope at the edge equals `slope` (FREE)
    FixedLevel,   ///< a water level outside the edge [m] (HFIX)
    LevelSeries,  ///< a water level varying in time [m] (HVAR)
    Discharge,  ///< a discharge entering through the stretch [m³/s over time], spread evenly over its faces
                ///< (QFIX / QVAR); it enters as face discharge, so the momentum update sees it
};

/// A boundary condition on a stretch of one edge (`boundaries`). Segments later in the list win where they
/// overlap. The stretch is the coordinate range along the edge: x for North/South, y for East/West.
struct Boundary {
    Edge edge = Edge::East;
    BoundaryKind kind = BoundaryKind::Closed;
    double fromM = -std::numeric_limits<double>::infinity();  ///< start of the stretch [m]
    double toM = std::numeric_limits<double>::infinity();     ///< end of the stretch [m]
    double slope = 0.001;        ///< FreeOutflow: outward water-surface slope [-], > 0
    double levelM = 0.0;         ///< FixedLevel: water level [m]
    TimeSeries levelSeriesM;     ///< LevelSeries: level [m] over time [s] (Extrapolation::Hold recommended)
    TimeSeries dischargeM3PerS;  ///< Discharge: total inflow [m³/s] over time [s], >= 0
};

/// A point where depth, level and speed are recorded as time series (`gauges`).
struct Gauge {
    std::string name;
    core::Point position;  ///< [m]
};

/// What to do with NaN (no-data) bed elevations (`nodata_policy`).
enum class NoDataPolicy {
    /// NaN cells connected to the grid's border are outside the domain (walls); NaN holes enclosed by data
    /// are
    /// refused, because water would flow there (default).
    Reject,
    Wall,  ///< every NaN cell is a wall, holes included
    Fill,  ///< enclosed holes are filled from their valid neighbours; border-connected NaN stay outside
};

struct Frame;

/// Receives each depth/speed frame as it is produced (`output_interval_s`), on the thread that runs the
/// solver. The frame is only valid during the call; copy what is kept. May throw (the run then stops with
/// that exception).
using FrameCallback = std::function<void(const Frame& frame)>;

/// The numerical scheme (`scheme`).
enum class Scheme {
    /// Local-inertial (Bates et al. 2010; de Almeida et al. 2012): fast, for gradually varied, subcritical
    /// flood flow (Froude numbers below about 0.5).
    LocalInertial,
    /// First-order Godunov finite volumes for the full shallow-water equations: HLL fluxes with the
    /// hydrostatic reconstruction of Audusse et al. (2004), as LISFLOOD-FP 8's FV1. For fast, supercritical
    /// flow, dam breaks and steep terrain.
    Fv1,
};

/// How the local-inertial scheme takes Manning friction (`friction`).
enum class Friction {
    /// Implicit in the new discharge: q (1 + a |q|) = b, solved exactly (default). Bounded by the normal-flow
    /// discharge of the local slope; stable on thin films over steep ground.
    Implicit,
    /// Semi-implicit, q = b / (1 + a |q^n|) with the old discharge (Bates et al. 2010, eq. 8; LISFLOOD-FP's
    /// ACC solver): for comparisons with it. A film starting from rest feels no friction in its first step,
    /// and on thin films over steep ground the scheme amplifies the checkerboard (README, "Stability").
    SemiImplicit,
};

/// Largest theta of the local-inertial scheme. At theta = 1 (Bates et al. 2010 as published) the scheme has
/// no damping of grid-scale modes at all: the ripples a steep front leaves behind never decay and grow where
/// the flow is fast (README, "Stability"). The checkerboard decays by sqrt(2 theta - 1) per step (0.77 at
/// 0.8); on the steep-valley case of the tests 0.9 still oscillated at its largest stable Courant number and
/// 0.8 did not.
constexpr double kMaxTheta = 0.8;

/// Largest stable Courant number of the local-inertial scheme with q-centred weighting theta on a 2D grid:
/// 0.9 sqrt(theta / 2) (von Neumann analysis of the checkerboard mode, README "Stability"; 0.9 keeps a
/// margin for the depth growing within a step), rounded down to 3 decimals. For a grid one cell wide (1D) it
/// is 0.9 sqrt(theta).
double maxStableCfl(double theta, bool oneDimensional = false);

/// Largest Courant number of the FV1 scheme: 0.5 (dt = cfl dx / max(|u| + sqrt(g h)) over the cells; the
/// first-order scheme on a 2D grid keeps depths positive up to 0.5).
constexpr double kMaxFv1Cfl = 0.5;

/// Numerical and output options.
struct SolverOptions {
    /// `scheme`: local-inertial (default) or FV1 full shallow water.
    Scheme scheme = Scheme::LocalInertial;
    /// `theta`: de Almeida et al. (2012) q-centred weighting, [0.5, kMaxTheta] (local-inertial only). Lower
    /// values damp grid-scale oscillations more but also lower the stable Courant number (maxStableCfl).
    double theta = 0.7;
    /// `cfl`: Courant number α of the time step dt = α dx / sqrt(g h_max) (Bates et al. 2010, sect. 2.2),
    /// (0, maxStableCfl(theta)] for local-inertial; for FV1 dt = α dx / max(|u| + sqrt(g h)), (0, 0.5].
    double cfl = 0.5;
    /// `friction_2d`: the friction of a face uses the magnitude of the discharge vector (its own component
    /// and the mean of the four surrounding cross-direction faces) instead of its own component only. Flow at
    /// an angle to the grid then feels the same friction as flow along it.
    bool friction2d = true;
    /// `friction`: implicit (default) or semi-implicit as Bates et al. (2010) (local-inertial only).
    Friction friction = Friction::Implicit;
    double maxDtS = 10.0;               ///< `max_dt_s`: largest time step [s]
    double minDtS = 1.0e-3;             ///< `min_dt_s`: a CFL step below this stops the run as collapsed [s]
    double depthThresholdM = 1.0e-3;    ///< `depth_threshold_m`: faces with less flow depth carry no flow [m]
    double outputIntervalS = 0.0;       ///< `output_interval_s`: depth/speed frames every this [s]; 0 = none
    double seriesIntervalS = 60.0;      ///< `series_interval_s`: gauges and mass balance every this [s]
    double inundationThresholdM = 0.1;  ///< `inundation_threshold_m`: depth counted as inundated [m]
    double debrisFactor = 1.0;          ///< `hazard_debris_factor`: DF of FD2320 where depth > debrisDepthM
    double debrisDepthM = 0.25;  ///< depth from which the debris factor applies [m] (FD2320 TR2 Table 3.1)
    int threads = 0;             ///< `threads`: OpenMP threads; 0 = the OpenMP default
    NoDataPolicy noDataPolicy = NoDataPolicy::Reject;
    /// Accept theta up to 1 and cfl up to 1 (the range before issue 17), beyond the stable limits above: for
    /// comparisons with other solvers and for reproducing the instability. The oscillation check is then the
    /// only guard; never for production runs.
    bool allowUnstableSettings = false;
    /// `oscillation_check_interval_s`: how often the solver looks for grid-scale oscillation (Results::
    /// oscillation) [s]; 0 = never. A check costs about as much as one time step.
    double oscillationCheckIntervalS = 60.0;
    /// `oscillation_tolerance_m`: a water-surface zigzag (or a local depth jump between checks) counts as
    /// oscillation when each of its steps exceeds this [m].
    double oscillationToleranceM = 0.05;
    /// Receives each frame as it is produced; when set, frames are not kept in Results::frames (a long run
    /// at a short interval would hold gigabytes). Empty: frames are kept in memory.
    FrameCallback onFrame;
};

/// A complete flood run.
struct Setup {
    Grid grid;
    std::vector<float>
        bedElevationM;  ///< `terrain`: cellCount() values [m]; NaN = no data (see NoDataPolicy)
    std::vector<std::uint8_t> blocked;  ///< optional: 1 = wall cell (a building in "block" mode)

    double manningN = 0.03;           ///< `manning_n`: uniform Manning coefficient [s/m^(1/3)]
    std::vector<float> manningGridN;  ///< per-cell Manning n; replaces manningN when not empty

    std::vector<float> initialDepthM;  ///< optional initial water depth [m] (`initial_depth`)
    /// Optional initial water-surface elevation [m] (NaN = dry); added where above the bed (`initial_level`).
    std::vector<float> initialLevelM;
    /// Optional initial depth-averaged velocity [m/s], eastward and northward, per cell (`initial_velocity`;
    /// analytic tests and hot starts). Each face starts with its flow depth times the mean of its two cells.
    std::vector<float> initialVelocityXMPerS;
    std::vector<float> initialVelocityYMPerS;

    Rainfall rain;
    Losses losses;
    Drainage drainage;
    std::vector<Inflow> inflows;
    std::vector<Boundary> boundaries;
    std::vector<Gauge> gauges;
    SolverOptions options;
    double durationS = 3600.0;  ///< `duration_s`: simulated time [s], > 0
};

/// One problem found by validate(): the parameter id and a sentence saying what is wrong.
struct Problem {
    std::string parameter;
    std::string message;
};

/// Checks a set-up and returns every problem at once (empty: valid). Never throws.
/// Thread-safe (reads only). Cost: O(cells) (NaN holes are traced).
std::vector<Problem> validate(const Setup& setup);

/// Throws core::Error(ErrorCode::Validation) naming the first problem's parameter, with all problems in the
/// message, when validate() finds any.
void throwIfInvalid(const Setup& setup);

/// Fills NaN holes of `bed` that are enclosed by data (not connected to the grid border), layer by layer
/// from their edge inwards with the mean of the valid 4-neighbours. Returns the number of cells filled.
std::size_t fillEnclosedNoData(const Grid& grid, std::vector<float>& bed);

}  // namespace citytwin::flood
