#pragma once
/// @file chart.h
/// Charts of simulator results, made from what the results declare, never from code per simulator:
/// - a table declared a time series or a profile (sdk::TableRole, StyleHint::xColumn / groupColumn) gives one
///   chart per value column (one line per group: per gauge, per point, per cross-section) or, without a group
///   column, one chart per unit with a line per column (a water budget);
/// - a raster series sampled at a point gives that cell's value over the frames;
/// - the same chart from several runs is overlaid (A/B): one colour per line, one dash style per run, the
///   legend naming the run.
/// Plain C++ (no Qt, no VTK): chart_painter.h draws a Chart. Thread safety: functions are re-entrant.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/results.h"

namespace citytwin::charts {

/// One line (or set of markers) of a chart.
struct Series {
    std::string name;       ///< legend text ("P1", "flood A · P1")
    std::vector<double> x;  ///< in the chart's x unit (see Chart::xTitle)
    std::vector<double> y;  ///< same length as x; NaN values are left out when drawn
    int colour = 0;         ///< index into the categorical palette
    int dash = 0;           ///< 0 solid, 1 dashed, 2 dotted, 3 dash-dot (runs of an A/B overlay)
    bool markers = false;   ///< markers instead of a line
};

/// What the x axis holds.
enum class XKind {
    Time,      ///< converted from seconds to a readable unit (min, h, d or yr)
    Distance,  ///< along a profile line [m]
    Other,     ///< as declared (an iteration number)
};

/// A chart: titles already in the reader's language, series ready to draw.
struct Chart {
    std::string id;      ///< stable key: "<sim>.<table>:<column or unit>" or "point:<sim>.<series>"
    std::string title;   ///< "Gauge series — depth"
    std::string xTitle;  ///< "Time [min]"
    std::string yTitle;  ///< "depth [m]"
    XKind xKind = XKind::Other;
    bool logY = false;  ///< values span more than three decades, all positive (a convergence gap)
    std::vector<Series> series;

    /// Number of series with at least one finite point.
    int drawableSeries() const;
};

/// Translates report and chart wording. `key` is stable ("chart.time", "column:flood.gauges.depth",
/// "output:flood.gauges"); the function returns the text in the reader's language or `english` when it has
/// none. An empty function keeps the English.
using Translate = std::function<std::string(const std::string& key, const std::string& english)>;

/// True for a table output declared a time series or a profile with an x column.
bool isChartable(const core::OutputData& output);

/// The charts a table output declares, for one run. Empty for tables not declared chartable.
/// Value columns are the numeric columns other than the x and group columns; a column with any text in it
/// is left out. @throws core::Error(Data) when the declared x or group column is not in the table (naming
/// the column and the output).
std::vector<Chart> chartsOf(const core::OutputData& table, const Translate& tr = {});

/// The same chart (same id) from several runs, overlaid: each series is renamed "<run> · <name>" (or just
/// "<run>" when the chart has one series), keeps one colour per original name and takes the run's dash style.
/// `runs` pairs a run label with its chart; charts of other ids are ignored. Needs at least one chart.
Chart overlay(const std::vector<std::pair<std::string, Chart>>& runs);

/// The value of a raster series at a point (the cell containing it) over the frames, as a chart with one
/// series named `seriesName`; nullopt when the point is outside the grid or every value is NoData.
std::optional<Chart> cellHistory(const core::OutputData& series, const core::Point& p,
                                 const std::string& seriesName, const Translate& tr = {});

/// The lines of time-series and profile tables whose group value equals one of `values` (a picked
/// feature's attribute values, compared as text): a gauge's hydrograph when its name is picked, a building's
/// settlement when its id is picked. One chart per table value column, holding only the matching groups.
std::vector<Chart> chartsForFeature(const core::OutputData& table, const std::vector<std::string>& values,
                                    const Translate& tr = {});

/// A scatter chart of two numeric attributes of a vector output, one set of markers per value of a third
/// attribute (speed against flow by road class): a chart the user asks for by naming the attributes, since
/// vector outputs declare no chart. `group` may be "" (one set). Features with a non-numeric x or y are left
/// out. @throws core::Error(Data) for a non-vector output or an attribute it lacks (named).
Chart scatterOf(const core::OutputData& vector, const std::string& x, const std::string& y,
                const std::string& group, const Translate& tr = {});

/// The attributes of a vector output that hold numbers in at least one feature, in field order.
std::vector<std::string> numericAttributes(const core::OutputData& vector);
/// The attributes of a vector output that hold text (classes, names), in field order.
std::vector<std::string> textAttributes(const core::OutputData& vector);

/// The unit of time used on a time axis spanning `spanS` seconds: "s", "min", "h", "d" or "yr", and its
/// length in seconds.
std::pair<std::string, double> timeUnitFor(double spanS);

/// Seconds in one `unit` ("s", "min", "h", "d", "day", "days", "yr", "year", "a"); nullopt for others.
std::optional<double> secondsPer(const std::string& unit);

}  // namespace citytwin::charts
