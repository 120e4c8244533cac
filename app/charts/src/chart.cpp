#include "citytwin/charts/chart.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

#include "citytwin/core/error.h"

namespace citytwin::charts {

namespace {

std::string say(const Translate& tr, const std::string& key, const std::string& english) {
    if (!tr) return english;
    const std::string t = tr(key, english);
    return t.empty() ? english : t;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int columnIndex(const sdk::Table& t, const std::string& name) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == name) return static_cast<int>(i);
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (lower(t.columns[i].name) == lower(name)) return static_cast<int>(i);
    return -1;
}

std::string withUnit(const std::string& label, const std::string& unit) {
    return unit.empty() ? label : label + " [" + unit + "]";
}

/// A declared unit as the reader's text ("m3" may read "m³"): key "unitname.<unit>".
std::string unitName(const Translate& tr, const std::string& unit) {
    return unit.empty() ? unit : say(tr, "unitname." + unit, unit);
}

std::string outputName(const core::OutputData& o) {
    return o.simulator + "." + o.decl.id;
}

std::string outputLabel(const core::OutputData& o, const Translate& tr) {
    return say(tr, "output:" + outputName(o), o.decl.label.empty() ? o.decl.id : o.decl.label);
}

std::string columnLabel(const core::OutputData& o, const std::string& column, const Translate& tr) {
    std::string english = column;
    std::replace(english.begin(), english.end(), '_', ' ');
    return say(tr, "column:" + outputName(o) + "." + column, english);
}

/// A group's legend text: its value, after the group column's name when the value is a bare number
/// ("gauge 4" rather than "4").
std::string groupName(const core::OutputData& o, const std::string& column, const std::string& value,
                      const Translate& tr) {
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    const bool number = !value.empty() && end && *end == '\0';
    return number ? columnLabel(o, column, tr) + " " + value : value;
}

/// True when every non-empty cell of column c is a number and at least one is finite.
bool numericColumn(const sdk::Table& t, std::size_t c) {
    bool any = false;
    for (const auto& row : t.rows) {
        if (c >= row.size()) continue;
        const core::AttributeValue& v = row[c];
        if (std::holds_alternative<std::monostate>(v)) continue;
        if (std::holds_alternative<std::string>(v)) return false;
        any = any || std::isfinite(core::toNumber(v));
    }
    return any;
}

/// True when column c holds one value per group (an attribute of the group, such as a gauge's position) and
/// the table has more rows than groups.
bool constantWithinGroups(const sdk::Table& t, std::size_t c, std::size_t g) {
    std::map<std::string, double> first;
    for (const auto& row : t.rows) {
        if (c >= row.size() || g >= row.size()) continue;
        const std::string key = core::toText(row[g]);
        const double v = core::toNumber(row[c]);
        auto it = first.find(key);
        if (it == first.end())
            first.emplace(key, v);
        else if (!(it->second == v || (std::isnan(it->second) && std::isnan(v))))
            return false;
    }
    return t.rows.size() > first.size();
}

bool wantsLog(const std::vector<Series>& series) {
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    bool any = false;
    for (const Series& s : series)
        for (double v : s.y) {
            if (!std::isfinite(v)) continue;
            if (v <= 0) return false;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            any = true;
        }
    return any && hi / lo > 1e3;
}

/// The x values of a table in the chart's unit, and the axis title.
struct XAxis {
    std::vector<double> values;
    std::string title;
    XKind kind = XKind::Other;
};

XAxis xAxisOf(const core::OutputData& o, const sdk::Table& t, int xc, const Translate& tr) {
    XAxis a;
    const sdk::TableColumn& col = t.columns[static_cast<std::size_t>(xc)];
    a.values.reserve(t.rows.size());
    for (const auto& row : t.rows)
        a.values.push_back(static_cast<std::size_t>(xc) < row.size() ? core::toNumber(row[xc])
                                                                     : std::nan(""));
    if (o.decl.style.tableRole == sdk::TableRole::TimeSeries) {
        a.kind = XKind::Time;
        // Declared as seconds; a column that names another time unit is converted from it.
        const double toSeconds = secondsPer(col.unit).value_or(1.0);
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double& v : a.values) {
            v *= toSeconds;
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        const auto [unit, seconds] = timeUnitFor(hi > lo ? hi - lo : std::fabs(hi));
        for (double& v : a.values)
            v /= seconds;
        a.title = withUnit(say(tr, "chart.time", "Time"), say(tr, "unit." + unit, unit));
    } else {
        a.kind = col.unit == "m" || col.unit == "km" ? XKind::Distance : XKind::Other;
        a.title = withUnit(columnLabel(o, col.name, tr), unitName(tr, col.unit));
    }
    return a;
}

}  // namespace

