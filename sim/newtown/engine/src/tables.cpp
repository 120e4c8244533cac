#include "citytwin/newtown/tables.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "citytwin/core/error.h"
#include "csv_reader.h"

namespace citytwin::newtown {

namespace {

using core::Error;
using core::ErrorCode;
using detail::CsvRow;
using detail::CsvTable;

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string noSpaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t') out += c;
    return out;
}

TableInfo infoOf(const CsvTable& t) {
    return {t.path(), t.meta("source"), t.meta("date")};
}

/// A number in [lo, hi] (inclusive), else an error naming the cell.
double bounded(const CsvTable& t, const CsvRow& r, int col, double lo, double hi) {
    const double v = t.number(r, col);
    if (v < lo || v > hi) t.fail(r, col, num(v) + " is outside " + num(lo) + ".." + num(hi));
    return v;
}

/// key,value tables: each key once, every expected key present, no unknown keys.
struct KeyValues {
    const CsvTable& table;
    std::map<std::string, const CsvRow*> rows;
    int valueCol = -1;

    explicit KeyValues(const CsvTable& t) : table(t) {
        const int keyCol = t.require("key");
        valueCol = t.require("value");
        for (const CsvRow& r : t.rows()) {
            const std::string key = lower(t.text(r, keyCol));
            if (key.empty()) t.fail(r, keyCol, "empty key");
            if (!rows.emplace(key, &r).second) t.fail(r, keyCol, "key '" + key + "' is given twice");
        }
    }
    const CsvRow& row(const std::string& key) const {
        const auto it = rows.find(key);
        if (it == rows.end())
            throw Error(ErrorCode::FileFormat, "the table has no row with key '" + key + "'",
                        {table.path(), {}, {}});
        return *it->second;
    }
    double number(const std::string& key, double lo, double hi) const {
        return bounded(table, row(key), valueCol, lo, hi);
    }
    double clock(const std::string& key) const {
        const CsvRow& r = row(key);
        double m = 0.0;
        if (!detail::parseClock(table.text(r, valueCol), m))
            table.fail(r, valueCol, "expected a time hh:mm, got \"" + table.text(r, valueCol) + "\"");
        return m;
    }
    void rejectUnknown(const std::vector<std::string>& known) const {
        for (const auto& [key, r] : rows) {
            bool ok = false;
            for (const auto& k : known)
                ok = ok || k == key;
            if (!ok) table.fail(*r, table.column("key"), "unknown key '" + key + "'");
        }
    }
};

}  // namespace

const char* toString(LandUse use) {
    switch (use) {
        case LandUse::Residential:
            return "residential";
        case LandUse::Retail:
            return "retail";
        case LandUse::Office:
            return "office";
        case LandUse::Industrial:
            return "industrial";
        case LandUse::Public:
            return "public";
    }
    return "residential";
}

bool parseLandUse(const std::string& text, LandUse& use) {
    const std::string t = lower(text);
    for (LandUse u :
         {LandUse::Residential, LandUse::Retail, LandUse::Office, LandUse::Industrial, LandUse::Public})
        if (t == toString(u)) {
            use = u;
            return true;
        }
    return false;
}

const char* toString(TypologyKind kind) {
    switch (kind) {
        case TypologyKind::Tower:
            return "tower";
        case TypologyKind::Slab:
            return "slab";
        case TypologyKind::Perimeter:
            return "perimeter";
        case TypologyKind::Houses:
            return "houses";
    }
    return "slab";
}

double Typology::meanUnitGrossM2() const {
    double m = 0.0;
    for (const UnitType& u : units)
        m += u.share * u.grossM2;
    return m;
}

const ZoningClass* ZoningDecree::find(const std::string& idOrName) const {
    const std::string key = lower(noSpaces(idOrName));
    for (const ZoningClass& c : classes)
        if (c.id == key || noSpaces(c.nameKo) == key) return &c;
    return nullptr;
}

const OrdinanceLimit* Ordinance::find(const std::string& classId) const {
    for (const OrdinanceLimit& l : limits)
        if (l.classId == classId) return &l;
    return nullptr;
}

const Typology* NewtownTables::typology(const std::string& id) const {
    for (const Typology& t : typologies)
        if (t.id == lower(id)) return &t;
    return nullptr;
}

