#include "citytwin/subsidence/tables.h"

#include <cmath>
#include <set>

#include "citytwin/core/error.h"
#include "csv.h"

namespace citytwin::subsidence {

using detail::CsvRow;
using detail::CsvTable;

namespace {

std::string fmt(double v) {
    if (std::isinf(v)) return "infinity";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// Checks that consecutive [lower, upper) intervals start at 0, touch, and end at +infinity.
template <class Row, class Lower, class Upper>
void checkIntervals(const CsvTable& t, const std::vector<Row>& rows, const std::vector<const CsvRow*>& lines,
                    int lowerCol, int upperCol, Lower lower, Upper upper) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double lo = lower(rows[i]), hi = upper(rows[i]);
        if (i == 0 && lo != 0.0)
            t.fail(*lines[i], lowerCol, "the first interval must start at 0, not " + fmt(lo));
        if (!(hi > lo))
            t.fail(*lines[i], upperCol, "upper bound " + fmt(hi) + " is not above the lower " + fmt(lo));
        if (i + 1 < rows.size() && lower(rows[i + 1]) != hi)
            t.fail(*lines[i + 1], lowerCol,
                   "lower bound " + fmt(lower(rows[i + 1])) + " does not continue the previous upper bound " +
                       fmt(hi) + " (intervals must be contiguous)");
        if (i + 1 == rows.size() && !std::isinf(hi))
            t.fail(*lines[i], upperCol,
                   "the last interval must be open-ended (empty upper bound), not " + fmt(hi));
    }
}

void checkUniqueId(const CsvTable& t, std::set<std::string>& seen, const CsvRow& row, int col,
                   const std::string& id) {
    if (!seen.insert(id).second) t.fail(row, col, "duplicate id '" + id + "'");
}

}  // namespace

const DamageCategory& DamageCategoryTable::classify(double strainPercent) const {
    if (rows.empty()) throw core::Error(core::ErrorCode::Internal, "damage category table is empty");
    for (const DamageCategory& r : rows)
        if (strainPercent < r.upperPercent) return r;  // half-open: [lower, upper)
    return rows.back();
}

int DamageCategoryTable::maxCategory() const {
    int m = 0;
    for (const DamageCategory& r : rows)
        m = std::max(m, r.category);
    return m;
}

const RiskCategory& RiskCategoryTable::classify(double maxSlope, double maxSettlementMm) const {
    if (rows.empty()) throw core::Error(core::ErrorCode::Internal, "risk category table is empty");
    const RiskCategory* bySlope = &rows.back();
    const RiskCategory* bySettlement = &rows.back();
    for (const RiskCategory& r : rows)
        if (maxSlope < r.slopeUpper) {
            bySlope = &r;
            break;
        }
    for (const RiskCategory& r : rows)
        if (maxSettlementMm < r.settlementUpperMm) {
            bySettlement = &r;
            break;
        }
    return bySlope->category >= bySettlement->category ? *bySlope : *bySettlement;
}

const ExcavationEnvelope* Tables::envelope(const std::string& id) const {
    for (const auto& e : envelopes)
        if (e.id == id) return &e;
    return nullptr;
}
const WallType* Tables::wallType(const std::string& id) const {
    for (const auto& w : wallTypes)
        if (w.id == id) return &w;
    return nullptr;
}
const TroughWidthSoil* Tables::troughWidthSoil(const std::string& id) const {
    for (const auto& s : troughWidth)
        if (s.id == id) return &s;
    return nullptr;
}

DamageCategoryTable readDamageCategories(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cCat = t.require("category"), cName = t.require("name");
    const int cLo = t.require("lower_strain_percent"), cHi = t.require("upper_strain_percent");
    DamageCategoryTable out;
    out.file = path;
    std::vector<const CsvRow*> lines;
    for (const CsvRow& row : t.rows()) {
        DamageCategory d;
        d.category = t.integer(row, cCat);
        if (d.category < 0 || d.category > 5)
            t.fail(row, cCat, "category must be 0 to 5, not " + fmt(d.category));
        if (!out.rows.empty() && d.category <= out.rows.back().category)
            t.fail(row, cCat, "categories must increase down the file");
        d.name = t.nonEmpty(row, cName);
        d.lowerPercent = t.number(row, cLo);
        d.upperPercent = t.numberOrInfinity(row, cHi);
        out.rows.push_back(d);
        lines.push_back(&row);
    }
    if (out.rows.empty()) t.failFile("no categories");
    checkIntervals(
        t, out.rows, lines, cLo, cHi, [](const DamageCategory& d) { return d.lowerPercent; },
        [](const DamageCategory& d) { return d.upperPercent; });
    return out;
}