int Chart::drawableSeries() const {
    int n = 0;
    for (const Series& s : series) {
        bool any = false;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size() && !any; ++i)
            any = std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
        n += any ? 1 : 0;
    }
    return n;
}

std::optional<double> secondsPer(const std::string& unitText) {
    const std::string u = lower(unitText);
    if (u == "s" || u == "sec" || u == "seconds") return 1.0;
    if (u == "min" || u == "minutes") return 60.0;
    if (u == "h" || u == "hour" || u == "hours") return 3600.0;
    if (u == "d" || u == "day" || u == "days") return 86400.0;
    if (u == "yr" || u == "year" || u == "years" || u == "a") return 365.25 * 86400.0;
    return std::nullopt;
}

std::pair<std::string, double> timeUnitFor(double spanS) {
    // The largest unit in which the span is still at least about three units, so ticks stay readable.
    if (spanS >= 3 * 365.25 * 86400.0) return {"yr", 365.25 * 86400.0};
    if (spanS >= 3 * 86400.0) return {"d", 86400.0};
    if (spanS >= 3 * 3600.0) return {"h", 3600.0};
    if (spanS >= 3 * 60.0) return {"min", 60.0};
    return {"s", 1.0};
}

bool isChartable(const core::OutputData& output) {
    return output.decl.kind == sdk::OutputKind::Table &&
           (output.decl.style.tableRole == sdk::TableRole::TimeSeries ||
            output.decl.style.tableRole == sdk::TableRole::Profile) &&
           !output.decl.style.xColumn.empty();
}

std::vector<Chart> chartsOf(const core::OutputData& o, const Translate& tr) {
    std::vector<Chart> charts;
    if (!isChartable(o) || !o.table) return charts;
    const sdk::Table& t = *o.table;
    auto columnList = [&] {
        std::string s;
        for (const sdk::TableColumn& c : t.columns)
            s += (s.empty() ? "" : ", ") + c.name;
        return s;
    };
    const int xc = columnIndex(t, o.decl.style.xColumn);
    if (xc < 0)
        throw core::Error(core::ErrorCode::Data,
                          "output " + outputName(o) + " declares x column '" + o.decl.style.xColumn +
                              "', which the table lacks (columns: " + columnList() + ")");
    int gc = -1;
    if (!o.decl.style.groupColumn.empty()) {
        gc = columnIndex(t, o.decl.style.groupColumn);
        if (gc < 0)
            throw core::Error(core::ErrorCode::Data,
                              "output " + outputName(o) + " declares group column '" +
                                  o.decl.style.groupColumn +
                                  "', which the table lacks (columns: " + columnList() + ")");
    }
    const XAxis x = xAxisOf(o, t, xc, tr);
    // Value columns: numeric, and neither another x (a second time column of a time series, a position in
    // the x column's unit along a profile) nor an attribute of the group (a gauge's coordinates).
    const std::string xUnit = t.columns[static_cast<std::size_t>(xc)].unit;
    const bool timeSeries = o.decl.style.tableRole == sdk::TableRole::TimeSeries;
    std::vector<std::size_t> values;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (static_cast<int>(c) == xc || static_cast<int>(c) == gc || !numericColumn(t, c)) continue;
        const std::string& unit = t.columns[c].unit;
        if (timeSeries && secondsPer(unit)) continue;
        if (!timeSeries && !xUnit.empty() && unit == xUnit) continue;
        if (gc >= 0 && constantWithinGroups(t, c, static_cast<std::size_t>(gc))) continue;
        values.push_back(c);
    }
    const std::string label = outputLabel(o, tr);

    if (gc >= 0) {
        // One chart per value column, one line per group, groups in order of appearance.
        std::vector<std::string> groups;
        std::vector<int> groupOf(t.rows.size(), -1);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const std::string g =
                static_cast<std::size_t>(gc) < t.rows[r].size() ? core::toText(t.rows[r][gc]) : std::string();
            auto it = std::find(groups.begin(), groups.end(), g);
            if (it == groups.end()) {
                groups.push_back(g);
                it = groups.end() - 1;
            }
            groupOf[r] = static_cast<int>(it - groups.begin());
        }
        for (std::size_t c : values) {
            const sdk::TableColumn& col = t.columns[c];
            Chart ch;
            ch.id = outputName(o) + ":" + col.name;
            ch.title = label + " — " + columnLabel(o, col.name, tr);
            ch.xTitle = x.title;
            ch.yTitle = withUnit(columnLabel(o, col.name, tr), unitName(tr, col.unit));
            ch.xKind = x.kind;
            ch.series.resize(groups.size());
            for (std::size_t g = 0; g < groups.size(); ++g) {
                ch.series[g].name = groupName(o, t.columns[static_cast<std::size_t>(gc)].name, groups[g], tr);
                ch.series[g].colour = static_cast<int>(g);
            }
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                Series& s = ch.series[static_cast<std::size_t>(groupOf[r])];
                s.x.push_back(x.values[r]);
                s.y.push_back(c < t.rows[r].size() ? core::toNumber(t.rows[r][c]) : std::nan(""));
            }
            ch.logY = wantsLog(ch.series);
            charts.push_back(std::move(ch));
        }
        return charts;
    }

    // No groups: columns of one unit share a chart (a water budget in m3), one line each.
    std::vector<std::string> units;
    for (std::size_t c : values)
        if (std::find(units.begin(), units.end(), t.columns[c].unit) == units.end())
            units.push_back(t.columns[c].unit);
    for (const std::string& unit : units) {
        Chart ch;
        std::vector<std::size_t> cols;
        for (std::size_t c : values)
            if (t.columns[c].unit == unit) cols.push_back(c);
        ch.id = outputName(o) + ":[" + unit + "]";
        ch.xTitle = x.title;
        ch.xKind = x.kind;
        if (cols.size() == 1) {
            const std::string cl = columnLabel(o, t.columns[cols[0]].name, tr);
            ch.title = units.size() == 1 ? label : label + " — " + cl;
            ch.yTitle = withUnit(cl, unitName(tr, unit));
        } else {
            ch.title = units.size() == 1 ? label : withUnit(label, unitName(tr, unit));
            ch.yTitle = withUnit(say(tr, "chart.value", "Value"), unitName(tr, unit));
        }
        for (std::size_t k = 0; k < cols.size(); ++k) {
            Series s;
            s.name = columnLabel(o, t.columns[cols[k]].name, tr);
            s.colour = static_cast<int>(k);
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                s.x.push_back(x.values[r]);
                s.y.push_back(cols[k] < t.rows[r].size() ? core::toNumber(t.rows[r][cols[k]]) : std::nan(""));
            }
            ch.series.push_back(std::move(s));
        }
        ch.logY = wantsLog(ch.series);
        charts.push_back(std::move(ch));
    }
    return charts;
}

