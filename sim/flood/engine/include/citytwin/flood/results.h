#pragma once
/// @file results.h
/// What a flood run produces: maxima, timing, hazard, frames, gauges, mass balance and run statistics.
/// Rasters are row-major over the set-up's grid (row 0 north); cells outside the domain (NaN bed, walls)
/// hold NaN.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// Flood hazard classes of Defra/Environment Agency FD2321/TR1 (Ramsbottom et al. 2006, Table 13.1),
/// applied to the hazard rating HR = d (v + 0.5) + DF.
enum class HazardClass : std::uint8_t {
    None = 0,         ///< never deeper than the inundation threshold
    Low = 1,          ///< HR < 0.75: "caution"
    Moderate = 2,     ///< 0.75 <= HR < 1.25: "danger for some"
    Significant = 3,  ///< 1.25 <= HR < 2.0: "danger for most"
    Extreme = 4,      ///< HR >= 2.0: "danger for all"
};

/// Stable lowercase name ("none", "low", "moderate", "significant", "extreme").
const char* toString(HazardClass hazardClass);

/// Hazard rating of FD2321/TR1 eq. 13.1: d (v + 0.5) + DF, with DF = `debrisFactor` where d > `debrisDepthM`
/// and 0 elsewhere. d depth [m], v speed [m/s]; HR in m²/s.
double hazardRating(double depthM, double speedMPerS, double debrisFactor, double debrisDepthM);

/// The class of a hazard rating (thresholds 0.75, 1.25, 2.0).
HazardClass hazardClassOf(double rating);

/// Depth and speed over the grid at one time.
struct Frame {
    double timeS = 0.0;
    std::vector<float> depthM;      ///< [m]
    std::vector<float> speedMPerS;  ///< cell-centre speed |q|/h [m/s]
};

/// Time series recorded at one gauge every series interval.
struct GaugeSeries {
    std::string name;
    core::Point position;
    int col = -1;
    int row = -1;
    std::vector<double> timesS;
    std::vector<float> depthM;      ///< [m]
    std::vector<float> levelM;      ///< water surface (bed + depth) [m]
    std::vector<float> speedMPerS;  ///< [m/s]
    double peakDepthM = 0.0;        ///< largest depth over every time step (not only the records) [m]
};

/// The water budget since the start, accumulated in double precision [m³].
/// errorM3 = stored - initial - (rain + inflow + boundaryInflow - boundaryOutflow - losses - drainage).
struct MassBalanceRecord {
    double timeS = 0.0;
    double rainM3 = 0.0;             ///< rain on the domain's cells
    double inflowM3 = 0.0;           ///< point and line inflows
    double boundaryInflowM3 = 0.0;   ///< entered through level boundaries
    double boundaryOutflowM3 = 0.0;  ///< left through open boundaries
    double lossesM3 = 0.0;           ///< infiltration / initial and continuing losses
    double drainageM3 = 0.0;         ///< taken by the drainage sink
    double initialM3 = 0.0;          ///< water at t = 0
    double storedM3 = 0.0;           ///< water on the grid now
    double errorM3 = 0.0;
    /// |error| / max(initial + rain + inflow + boundary inflow, stored); 0 when both are 0.
    double relativeError = 0.0;
};

/// One oscillation check that found grid-scale oscillation (see OscillationReport).
struct OscillationEvent {
    double timeS = 0.0;
    int zigzagCells = 0;  ///< cells starting a surface zigzag along a row or column
    int jumpCells = 0;    ///< cells whose depth jumped back and forth against their neighbours
    int col = -1;         ///< the worst cell of this check
    int row = -1;
    double x = 0.0;  ///< its centre [m]
    double y = 0.0;
    double amplitudeM = 0.0;  ///< its zigzag step or depth jump [m]
};

