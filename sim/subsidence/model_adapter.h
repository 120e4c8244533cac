#pragma once
/// @file model_adapter.h
/// From the city model to a subsidence scenario: the grid over the model (or around the sources), the sources
/// of settlement as features of vector layers (attributes per feature, with defaults where one is missing) or
/// rasters, the model's buildings, levelling points and InSAR rasters; and the engine's problems re-worded to
/// name the layer and feature each comes from. The engine (citytwin/subsidence/engine.h) knows nothing of
/// layers or attributes. The attribute names are listed in sim/subsidence/README.md ("Source layers").
///
/// Nothing here throws for bad data: every value that cannot be read is a problem naming the parameter, the
/// layer, the feature (its `id` or `name` attribute and its number in the layer) and the value. Range checks
/// are the engine's (limits.h), so each bound is checked in one place.

#include <map>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/problem.h"
#include "citytwin/subsidence/scenario.h"
#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence {

/// What the grid covers.
enum class GridExtent {
    Model,    ///< the terrain's extent when there is terrain, else the model's extent
    Sources,  ///< the sources of settlement (and observations, profiles), widened by a margin
};

/// A layer named by a parameter ("" = none).
struct LayerRef {
    std::string parameter;  ///< the parameter that named it (problems name it)
    std::string name;       ///< the layer's name in the model
};

/// Values used where a tunnel feature has no attribute.
struct TunnelDefaults {
    double axisDepthM = 20.0;
    double diameterM = 6.0;
    double volumeLossPercent = 1.0;
    double troughWidthFactor = kUnset;  ///< unset: from the soil type
    std::string soilType = "cohesive";
    TroughWidthMethod method = TroughWidthMethod::Factor;
    double startDay = 0.0;
    double advanceRateMPerDay = kUnset;  ///< unset: the whole tunnel exists from the start day
};

/// One compressible layer (the defaults of excavation features and the layer under a drawdown raster).
struct ClayDefaults {
    double thicknessM = 0.0;  ///< 0: none
    double mvPerKPa = 1.0e-4;
    double cvM2PerDay = 0.1;
    Drainage drainage = Drainage::Double;
};

/// Values used where an excavation feature has no attribute.
struct ExcavationDefaults {
    double depthM = 15.0;
    std::string wallType = "diaphragm";
    std::string envelope = "clough_orourke_stiff_clay";
    double maxSettlementRatio = kUnset;  ///< unset: the envelope's
    double startDay = 0.0;
    double constructionDays = 180.0;
    double drawdownInsideM = 0.0;
    double radiusOfInfluenceM = kUnset;  ///< unset: Sichardt
    double conductivityMPerS = 1.0e-5;
    AquiferType aquifer = AquiferType::Confined;
    double saturatedThicknessM = 30.0;
};

/// Values used where a soft-ground feature has no attribute (and for a thickness raster).
struct SoftGroundDefaults {
    double thicknessM = 5.0;
    double mvPerKPa = 3.0e-4;
    double cvM2PerDay = 0.05;
    Drainage drainage = Drainage::Double;
    double loadKPa = 0.0;
    double drawdownM = 0.0;
    double startDay = 0.0;
    double drainSpacingM = 0.0;  ///< 0: no drains
    DrainPattern drainPattern = DrainPattern::Triangular;
};

/// Values used where a reservoir feature has no attribute.
struct ReservoirDefaults {
    double poissonRatio = 0.25;
    double biotCoefficient = 1.0;
    double startDay = 0.0;
    double rampDays = 0.0;
};

/// InSAR rasters: one raster layer per date, all of one kind, unit, sign and geometry.
struct InsarOptions {
    std::vector<std::string> layers;  ///< raster layer names
    std::vector<std::string> dates;   ///< one per layer: "YYYY-MM-DD" (needs the origin date) or a day number
    std::string referenceDate;        ///< the zero date of cumulative bands, the start of velocity ones
    InsarKind kind = InsarKind::Cumulative;
    LosSign sign = LosSign::PositiveTowardSatellite;
    double unitToMetres = 1.0e-3;
    double incidenceDeg = kUnset;  ///< one angle, or:
    std::string incidenceLayer;    ///< a raster layer of incidence angles [deg]
};

/// Everything the adapter needs besides the model.
struct AdapterOptions {
    double cellSizeM = 5.0;
    GridExtent extent = GridExtent::Model;
    double marginM = 300.0;

    LayerRef tunnels, excavations, softGround, reservoirs, drawdown, levelling, profiles;
    TunnelDefaults tunnel;
    ExcavationDefaults excavation;
    ClayDefaults clay;
    SoftGroundDefaults soft;
    ReservoirDefaults reservoir;
    double drawdownStartDay = 0.0;

    std::string originDate;             ///< "YYYY-MM-DD" of day 0 ("" = none: dates cannot be used)
    std::string originDateParameter;    ///< the parameter that gave it (for problems)
    std::string levellingCsv;           ///< a CSV file of levelling points (engine reader)
    std::string levellingCsvParameter;  ///< the parameter that named it
    InsarOptions insar;
    std::string insarParameter;  ///< the parameter naming the InSAR layers
    std::vector<core::Point> seriesPoints;
    int seriesSteps = 50;  ///< the settlement-versus-time table at this many equal steps to the end

    Options options;  ///< end day, frames, contours, worst buildings, profiles' spacing, threads
};

/// Where an engine source came from: the parameter naming its layer and a description of the feature
/// ("feature 'Line 9' (#3) of layer 'tunnels'").
struct SourceOrigin {
    std::string parameter;
    std::string text;
};

/// The engine scenario and where each of its sources came from.
struct Adapted {
    Scenario scenario;
    /// Engine path of a source ("tunnels[0]", "excavations[2]", ...) -> its origin.
    std::map<std::string, SourceOrigin> origins;
};

/// Builds the scenario. Appends a problem for every layer that is missing or of the wrong kind, every feature
/// of the wrong geometry and every attribute that is not a number or not one of its words. Never throws.
Adapted adaptModel(const core::CityModel& model, const AdapterOptions& options,
                   std::vector<core::Problem>& problems);

/// The engine's validate() on an adapted scenario, each problem re-worded to name the parameter, layer and
/// feature it comes from. Never throws.
std::vector<core::Problem> engineProblems(const Adapted& adapted, const Tables& tables);

/// Days from the origin of a text that is a day number ("120") or an ISO date ("2024-03-01", needs
/// `originDate`). False (and `why`) when it is neither.
bool parseDay(const std::string& text, const std::string& originDate, double& day, std::string& why);

/// A file named by a parameter: as written when it exists (absolute or relative to the working directory),
/// else relative to the folders of the model's input files (the scenario's data sit beside it). "" when not
/// found.
std::string resolvePath(const std::string& path, const core::CityModel& model);

/// The tables: each of the six files from `folder` when it holds it (a scenario's edited copy), else from
/// `defaultFolder`. @throws core::Error as loadTables (file, line and column of a bad value).
Tables loadTablesWithOverrides(const std::string& folder, const std::string& defaultFolder);

}  // namespace citytwin::subsidence
