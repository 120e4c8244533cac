#pragma once
/// @file storm_adapter.h
/// Rain and drainage of a flood run from what a Korean disaster officer writes: a design storm (a station's
/// or region's probability rainfall, a return period, a duration, a temporal pattern, areal reduction), a
/// rain series from a CSV file, gridded rain frames (radar), and a sewer network's capacity derived from its
/// design return period per catchment or sewer class. The plug-in fills the plain specs below from its
/// parameters; this turns them, with the city model and the run grid, into Setup::rain and Setup::drainage.
/// The engine side (tables, patterns, formulas) is citytwin/flood/design_storm.h; sources in
/// sim/flood/README.md, "Design storms and drainage", and data/flood/README.md.
///
/// One rain source at a time: a cloudburst, a hyetograph, a rain series file, a design storm or gridded
/// frames. Giving two is a problem naming both, never a silent choice.

#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/flood/design_storm.h"
#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// The shipped probability-rainfall tables: the stems of <dataDir>/flood/rainfall/stations/*.csv, sorted.
/// Never throws (an unreadable folder gives none).
std::vector<std::string> shippedStations(const std::string& dataDir);
/// The file of a shipped station ("" when there is none of that name).
std::string shippedStationFile(const std::string& dataDir, const std::string& station);

/// A file named by a parameter: as written when it exists (absolute, or relative to the working directory),
/// else beside any of the model's input files (the scenario's data folders). "" when not found.
std::string resolveInputFile(const std::string& path, const core::CityModel& model);

/// Raster layer names from a comma-separated list; an item ending in '*' stands for every raster layer of the
/// model whose name starts with what precedes it, in name order ("radar_*" -> radar_0000, radar_0005, ...).
/// Items naming no raster layer are returned as written (the caller reports them).
std::vector<std::string> expandRasterLayers(const std::string& list, const core::CityModel& model);

/// Temporal pattern of a design storm (`storm_pattern`).
enum class StormPattern {
    None,    ///< no design storm
    HuffQ1,  ///< Huff's first-quartile median curve
    HuffQ2,
    HuffQ3,
    HuffQ4,
    AlternatingBlock,  ///< from the table's depth-duration relation (Chow et al. 1988, 14.4)
    User,              ///< a mass curve from `storm_pattern_table`
};

/// Areal reduction of a design storm (`storm_areal_reduction`).
enum class ArealReductionMode {
    None,    ///< point rainfall over the whole domain
    Area,    ///< ARF for `storm_area_km2`
    Domain,  ///< ARF for the area of the run's domain (cells with terrain)
};

/// Which probability-rainfall table (`storm_station`, `rainfall_table`).
struct RainfallTableSpec {
    std::string station;  ///< "" = none, "custom" = `tablePath`, else a shipped station
    std::string tablePath;
    std::string dataDir;  ///< where the shipped tables are (core::dataDirectory())
};

/// A design storm (parameters `storm_*`).
struct DesignStormSpec {
    StormPattern pattern = StormPattern::None;
    double returnPeriodYears = 30.0;  ///< `storm_return_period_years`
    double durationMin = 60.0;        ///< `storm_duration_min`
    double stepMin = 10.0;            ///< `storm_time_step_min`: block length
    double peakPosition = 0.5;        ///< `storm_peak_position` (alternating block)
    double startS = 0.0;              ///< `storm_start_s`
    std::string patternTablePath;     ///< `storm_pattern_table` (User)
    ArealReductionMode arealReduction = ArealReductionMode::None;
    double areaKm2 = 0.0;  ///< `storm_area_km2` (Area)
};

/// Every way the user may have stated rain, as the parameters hold them (the plug-in copies them here).
struct RainSpec {
    double cloudburstMmPerH = 0.0;  ///< `rain_intensity_mm_per_h` (0 = none)
    double cloudburstStartS = 0.0;
    double cloudburstDurationS = 3600.0;
    TimeSeries hyetograph;          ///< `rain_hyetograph` (empty = none)
    std::string seriesCsv;          ///< `rain_series_csv` ("" = none)
    std::string frameLayers;        ///< `rain_frame_layers` ("" = none)
    double frameIntervalS = 300.0;  ///< `rain_frame_interval_s`
    DesignStormSpec storm;
    RainfallTableSpec table;
};