const ClassDefault* NewtownTables::classDefault(const std::string& classId) const {
    for (const ClassDefault& c : classDefaults)
        if (c.classId == classId) return &c;
    return nullptr;
}

const LandUseRate& NewtownTables::rate(LandUse use) const {
    for (const LandUseRate& r : landUse)
        if (r.use == use) return r;
    throw Error(ErrorCode::Internal, std::string("no rate for use ") + toString(use));
}

std::vector<TableInfo> NewtownTables::provenance() const {
    return {decree.info,       ordinance.info, rulesInfo,     typologiesInfo,     unitMixInfo,
            classDefaultsInfo, landUseInfo,    perCapitaInfo, referenceTownsInfo, sunlightInfo};
}

ZoningDecree readZoningDecree(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    ZoningDecree d;
    d.info = infoOf(t);
    const int cId = t.require("class_id"), cKo = t.require("name_ko"), cEn = t.require("name_en"),
              cBcr = t.require("bcr_max_pct"), cFmin = t.require("far_min_pct"),
              cFmax = t.require("far_max_pct"), cNorth = t.require("north_setback"),
              cApt = t.require("apartment_daylight"), cLot = t.require("lot_line_height_ratio");
    for (const CsvRow& r : t.rows()) {
        ZoningClass c;
        c.id = lower(t.text(r, cId));
        if (c.id.empty()) t.fail(r, cId, "empty class id");
        for (char ch : c.id)
            if (!(std::islower(static_cast<unsigned char>(ch)) ||
                  std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
                t.fail(r, cId, "class id '" + c.id + "' is not snake_case");
        if (d.find(c.id)) t.fail(r, cId, "class '" + c.id + "' is given twice");
        c.nameKo = t.text(r, cKo);
        c.nameEn = t.text(r, cEn);
        c.bcrMaxPct = bounded(t, r, cBcr, 1, 100);
        c.farMinPct = bounded(t, r, cFmin, 0, 10000);
        c.farMaxPct = bounded(t, r, cFmax, 1, 10000);
        if (c.farMaxPct < c.farMinPct)
            t.fail(r, cFmax,
                   "maximum FAR " + num(c.farMaxPct) + " % is below the minimum " + num(c.farMinPct) + " %");
        c.northSetback = t.flag(r, cNorth);
        c.apartmentDaylight = t.flag(r, cApt);
        c.lotLineHeightRatio = bounded(t, r, cLot, 0, 100);
        d.classes.push_back(c);
    }
    if (d.classes.empty())
        throw core::fileError(ErrorCode::FileFormat, path, "the table lists no zoning class");
    return d;
}

Ordinance readOrdinance(const std::string& path, const ZoningDecree& decree, const std::string& name) {
    const CsvTable t = CsvTable::read(path);
    Ordinance o;
    o.name = name;
    o.info = infoOf(t);
    const int cId = t.require("class_id"), cBcr = t.require("bcr_pct"), cFar = t.require("far_pct"),
              cVer = t.require("verified"), cNote = t.column("note");
    for (const CsvRow& r : t.rows()) {
        OrdinanceLimit l;
        const ZoningClass* c = decree.find(t.text(r, cId));
        if (!c)
            t.fail(r, cId, "unknown zoning class '" + t.text(r, cId) + "' (not in " + decree.info.file + ")");
        l.classId = c->id;
        if (o.find(l.classId)) t.fail(r, cId, "class '" + l.classId + "' is given twice");
        l.bcrPct = t.number(r, cBcr);
        if (l.bcrPct <= 0 || l.bcrPct > c->bcrMaxPct)
            t.fail(r, cBcr,
                   "BCR " + num(l.bcrPct) + " % of " + c->id + " is outside the decree's 0.." +
                       num(c->bcrMaxPct) + " % (Art. 84)");
        l.farPct = t.number(r, cFar);
        if (l.farPct < c->farMinPct || l.farPct > c->farMaxPct)
            t.fail(r, cFar,
                   "FAR " + num(l.farPct) + " % of " + c->id + " is outside the decree's range " +
                       num(c->farMinPct) + ".." + num(c->farMaxPct) + " % (Art. 85)");
        l.verified = t.flag(r, cVer);
        l.note = t.text(r, cNote);
        o.limits.push_back(l);
    }
    return o;
}

BuildingRules readBuildingRules(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const KeyValues kv(t);
    kv.rejectUnknown({"north_setback_low_height_m", "north_setback_low_height_pre2023_m",
                      "north_setback_min_distance_m", "north_setback_height_ratio", "spacing_factor_min",
                      "spacing_blank_to_side_wall_m", "spacing_side_walls_m"});
    BuildingRules b;
    b.northLowHeightM = kv.number("north_setback_low_height_m", 0, 100);
    b.northLowHeightPre2023M = kv.number("north_setback_low_height_pre2023_m", 0, 100);
    b.northMinDistanceM = kv.number("north_setback_min_distance_m", 0, 100);
    b.northHeightRatio = kv.number("north_setback_height_ratio", 0.01, 10);
    b.spacingFactorMin = kv.number("spacing_factor_min", 0, 10);
    b.blankToSideWallM = kv.number("spacing_blank_to_side_wall_m", 0, 100);
    b.sideWallsM = kv.number("spacing_side_walls_m", 0, 100);
    return b;
}

std::vector<Typology> readTypologies(const std::string& typologiesPath, const std::string& unitMixPath) {
    const CsvTable t = CsvTable::read(typologiesPath);
    std::vector<Typology> out;
    const int cId = t.require("id"), cKind = t.require("kind"), cLen = t.require("length_m"),
              cDepth = t.require("depth_m"), cStorey = t.require("storey_height_m"),
              cMin = t.require("min_floors"), cMax = t.require("max_floors"), cGap = t.require("side_gap_m"),
              cRow = t.require("min_row_spacing_m"), cSet = t.require("lot_setback_m"),
              cApt = t.require("apartment"), cAll = t.require("windows_all_sides");
    for (const CsvRow& r : t.rows()) {
        Typology y;
        y.id = lower(t.text(r, cId));
        if (y.id.empty()) t.fail(r, cId, "empty typology id");
        for (const Typology& o : out)
            if (o.id == y.id) t.fail(r, cId, "typology '" + y.id + "' is given twice");
        const std::string kind = lower(t.text(r, cKind));
        if (kind == "tower")
            y.kind = TypologyKind::Tower;
        else if (kind == "slab")
            y.kind = TypologyKind::Slab;
        else if (kind == "perimeter")
            y.kind = TypologyKind::Perimeter;
        else if (kind == "houses")
            y.kind = TypologyKind::Houses;
        else
            t.fail(r, cKind, "unknown kind '" + t.text(r, cKind) + "' (tower, slab, perimeter or houses)");
        y.lengthM = bounded(t, r, cLen, 0, 1000);
        if (y.kind != TypologyKind::Perimeter && y.lengthM < 1.0)
            t.fail(r, cLen, "length " + num(y.lengthM) + " m is below 1 m");
        y.depthM = bounded(t, r, cDepth, 1, 1000);
        y.storeyHeightM = bounded(t, r, cStorey, 2, 10);
        y.minFloors = static_cast<int>(bounded(t, r, cMin, 1, 200));
        y.maxFloors = static_cast<int>(bounded(t, r, cMax, 1, 200));
        if (y.maxFloors < y.minFloors)
            t.fail(r, cMax,
                   "max floors " + std::to_string(y.maxFloors) + " is below min floors " +
                       std::to_string(y.minFloors));
        y.sideGapM = bounded(t, r, cGap, 0, 1000);
        y.minRowSpacingM = bounded(t, r, cRow, 0, 1000);
        y.lotSetbackM = bounded(t, r, cSet, 0, 1000);
        y.apartment = t.flag(r, cApt);
        y.windowsAllSides = t.flag(r, cAll);
        out.push_back(y);
    }
    if (out.empty())
        throw core::fileError(ErrorCode::FileFormat, typologiesPath, "the table lists no typology");

    const CsvTable u = CsvTable::read(unitMixPath);
    const int uTyp = u.require("typology"), uType = u.require("unit_type"), uEx = u.require("exclusive_m2"),
              uGross = u.require("gross_m2"), uShare = u.require("share");
    for (const CsvRow& r : u.rows()) {
        Typology* y = nullptr;
        for (Typology& o : out)
            if (o.id == lower(u.text(r, uTyp))) y = &o;
        if (!y) u.fail(r, uTyp, "unknown typology '" + u.text(r, uTyp) + "' (not in " + typologiesPath + ")");
        UnitType ut;
        ut.name = u.text(r, uType);
        ut.exclusiveM2 = bounded(u, r, uEx, 1, 10000);
        ut.grossM2 = bounded(u, r, uGross, 1, 10000);
        if (ut.grossM2 < ut.exclusiveM2)
            u.fail(r, uGross,
                   "gross area " + num(ut.grossM2) + " m2 is below the exclusive area " +
                       num(ut.exclusiveM2) + " m2");
        ut.share = bounded(u, r, uShare, 0, 1);
        y->units.push_back(ut);
    }
    for (const Typology& y : out) {
        double sum = 0.0;
        for (const UnitType& ut : y.units)
            sum += ut.share;
        if (y.units.empty())
            throw Error(ErrorCode::FileFormat, "typology '" + y.id + "' has no unit types",
                        {unitMixPath, {}, {}});
        if (std::fabs(sum - 1.0) > 1e-6)
            throw Error(ErrorCode::FileFormat,
                        "the unit shares of typology '" + y.id + "' sum to " + num(sum) + ", not 1",
                        {unitMixPath, {}, {}});
    }
    return out;
}

std::vector<ClassDefault> readClassDefaults(const std::string& path, const ZoningDecree& decree,
                                            const std::vector<Typology>& typologies) {
    const CsvTable t = CsvTable::read(path);
    std::vector<ClassDefault> out;
    const int cId = t.require("class_id"), cTyp = t.require("typology"),
              cShare = t.require("residential_share"), cUse = t.require("nonresidential_use");
    for (const CsvRow& r : t.rows()) {
        ClassDefault d;
        const ZoningClass* c = decree.find(t.text(r, cId));
        if (!c) t.fail(r, cId, "unknown zoning class '" + t.text(r, cId) + "'");
        d.classId = c->id;
        d.typology = lower(t.text(r, cTyp));
        bool known = false;
        for (const Typology& y : typologies)
            known = known || y.id == d.typology;
        if (!known) t.fail(r, cTyp, "unknown typology '" + t.text(r, cTyp) + "'");
        d.residentialShare = bounded(t, r, cShare, 0, 1);
        if (!parseLandUse(t.text(r, cUse), d.nonResidentialUse) ||
            d.nonResidentialUse == LandUse::Residential)
            t.fail(r, cUse,
                   "'" + t.text(r, cUse) +
                       "' is not a non-residential use (retail, office, industrial, public)");
        for (const ClassDefault& o : out)
            if (o.classId == d.classId) t.fail(r, cId, "class '" + d.classId + "' is given twice");
        out.push_back(d);
    }
    return out;
}

std::vector<LandUseRate> readLandUseRates(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    std::vector<LandUseRate> out;
    const int cUse = t.require("use"), cTrip = t.require("daily_trip_ends_per_100m2"),
              cJob = t.require("gfa_m2_per_job");
    for (const CsvRow& r : t.rows()) {
        LandUseRate l;
        if (!parseLandUse(t.text(r, cUse), l.use)) t.fail(r, cUse, "unknown use '" + t.text(r, cUse) + "'");
        for (const LandUseRate& o : out)
            if (o.use == l.use) t.fail(r, cUse, std::string("use '") + toString(l.use) + "' is given twice");
        l.dailyTripEndsPer100M2 = bounded(t, r, cTrip, 0, 10000);
        l.gfaM2PerJob = bounded(t, r, cJob, 0, 100000);
        out.push_back(l);
    }
    for (LandUse u :
         {LandUse::Residential, LandUse::Retail, LandUse::Office, LandUse::Industrial, LandUse::Public}) {
        bool found = false;
        for (const LandUseRate& l : out)
            found = found || l.use == u;
        if (!found)
            throw Error(ErrorCode::FileFormat, std::string("no rates for use '") + toString(u) + "'",
                        {path, {}, {}});
    }
    return out;
}

PerCapitaRates readPerCapitaRates(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const KeyValues kv(t);
    kv.rejectUnknown({"water_l_per_person_day", "share_elementary", "share_middle", "share_high"});
    PerCapitaRates p;
    p.waterLPerPersonDay = kv.number("water_l_per_person_day", 0, 10000);
    p.shareElementary = kv.number("share_elementary", 0, 1);
    p.shareMiddle = kv.number("share_middle", 0, 1);
    p.shareHigh = kv.number("share_high", 0, 1);
    return p;
}

std::vector<ReferenceTown> readReferenceTowns(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    std::vector<ReferenceTown> out;
    const int cName = t.require("name"), cArea = t.require("area_ha"), cHomes = t.require("homes"),
              cPop = t.require("population"), cFar = t.require("far_pct"),
              cDen = t.require("gross_density_per_ha");
    for (const CsvRow& r : t.rows()) {
        ReferenceTown rt;
        rt.name = t.text(r, cName);
        if (rt.name.empty()) t.fail(r, cName, "empty name");
        rt.areaHa = bounded(t, r, cArea, 0.01, 1e6);
        rt.homes = bounded(t, r, cHomes, 0, 1e8);
        rt.population = bounded(t, r, cPop, 0, 1e9);
        rt.farPct = bounded(t, r, cFar, 0, 10000);
        rt.grossDensityPerHa = bounded(t, r, cDen, 0, 1e5);
        out.push_back(rt);
    }
    return out;
}

SunlightCriteria readSunlightCriteria(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const KeyValues kv(t);
    kv.rejectUnknown({"continuous_window_start", "continuous_window_end", "continuous_min_hours",
                      "total_window_start", "total_window_end", "total_min_hours"});
    SunlightCriteria s;
    s.continuousStartMin = kv.clock("continuous_window_start");
    s.continuousEndMin = kv.clock("continuous_window_end");
    s.continuousMinH = kv.number("continuous_min_hours", 0, 24);
    s.totalStartMin = kv.clock("total_window_start");
    s.totalEndMin = kv.clock("total_window_end");
    s.totalMinH = kv.number("total_min_hours", 0, 24);
    if (s.continuousEndMin <= s.continuousStartMin)
        t.fail(kv.row("continuous_window_end"), kv.valueCol, "the continuous window ends before it starts");
    if (s.totalEndMin <= s.totalStartMin)
        t.fail(kv.row("total_window_end"), kv.valueCol, "the total window ends before it starts");
    return s;
}

NewtownTables loadTables(const std::string& dir, const std::string& ordinance) {
    NewtownTables t;
    const std::string d = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    t.decree = readZoningDecree(d + "zoning_decree.csv");
    t.ordinance = readOrdinance(d + "ordinance_" + lower(ordinance) + ".csv", t.decree, lower(ordinance));
    t.rules = readBuildingRules(d + "building_rules.csv");
    t.rulesInfo = infoOf(CsvTable::read(d + "building_rules.csv"));
    t.typologies = readTypologies(d + "typologies.csv", d + "unit_mix.csv");
    t.typologiesInfo = infoOf(CsvTable::read(d + "typologies.csv"));
    t.unitMixInfo = infoOf(CsvTable::read(d + "unit_mix.csv"));
    t.classDefaults = readClassDefaults(d + "class_defaults.csv", t.decree, t.typologies);
    t.classDefaultsInfo = infoOf(CsvTable::read(d + "class_defaults.csv"));
    t.landUse = readLandUseRates(d + "land_use_rates.csv");
    t.landUseInfo = infoOf(CsvTable::read(d + "land_use_rates.csv"));
    t.perCapita = readPerCapitaRates(d + "per_capita_rates.csv");
    t.perCapitaInfo = infoOf(CsvTable::read(d + "per_capita_rates.csv"));
    t.referenceTowns = readReferenceTowns(d + "reference_towns.csv");
    t.referenceTownsInfo = infoOf(CsvTable::read(d + "reference_towns.csv"));
    t.sunlight = readSunlightCriteria(d + "sunlight_criteria.csv");
    t.sunlightInfo = infoOf(CsvTable::read(d + "sunlight_criteria.csv"));
    return t;
}

}  // namespace citytwin::newtown
