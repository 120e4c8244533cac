#pragma once
/// @file corridor.h
/// The UAM corridor engine's entry point for the plug-in adapter: plain structs in (CorridorScenario), plain
/// results out (CorridorResult). validateScenario() returns every problem at once; planCorridors() builds the
/// airspace, plans every route (Theta* any-angle, smoothed to the aircraft's limits), and computes the noise
/// maps, ground risk, profiles and the route comparison table. See sim/uam/README.md.

#include <array>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/core/raster.h"
#include "citytwin/uam/acoustics.h"
#include "citytwin/uam/airspace.h"
#include "citytwin/uam/contours.h"
#include "citytwin/uam/ground_risk.h"
#include "citytwin/uam/search.h"
#include "citytwin/uam/trajectory.h"

namespace citytwin::uam {

/// The aircraft.
struct AircraftSpec {
    double cruiseSpeedMps =
        50.0;  ///< `cruise_speed_mps`: in the band (the Uber Elevate 2016 target, ~180 km/h)
    double terminalSpeedMps =
        15.0;                   ///< `terminal_speed_mps`: within the funnels' horizontal length of the pads
    TrajectoryLimits limits;    ///< `max_climb_gradient`, `max_descent_gradient`, `min_turn_radius_m`
    double dimensionM = 15.0;   ///< `aircraft_dimension_m`: maximum characteristic dimension (SORA column)
    double maxSpeedMps = 90.0;  ///< `aircraft_max_speed_mps`: maximum speed (SORA column)
    double failureRatePerHour = 1e-6;  ///< `failure_rate_per_hour`: failures ending in a ground impact
    double criticalAreaM2 = 0.0;       ///< `critical_area_m2`: 0 = verticalFallCriticalAreaM2(dimensionM)
};

/// Weights of the route cost: cost = ∫ (length + people + noise + risk terms) along the route, in equivalent
/// metres (README, "Route cost").
struct CostWeights {
    double length = 1.0;  ///< `weight_length` [-]: per metre flown
    double people = 0.0;  ///< `weight_people` [m per person]: per person living under the tube
    double noise = 0.0;   ///< `weight_noise` [m per person]: per person newly exposed to L_Amax >= threshold
    double risk = 0.0;    ///< `weight_risk` [m per 1e-9 expected casualties]
    double noiseThresholdDbA =
        65.0;  ///< `noise_threshold_dba`: the L_Amax the noise term counts people above
};

/// A route to plan.
struct RouteRequest {
    std::string from;       ///< vertiport name
    std::string to;         ///< vertiport name
    FlightsPerDay flights;  ///< `flights_*`: for the noise maps and L_den
};

/// Noise computation settings.
struct NoiseSettings {
    Atmosphere air;
    double referenceLevelDbA = 67.0;                    ///< `noise_reference_level_dba`
    double referenceDistanceM = 76.2;                   ///< `noise_reference_distance_m`
    double absorptionFrequencyHz = 501.18723362727224;  ///< `noise_absorption_frequency_hz` (500 Hz octave)
    double minDistanceM = 10.0;                         ///< `noise_min_distance_m`
    core::Box extent;                                   ///< noise grid area; empty: the planning area
    double cellM = 20.0;                                ///< `noise_cell_m`
    double receiverHeightM = 4.0;                       ///< `noise_receiver_height_m` (EU END: 4 m)
    std::vector<double> lamaxContours{55.0, 60.0, 65.0, 70.0};  ///< `noise_lamax_contours_dba`
    int threads = 0;  ///< OpenMP threads for the grid (0: the default)
};

/// Tables loaded from data/uam (loadDataTables()).
struct DataTables {
    LdenDefinition lden;
    std::vector<NoiseClass> noiseClasses;
    SoraTable sora;
};

/// Reads lden_periods_kr.csv, noise_classes_kr.csv and sora_2_5_igrc.csv from a directory.
/// @throws core::Error(FileNotFound / FileFormat) naming the file.
DataTables loadDataTables(const std::string& directory);

/// Which planner draws the centre lines.
enum class Planner {
    AnyAngle,  ///< Theta* then smoothing (default)
    Grid,      ///< exact A* on the 26-neighbour graph, then smoothing
};

/// Everything one run needs.
struct CorridorScenario {
    core::Raster terrain;                  ///< elevation [m]; may be empty (flat at 0 m)
    std::vector<BuildingInput> buildings;  ///< with heights, bases, population and use
    core::Raster population;               ///< residential density [persons/km²] on any grid; may be empty
    std::vector<NoFlyVolume> noFly;
    std::vector<Vertiport> vertiports;
    std::vector<RouteRequest> routes;  ///< the pairs to plan
    bool network = false;              ///< `network`: also plan every pair of vertiports not listed
    FlightsPerDay networkFlights;      ///< flights for the routes the network adds
    AirspaceSpec airspace;
    AircraftSpec aircraft;
    CostWeights weights;
    NoiseSettings noise;
    DataTables tables;
    Planner planner = Planner::AnyAngle;
    bool smooth = true;  ///< `smooth`: fillet and fit the profile
    /// Grids with more columns than this are searched in two levels (corridorSearch(); `two_level_columns`);
    /// 0 = always on the whole grid.
    std::size_t twoLevelColumns = 250000;
    CorridorSearchOptions twoLevel{8, 2, 24, true, 1.1};  ///< `fine_heuristic_weight` 1.1: see README
    std::size_t maxExpansions = 50000000;                 ///< per route search (and per diagnosis)
};

/// Every problem with the scenario at once (never throws). Each names its parameter id or item.
std::vector<core::Problem> validateScenario(const CorridorScenario& scenario);

/// One row of a route's vertical profile.
struct ProfileSample {
    double distanceM = 0.0;      ///< horizontal distance from the departure pad [m]
    double altitudeM = 0.0;      ///< route altitude [m MSL]
    double terrainM = 0.0;       ///< ground under the route [m]
    double buildingTopM = NAN;   ///< highest building top within the tube's half-width [m]; NaN none
    double bandFloorM = 0.0;     ///< [m MSL]
    double bandCeilingM = 0.0;   ///< [m MSL]
    double densityPerKm2 = 0.0;  ///< highest population density within the tube's half-width [persons/km²]
    int igrc = -1;  ///< SORA intrinsic ground risk class there for the aircraft (-1: outside SORA)
};

/// The comparison table row of one route.
struct RouteMetrics {
    double lengthM = 0.0;            ///< 3D length of the centre line [m]
    double horizontalLengthM = 0.0;  ///< [m]
    double flightTimeS =
        0.0;            ///< terminal speed within the funnels' length of the pads, cruise elsewhere [s]
    double cost = 0.0;  ///< the weighted cost of the planned path (planner's units)
    double peopleOverflown =
        0.0;  ///< residents of the population cells whose centre lies within the tube [persons]
    std::vector<double>
        soraBandShare;          ///< share of the horizontal length per SORA density band (table order)
    int maxIgrc = -1;           ///< highest intrinsic GRC along the route (-1: outside SORA)
    double maxLamaxDbA = NAN;   ///< highest L_Amax on the noise grid of one flight [dBA]
    double meanLamaxDbA = NAN;  ///< mean L_Amax of one flight over the noise cells under the tube [dBA]
    std::vector<double> peoplePerLdenClass;  ///< this route's schedule alone, per noise class
    std::vector<int> buildingsPerLdenClass;
    double casualtiesPerFlightHour = 0.0;  ///< λ A_c ρ averaged over the flight time
    std::size_t expansions = 0;            ///< search effort
};

/// A planned route.
struct RouteResult {
    std::string from, to;
    bool found = false;
    /// When not found: which constraint blocks it ("the least-violating path crosses no-fly volume 'X' for
    /// 2.3 km ...").
    std::string blockedReason;
    std::vector<Point3> centreline;        ///< the flown centre line (smoothed when `smooth`) [m]
    std::vector<Point3> anyAnglePath;      ///< the planner's path before smoothing
    std::vector<double> segmentSpeedsMps;  ///< per centre-line segment
    TrajectoryCheck check;                 ///< collision, gradient and turn checks of the centre line
    std::vector<std::string> notes;        ///< smoothing notes
    std::vector<ProfileSample> profile;
    RouteMetrics metrics;
    FlightsPerDay flights;
};

/// A closed surface for drawing (a funnel or a no-fly volume): vertices and triangles (counter-clockwise seen
/// from outside).
struct Solid {
    std::string name;
    std::string kind;  ///< "departure funnel", "approach funnel", "no-fly volume"
    std::vector<Point3> vertices;
    std::vector<std::array<int, 3>> triangles;
};

/// Noise rasters on the noise grid (NaN where no flight contributes).
struct NoiseMaps {
    core::Raster lamax;                       ///< max over routes of one flight's L_Amax [dBA]
    core::Raster sel;                         ///< max over routes of one flight's SEL [dBA]
    core::Raster lden;                        ///< all routes' schedules [dB]
    core::Raster lday, levening, lnight;      ///< period L_eq [dB]
    std::vector<ContourLevel> ldenContours;   ///< at the noise class bounds
    std::vector<ContourLevel> lamaxContours;  ///< at NoiseSettings::lamaxContours
};

/// People and buildings per L_den class (all routes together).
struct NoiseExposureRow {
    std::string className;
    double people = 0.0;
    int buildings = 0;
    int schools = 0;
    int hospitals = 0;
};

/// A school or hospital inside a noise class.
struct SensitiveBuilding {
    std::string id;
    SensitiveUse use = SensitiveUse::None;
    double ldenDb = 0.0;
    std::string className;
};

/// How the run ended.
enum class RunStatus { Completed, Invalid, Cancelled };

/// All outputs.
struct CorridorResult {
    RunStatus status = RunStatus::Completed;
    std::vector<core::Problem> problems;  ///< when Invalid: every validation problem
    std::vector<core::Problem> notes;  ///< warnings (terrain gaps, obstacles in funnels, unsmoothable routes)
    std::vector<RouteResult> routes;
    NoiseMaps noise;
    std::vector<NoiseExposureRow> exposure;
    std::vector<SensitiveBuilding> sensitive;
    core::Raster groundRiskIgrc;    ///< iGRC per population cell for the aircraft [-], NaN outside SORA
    core::Raster casualtyRate;      ///< expected casualties per flight hour over each cell [1/h]
    std::vector<Solid> solids;      ///< funnels and no-fly volumes
    std::size_t airspaceBytes = 0;  ///< memory of the voxel airspace
    double freeShareOfBand = 0.0;   ///< share of columns with free airspace in the band
};

/// The flight path the noise computation uses for a centre line: simplified (Douglas-Peucker, 0.5 m) with the
/// slowest speed of each merged stretch.
FlightPath flightPathFor(const std::vector<Point3>& centreline, const std::vector<double>& segmentSpeedsMps);

/// Noise rasters for a schedule: per cell of the grid over `extent` at `cellM`, receivers at the terrain plus
/// `receiverHeightM`, every route's L_Amax and SEL of one flight (returned per route when asked), the maxima
/// over routes, L_day/L_evening/L_night and L_den for the flights per period. Rows run in parallel on
/// `threads` OpenMP threads (0: the default); progress from the first thread; stops early when cancelled
/// (then progress.cancelled() is true and the rasters are incomplete). Contours are not computed here.
NoiseMaps noiseMaps(const std::vector<FlightPath>& paths, const std::vector<FlightsPerDay>& flights,
                    const NoiseSource& source, const LdenDefinition& definition, const core::Raster& terrain,
                    const core::Box& extent, double cellM, double receiverHeightM, int threads,
                    const core::Progress& progress = {}, std::vector<core::Raster>* routeSel = nullptr,
                    std::vector<core::Raster>* routeLamax = nullptr);

/// Runs everything. Validates first (status Invalid with the problems when bad). Reports progress at least
/// every 100 ms; returns with status Cancelled when cancelled. @throws core::Error only for failures that
/// validation cannot foresee (out of memory aside: an airspace too tall for 65535 levels).
CorridorResult planCorridors(const CorridorScenario& scenario, const core::Progress& progress = {});

}  // namespace citytwin::uam