/// What the automatic oscillation check found. Grid-scale oscillation (a water surface that zigzags from
/// cell to cell, a depth that jumps up and down between checks while its neighbours do not) is never
/// physical: it is a numerical instability, and the depths where it lives are wrong even when the mass
/// balance closes. Checks run every SolverOptions::oscillationCheckIntervalS on the water deeper than the
/// tolerance.
///
/// A zigzag: four consecutive wet cells along a row or column whose three water-surface differences
/// alternate in sign, each larger than the tolerance. A jump: a cell whose depth changed by more than the
/// tolerance between the last three checks, in alternating directions, while the mean level of its 3 x 3
/// neighbourhood moved by less than half as much.
struct OscillationReport {
    long long checks = 0;
    long long checksWithOscillation = 0;
    long long zigzagCells = 0;             ///< summed over checks
    long long jumpCells = 0;               ///< summed over checks
    double firstTimeS = -1.0;              ///< first check that found any; < 0: none
    OscillationEvent worst;                ///< the largest amplitude found
    std::vector<OscillationEvent> events;  ///< every check that found any (the first 1000)
    /// Empty when nothing was found; otherwise one sentence for the user naming when, where and how much,
    /// and what to change.
    std::string warning;
    bool detected() const { return checksWithOscillation > 0; }
};

/// How the run went.
struct RunStatistics {
    long long steps = 0;
    double simulatedS = 0.0;  ///< time reached [s]
    double minDtS =
        0.0;  ///< smallest CFL step taken [s] (shortened steps that land on output times excluded)
    double maxDtS = 0.0;        ///< largest step [s]
    double meanDtS = 0.0;       ///< simulated time / steps [s]
    double wetCellUpdates = 0;  ///< cells in the active (wet and next-to-wet) region, summed over steps
    double wallTimeS = 0.0;
    double cellUpdatesPerSecond = 0.0;  ///< wetCellUpdates / wallTimeS
    int threads = 1;
    long long positivityCorrections = 0;  ///< cells whose outflow had to be limited to keep depths >= 0
    std::size_t stateBytesPerCell = 0;    ///< solver state (terrain, depth, fluxes, masks, forcing state) [B]
    std::size_t outputBytesPerCell = 0;   ///< per-cell result accumulators (maxima, timing) [B]
    Scheme scheme = Scheme::LocalInertial;
    long long oscillationChecks = 0;      ///< see Results::oscillation
    long long oscillationDetections = 0;  ///< checks that found grid-scale oscillation
    /// Largest Froude number |u| / sqrt(g h) seen at the oscillation checks in water deeper than 10 cm. The
    /// local-inertial approximation holds below about 0.5 (de Almeida & Bates 2013).
    double maxFroude = 0.0;
    std::size_t framesProduced = 0;  ///< frames recorded or passed to SolverOptions::onFrame
};

/// Work and waiting of one rank in a distributed run (load balance).
struct RankLoad {
    int rank = 0;
    int rowBegin = 0;
    int rows = 0;
    long long domainCells = 0;    ///< cells of its strip inside the domain
    double cellUpdates = 0.0;     ///< active-region cells updated, summed over steps (dry rows cost nothing)
    double computeS = 0.0;        ///< wall time in the time steps outside communication [s]
    double communicationS = 0.0;  ///< wall time in exchanges and reductions (waiting included) [s]
    double haloBytes = 0.0;       ///< bytes sent to the neighbours
};

/// How the run ended. Failures are exceptions (core::Error), not statuses.
enum class RunStatus {
    Completed,
    Cancelled,  ///< cancel() returned true: the results hold what was computed until then
};

/// Everything a run produces.
struct Results {
    RunStatus status = RunStatus::Completed;
    Grid grid;
    std::vector<float> maxDepthM;                ///< [m]
    std::vector<float> maxLevelM;                ///< bed + max depth [m], NaN where never wet
    std::vector<float> maxSpeedMPerS;            ///< [m/s]
    std::vector<float> maxHazardRating;          ///< max over time of d (v + 0.5) + DF [m²/s]
    std::vector<std::uint8_t> hazardClass;       ///< HazardClass of maxHazardRating (0 = never inundated)
    std::vector<float> timeOfInundationS;        ///< first time deeper than the threshold [s]; NaN = never
    std::vector<float> durationAboveThresholdS;  ///< [s]
    std::vector<float> finalDepthM;              ///< [m]
    std::vector<Frame> frames;  ///< every output interval (empty when SolverOptions::onFrame took them)
    std::vector<GaugeSeries> gauges;
    std::vector<MassBalanceRecord> massBalance;  ///< every series interval and at the end
    RunStatistics statistics;
    OscillationReport oscillation;
    /// Everything the user should read before trusting the results (oscillation found, ...), one sentence
    /// each. Empty for a clean run.
    std::vector<std::string> warnings;
    /// Distributed runs (distributed.h): the load of this rank, or of every rank after gatherResults().
    /// Empty for a single-process run.
    std::vector<RankLoad> ranks;
};

}  // namespace citytwin::flood