Chart overlay(const std::vector<std::pair<std::string, Chart>>& runs) {
    if (runs.empty()) throw core::Error(core::ErrorCode::Internal, "overlay of no charts");
    Chart out = runs.front().second;
    out.series.clear();
    bool single = true;
    for (const auto& [run, chart] : runs)
        single = single && chart.series.size() <= 1;
    std::map<std::string, int> colourOf;
    int run = 0;
    for (const auto& [label, chart] : runs) {
        if (chart.id != out.id) continue;
        for (const Series& s : chart.series) {
            Series c = s;
            auto it = colourOf.find(s.name);
            if (it == colourOf.end()) it = colourOf.emplace(s.name, static_cast<int>(colourOf.size())).first;
            // With one line per run, the runs take the colours; otherwise the lines do and the runs the
            // dashes.
            c.colour = single ? run : it->second;
            c.dash = single ? 0 : run % 4;
            c.name = single || s.name.empty() ? label : label + " · " + s.name;
            out.series.push_back(std::move(c));
        }
        ++run;
    }
    out.logY = wantsLog(out.series);
    return out;
}

std::optional<Chart> cellHistory(const core::OutputData& o, const core::Point& p,
                                 const std::string& seriesName, const Translate& tr) {
    if (o.decl.kind != sdk::OutputKind::RasterSeries || o.frames.empty()) return std::nullopt;
    Series s;
    s.name = seriesName;
    bool inside = false;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const core::Frame& f : o.frames) {
        if (!f.raster) continue;
        int col = 0, row = 0;
        if (!f.raster->cellOf(p, col, row)) continue;
        inside = true;
        s.x.push_back(f.timeS);
        s.y.push_back(f.raster->at(col, row));
        lo = std::min(lo, f.timeS);
        hi = std::max(hi, f.timeS);
    }
    if (!inside) return std::nullopt;
    bool any = false;
    for (double v : s.y)
        any = any || std::isfinite(v);
    if (!any) return std::nullopt;
    const auto [unit, seconds] = timeUnitFor(hi > lo ? hi - lo : std::fabs(hi));
    for (double& v : s.x)
        v /= seconds;
    Chart ch;
    ch.id = "point:" + outputName(o);
    ch.title = outputLabel(o, tr);
    ch.xTitle = withUnit(say(tr, "chart.time", "Time"), say(tr, "unit." + unit, unit));
    ch.yTitle = withUnit(outputLabel(o, tr), unitName(tr, o.decl.unit));
    ch.xKind = XKind::Time;
    ch.series.push_back(std::move(s));
    return ch;
}

