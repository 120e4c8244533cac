#pragma once
/// @file tables.h
/// The data tables of the new-town engine (data/newtown/*.csv): zoning limits of the National Land Planning
/// Act decree, a city's ordinance, the Building Act's daylight rules, typologies and unit mixes, per-class
/// defaults, trip and job rates by use, per-capita rates, reference towns and the sunlight test. Every table
/// names its source and date (`# source:` / `# date:` lines); the readers reject a bad file with
/// core::Error(FileFormat) naming the file, line and column, and a missing file with FileNotFound.
/// Readers are re-entrant; the structs are plain values.

#include <string>
#include <vector>

namespace citytwin::newtown {

/// Building uses of the load tables (land_use_rates.csv ids).
enum class LandUse { Residential, Retail, Office, Industrial, Public };
/// "residential", "retail", "office", "industrial", "public".
const char* toString(LandUse use);
/// Parses a use id (case-insensitive); false when unknown.
bool parseLandUse(const std::string& text, LandUse& use);

/// One zoning class (용도지역) of the decree table.
struct ZoningClass {
    std::string id;      ///< stable id, e.g. "general_residential_3"
    std::string nameKo;  ///< "제3종일반주거지역"
    std::string nameEn;
    double bcrMaxPct = 0.0;          ///< Art. 84(1) maximum building-coverage ratio [%]
    double farMinPct = 0.0;          ///< Art. 85(1) lower end of the ordinance's FAR range [%]
    double farMaxPct = 0.0;          ///< Art. 85(1) upper end [%]
    bool northSetback = false;       ///< Building Act Art. 61(1) due-north setback applies
    bool apartmentDaylight = false;  ///< Building Act Art. 61(2) apartment lot-line and spacing rules apply
    double lotLineHeightRatio =
        0.0;  ///< Decree Art. 86(3)1: apartment height <= ratio x lot-line distance (0: none)
};

struct TableInfo {
    std::string file;
    std::string source;
    std::string date;
};

struct ZoningDecree {
    TableInfo info;
    std::vector<ZoningClass> classes;
    /// A class by id ("general_residential_3") or Korean name ("제3종일반주거지역", spaces ignored); null if
    /// none.
    const ZoningClass* find(const std::string& idOrName) const;
};

/// A city ordinance's limit for one class.
struct OrdinanceLimit {
    std::string classId;
    double bcrPct = 0.0;
    double farPct = 0.0;
    bool verified = false;  ///< checked against the ordinance text itself
    std::string note;
};

struct Ordinance {
    std::string name;  ///< "seoul", "goyang"
    TableInfo info;
    std::vector<OrdinanceLimit> limits;
    const OrdinanceLimit* find(const std::string& classId) const;
};

/// Building Act Enforcement Decree Art. 86 numbers (building_rules.csv).
struct BuildingRules {
    double northLowHeightM = 10.0;        ///< parts up to this height need only the minimum distance [m]
    double northLowHeightPre2023M = 9.0;  ///< the same before the 2023 amendment [m]
    double northMinDistanceM = 1.5;       ///< minimum distance from the north lot line [m]
    double northHeightRatio = 0.5;        ///< higher parts: distance >= ratio x height
    double spacingFactorMin = 0.5;        ///< least ordinance spacing factor (Art. 86(3)2 ga)
    double blankToSideWallM = 8.0;        ///< Art. 86(3)2 ra [m]
    double sideWallsM = 4.0;              ///< Art. 86(3)2 ma [m]
};

enum class TypologyKind { Tower, Slab, Perimeter, Houses };
const char* toString(TypologyKind kind);

struct UnitType {
    std::string name;
    double exclusiveM2 = 0.0;
    double grossM2 = 0.0;  ///< gross floor area per unit, as counted in FAR [m2]
    double share = 0.0;    ///< of the units, 0..1
};

struct Typology {
    std::string id;
    TypologyKind kind = TypologyKind::Slab;
    double lengthM = 0.0;        ///< east-west footprint length [m] (perimeter: unused)
    double depthM = 0.0;         ///< north-south depth, or wing depth of a perimeter block [m]
    double storeyHeightM = 3.0;  ///< floor-to-floor height [m]
    int minFloors = 1;
    int maxFloors = 1;
    double sideGapM = 0.0;  ///< clear gap between buildings of one row [m]
    double minRowSpacingM =
        0.0;                   ///< clear gap between rows before the height rule (perimeter: courtyard) [m]
    double lotSetbackM = 0.0;  ///< clear distance from every lot line [m]
    bool apartment = true;     ///< the apartment daylight rules apply
    bool windowsAllSides = false;
    std::vector<UnitType> units;
    /// Share-weighted mean gross floor area per unit [m2].
    double meanUnitGrossM2() const;
};

struct ClassDefault {
    std::string classId;
    std::string typology;
    double residentialShare = 1.0;
    LandUse nonResidentialUse = LandUse::Retail;
};

struct LandUseRate {
    LandUse use = LandUse::Residential;
    double dailyTripEndsPer100M2 = 0.0;  ///< vehicle trip ends per day per 100 m2 GFA, before the car share
    double gfaM2PerJob = 0.0;            ///< m2 of GFA per job; 0 = no jobs
};

struct PerCapitaRates {
    double waterLPerPersonDay = 0.0;
    double shareElementary = 0.0;  ///< of the population
    double shareMiddle = 0.0;
    double shareHigh = 0.0;
};

struct ReferenceTown {
    std::string name;
    double areaHa = 0.0;
    double homes = 0.0;
    double population = 0.0;
    double farPct = 0.0;  ///< 0 = not given
    double grossDensityPerHa = 0.0;
};

/// The case-law sunlight test; times in minutes after midnight (KST).
struct SunlightCriteria {
    double continuousStartMin = 540.0;
    double continuousEndMin = 900.0;
    double continuousMinH = 2.0;
    double totalStartMin = 480.0;
    double totalEndMin = 960.0;
    double totalMinH = 4.0;
};

/// Every table the engine needs.
struct NewtownTables {
    ZoningDecree decree;
    Ordinance ordinance;
    BuildingRules rules;
    TableInfo rulesInfo;
    std::vector<Typology> typologies;
    TableInfo typologiesInfo, unitMixInfo;
    std::vector<ClassDefault> classDefaults;
    TableInfo classDefaultsInfo;
    std::vector<LandUseRate> landUse;
    TableInfo landUseInfo;
    PerCapitaRates perCapita;
    TableInfo perCapitaInfo;
    std::vector<ReferenceTown> referenceTowns;
    TableInfo referenceTownsInfo;
    SunlightCriteria sunlight;
    TableInfo sunlightInfo;