RiskCategoryTable readRiskCategories(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cCat = t.require("category"), cName = t.require("name");
    const int cSl = t.require("slope_lower"), cSu = t.require("slope_upper");
    const int cDl = t.require("settlement_lower_mm"), cDu = t.require("settlement_upper_mm");
    const int cDesc = t.find("description");
    RiskCategoryTable out;
    out.file = path;
    std::vector<const CsvRow*> lines;
    for (const CsvRow& row : t.rows()) {
        RiskCategory r;
        r.category = t.integer(row, cCat);
        if (!out.rows.empty() && r.category <= out.rows.back().category)
            t.fail(row, cCat, "categories must increase down the file");
        r.name = t.nonEmpty(row, cName);
        r.slopeLower = t.number(row, cSl);
        r.slopeUpper = t.numberOrInfinity(row, cSu);
        r.settlementLowerMm = t.number(row, cDl);
        r.settlementUpperMm = t.numberOrInfinity(row, cDu);
        r.description = t.text(row, cDesc);
        out.rows.push_back(r);
        lines.push_back(&row);
    }
    if (out.rows.empty()) t.failFile("no categories");
    checkIntervals(
        t, out.rows, lines, cSl, cSu, [](const RiskCategory& r) { return r.slopeLower; },
        [](const RiskCategory& r) { return r.slopeUpper; });
    checkIntervals(
        t, out.rows, lines, cDl, cDu, [](const RiskCategory& r) { return r.settlementLowerMm; },
        [](const RiskCategory& r) { return r.settlementUpperMm; });
    return out;
}

AssessmentParameters readAssessmentParameters(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cKey = t.require("key"), cValue = t.require("value");
    AssessmentParameters p;
    p.file = path;
    std::set<std::string> seen;
    for (const CsvRow& row : t.rows()) {
        const std::string& key = t.nonEmpty(row, cKey);
        checkUniqueId(t, seen, row, cKey, key);
        const double v = t.number(row, cValue);
        if (key == "stage1_max_settlement_mm") {
            if (!(v > 0.0)) t.fail(row, cValue, "stage1_max_settlement_mm must be > 0, not " + fmt(v));
            p.stage1MaxSettlementMm = v;
        } else if (key == "stage1_max_slope") {
            if (!(v > 0.0 && v < 1.0))
                t.fail(row, cValue, "stage1_max_slope must be in (0, 1), not " + fmt(v));
            p.stage1MaxSlope = v;
        } else if (key == "building_e_over_g") {
            if (!(v > 0.0)) t.fail(row, cValue, "building_e_over_g must be > 0, not " + fmt(v));
            p.eOverG = v;
        } else if (key == "building_poisson_ratio") {
            if (!(v >= 0.0 && v < 0.5))
                t.fail(row, cValue, "building_poisson_ratio must be in [0, 0.5), not " + fmt(v));
            p.poissonRatio = v;
        } else {
            t.fail(row, cKey, "unknown key '" + key + "'");
        }
    }
    for (const char* key :
         {"stage1_max_settlement_mm", "stage1_max_slope", "building_e_over_g", "building_poisson_ratio"})
        if (!seen.count(key)) t.failFile(std::string("missing key '") + key + "'");
    return p;
}

