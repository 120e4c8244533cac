#pragma once
/// @file occupancy.h
/// Who is in a building: its use, floors, gross floor area, households, residents, jobs and the vehicle trips it
/// generates, from its attributes and a table of rates by use (data/occupancy/occupancy_rules.csv). Written once
/// and shared: traffic's trip generation, the population under a UAM route, the new town's existing buildings.

#include <map>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/export.h"

namespace citytwin::core {

/// Use classes of buildings.
enum class BuildingUse { Residential, Office, Retail, Hotel, Education, Hospital, Industrial, Other };

/// "residential", "office", "retail", "hotel", "education", "hospital", "industrial", "other".
CITYTWIN_CORE_API const char* toString(BuildingUse use);
/// The use named by toString(); false for other text.
CITYTWIN_CORE_API bool parseBuildingUse(const std::string& text, BuildingUse& out);

/// The use a source's tag gives: an OSM `building` or `amenity` value ("apartments" -> Residential, "school" ->
/// Education; in "yes;retail" the first value that says more than "yes"), or a Korean building-register use
/// (공동주택, 단독주택 -> Residential, 업무시설 -> Office, 판매시설, 근린생활시설 -> Retail, 숙박시설 -> Hotel,
/// 교육연구시설 -> Education, 의료시설 -> Hospital, 공장, 창고시설 -> Industrial). Unknown tags give `fallback`.
CITYTWIN_CORE_API BuildingUse classifyUse(const std::string& tag, BuildingUse fallback);

/// The rates of one use.
struct UseRates {
    double gfaPerHouseholdM2 = 0.0;  ///< gross floor area per home [m2]; 0 = the use has no homes
    double personsPerHousehold = 0.0;
    double gfaPerJobM2 = 0.0;          ///< [m2]; 0 = the use has no jobs
    double dailyTripEndsPer100M2 = 0;  ///< vehicle trip ends per day per 100 m2, before any car share
};

/// Rates for every use, from a table.
struct OccupancyRules {
    std::map<BuildingUse, UseRates> rates;  ///< one row per use; all eight are required
    std::string file;                       ///< where they were read from
};

/// Reads a rates table (CSV: use, gfa_m2_per_household, persons_per_household, gfa_m2_per_job,
/// daily_trip_ends_per_100m2; '#' comment lines). @throws Error(FileNotFound) or Error(FileFormat) naming the file,
/// line and column for a missing use, an unknown use, a repeated use, a negative or non-numeric rate, a home size
/// without persons.
CITYTWIN_CORE_API OccupancyRules readOccupancyRules(const std::string& file);
/// The shipped table, <dataDirectory()>/occupancy/occupancy_rules.csv. @throws as readOccupancyRules.
CITYTWIN_CORE_API OccupancyRules defaultOccupancyRules();

struct OccupancyOptions {
    double storeyHeightM = 3.0;                         ///< floors = height / this where the data have no count
    BuildingUse defaultUse = BuildingUse::Residential;  ///< for buildings whose tags say nothing
};

/// One building's occupants.
struct Occupancy {
    BuildingUse use = BuildingUse::Residential;
    double floors = 0.0;         ///< recorded levels, else max(1, round(height / storey height))
    double floorAreaM2 = 0.0;    ///< footprint area x floors [m2]
    double households = 0.0;     ///< floor area / GFA per home (homes only)
    double residents = 0.0;      ///< households x persons per household
    double jobs = 0.0;           ///< floor area / GFA per job
    double dailyTripEnds = 0.0;  ///< floor area / 100 x the daily rate (before any car share)
};

/// Occupants of every building of the model (aligned with model.buildings). The use comes from the first of the
/// attributes building, amenity, use, usage, 주용도 that classifies.
CITYTWIN_CORE_API std::vector<Occupancy> estimateOccupancy(const CityModel& model, const OccupancyRules& rules,
                                                           const OccupancyOptions& options = {});

}  // namespace citytwin::core
