#pragma once
/// @file newtown.h
/// The new-town run in one call: zoning to massing, households and population, densities, the winter-solstice
/// sunlight of homes and ground, and the load on roads, water and schools, with a before/after comparison.
/// Plain structs in, plain structs out, for a thin plug-in adapter:
///
///     auto tables = newtown::loadTables(dataDir + "/newtown", "seoul");
///     newtown::NewtownInputs in;             // parcels, existing buildings, terrain, site lat/lon
///     newtown::NewtownParams params;         // defaults documented per field
///     auto checks = newtown::validate(in, params, tables);   // errors refuse, warnings go to the log
///     auto r = newtown::run(in, params, tables, progress);   // r.status Completed or Cancelled
///
/// Thread safety: run() is re-entrant (it uses OpenMP inside).

#include <cmath>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/core/raster.h"
#include "citytwin/newtown/massing.h"
#include "citytwin/newtown/population.h"
#include "citytwin/newtown/sunlight.h"
#include "citytwin/newtown/tables.h"

namespace citytwin::newtown {

/// A building of the city model.
struct ExistingBuilding {
    std::string id;
    core::MultiPolygon footprint;  ///< project CRS [m]
    double heightM = 0.0;          ///< > 0
    double baseM = NAN;            ///< ground elevation [m]; NaN = from the terrain (else 0)
    double floors = NAN;           ///< floors above ground when known
    bool residential = false;      ///< homes (apartments, houses): households and facade points
    LandUse nonResidentialUse = LandUse::Retail;  ///< use of a non-residential building (jobs, trips)
};

struct NewtownInputs {
    std::vector<Parcel> parcels;
    std::vector<ExistingBuilding> existing;
    const core::Raster* terrain = nullptr;  ///< DEM in the project CRS (optional)
    double latitudeDeg = NAN;               ///< the site, for the sun (WGS84)
    double longitudeDeg = NAN;
};

struct NewtownParams {
    MassingOptions massing;  ///< trueNorthGridAzimuthDeg also orients the sun
    PopulationOptions population;
    SunlightOptions sun;  ///< latitude/longitude/true north are taken from the inputs/massing
    FacadeSampling facade;
    bool computeSunlight = true;  ///< [compute_sunlight]
    /// [replace_share] an existing building on a redeveloped parcel is replaced when at least this share of
    /// its footprint lies in the parcel, 0.01..1.
    double replaceShare = 0.5;
};

/// A building's numbers for the report and the traffic coupling.
struct BuildingLoad {
    std::string buildingId;
    enum class Status { New, Kept, Replaced } status = Status::New;
    std::string parcelId;  ///< new buildings, and existing ones on a parcel ("" outside every parcel)
    core::Point centroid;  ///< project CRS [m] (for zoning the trips)
    Load load;
};

struct BlockDensity {
    std::string blockId;
    double areaHa = 0.0;             ///< all its parcels
    double residentialAreaHa = 0.0;  ///< parcel area x residential share
    double households = 0.0;         ///< after: new + kept existing homes on its parcels
    double population = 0.0;
    double grossDensityPerHa = 0.0;  ///< population / areaHa
    double netDensityPerHa = 0.0;    ///< population / residentialAreaHa
    double farPct = 0.0;             ///< floor area after / area
};

struct Summary {
    Load added;          ///< new buildings minus replaced ones
    Load newBuildings;   ///< the new buildings alone
    Load after;          ///< homes and jobs on the parcels after (new + kept existing)
    double gfaM2 = 0.0;  ///< new floor area
    int buildings = 0;
    double planningAreaHa = 0.0;
    double grossDensityPerHa = 0.0;
    double netDensityPerHa = 0.0;
    double residentialFarPct = 0.0;  ///< floor area / area over the parcels with homes
    double personsPerHousehold = 0.0;
};

/// Sunlight of one facade point, with the building it belongs to.
struct FacadeResult {
    FacadePoint point;
    std::string buildingId;
    BuildingLoad::Status status = BuildingLoad::Status::New;
    PointSunlight sun;
    std::string causeBuildingId;  ///< the new building that alone blocks it most ("" none)
};

/// Before/after figures of the scenario.
struct Comparison {
    double householdsBefore = 0.0, householdsAfter = 0.0, householdsAdded = 0.0;
    double populationBefore = 0.0, populationAfter = 0.0, populationAdded = 0.0;
    double peakTripsAdded = 0.0;              ///< productions + attractions [veh/h]
    double dailyTripsAdded = 0.0;             ///< [veh/day]
    double failingHouseholdsBefore = 0.0;     ///< existing homes failing the sunlight test before
    double failingHouseholdsAfter = 0.0;      ///< kept existing + new homes failing after
    double failingNewHouseholds = 0.0;        ///< new homes (windows) failing
    double newlyFailingExisting = 0.0;        ///< kept homes that passed before and fail after
    double newlyFailingByNewBuildings = 0.0;  ///< of those, with a new building to blame
};

struct NewtownResult {
    enum class Status { Completed, Cancelled } status = Status::Completed;
    std::vector<NewBuilding> buildings;
    std::vector<ParcelCompliance> compliance;
    std::vector<std::string> replacedExisting;  ///< ids of existing buildings replaced
    std::vector<BuildingLoad> loads;            ///< new, kept and replaced buildings
    std::vector<BlockDensity> blocks;
    Summary summary;
    std::vector<ReferenceComparison> references;
    std::vector<FacadeResult> facade;  ///< empty without computeSunlight
    core::Raster sunHours;             ///< ground sunlight hours after [h]
    core::Raster sunHoursBefore;
    std::vector<SunStep> sunPath;
    Comparison comparison;
    std::vector<core::Problem> warnings;
    std::vector<TableInfo> provenance;
};

/// Every problem at once (never throws): parcels (checkParcels), parameters, the site, existing buildings.
ParcelChecks validate(const NewtownInputs& inputs, const NewtownParams& params, const NewtownTables& tables);

/// Runs everything. Progress: massing 0-10 %, loads 10-15 %, sunlight 15-100 %; cancel is polled between
/// parcels and per sun step and returns Status::Cancelled promptly.
/// @throws core::Error(Validation) when validate() finds errors (the first is named).
NewtownResult run(const NewtownInputs& inputs, const NewtownParams& params, const NewtownTables& tables,
                  const core::Progress& progress = {});

}  // namespace citytwin::newtown
