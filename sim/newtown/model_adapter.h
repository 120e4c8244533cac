#pragma once
/// @file model_adapter.h
/// The city model as new-town engine input, and the engine's results as layers and tables (library
/// citytwin_newtown_model, linked into the plug-in and testable without it).
///
/// Inputs: parcels from a vector layer (attribute names in ParcelFields; the overrides have fixed names, see
/// sim/newtown/README.md, "Parcel attributes"), existing buildings from the model (or a vector layer) with
/// their use read from an OSM-style `building` attribute, and the site (latitude, longitude, grid bearing of
/// true north) from the model's CRS through PROJ. Outputs: the new buildings, the building stock after (kept
/// + new, for the traffic coupling), parcels with their compliance, facade points and 3D window marks, and
/// the tables.
///
/// Every function is re-entrant and reads its inputs through const references. Problems name the parcel or
/// building, the attribute and the value; they are returned, never thrown, unless a function says otherwise.

#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/vector_layer.h"
#include "citytwin/newtown/newtown.h"
#include "citytwin/sdk/outputs.h"

namespace citytwin::newtown {

// ---------------------------------------------------------------------------------------------------------
// Tables

/// The folder of the shipped tables: `$CITYTWIN_NEWTOWN_TABLES` when set, else `share/citytwin/data/newtown`
/// beside the installed plug-in directory, else the source tree's `data/newtown` (builds). Empty when none
/// holds `zoning_decree.csv`.
std::string defaultTablesDir();

// ---------------------------------------------------------------------------------------------------------
// Parcels

/// Attribute names of the parcel layer that the user may choose. The override attributes have fixed names:
/// far_pct, bcr_pct, height_limit_m, residential_share, typology, nonresidential_use, lot_line_offset_m,
/// redevelop (README, "Parcel attributes").
struct ParcelFields {
    std::string id = "id";  ///< [id_field] unique parcel id; missing field: "1", "2", ... in layer order
    std::string zoning = "zoning";  ///< [zoning_field] class id or Korean name (required)
    std::string block = "block";    ///< [block_field] groups parcels for densities (optional)
};

/// Parcels of a polygon layer. Each feature must be one polygon (a multi-part feature is refused: split it);
/// empty or NULL attributes leave the override unset. Problems (parameter `parcel_layer`) name the parcel,
/// the attribute and the value: a missing zoning field, a number that is not a number, a redevelop flag that
/// is not yes/no, a feature that is not a polygon.
std::vector<Parcel> parcelsFromLayer(const core::VectorLayer& layer, const ParcelFields& fields,
                                     std::vector<core::Problem>& problems);

// ---------------------------------------------------------------------------------------------------------
// Existing buildings

/// How existing buildings are read.
struct ExistingOptions {
    std::string useField = "building";  ///< [building_use_field] OSM-style building tag ("apartments", ...)
    /// [untagged_building_use] use of buildings whose tag says nothing ("yes", empty, unknown): Residential =
    /// homes, anything else = that non-residential use.
    LandUse untaggedUse = LandUse::Residential;
};

/// The use of an OSM `building` value: "apartments", "residential", "house", "officetel", ... -> homes;
/// "retail", "commercial", "supermarket", "hotel" -> retail; "office" -> office; "industrial", "warehouse" ->
/// industrial; "school", "hospital", "public", "civic", "church", ... -> public. "yes;apartments": the first
/// part that says more than "yes". Unknown and "yes": `untagged`. Sets `known` when the tag was recognised.
LandUse classifyBuildingTag(const std::string& tag, LandUse untagged, bool* known = nullptr);

/// The model's buildings (footprint, height, base, floors, use from `useField`). `tags`, when given, receives
/// each building's `useField` value as read (for the building stock after, which traffic reads).
std::vector<ExistingBuilding> existingFromModel(const core::CityModel& model, const ExistingOptions& options,
                                                std::vector<std::string>* tags = nullptr);

/// Buildings of a polygon layer: height from `height_m` (or `height`), floors from `levels` (or
/// `building:levels`), base from `base_m`, id from `id` (else the feature number). Features without a
/// positive height are problems (parameter `existing_buildings`) naming the feature and the value.
std::vector<ExistingBuilding> existingFromLayer(const core::VectorLayer& layer,
                                                const ExistingOptions& options,
                                                std::vector<core::Problem>& problems,
                                                std::vector<std::string>* tags = nullptr);

// ---------------------------------------------------------------------------------------------------------
// The site

struct Site {
    core::Point centre;                    ///< project CRS [m]
    double latitudeDeg = 0.0;              ///< WGS84
    double longitudeDeg = 0.0;             ///< WGS84
    double trueNorthGridAzimuthDeg = 0.0;  ///< grid bearing of true north, clockwise from grid north [deg]
};

/// Latitude, longitude and the grid bearing of true north at `centre` (project CRS `crs`), by PROJ: the
/// centre is taken to WGS84 and a point 0.01 deg north of it back; the bearing is that of the step.
/// @throws core::Error(Crs) when PROJ cannot transform (e.g. an empty CRS).
Site siteOf(const core::Crs& crs, const core::Point& centre);

/// The centre of the parcels' bounding box [m].
core::Point parcelsCentre(const std::vector<Parcel>& parcels);

// ---------------------------------------------------------------------------------------------------------
// Results as layers and tables (all in `crs`)

/// New buildings: polygons with id, parcel_id, use, building (OSM-style tag: "apartments" when at least half
/// the floor area is homes, else the non-residential use), typology, floors, levels, height_m, base_m,
/// footprint_m2, gfa_m2, gfa_residential_m2, gfa_nonresidential_m2, nonresidential_use, households,
/// population, jobs, daily_trip_ends, peak_productions_veh_h, peak_attractions_veh_h, parcel_far_pct.
core::VectorLayer newBuildingsLayer(const NewtownResult& r, const core::Crs& crs);

/// The building stock after: kept existing buildings then the new ones, with id, status ("new", "kept"),
/// building, use, levels, height_m, base_m, gfa_m2, gfa_residential_m2, gfa_nonresidential_m2, households,
/// population, jobs, peak_productions_veh_h, peak_attractions_veh_h. What the traffic simulator needs to
/// generate trips from "the model's buildings after the plan" (README, "Coupling with traffic").
/// `existingTags` (aligned with in.existing, optional) keeps the kept buildings' own tags ("hotel", "school",
/// ...); without them the tag follows the use. `before`: the stock before the plan instead (every existing
/// building, status "kept" or "replaced", described the same way), so that a traffic run before and one after
/// differ by the plan and not by how the stock is described.
core::VectorLayer buildingsAfterLayer(const NewtownInputs& in, const NewtownResult& r, const core::Crs& crs,
                                      const std::vector<std::string>& existingTags = {}, bool before = false);

/// Parcels with their compliance (one feature per parcel): id, zoning, typology, redevelop, area_m2,
/// buildings, bcr_limit_pct, bcr_pct, far_limit_pct, far_target_pct, far_pct, height_limit_m, max_height_m,
/// north_required_m, north_achieved_m, spacing_required, spacing_achieved, lot_line_required,
/// lot_line_achieved, binding, failed_rules, result (0 passes every rule, 1 fails one; NULL not redeveloped),
/// households, population.
core::VectorLayer parcelsLayer(const NewtownInputs& in, const NewtownResult& r, const core::Crs& crs);

/// Facade points of the buildings standing after (kept and new; points of replaced buildings count only in
/// the "before" figures): building_id, status, floor, z_m, households, hours_total, hours_continuous, passes,
/// hours_total_before, passes_before, result (0 passes, 1 fails, 2 newly fails: an existing home that passed
/// before), blamed_building.
core::VectorLayer facadePointsLayer(const NewtownResult& r, const core::Crs& crs);

/// The points that fail the sunlight test after (result 1 or 2) as short horizontal 3D lines along their wall
/// at window height (`lengthM` long, 0.4 m in front of the wall), for a viewer that draws point layers on the
/// ground only: attributes as facadePointsLayer.
core::VectorLayer failingWindowsLayer(const NewtownResult& r, const core::Crs& crs, double lengthM = 2.0);

sdk::Table complianceTable(const NewtownResult& r);
/// Before, after and added: households, population, jobs, floor area, trips, water, pupils, failing homes.
sdk::Table comparisonTable(const NewtownResult& r);
sdk::Table loadsTable(const NewtownResult& r);
/// Peak-hour and daily trips per parcel (the parcels as traffic zones): after, before and added.
sdk::Table parcelTripsTable(const NewtownInputs& in, const NewtownResult& r);
sdk::Table blocksTable(const NewtownResult& r);
sdk::Table referenceTownsTable(const NewtownResult& r);
/// Time [s after midnight, local], azimuth and elevation per step.
sdk::Table sunPathTable(const NewtownResult& r);
sdk::Table sourcesTable(const NewtownResult& r);

/// Before, after and added loads over every building (existing replaced or kept, new).
struct LoadTotals {
    Load before, after, added;
};
LoadTotals loadTotals(const NewtownResult& r);

}  // namespace citytwin::newtown
