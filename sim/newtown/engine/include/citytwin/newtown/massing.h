#pragma once
/// @file massing.h
/// Parcels and their zoning, and the massing: buildings of a typology placed inside the setbacks and the
/// Building Act envelope of each parcel, meeting the BCR and FAR targets or as close as the rules allow, with
/// a compliance table (required vs achieved) checked independently of the placement.
///
/// Geometry is in the project CRS [m]; the rules that speak of "north" use true north, given as the grid
/// bearing of true north (MassingOptions::trueNorthGridAzimuthDeg; the plug-in gets it from PROJ).
/// Functions are re-entrant; massParcels() runs parcels in parallel (OpenMP) with results independent of the
/// thread count.

#include <cmath>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/newtown/tables.h"

namespace citytwin::newtown {

/// A parcel or block to build on. NaN / empty overrides fall back to the ordinance and class defaults.
struct Parcel {
    std::string id;           ///< unique, used in every message
    core::Polygon shape;      ///< valid polygon in the project CRS [m]
    std::string zoningClass;  ///< class id ("general_residential_3") or Korean name ("제3종일반주거지역")
    std::string blockId;      ///< groups parcels for densities ("" = the parcel is its own block)
    bool redevelop = true;          ///< build on it and replace the existing buildings that lie in it
    double farPct = NAN;            ///< FAR to build to [%] (e.g. a district plan or the 2024 special act)
    double bcrPct = NAN;            ///< BCR limit [%]
    double heightLimitM = NAN;      ///< absolute height limit [m]
    double residentialShare = NAN;  ///< share of the floor area in homes, 0..1
    std::string typology;           ///< typologies.csv id
    std::string nonResidentialUse;  ///< land_use_rates.csv id of the non-residential floor area
    /// Distance from the parcel boundary to the adjacent lot line the daylight rules measure to [m]; NaN =
    /// MassingOptions::lotLineOffsetM. For a block with roads all round, half the road width (see there).
    double lotLineOffsetM = NAN;
};

/// Which version of the due-north setback (Building Act Enforcement Decree Art. 86(1)).
enum class NorthSetbackRule {
    Current,  ///< parts up to 10 m high at least 1.5 m away, higher parts half their height (since 2023-09)
    Pre2023,  ///< the same with 9 m
};

struct MassingOptions {
    /// Apartment spacing: window walls at least factor x height apart (the building ordinance's factor; at
    /// least BuildingRules::spacingFactorMin = 0.5). [spacing_factor] default 0.8.
    double spacingFactor = 0.8;
    NorthSetbackRule northRule = NorthSetbackRule::Current;
    /// Parcels may be given a FAR up to this multiple of the decree maximum (the 2024 Special Act on aging
    /// planned cities allows 1.5); 1 = the decree maximum. [far_bonus_factor] 1..2.
    double farBonusFactor = 1.0;
    /// Grid bearing of true north, clockwise from grid north [deg] (0 when the grid is aligned).
    double trueNorthGridAzimuthDeg = 0.0;
    /// Seed of the placement phase (deterministic for a seed). [seed]
    unsigned seed = 1;
    /// Default of Parcel::lotLineOffsetM [m], 0..50. The due-north and lot-line rules measure to the adjacent
    /// lot line; across a road, park or river the decree (Art. 86) moves that line to the far side
    /// (apartments: the centre line between the two lot lines). 0 measures to the parcel boundary itself
    /// (conservative: a parcel touching another parcel). [lot_line_offset_m]
    double lotLineOffsetM = 0.0;
    /// Row phases tried per floor count (more = closer to the target, slower), 1..16.
    int phaseCandidates = 4;
};

/// The rule that stopped a parcel from reaching its FAR target (Far = it reached it).
enum class BindingRule { Far, Bcr, NorthSetback, Spacing, LotLine, HeightLimit, MaxFloors, ParcelShape };
const char* toString(BindingRule rule);

/// A building the massing placed.
struct NewBuilding {
    std::string id;  ///< "<parcel id>/<n>", n from 1
    std::string parcelId;
    core::Polygon footprint;  ///< project CRS [m]
    int floors = 0;
    double storeyHeightM = 3.0;
    double heightM = 0.0;  ///< floors x storey height [m]
    double baseM = 0.0;    ///< ground elevation [m] (terrain under the footprint; 0 without terrain)
    double footprintM2 = 0.0;
    double gfaM2 = 0.0;             ///< footprint x floors [m2]
    double gfaResidentialM2 = 0.0;  ///< gfa x residential share
    double gfaNonResidentialM2 = 0.0;
    LandUse nonResidentialUse = LandUse::Retail;
    std::string use;  ///< "residential", "mixed" or the non-residential use
    std::string typology;
    double meanUnitGrossM2 = 100.0;  ///< of the typology's unit mix [m2]
    bool windowsAllSides = false;    ///< towers: homes look every way
};

/// Required versus achieved values of one parcel. Ratios are distance / height.
struct ParcelCompliance {
    std::string parcelId;
    std::string zoningClass;
    std::string typology;
    double areaM2 = 0.0;
    int buildings = 0;
    double bcrLimitPct = 0.0, bcrAchievedPct = 0.0;
    bool bcrPass = true;
    double farLimitPct = 0.0;   ///< legal limit applied (override, else ordinance, else decree maximum)
    double farTargetPct = 0.0;  ///< what the massing aimed at
    double farAchievedPct = 0.0;
    bool farPass = true;
    double heightLimitM = NAN;  ///< NaN = none
    double maxHeightM = 0.0;
    bool heightPass = true;
    bool northSetbackApplies = false;
    double northRequiredM = 0.0;  ///< required distance of the worst building (for its height) [m]
    double northAchievedM = NAN;  ///< its distance to the north lot line [m]
    bool northPass = true;
    bool spacingApplies = false;
    double spacingRequiredRatio = 0.0;  ///< the spacing factor
    double spacingAchievedRatio = NAN;  ///< least gap / taller height over facing window walls (NaN: no pair)
    double sideGapRequiredM = 0.0;
    double sideGapAchievedM = NAN;  ///< least gap between side walls (NaN: no pair)
    bool spacingPass = true;
    bool lotLineApplies = false;
    double lotLineRequiredRatio = 0.0;  ///< 1 / lot-line height ratio
    double lotLineAchievedRatio = NAN;  ///< least window-wall distance to the lot line / height
    bool lotLinePass = true;
    BindingRule binding = BindingRule::Far;
    std::string note;
    bool pass() const { return bcrPass && farPass && heightPass && northPass && spacingPass && lotLinePass; }
};

/// Parcel checks: errors refuse the run, warnings are reported and the run goes on.
struct ParcelChecks {
    std::vector<core::Problem> errors;
    std::vector<core::Problem> warnings;
};

/// Every problem of the parcels at once (never throws), each naming the parcel and the value:
/// errors - an empty or repeated id, an invalid polygon, an unknown zoning class or typology or use, a FAR
/// above the decree maximum x far_bonus_factor (refused: Art. 78 of the Act and Art. 85 of its decree are
/// ceilings no ordinance or plan may pass, short of a special act), a BCR above the decree maximum, a
/// residential share outside 0..1, overlapping parcels (more than 1 m2 in common);
/// warnings - a FAR below the decree minimum (legal to build, but no ordinance may set such a limit, so it
/// is likely a typing error), a class the ordinance does not list (the decree maximum is used), a parcel too
/// small for any building of its typology (it gets none).
ParcelChecks checkParcels(const std::vector<Parcel>& parcels, const NewtownTables& tables,
                          const MassingOptions& options);

/// The massing of every parcel with redevelop set.
struct MassingResult {
    std::vector<NewBuilding> buildings;
    std::vector<ParcelCompliance> compliance;  ///< one per redeveloped parcel, in input order
    std::vector<core::Problem> warnings;       ///< e.g. parcels that got no building
    bool cancelled = false;
};

/// Places buildings on every redeveloped parcel. Parcels are assumed checked (checkParcels() without errors).
/// Reports progress, polls cancel between parcels.
MassingResult massParcels(const std::vector<Parcel>& parcels, const NewtownTables& tables,
                          const MassingOptions& options, const core::Progress& progress = {});

/// Compliance of given buildings on a parcel, measured from the geometry alone (the massing's own
/// bookkeeping is not used). Buildings must belong to the parcel.
ParcelCompliance checkCompliance(const Parcel& parcel, const std::vector<NewBuilding>& buildings,
                                 const NewtownTables& tables, const MassingOptions& options);

/// The highest a part may be at `distanceM` from the due-north lot line (Art. 86(1)): 0 below the minimum
/// distance, else max(low height, distance / ratio) [m].
double northSetbackMaxHeight(double distanceM, const BuildingRules& rules, NorthSetbackRule rule);
/// The least distance from the due-north lot line for a part `heightM` high [m].
double northSetbackRequiredDistance(double heightM, const BuildingRules& rules, NorthSetbackRule rule);

/// The legal FAR and BCR limits of a parcel and their source ("override", "ordinance", "decree").
struct ParcelLimits {
    const ZoningClass* zoning = nullptr;
    double farLimitPct = 0.0;
    double bcrLimitPct = 0.0;
    std::string farSource;
    std::string bcrSource;
    const Typology* typology = nullptr;
    double residentialShare = 1.0;
    LandUse nonResidentialUse = LandUse::Retail;
};
/// Resolves overrides, ordinance and decree; null zoning/typology when unknown.
ParcelLimits parcelLimits(const Parcel& parcel, const NewtownTables& tables);

}  // namespace citytwin::newtown