std::vector<Chart> chartsForFeature(const core::OutputData& table, const std::vector<std::string>& values,
                                    const Translate& tr) {
    std::vector<Chart> out;
    if (!isChartable(table) || table.decl.style.groupColumn.empty()) return out;
    const std::string column = table.decl.style.groupColumn;
    for (Chart& ch : chartsOf(table, tr)) {
        std::vector<Series> kept;
        for (Series& s : ch.series)
            for (const std::string& v : values)
                if (!v.empty() && (s.name == v || s.name == groupName(table, column, v, tr))) {
                    kept.push_back(std::move(s));
                    break;
                }
        if (kept.empty()) continue;
        for (std::size_t i = 0; i < kept.size(); ++i)
            kept[i].colour = static_cast<int>(i);
        ch.series = std::move(kept);
        ch.logY = wantsLog(ch.series);
        out.push_back(std::move(ch));
    }
    return out;
}

std::vector<std::string> numericAttributes(const core::OutputData& o) {
    std::vector<std::string> out;
    if (o.decl.kind != sdk::OutputKind::Vector || !o.vector) return out;
    const core::VectorLayer& v = *o.vector;
    for (std::size_t f = 0; f < v.fields.size(); ++f) {
        bool number = false;
        for (const core::VectorFeature& feature : v.features) {
            const core::AttributeValue& a = feature.attribute(static_cast<int>(f));
            if (std::holds_alternative<std::int64_t>(a) || std::holds_alternative<double>(a)) {
                number = true;
                break;
            }
        }
        if (number) out.push_back(v.fields[f].name);
    }
    return out;
}

std::vector<std::string> textAttributes(const core::OutputData& o) {
    std::vector<std::string> out;
    if (o.decl.kind != sdk::OutputKind::Vector || !o.vector) return out;
    const core::VectorLayer& v = *o.vector;
    for (std::size_t f = 0; f < v.fields.size(); ++f)
        for (const core::VectorFeature& feature : v.features)
            if (std::holds_alternative<std::string>(feature.attribute(static_cast<int>(f)))) {
                out.push_back(v.fields[f].name);
                break;
            }
    return out;
}

Chart scatterOf(const core::OutputData& o, const std::string& x, const std::string& y,
                const std::string& group, const Translate& tr) {
    if (o.decl.kind != sdk::OutputKind::Vector || !o.vector)
        throw core::Error(core::ErrorCode::Data,
                          "output " + outputName(o) + " is not a vector layer with data");
    const core::VectorLayer& v = *o.vector;
    auto field = [&](const std::string& name) {
        const int i = v.fields.indexOf(name);
        if (i < 0) {
            std::string names;
            for (const core::Field& f : v.fields)
                names += (names.empty() ? "" : ", ") + f.name;
            throw core::Error(core::ErrorCode::Data, "output " + outputName(o) + " has no attribute '" +
                                                         name + "' (attributes: " + names + ")");
        }
        return i;
    };
    const int xi = field(x), yi = field(y), gi = group.empty() ? -1 : field(group);
    Chart ch;
    ch.id = "scatter:" + outputName(o) + ":" + x + ":" + y + ":" + group;
    ch.title = outputLabel(o, tr) + " — " + columnLabel(o, y, tr) + " / " + columnLabel(o, x, tr);
    ch.xTitle = columnLabel(o, x, tr);
    ch.yTitle = columnLabel(o, y, tr);
    ch.xKind = XKind::Other;
    std::map<std::string, std::size_t> index;
    for (const core::VectorFeature& f : v.features) {
        const double xv = core::toNumber(f.attribute(xi)), yv = core::toNumber(f.attribute(yi));
        if (!std::isfinite(xv) || !std::isfinite(yv)) continue;
        const std::string g = gi < 0 ? outputLabel(o, tr) : core::toText(f.attribute(gi));
        auto it = index.find(g);
        if (it == index.end()) {
            it = index.emplace(g, ch.series.size()).first;
            Series s;
            s.name = g.empty() ? "—" : g;
            s.colour = static_cast<int>(ch.series.size());
            s.markers = true;
            ch.series.push_back(std::move(s));
        }
        ch.series[it->second].x.push_back(xv);
        ch.series[it->second].y.push_back(yv);
    }
    return ch;
}

}  // namespace citytwin::charts