/// The rain of a run, and what to report about it.
struct RainPlan {
    Rainfall rain;  ///< Setup::rain (hyetograph or frames; maxPlausibleMmPerH left at the default)
    /// The uniform hyetograph as a chart table (time [s], intensity [mm/h], cumulative [mm]); for gridded
    /// frames the mean over the cells with rain data. Empty without rain.
    std::vector<std::vector<double>> chart;
    double depthMm = 0.0;       ///< total depth of the uniform rain (frames: domain mean) [mm]
    double peakMmPerH = 0.0;    ///< largest intensity (frames: of the domain mean) [mm/h]
    bool designStorm = false;   ///< the rain is a design storm
    double pointDepthMm = 0.0;  ///< design storm: the table's depth before areal reduction [mm]
    double arealReductionFactor = 1.0;
    std::vector<std::string> notes;     ///< what was built, for the log
    std::vector<std::string> warnings;  ///< e.g. an ARF outside its range
};

/// Builds the rain of a run on `grid` (the run grid; `bed` its elevations, for the domain area and the frame
/// means). Problems (several rain sources, a table that does not cover the storm, a file that cannot be read,
/// missing layers) are appended naming the parameter; never throws for bad input.
RainPlan planRain(const RainSpec& spec, const core::CityModel& model, const Grid& grid,
                  const std::vector<float>& bed, std::vector<Problem>& problems);

/// The probability-rainfall table of `spec`, or nullptr with a problem (parameter `storm_station` or
/// `rainfall_table`) when it cannot be had. `why` says what needs it ("a design storm", ...).
std::unique_ptr<RainfallTable> loadRainfallTable(const RainfallTableSpec& spec, const core::CityModel& model,
                                                 const std::string& why, std::vector<Problem>& problems);

/// A sewer network's capacity from its design frequency (parameters `drainage_design_*`, `drainage_*_layer`,
/// `drainage_class_table`).
struct DrainageDesignSpec {
    double returnPeriodYears = 0.0;    ///< uniform design frequency [years]; 0 = none
    double durationMin = 60.0;         ///< design duration where nothing else says [min]
    double inletCapacityMmPerH = 0.0;  ///< uniform inlet limit [mm/h]; 0 = none
    std::string catchmentLayer;        ///< polygons with design_return_period_years or sewer_class
    std::string classLayer;            ///< raster of sewer-class codes
    std::string classTablePath;        ///< "" = the shipped KDS table
    std::string dataDir;

    bool any() const { return returnPeriodYears > 0.0 || !catchmentLayer.empty() || !classLayer.empty(); }
};

/// The drainage sink of a run.
struct DrainagePlan {
    Drainage drainage;                ///< Setup::drainage
    std::vector<float> capacityGrid;  ///< the capacity per cell [mm/h] (for the output raster); empty = none
    std::vector<std::string> notes;   ///< per catchment / class: T, d, intensity, inlet limit, cells
};

/// Derives the drainage capacity: uniform from `returnPeriodYears` (P(T, d) / d, capped by the inlet limit),
/// then per catchment polygon (attribute `design_return_period_years`, or `sewer_class` looked up in the
/// class table; optional `design_duration_min`, `inlet_capacity_mm_per_h`) and per cell of the class raster
/// (codes of the class table). Cells no one covers keep the uniform rate (0 without one). Problems name the
/// parameter and the feature; never throws for bad input.
DrainagePlan planDrainage(const DrainageDesignSpec& spec, const RainfallTable* table,
                          const core::CityModel& model, const Grid& grid, std::vector<Problem>& problems);

}  // namespace citytwin::flood