    const Typology* typology(const std::string& id) const;
    const ClassDefault* classDefault(const std::string& classId) const;
    /// The rate of a use (every use has one after loadTables()).
    const LandUseRate& rate(LandUse use) const;
    /// Every table's file, source and date, for the run report.
    std::vector<TableInfo> provenance() const;
};

ZoningDecree readZoningDecree(const std::string& path);
/// Reads `ordinance_<name>.csv`; each class must exist in the decree, each BCR at most the decree maximum and
/// each FAR within the decree's range (an ordinance cannot set a limit outside it: the file is refused).
Ordinance readOrdinance(const std::string& path, const ZoningDecree& decree, const std::string& name);
BuildingRules readBuildingRules(const std::string& path);
/// Typologies with their unit mixes (shares per typology must sum to 1 within 1e-6).
std::vector<Typology> readTypologies(const std::string& typologiesPath, const std::string& unitMixPath);
std::vector<ClassDefault> readClassDefaults(const std::string& path, const ZoningDecree& decree,
                                            const std::vector<Typology>& typologies);
/// Rates for every LandUse (a missing use is an error).
std::vector<LandUseRate> readLandUseRates(const std::string& path);
PerCapitaRates readPerCapitaRates(const std::string& path);
std::vector<ReferenceTown> readReferenceTowns(const std::string& path);
SunlightCriteria readSunlightCriteria(const std::string& path);

/// All tables from a directory (data/newtown), with the ordinance `ordinance_<ordinance>.csv`.
/// @throws core::Error FileNotFound / FileFormat naming the file (and line, column).
NewtownTables loadTables(const std::string& dir, const std::string& ordinance);

}  // namespace citytwin::newtown
