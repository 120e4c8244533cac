#pragma once
/// @file results.h
/// What a subsidence run produces. Rasters are core::Raster over the scenario's grid (NaN = no data), in mm
/// or dimensionless as stated; settlement positive down, strain positive in tension.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/core/raster.h"
#include "citytwin/subsidence/assessment.h"
#include "citytwin/subsidence/contours.h"

namespace citytwin::subsidence {

/// How a run ended. Failures are exceptions (core::Error), not statuses.
enum class RunStatus {
    Completed,
    Cancelled,  ///< the results hold what was done until then (possibly nothing)
};

/// Settlement over the grid at one time.
struct SettlementFrame {
    double timeDays = 0.0;
    core::Raster settlementMm;  ///< [mm]
};

/// One assessed building.
struct BuildingResult {
    std::size_t index = 0;  ///< into Scenario::buildings
    std::string id;
    double maxSettlementMm = 0.0;           ///< largest settlement over the footprint [mm]
    double minSettlementMm = 0.0;           ///< smallest [mm]
    double differentialSettlementMm = 0.0;  ///< max - min [mm]
    double maxSlope = 0.0;                  ///< largest ground slope |∇S| over the footprint [-]
    double angularDistortion = 0.0;         ///< β, largest over the two axes [-]
    double deflectionRatio = 0.0;           ///< Δ/L of the governing axis [-]
    DeflectionMode deflectionMode = DeflectionMode::None;
    double horizontalStrain = 0.0;  ///< average along the governing axis, tension + [-]
    double bendingStrain = 0.0;     ///< ε_br [-]
    double diagonalStrain = 0.0;    ///< ε_dr [-]
    double limitingStrain = 0.0;    ///< ε_lim = max(ε_br, ε_dr) [-]
    double lengthM = 0.0;           ///< of the governing axis [m]
    double heightM = 0.0;           ///< used [m]
    int damageCategory = 0;         ///< 0..5 (Burland et al. 1977)
    std::string damageName;
    DecisionRule rule = DecisionRule::Stage1Screening;
    int riskCategory = 1;  ///< Rankin (1988) 1..4: the alert level
    std::string riskName;
    core::Point worstPoint;  ///< where the largest settlement was sampled
};

/// Settlement versus time at one point.
struct TimeSeries {
    std::string id;  ///< point id, or "building:<id>"
    core::Point position;
    std::vector<double> settlementMm;  ///< at Results::seriesTimesDays
};

/// A cross-section profile.
struct Profile {
    std::string id;
    std::vector<double> distanceM;
    std::vector<core::Point> points;
    std::vector<double> settlementMm;      ///< at the end time
    std::vector<double> horizontalStrain;  ///< along the line, tension + [-], at the end time
};

/// Model minus observed at one levelling point.
struct LevellingResidual {
    std::string id;
    std::string origin;
    core::Point position;
    double timeDays = 0.0;
    double observedMm = 0.0;
    double modelMm = 0.0;
    double residualMm = 0.0;  ///< model - observed
};

/// Model minus observed over one InSAR band.
struct InsarResidual {
    std::string id;
    core::Raster
        residualMm;         ///< on the band's grid: model - observed settlement [mm] (or mm/yr for velocity)
    std::size_t count = 0;  ///< valid pixels
    double meanMm = 0.0;
    double rmsMm = 0.0;
    double maxAbsMm = 0.0;
};

/// Area where the end settlement is at least a contour level.
struct ContourArea {
    double levelMm = 0.0;
    double areaM2 = 0.0;
};

/// Summary numbers.
struct Scalars {
    double maxSettlementMm = 0.0;  ///< at the end [mm]
    core::Point maxSettlementAt;
    double maxHeaveMm = 0.0;                        ///< largest upward movement at the end (>= 0) [mm]
    double settledVolumeM3 = 0.0;                   ///< ∫ max(S, 0) dA over the grid at the end [m³]
    double netVolumeM3 = 0.0;                       ///< ∫ S dA [m³]
    double maxSlope = 0.0;                          ///< [-]
    double maxTensileStrain = 0.0;                  ///< [-]
    double maxCompressiveStrain = 0.0;              ///< magnitude [-]
    std::vector<std::size_t> buildingsPerCategory;  ///< index = damage category
    std::vector<std::size_t> buildingsPerRisk;      ///< index = Rankin category (0 unused)
    std::vector<ContourArea> areaAboveLevel;
};

/// Run statistics.
struct RunStatistics {
    double wallTimeS = 0.0;
    int threads = 1;
    std::size_t cells = 0;
    std::size_t frames = 0;
    std::size_t buildings = 0;
};

/// Everything a run produces.
struct Results {
    RunStatus status = RunStatus::Completed;
    std::vector<SettlementFrame> frames;  ///< output times and the end, ascending
    core::Raster settlementMm;            ///< at the end [mm]
    core::Raster slope;                   ///< |∇S| at the end [-]
    core::Raster tensileStrain;           ///< largest principal horizontal strain at the end (tension +) [-]
    core::Raster compressiveStrain;   ///< smallest principal horizontal strain at the end (compression -) [-]
    core::Raster displacementEastMm;  ///< horizontal displacement at the end [mm]
    core::Raster displacementNorthMm;
    core::Raster pitMask;               ///< 1 inside an excavation, NaN elsewhere
    std::vector<ContourLine> contours;  ///< levels in mm
    std::vector<BuildingResult>
        buildings;  ///< sorted by risk: damage category, Rankin category, limiting strain, settlement
    std::vector<double> seriesTimesDays;
    std::vector<TimeSeries> series;  ///< chosen points, then the worst buildings
    std::vector<Profile> profiles;   ///< user lines, then one across each tunnel
    std::vector<LevellingResidual> levelling;
    std::vector<InsarResidual> insar;
    Scalars scalars;
    std::vector<std::string> warnings;  ///< assumptions stretched (regression outside its depth range, ...)
    RunStatistics statistics;
};

}  // namespace citytwin::subsidence