std::vector<ExcavationEnvelope> readExcavationEnvelopes(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cId = t.require("id"), cMethod = t.require("method"), cSoil = t.require("soil");
    const int cRatio = t.require("max_settlement_ratio"), cPlateau = t.require("plateau_ratio");
    const int cExtent = t.require("extent_ratio"), cHv = t.require("horizontal_to_vertical");
    std::vector<ExcavationEnvelope> out;
    std::set<std::string> seen;
    for (const CsvRow& row : t.rows()) {
        ExcavationEnvelope e;
        e.id = t.nonEmpty(row, cId);
        checkUniqueId(t, seen, row, cId, e.id);
        e.method = t.text(row, cMethod);
        e.soil = t.text(row, cSoil);
        e.maxSettlementRatio = t.number(row, cRatio);
        if (!(e.maxSettlementRatio > 0.0 && e.maxSettlementRatio <= 0.2))
            t.fail(row, cRatio, "must be in (0, 0.2], not " + fmt(e.maxSettlementRatio));
        e.plateauRatio = t.number(row, cPlateau);
        if (e.plateauRatio < 0.0) t.fail(row, cPlateau, "must be >= 0, not " + fmt(e.plateauRatio));
        e.extentRatio = t.number(row, cExtent);
        if (!(e.extentRatio > e.plateauRatio))
            t.fail(row, cExtent, "must be above plateau_ratio, not " + fmt(e.extentRatio));
        e.horizontalToVertical = t.number(row, cHv);
        if (e.horizontalToVertical < 0.0)
            t.fail(row, cHv, "must be >= 0, not " + fmt(e.horizontalToVertical));
        out.push_back(e);
    }
    if (out.empty()) t.failFile("no envelopes");
    return out;
}

std::vector<WallType> readWallTypes(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cId = t.require("id"), cDesc = t.require("description");
    const int cLeak = t.require("default_leakage_factor");
    std::vector<WallType> out;
    std::set<std::string> seen;
    for (const CsvRow& row : t.rows()) {
        WallType w;
        w.id = t.nonEmpty(row, cId);
        checkUniqueId(t, seen, row, cId, w.id);
        w.description = t.text(row, cDesc);
        w.defaultLeakageFactor = t.number(row, cLeak);
        if (!(w.defaultLeakageFactor >= 0.0 && w.defaultLeakageFactor <= 1.0))
            t.fail(row, cLeak, "must be in [0, 1], not " + fmt(w.defaultLeakageFactor));
        out.push_back(w);
    }
    if (out.empty()) t.failFile("no wall types");
    return out;
}

std::vector<TroughWidthSoil> readTroughWidth(const std::string& path) {
    const CsvTable t = CsvTable::read(path);
    const int cId = t.require("id"), cDesc = t.require("description"), cK = t.require("k");
    const int cSlope = t.require("regression_slope"), cIntercept = t.require("regression_intercept_m");
    const int cMin = t.require("regression_min_depth_m"), cMax = t.require("regression_max_depth_m");
    std::vector<TroughWidthSoil> out;
    std::set<std::string> seen;
    for (const CsvRow& row : t.rows()) {
        TroughWidthSoil s;
        s.id = t.nonEmpty(row, cId);
        checkUniqueId(t, seen, row, cId, s.id);
        s.description = t.text(row, cDesc);
        s.k = t.number(row, cK);
        if (!(s.k > 0.0 && s.k <= 2.0)) t.fail(row, cK, "must be in (0, 2], not " + fmt(s.k));
        s.regressionSlope = t.number(row, cSlope);
        if (!(s.regressionSlope > 0.0)) t.fail(row, cSlope, "must be > 0, not " + fmt(s.regressionSlope));
        s.regressionInterceptM = t.number(row, cIntercept);
        s.regressionMinDepthM = t.number(row, cMin);
        s.regressionMaxDepthM = t.number(row, cMax);
        if (!(s.regressionMaxDepthM >= s.regressionMinDepthM && s.regressionMinDepthM >= 0.0))
            t.fail(row, cMax,
                   "depth range [" + fmt(s.regressionMinDepthM) + ", " + fmt(s.regressionMaxDepthM) +
                       "] is not a range of depths");
        // The regression must give a positive width over its own range.
        if (!(s.regressionSlope * std::max(s.regressionMinDepthM, 0.5) + s.regressionInterceptM > 0.0))
            t.fail(row, cIntercept, "gives a non-positive trough width at the top of its depth range");
        out.push_back(s);
    }
    if (out.empty()) t.failFile("no soil types");
    return out;
}

Tables loadTables(const std::string& directory) {
    const std::string d = directory.empty() || directory.back() == '/' ? directory : directory + "/";
    Tables t;
    t.damage = readDamageCategories(d + "damage_categories.csv");
    t.risk = readRiskCategories(d + "rankin_risk_categories.csv");
    t.assessment = readAssessmentParameters(d + "assessment_parameters.csv");
    t.envelopes = readExcavationEnvelopes(d + "excavation_envelopes.csv");
    t.wallTypes = readWallTypes(d + "wall_types.csv");
    t.troughWidth = readTroughWidth(d + "tunnel_trough_width.csv");
    return t;
}

}  // namespace citytwin::subsidence
