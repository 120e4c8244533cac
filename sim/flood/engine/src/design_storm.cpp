// Design storms: probability-rainfall tables, temporal patterns, areal reduction, rain series, sewer design
// capacity. Sources and equations: sim/flood/README.md, "Design storms"; data/flood/README.md.

#include "citytwin/flood/design_storm.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/core/text.h"
#include "table_csv.h"

namespace citytwin::flood {

using detail::CsvTable;

namespace {

core::Error invalid(const std::string& message) {
    return core::Error(core::ErrorCode::Validation, message);
}

/// Gumbel (EV1) reduced variate of return period T [years]: y = -ln(-ln(1 - 1/T)) (Chow et al. 1988, 12.2).
double gumbelVariate(double returnPeriodYears) {
    return -std::log(-std::log(1.0 - 1.0 / returnPeriodYears));
}

bool sameValue(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

std::string stem(const std::string& path) {
    return std::filesystem::path(path).stem().string();
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

// ---- probability rainfall
// ------------------------------------------------------------------------------------

std::vector<double> RainfallTable::returnPeriods() const {
    std::vector<double> out;
    for (const Entry& e : entries)
        if (out.empty() || !sameValue(out.back(), e.returnPeriodYears)) out.push_back(e.returnPeriodYears);
    return out;
}

std::vector<double> RainfallTable::durations(double returnPeriodYears) const {
    std::vector<double> out;
    for (const Entry& e : entries)
        if (sameValue(e.returnPeriodYears, returnPeriodYears)) out.push_back(e.durationMin);
    return out;
}

namespace {

/// Depth at one tabulated return period for duration d, log-log linear between its durations; false when d is
/// outside them.
bool depthAtTabulatedT(const RainfallTable& t, double returnPeriodYears, double durationMin, double& depth) {
    const RainfallTable::Entry* lo = nullptr;
    const RainfallTable::Entry* hi = nullptr;
    for (const RainfallTable::Entry& e : t.entries) {
        if (!sameValue(e.returnPeriodYears, returnPeriodYears)) continue;
        if (sameValue(e.durationMin, durationMin)) {
            depth = e.depthMm;
            return true;
        }
        if (e.durationMin < durationMin) lo = &e;
        if (e.durationMin > durationMin && !hi) hi = &e;
    }
    if (!lo || !hi) return false;
    // Power law between the two points: ln P linear in ln d (Sherman-type relation).
    const double w = std::log(durationMin / lo->durationMin) / std::log(hi->durationMin / lo->durationMin);
    depth = std::exp(std::log(lo->depthMm) + w * (std::log(hi->depthMm) - std::log(lo->depthMm)));
    return true;
}

std::string coverage(const RainfallTable& t) {
    std::string s;
    for (double T : t.returnPeriods()) {
        const std::vector<double> d = t.durations(T);
        s += (s.empty() ? "" : ", ") + core::number(T) + " years (" + core::number(d.front()) +
             (d.size() > 1 ? " to " + core::number(d.back()) : std::string()) + " min)";
    }
    return s;
}

}  // namespace

double RainfallTable::depthMm(double returnPeriodYears, double durationMin) const {
    const std::string what = "table '" + station + "'";
    if (!(returnPeriodYears > 1.0))
        throw invalid("return period " + core::number(returnPeriodYears) +
                      " years: must be greater than 1 year");
    if (!(durationMin > 0.0))
        throw invalid("duration " + core::number(durationMin) + " min: must be positive");
    auto outside = [&] {
        return invalid("return period " + core::number(returnPeriodYears) + " years and duration " +
                       core::number(durationMin) + " min lie outside " + what + ", which covers " +
                       coverage(*this) + "; it is never extrapolated");
    };
    double depth = 0.0;
    const std::vector<double> periods = returnPeriods();
    for (double T : periods)
        if (sameValue(T, returnPeriodYears)) {
            if (depthAtTabulatedT(*this, T, durationMin, depth)) return depth;
            throw outside();
        }
    // Between return periods: the nearest tabulated ones on either side whose durations cover d.
    double tLo = 0.0, tHi = 0.0, pLo = 0.0, pHi = 0.0;
    bool haveLo = false, haveHi = false;
    for (double T : periods) {
        double p = 0.0;
        if (!depthAtTabulatedT(*this, T, durationMin, p)) continue;
        if (T < returnPeriodYears) {
            tLo = T, pLo = p, haveLo = true;
        } else if (!haveHi) {
            tHi = T, pHi = p, haveHi = true;
        }
    }
    if (!haveLo || !haveHi) throw outside();
    const double yLo = gumbelVariate(tLo), yHi = gumbelVariate(tHi), y = gumbelVariate(returnPeriodYears);
    return pLo + (y - yLo) / (yHi - yLo) * (pHi - pLo);
}

RainfallTable parseRainfallTable(const std::string& text, const std::string& name) {
    const CsvTable csv = CsvTable::parse(text, name);
    RainfallTable t;
    t.file = name;
    t.source = csv.requireMeta("source");
    t.method = csv.requireMeta("method");
    t.date = csv.requireMeta("date");
    t.station = csv.meta("station").empty() ? stem(name) : csv.meta("station");
    t.name = csv.meta("name").empty() ? t.station : csv.meta("name");
    const int cD = csv.requireColumn("duration_min");
    const int cT = csv.requireColumn("return_period_years");
    const int cP = csv.requireColumn("depth_mm");
    std::map<std::pair<double, double>, int> seen;
    for (const CsvTable::Row& row : csv.rows()) {
        RainfallTable::Entry e;
        e.durationMin = csv.positive(row, cD);
        e.returnPeriodYears = csv.number(row, cT);
        if (!(e.returnPeriodYears > 1.0))
            csv.fail(row, cT,
                     core::number(e.returnPeriodYears) +
                         " must be greater than 1 year (a return period is 1 / the annual exceedance "
                         "probability)");
        e.depthMm = csv.positive(row, cP);
        e.line = row.line;
        const auto key = std::make_pair(e.returnPeriodYears, e.durationMin);
        if (const auto it = seen.find(key); it != seen.end())
            csv.failRow(row, "return period " + core::number(e.returnPeriodYears) + " years and duration " +
                                 core::number(e.durationMin) + " min are already given on line " +
                                 std::to_string(it->second));
        seen[key] = row.line;
        t.entries.push_back(e);
    }
    std::sort(t.entries.begin(), t.entries.end(), [](const auto& a, const auto& b) {
        return a.returnPeriodYears != b.returnPeriodYears ? a.returnPeriodYears < b.returnPeriodYears
                                                          : a.durationMin < b.durationMin;
    });
    auto fail = [&](const RainfallTable::Entry& later, const RainfallTable::Entry& earlier,
                    const std::string& why) {
        throw core::Error(core::ErrorCode::FileFormat,
                          "line " + std::to_string(later.line) + ", column " + std::to_string(cP + 1) +
                              " ('depth_mm'): " + core::number(later.depthMm) + " mm for " +
                              core::number(later.durationMin) + " min at " +
                              core::number(later.returnPeriodYears) + " years is less than " +
                              core::number(earlier.depthMm) + " mm for " + core::number(earlier.durationMin) +
                              " min at " + core::number(earlier.returnPeriodYears) + " years (line " +
                              std::to_string(earlier.line) + "): " + why,
                          core::Error::Context{name, {}, {}});
    };
    // Annual-maximum depths cannot fall as the duration grows (a longer window holds the shorter one) nor as
    // the return period grows (quantiles increase with the non-exceedance probability).
    for (std::size_t i = 1; i < t.entries.size(); ++i)
        if (t.entries[i].returnPeriodYears == t.entries[i - 1].returnPeriodYears &&
            t.entries[i].depthMm < t.entries[i - 1].depthMm)
            fail(t.entries[i], t.entries[i - 1], "depths must not fall as the duration grows");
    for (std::size_t i = 0; i < t.entries.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (t.entries[j].durationMin == t.entries[i].durationMin &&
                t.entries[j].returnPeriodYears < t.entries[i].returnPeriodYears &&
                t.entries[i].depthMm < t.entries[j].depthMm)
                fail(t.entries[i], t.entries[j], "depths must not fall as the return period grows");
    return t;
}

RainfallTable readRainfallTable(const std::string& path) {
    return parseRainfallTable(readText(path), path);
}

// ---- mass curves
// -----------------------------------------------------------------------------------------------

double MassCurve::at(double t) const {
    if (timeFraction.empty()) return 0.0;
    if (t <= timeFraction.front()) return depthFraction.front();
    if (t >= timeFraction.back()) return depthFraction.back();
    const auto it = std::upper_bound(timeFraction.begin(), timeFraction.end(), t);
    const std::size_t k = static_cast<std::size_t>(it - timeFraction.begin());
    const double t0 = timeFraction[k - 1], t1 = timeFraction[k];
    return depthFraction[k - 1] + (t - t0) / (t1 - t0) * (depthFraction[k] - depthFraction[k - 1]);
}

std::string checkMassCurve(const MassCurve& c) {
    const std::string who = c.name.empty() ? "the mass curve" : "mass curve '" + c.name + "'";
    if (c.timeFraction.size() != c.depthFraction.size() || c.timeFraction.size() < 2)
        return who + " needs at least two points with a time and a depth fraction each";
    if (c.timeFraction.front() != 0.0 || c.depthFraction.front() != 0.0) return who + " must start at (0, 0)";
    if (std::fabs(c.timeFraction.back() - 1.0) > 1e-9 || std::fabs(c.depthFraction.back() - 1.0) > 1e-9)
        return who + " must end at (1, 1)";
    for (std::size_t i = 1; i < c.timeFraction.size(); ++i) {
        if (!(c.timeFraction[i] > c.timeFraction[i - 1]))
            return who + ": time fractions must increase, but point " + std::to_string(i) + " (" +
                   core::number(c.timeFraction[i]) + ") follows " + core::number(c.timeFraction[i - 1]);
        if (c.depthFraction[i] < c.depthFraction[i - 1])
            return who + ": the cumulative depth falls at point " + std::to_string(i) + " (from " +
                   core::number(c.depthFraction[i - 1]) + " to " + core::number(c.depthFraction[i]) + ")";
    }
    return {};
}

namespace {

/// Reads cumulative curves sharing a time column; every check names line and column.
std::vector<MassCurve> parseCurves(const CsvTable& csv, const std::vector<std::string>& columns) {
    const int cT = csv.requireColumn("time_fraction");
    std::vector<int> cols;
    for (const std::string& c : columns)
        cols.push_back(csv.requireColumn(c));
    std::vector<MassCurve> curves(columns.size());
    for (std::size_t k = 0; k < columns.size(); ++k)
        curves[k].name = columns[k];
    const auto& rows = csv.rows();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const CsvTable::Row& row = rows[r];
        const double t = csv.number(row, cT);
        if (t < 0.0 || t > 1.0)
            csv.fail(row, cT, core::number(t) + " is not a fraction of the duration (0 to 1)");
        if (r == 0 && t != 0.0)
            csv.fail(row, cT, "the first time fraction must be 0, not " + core::number(t));
        if (r > 0 && !(t > curves[0].timeFraction.back()))
            csv.fail(row, cT,
                     core::number(t) + " does not follow " + core::number(curves[0].timeFraction.back()) +
                         ": time fractions must increase");
        if (r + 1 == rows.size() && std::fabs(t - 1.0) > 1e-9)
            csv.fail(row, cT, "the last time fraction must be 1, not " + core::number(t));
        for (std::size_t k = 0; k < columns.size(); ++k) {
            double v = csv.number(row, cols[k]);
            if (v < 0.0 || v > 1.0 + 1e-9)
                csv.fail(row, cols[k], core::number(v) + " is not a fraction of the storm depth (0 to 1)");
            if (r == 0 && v != 0.0)
                csv.fail(row, cols[k], "the curve must start at 0, not " + core::number(v));
            if (r > 0 && v < curves[k].depthFraction.back())
                csv.fail(row, cols[k],
                         "the cumulative depth falls from " + core::number(curves[k].depthFraction.back()) +
                             " to " + core::number(v));
            if (r + 1 == rows.size()) {
                if (std::fabs(v - 1.0) > 1e-9)
                    csv.fail(row, cols[k], "the curve must end at 1, not " + core::number(v));
                v = 1.0;
            }
            curves[k].timeFraction.push_back(r + 1 == rows.size() ? 1.0 : t);
            curves[k].depthFraction.push_back(v);
        }
    }
    return curves;
}

}  // namespace

HuffCurves parseHuffCurves(const std::string& text, const std::string& name) {
    const CsvTable csv = CsvTable::parse(text, name);
    HuffCurves h;
    h.source = csv.requireMeta("source");
    csv.requireMeta("method");
    csv.requireMeta("date");
    const std::vector<MassCurve> curves = parseCurves(csv, {"q1", "q2", "q3", "q4"});
    for (std::size_t k = 0; k < 4; ++k) {
        h.quartile[k] = curves[k];
        h.quartile[k].name = "Huff quartile " + std::to_string(k + 1);
    }
    return h;
}

HuffCurves readHuffCurves(const std::string& path) {
    return parseHuffCurves(readText(path), path);
}

MassCurve parseMassCurve(const std::string& text, const std::string& name) {
    const CsvTable csv = CsvTable::parse(text, name);
    MassCurve c = parseCurves(csv, {"depth_fraction"}).front();
    c.name = stem(name);
    return c;
}

MassCurve readMassCurve(const std::string& path) {
    return parseMassCurve(readText(path), path);
}

// ---- hyetographs
// -------------------------------------------------------------------------------------------------

double Hyetograph::totalDepthMm() const {
    double s = 0.0;
    for (double i : intensityMmPerH)
        s += i * stepS / 3600.0;
    return s;
}

double Hyetograph::peakMmPerH() const {
    return intensityMmPerH.empty() ? 0.0 : *std::max_element(intensityMmPerH.begin(), intensityMmPerH.end());
}

std::size_t Hyetograph::peakBlock() const {
    return static_cast<std::size_t>(std::max_element(intensityMmPerH.begin(), intensityMmPerH.end()) -
                                    intensityMmPerH.begin());
}

void Hyetograph::scale(double factor) {
    for (double& i : intensityMmPerH)
        i *= factor;
}

TimeSeries Hyetograph::toSeries(double startS) const {
    TimeSeries s;
    s.interpolation = Interpolation::Step;
    s.extrapolation = Extrapolation::Zero;
    for (std::size_t k = 0; k < intensityMmPerH.size(); ++k) {
        s.timesS.push_back(startS + stepS * static_cast<double>(k));
        s.values.push_back(intensityMmPerH[k]);
    }
    s.timesS.push_back(startS + durationS());
    s.values.push_back(0.0);
    return s;
}

namespace {

std::size_t blockCount(double durationS, double stepS) {
    if (!(stepS > 0.0)) throw invalid("the block length " + core::number(stepS) + " s must be positive");
    if (!(durationS > 0.0))
        throw invalid("the storm duration " + core::number(durationS) + " s must be positive");
    const double n = std::round(durationS / stepS);
    if (n < 1.0 || std::fabs(n * stepS - durationS) > 1e-6 * durationS)
        throw invalid("the storm duration (" + core::number(durationS / 60.0) +
                      " min) is not a whole number of " + core::number(stepS / 60.0) + "-min blocks");
    return static_cast<std::size_t>(n);
}

}  // namespace

Hyetograph massCurveHyetograph(const MassCurve& curve, double depthMm, double durationS, double stepS) {
    if (const std::string why = checkMassCurve(curve); !why.empty()) throw invalid(why);
    if (!(depthMm > 0.0)) throw invalid("the storm depth " + core::number(depthMm) + " mm must be positive");
    const std::size_t n = blockCount(durationS, stepS);
    Hyetograph h;
    h.stepS = durationS / static_cast<double>(n);
    // Huff (1967): block k gets depth x (F(t_k+1) - F(t_k)); the fractions telescope to F(1) - F(0) = 1.
    for (std::size_t k = 0; k < n; ++k) {
        const double f0 = curve.at(static_cast<double>(k) / static_cast<double>(n));
        const double f1 = curve.at(static_cast<double>(k + 1) / static_cast<double>(n));
        h.intensityMmPerH.push_back(depthMm * (f1 - f0) * 3600.0 / h.stepS);
    }
    return h;
}

Hyetograph alternatingBlockHyetograph(const std::function<double(double durationMin)>& depthOfDuration,
                                      double durationS, double stepS, double peakPosition) {
    if (!(peakPosition >= 0.0 && peakPosition <= 1.0))
        throw invalid("the peak position " + core::number(peakPosition) + " must lie in [0, 1]");
    const std::size_t n = blockCount(durationS, stepS);
    const double dt = durationS / static_cast<double>(n);
    // Chow, Maidment & Mays (1988), 14.4: increments of the depth-duration curve at multiples of dt.
    std::vector<double> increment(n);
    double previous = 0.0;
    for (std::size_t j = 1; j <= n; ++j) {
        const double p = depthOfDuration(static_cast<double>(j) * dt / 60.0);
        if (p < previous)
            throw invalid("the design depth falls from " + core::number(previous) + " mm to " +
                          core::number(p) + " mm between " +
                          core::number(static_cast<double>(j - 1) * dt / 60.0) + " and " +
                          core::number(static_cast<double>(j) * dt / 60.0) + " min");
        increment[j - 1] = p - previous;
        previous = p;
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return increment[a] > increment[b]; });
    const std::size_t peak =
        std::min(n - 1, static_cast<std::size_t>(std::floor(peakPosition * static_cast<double>(n))));
    std::vector<double> depth(n, 0.0);
    depth[peak] = increment[order[0]];
    std::size_t right = peak + 1;
    long left = static_cast<long>(peak) - 1;
    bool toRight = true;
    for (std::size_t k = 1; k < n; ++k) {
        const bool rightFree = right < n, leftFree = left >= 0;
        const bool goRight = rightFree && (toRight || !leftFree);
        if (goRight) {
            depth[right++] = increment[order[k]];
        } else {
            depth[static_cast<std::size_t>(left--)] = increment[order[k]];
        }
        toRight = !goRight;
    }
    Hyetograph h;
    h.stepS = dt;
    for (double d : depth)
        h.intensityMmPerH.push_back(d * 3600.0 / dt);
    return h;
}

// ---- areal reduction
// -----------------------------------------------------------------------------------------------

double ArealReduction::factor(double areaKm2, double durationH, std::string* warning) const {
    if (warning) warning->clear();
    if (!(areaKm2 > 0.0))
        throw invalid("the catchment area " + core::number(areaKm2) + " km2 must be positive");
    if (!(durationH > 0.0)) throw invalid("the duration " + core::number(durationH) + " h must be positive");
    const ArfBand* band = nullptr;
    for (const ArfBand& b : bands)
        if (areaKm2 >= b.areaFromKm2 && areaKm2 < b.areaToKm2) band = &b;
    if (!band)
        throw invalid("no band of the areal reduction formula covers " + core::number(areaKm2) + " km2");
    const double lnA = std::log(areaKm2);
    double g = 0.0;
    if (band->aForm == "ln_pivot_minus_lnA") {
        if (!(band->pivot - lnA > 0.0))
            throw invalid("the areal reduction formula is undefined at " + core::number(areaKm2) + " km2");
        g = std::log(band->pivot - lnA);
    } else if (band->aForm == "sq_pivot_minus_lnA") {
        g = (band->pivot - lnA) * (band->pivot - lnA);
    } else {
        if (!(lnA - band->pivot > 0.0))
            throw invalid("the areal reduction formula is undefined at " + core::number(areaKm2) + " km2");
        g = std::log(lnA - band->pivot);
    }
    // ARF = 1 - b D^-a (Keers & Wescott 1977, as in the Flood Estimation Handbook, vol. 2).
    const double a = band->a0 - band->a1 * g;
    const double b = band->bCoef * std::pow(areaKm2, band->bExp);
    const double arf = 1.0 - b * std::pow(durationH, -a);
    if (!(arf > 0.0 && arf <= 1.0))
        throw invalid("the areal reduction factor for " + core::number(areaKm2) + " km2 and " +
                      core::number(durationH) + " h comes out as " + core::number(arf) +
                      ", outside (0, 1]: the formula does not apply there");
    if (warning) {
        if (areaKm2 < warnAreaFromKm2 || areaKm2 > warnAreaToKm2)
            *warning = "the catchment area " + core::number(areaKm2, 4) + " km2 lies outside " +
                       core::number(warnAreaFromKm2) + " to " + core::number(warnAreaToKm2) +
                       " km2, where the areal reduction formula is used here with confidence (" + source +
                       ")";
        else if (durationH < warnDurationFromH || durationH > warnDurationToH)
            *warning = "the storm duration " + core::number(durationH, 4) + " h lies outside " +
                       core::number(warnDurationFromH) + " to " + core::number(warnDurationToH) +
                       " h, where the areal reduction formula is used here with confidence (" + source + ")";
    }
    return arf;
}

namespace {

void parseRange(const CsvTable& csv, const std::string& key, double& from, double& to) {
    const std::string v = csv.requireMeta(key);
    char* end = nullptr;
    from = std::strtod(v.c_str(), &end);
    char* end2 = nullptr;
    to = std::strtod(end, &end2);
    if (end == v.c_str() || end2 == end || !(to > from))
        throw core::Error(core::ErrorCode::FileFormat,
                          "'# " + key + ": " + v + "' must give two increasing numbers (from to)",
                          core::Error::Context{csv.name(), {}, {}});
}

}  // namespace

ArealReduction parseArealReduction(const std::string& text, const std::string& name) {
    const CsvTable csv = CsvTable::parse(text, name);
    ArealReduction r;
    r.source = csv.requireMeta("source");
    csv.requireMeta("method");
    csv.requireMeta("date");
    parseRange(csv, "warn_area_km2", r.warnAreaFromKm2, r.warnAreaToKm2);
    parseRange(csv, "warn_duration_h", r.warnDurationFromH, r.warnDurationToH);
    const int cFrom = csv.requireColumn("area_from_km2"), cTo = csv.requireColumn("area_to_km2");
    const int cForm = csv.requireColumn("a_form"), cA0 = csv.requireColumn("a0"),
              cA1 = csv.requireColumn("a1");
    const int cPivot = csv.requireColumn("pivot"), cB = csv.requireColumn("b_coef"),
              cBe = csv.requireColumn("b_exp");
    for (const CsvTable::Row& row : csv.rows()) {
        ArfBand b;
        b.line = row.line;
        b.areaFromKm2 = csv.positive(row, cFrom, true);
        b.areaToKm2 = core::lower(csv.text(row, cTo)) == "inf" ? std::numeric_limits<double>::infinity()
                                                               : csv.positive(row, cTo);
        if (!(b.areaToKm2 > b.areaFromKm2))
            csv.fail(row, cTo, "the band must end after it starts (" + core::number(b.areaFromKm2) + " km2)");
        if (!r.bands.empty() && b.areaFromKm2 != r.bands.back().areaToKm2)
            csv.fail(row, cFrom,
                     "the band must start where the previous one ends (" +
                         core::number(r.bands.back().areaToKm2) + " km2)");
        b.aForm = csv.text(row, cForm);
        if (b.aForm != "ln_pivot_minus_lnA" && b.aForm != "sq_pivot_minus_lnA" &&
            b.aForm != "ln_lnA_minus_pivot")
            csv.fail(
                row, cForm,
                "'" + b.aForm + "' is not one of ln_pivot_minus_lnA, sq_pivot_minus_lnA, ln_lnA_minus_pivot");
        b.a0 = csv.number(row, cA0);
        b.a1 = csv.number(row, cA1);
        b.pivot = csv.number(row, cPivot);
        b.bCoef = csv.positive(row, cB);
        b.bExp = csv.number(row, cBe);
        r.bands.push_back(b);
    }
    return r;
}

ArealReduction readArealReduction(const std::string& path) {
    return parseArealReduction(readText(path), path);
}

// ---- rain series
// -------------------------------------------------------------------------------------------------

namespace {

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's days_from_civil algorithm).
long daysFromCivil(long y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

/// Seconds of an ISO date-time "YYYY-MM-DD HH:MM[:SS]" (or with 'T'); false when malformed.
bool parseDateTime(const std::string& s, double& seconds) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double sec = 0.0;
    char sep = 0;
    int consumed = 0;
    const int n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &consumed);
    if (n < 6 || (sep != ' ' && sep != 'T')) return false;
    std::string rest = s.substr(static_cast<std::size_t>(consumed));
    if (!rest.empty()) {
        char* end = nullptr;
        if (rest[0] != ':') return false;
        sec = std::strtod(rest.c_str() + 1, &end);
        if (!end || *end != '\0' || sec < 0.0 || sec >= 61.0) return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59) return false;
    seconds =
        static_cast<double>(daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) * 86400.0 +
        h * 3600.0 + mi * 60.0 + sec;
    return true;
}

}  // namespace

TimeSeries parseRainSeries(const std::string& text, const std::string& name, double startS) {
    const CsvTable csv = CsvTable::parse(text, name);
    const std::vector<std::pair<std::string, double>> timeCols = {
        {"time_s", 1.0}, {"time_min", 60.0}, {"time_h", 3600.0}, {"time", 0.0}};
    const std::vector<std::string> valueCols = {"intensity_mm_per_h", "depth_mm", "cumulative_mm"};
    int cTime = -1, cValue = -1;
    double timeScale = 0.0;
    std::string valueKind, found;
    auto header = [&] {
        std::string s;
        for (const std::string& h : csv.header())
            s += (s.empty() ? "" : ", ") + h;
        return s;
    };
    auto headerError = [&](const std::string& m) {
        return core::Error(core::ErrorCode::FileFormat, "line " + std::to_string(csv.headerLine()) + ": " + m,
                           core::Error::Context{name, {}, {}});
    };
    for (const auto& [col, scale] : timeCols)
        if (const int c = csv.column(col); c >= 0) {
            if (cTime >= 0)
                throw headerError("two time columns ('" + found + "' and '" + col + "'): keep one");
            cTime = c, timeScale = scale, found = col;
        }
    if (cTime < 0)
        throw headerError(
            "no time column: name one of time_s, time_min, time_h or time (a date-time); the header "
            "has " +
            header());
    for (const std::string& col : valueCols)
        if (const int c = csv.column(col); c >= 0) {
            if (cValue >= 0)
                throw headerError("two rain columns ('" + valueKind + "' and '" + col + "'): keep one");
            cValue = c, valueKind = col;
        }
    if (cValue < 0)
        throw headerError(
            "no rain column: name one of intensity_mm_per_h, depth_mm or cumulative_mm; the header has " +
            header());
    const auto& rows = csv.rows();
    if (rows.size() < 2) throw headerError("a rain series needs at least two rows (a start and an end)");
    std::vector<double> t, v;
    double origin = 0.0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const CsvTable::Row& row = rows[r];
        double time = 0.0;
        if (timeScale > 0.0) {
            time = csv.number(row, cTime) * timeScale;
        } else {
            double s = 0.0;
            if (!parseDateTime(csv.text(row, cTime), s))
                csv.fail(row, cTime,
                         "'" + csv.text(row, cTime) + "' is not a date-time YYYY-MM-DD HH:MM[:SS]");
            if (r == 0) origin = s;
            time = s - origin;
        }
        if (r > 0 && !(time > t.back()))
            csv.fail(row, cTime, "times must increase, but this one is not after the previous row's");
        const double value = csv.positive(row, cValue, true);
        if (valueKind == "intensity_mm_per_h" && r + 1 == rows.size() && value != 0.0)
            csv.fail(row, cValue,
                     "the last row ends the series, so its intensity must be 0 (it is " +
                         core::number(value) + " mm/h): add a row at the time the rain stops");
        if (valueKind == "depth_mm" && r == 0 && value != 0.0)
            csv.fail(row, cValue,
                     "the first row starts the series (the depth of the interval before it is unknown), so "
                     "its depth must be 0 (it is " +
                         core::number(value) + " mm)");
        if (valueKind == "cumulative_mm" && r > 0 && value < v.back())
            csv.fail(row, cValue,
                     "the cumulative depth falls from " + core::number(v.back()) + " to " +
                         core::number(value) + " mm");
        t.push_back(time);
        v.push_back(value);
    }
    TimeSeries s;
    s.interpolation = Interpolation::Step;
    s.extrapolation = Extrapolation::Zero;
    s.timesS.reserve(t.size());
    for (double x : t)
        s.timesS.push_back(x + startS);
    if (valueKind == "intensity_mm_per_h") {
        s.values = v;
    } else {
        // Depth per interval (given, or the difference of cumulative depths) over its length, in mm/h.
        for (std::size_t k = 0; k + 1 < t.size(); ++k) {
            const double depth = valueKind == "depth_mm" ? v[k + 1] : v[k + 1] - v[k];
            s.values.push_back(depth * 3600.0 / (t[k + 1] - t[k]));
        }
        s.values.push_back(0.0);
    }
    return s;
}

TimeSeries readRainSeries(const std::string& path, double startS) {
    return parseRainSeries(readText(path), path, startS);
}

// ---- sewer design
// ----------------------------------------------------------------------------------------------------

const SewerClass* SewerClassTable::find(const std::string& name) const {
    for (const SewerClass& c : classes)
        if (core::lower(c.name) == core::lower(name)) return &c;
    return nullptr;
}

const SewerClass* SewerClassTable::find(int code) const {
    for (const SewerClass& c : classes)
        if (c.code == code) return &c;
    return nullptr;
}

SewerClassTable parseSewerClasses(const std::string& text, const std::string& name) {
    const CsvTable csv = CsvTable::parse(text, name);
    SewerClassTable t;
    t.source = csv.requireMeta("source");
    csv.requireMeta("method");
    csv.requireMeta("date");
    const int cName = csv.requireColumn("class"), cCode = csv.requireColumn("code");
    const int cT = csv.requireColumn("design_return_period_years");
    const int cD = csv.column("design_duration_min"), cI = csv.column("inlet_capacity_mm_per_h");
    for (const CsvTable::Row& row : csv.rows()) {
        SewerClass c;
        c.line = row.line;
        c.name = csv.text(row, cName);
        if (c.name.empty()) csv.fail(row, cName, "the class needs a name");
        const double code = csv.number(row, cCode);
        if (code != std::floor(code) || std::fabs(code) > 1e9)
            csv.fail(row, cCode, core::number(code) + " is not an integer code");
        c.code = static_cast<int>(code);
        if (const SewerClass* other = t.find(c.name))
            csv.fail(row, cName,
                     "class '" + c.name + "' is already defined on line " + std::to_string(other->line));
        if (const SewerClass* other = t.find(c.code))
            csv.fail(
                row, cCode,
                "code " + std::to_string(c.code) + " is already used on line " + std::to_string(other->line));
        c.returnPeriodYears = csv.number(row, cT);
        if (!(c.returnPeriodYears > 1.0))
            csv.fail(row, cT, core::number(c.returnPeriodYears) + " must be greater than 1 year");
        if (cD >= 0 && !csv.text(row, cD).empty()) c.durationMin = csv.positive(row, cD);
        if (cI >= 0 && !csv.text(row, cI).empty()) c.inletCapacityMmPerH = csv.positive(row, cI, true);
        t.classes.push_back(c);
    }
    return t;
}

SewerClassTable readSewerClasses(const std::string& path) {
    return parseSewerClasses(readText(path), path);
}

double designDrainageRateMmPerH(const RainfallTable& table, double returnPeriodYears, double durationMin,
                                double inletCapacityMmPerH) {
    // Mean intensity of the design storm over the design duration (the rational method's design intensity).
    const double rate = table.depthMm(returnPeriodYears, durationMin) * 60.0 / durationMin;
    return inletCapacityMmPerH > 0.0 ? std::min(rate, inletCapacityMmPerH) : rate;
}

}  // namespace citytwin::flood
