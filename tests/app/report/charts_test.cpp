// Charts from declared tables (citytwin/charts/chart.h) and their drawing through VTK's chart library and a
// QPainter (chart_painter.h). The tables here are written by hand, so the expected charts are known without
// the code under test.

#include <gtest/gtest.h>
#include <QColor>
#include <QGuiApplication>
#include <QImage>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "citytwin/charts/chart.h"
#include "citytwin/charts/chart_painter.h"
#include "test_util.h"

namespace ct = citytwin;
using ct::charts::Chart;
using ct::charts::Series;

namespace {

ct::core::OutputData tableOutput(const std::string& sim, const std::string& id, ct::sdk::StyleHint style,
                                 std::vector<ct::sdk::TableColumn> columns,
                                 std::vector<std::vector<ct::core::AttributeValue>> rows) {
    ct::core::OutputData o;
    o.simulator = sim;
    o.decl.id = id;
    o.decl.label = "Label of " + id;
    o.decl.kind = ct::sdk::OutputKind::Table;
    o.decl.style = std::move(style);
    auto t = std::make_shared<ct::sdk::Table>();
    t->columns = std::move(columns);
    t->rows = std::move(rows);
    o.table = t;
    return o;
}

/// Two gauges, three times 5 minutes apart; each gauge's position is an attribute of the gauge.
ct::core::OutputData gauges() {
    using V = ct::core::AttributeValue;
    std::vector<std::vector<V>> rows;
    for (int g = 0; g < 2; ++g)
        for (int k = 0; k < 3; ++k)
            rows.push_back({V(std::string(g == 0 ? "G1" : "G2")), V(100.0 + g), V(200.0 + g), V(300.0 * k),
                            V(0.1 * k + g), V(20.0 + 0.1 * k), V(0.5)});
    return tableOutput("flood", "gauges", ct::sdk::Style::timeSeries("time", "gauge"),
                       {{"gauge", ""},
                        {"x", "m"},
                        {"y", "m"},
                        {"time", "s"},
                        {"depth", "m"},
                        {"level", "m"},
                        {"speed", "m/s"}},
                       rows);
}

int pixelsNear(const QImage& img, const QColor& c, int tolerance) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) <= tolerance && std::abs(p.green() - c.green()) <= tolerance &&
                std::abs(p.blue() - c.blue()) <= tolerance)
                ++n;
        }
    return n;
}

}  // namespace

TEST(ChartsOf, GroupedTableGivesAChartPerValueColumnAndALinePerGroup) {
    const std::vector<Chart> charts = ct::charts::chartsOf(gauges());
    // x and y are constant within each gauge (attributes of the gauge) and so is speed here (0.5 in every
    // row): left out. Depth and level remain.
    ASSERT_EQ(charts.size(), 2u);
    EXPECT_EQ(charts[0].id, "flood.gauges:depth");
    EXPECT_EQ(charts[0].yTitle, "depth [m]");
    EXPECT_EQ(charts[0].xTitle, "Time [min]");  // 600 s span: minutes
    ASSERT_EQ(charts[0].series.size(), 2u);
    EXPECT_EQ(charts[0].series[0].name, "G1");
    EXPECT_EQ(charts[0].series[1].name, "G2");
    EXPECT_EQ(charts[0].series[1].x, (std::vector<double>{0.0, 5.0, 10.0}));
    EXPECT_NEAR(charts[0].series[1].y[2], 1.2, 1e-12);
    EXPECT_EQ(charts[1].id, "flood.gauges:level");
    EXPECT_EQ(charts[0].drawableSeries(), 2);
}

TEST(ChartsOf, UngroupedColumnsShareAChartPerUnit) {
    using V = ct::core::AttributeValue;
    const auto o = tableOutput("flood", "mass_balance", ct::sdk::Style::timeSeries("time"),
                               {{"time", "s"}, {"rain", "m3"}, {"stored", "m3"}, {"relative_error", ""}},
                               {{V(0.0), V(0.0), V(0.0), V(0.0)},
                                {V(3600.0), V(10.0), V(9.0), V(1e-15)},
                                {V(7200.0), V(20.0), V(17.0), V(2e-15)},
                                {V(10800.0), V(20.0), V(15.0), V(0.0)}});
    const std::vector<Chart> charts = ct::charts::chartsOf(o);
    ASSERT_EQ(charts.size(), 2u);
    EXPECT_EQ(charts[0].series.size(), 2u);
    EXPECT_EQ(charts[0].yTitle, "Value [m3]");
    EXPECT_EQ(charts[0].xTitle, "Time [h]");  // 3 h span
    EXPECT_EQ(charts[0].series[1].name, "stored");
    EXPECT_EQ(charts[1].series.size(), 1u);
    EXPECT_EQ(charts[1].yTitle, "relative error");
}

TEST(ChartsOf, ProfilesLeaveOutPositionsAndTimeSeriesOtherTimeColumns) {
    using V = ct::core::AttributeValue;
    const auto profile =
        tableOutput("subsidence", "profiles", ct::sdk::Style::profile("distance", "profile"),
                    {{"profile", ""}, {"distance", "m"}, {"x", "m"}, {"y", "m"}, {"settlement", "mm"}},
                    {{V(std::string("A")), V(0.0), V(10.0), V(5.0), V(0.0)},
                     {V(std::string("A")), V(5.0), V(15.0), V(5.0), V(3.0)},
                     {V(std::string("A")), V(10.0), V(20.0), V(5.0), V(1.0)}});
    std::vector<Chart> charts = ct::charts::chartsOf(profile);
    ASSERT_EQ(charts.size(), 1u);
    EXPECT_EQ(charts[0].xTitle, "distance [m]");
    EXPECT_EQ(charts[0].xKind, ct::charts::XKind::Distance);
    EXPECT_EQ(charts[0].series[0].y, (std::vector<double>{0.0, 3.0, 1.0}));

    const auto series =
        tableOutput("subsidence", "settlement_series", ct::sdk::Style::timeSeries("time", "point"),
                    {{"point", ""}, {"time", "s"}, {"day", "day"}, {"settlement", "mm"}},
                    {{V(std::string("P1")), V(0.0), V(0.0), V(0.0)},
                     {V(std::string("P1")), V(864000.0), V(10.0), V(2.0)}});
    charts = ct::charts::chartsOf(series);
    ASSERT_EQ(charts.size(), 1u);
    EXPECT_EQ(charts[0].id, "subsidence.settlement_series:settlement");
    EXPECT_EQ(charts[0].xTitle, "Time [d]");
    EXPECT_EQ(charts[0].series[0].x, (std::vector<double>{0.0, 10.0}));
}

TEST(ChartsOf, TextColumnsAreNotValues) {
    using V = ct::core::AttributeValue;
    const auto o =
        tableOutput("newtown", "sun_path", ct::sdk::Style::timeSeries("time"),
                    {{"time", "s"}, {"clock", ""}, {"elevation", "deg"}},
                    {{V(0.0), V(std::string("08:00")), V(2.0)}, {V(60.0), V(std::string("08:01")), V(2.2)}});
    const std::vector<Chart> charts = ct::charts::chartsOf(o);
    ASSERT_EQ(charts.size(), 1u);
    EXPECT_EQ(charts[0].series.size(), 1u);
    EXPECT_EQ(charts[0].series[0].name, "elevation");
}

TEST(ChartsOf, DeclaredColumnsMissingFromTheTableAreNamed) {
    ct::core::OutputData o = gauges();
    o.decl.style.xColumn = "clock";
    ct::test::expectError([&] { ct::charts::chartsOf(o); }, ct::core::ErrorCode::Data,
                          {"flood.gauges", "'clock'", "gauge, x, y, time"});
    o = gauges();
    o.decl.style.groupColumn = "station";
    ct::test::expectError([&] { ct::charts::chartsOf(o); }, ct::core::ErrorCode::Data,
                          {"group column 'station'"});
}

TEST(ChartsOf, PlainTablesAndOtherKindsHaveNoCharts) {
    ct::core::OutputData o = gauges();
    o.decl.style = ct::sdk::StyleHint{};
    EXPECT_FALSE(ct::charts::isChartable(o));
    EXPECT_TRUE(ct::charts::chartsOf(o).empty());
}

TEST(ChartsOf, ValuesOverThreeDecadesGetALogAxis) {
    using V = ct::core::AttributeValue;
    const auto o = tableOutput("traffic", "convergence", ct::sdk::Style::profile("iteration"),
                               {{"iteration", ""}, {"relative_gap", ""}},
                               {{V(0.0), V(0.03)}, {V(1.0), V(5e-4)}, {V(2.0), V(3e-7)}});
    const std::vector<Chart> charts = ct::charts::chartsOf(o);
    ASSERT_EQ(charts.size(), 1u);
    EXPECT_TRUE(charts[0].logY);
    EXPECT_EQ(charts[0].xKind, ct::charts::XKind::Other);
}

TEST(ChartsOf, TranslationsReplaceLabels) {
    const auto tr = [](const std::string& key, const std::string& english) -> std::string {
        if (key == "column:flood.gauges.depth") return "수심";
        if (key == "chart.time") return "시간";
        if (key == "unit.min") return "분";
        return english;
    };
    const std::vector<Chart> charts = ct::charts::chartsOf(gauges(), tr);
    EXPECT_EQ(charts[0].yTitle, "수심 [m]");
    EXPECT_EQ(charts[0].xTitle, "시간 [분]");
}

TEST(Overlay, NamesTheRunsAndKeepsOneColourPerLine) {
    const Chart a = ct::charts::chartsOf(gauges())[0];
    const Chart b = a;
    const Chart both = ct::charts::overlay({{"A", a}, {"B", b}});
    ASSERT_EQ(both.series.size(), 4u);
    EXPECT_EQ(both.series[0].name, "A · G1");
    EXPECT_EQ(both.series[3].name, "B · G2");
    EXPECT_EQ(both.series[0].colour, both.series[2].colour);  // G1 in both runs
    EXPECT_NE(both.series[0].dash, both.series[2].dash);      // the runs differ by dash
    // One line per run: the runs take the colours and the legend names them alone.
    Chart single = a;
    single.series.resize(1);
    const Chart runs = ct::charts::overlay({{"flood A", single}, {"flood B", single}});
    EXPECT_EQ(runs.series[0].name, "flood A");
    EXPECT_EQ(runs.series[1].name, "flood B");
    EXPECT_NE(runs.series[0].colour, runs.series[1].colour);
}

TEST(CellHistory, ValueOfTheCellOverTheFrames) {
    ct::core::OutputData o;
    o.simulator = "flood";
    o.decl.id = "depth";
    o.decl.label = "Depth";
    o.decl.unit = "m";
    o.decl.kind = ct::sdk::OutputKind::RasterSeries;
    const ct::core::GeoTransform gt{1000.0, 2000.0, 10.0, 10.0};
    for (int k = 0; k < 4; ++k) {
        auto r = std::make_shared<ct::core::Raster>(3, 2, gt, ct::core::Crs{}, 0.0f);
        r->at(1, 1) = static_cast<float>(0.25 * k);  // x in [1010, 1020), y in (1980, 1990]
        if (k == 2) r->at(1, 1) = ct::core::Raster::kNoData;
        o.frames.push_back({3600.0 * k, r});
    }
    const auto c = ct::charts::cellHistory(o, {1015.0, 1985.0}, "run 1");
    ASSERT_TRUE(c);
    ASSERT_EQ(c->series.size(), 1u);
    EXPECT_EQ(c->series[0].name, "run 1");
    EXPECT_EQ(c->xTitle, "Time [h]");
    EXPECT_EQ(c->yTitle, "Depth [m]");
    EXPECT_EQ(c->series[0].x, (std::vector<double>{0, 1, 2, 3}));
    EXPECT_DOUBLE_EQ(c->series[0].y[1], 0.25);
    EXPECT_TRUE(std::isnan(c->series[0].y[2]));
    EXPECT_DOUBLE_EQ(c->series[0].y[3], 0.75);
    EXPECT_FALSE(ct::charts::cellHistory(o, {900.0, 1985.0}, "outside"));
}

TEST(ChartsForFeature, KeepsTheGroupsTheFeatureNames) {
    const std::vector<Chart> charts = ct::charts::chartsForFeature(gauges(), {"Building 3", "G2"});
    ASSERT_EQ(charts.size(), 2u);
    ASSERT_EQ(charts[0].series.size(), 1u);
    EXPECT_EQ(charts[0].series[0].name, "G2");
    EXPECT_TRUE(ct::charts::chartsForFeature(gauges(), {"G7"}).empty());
}

TEST(ScatterOf, MarkersPerClassOfTwoAttributes) {
    using V = ct::core::AttributeValue;
    ct::core::OutputData o;
    o.simulator = "traffic";
    o.decl.id = "links";
    o.decl.label = "Road links";
    o.decl.kind = ct::sdk::OutputKind::Vector;
    auto layer = std::make_shared<ct::core::VectorLayer>();
    layer->fields = {};
    layer->fields.push_back({"class", ct::core::FieldType::String});
    layer->fields.push_back({"flow_veh_h", ct::core::FieldType::Real});
    layer->fields.push_back({"speed_kmh", ct::core::FieldType::Real});
    const std::vector<std::tuple<std::string, double, double>> rows = {{"primary", 1200, 41},
                                                                       {"primary", 1800, 30},
                                                                       {"secondary", 300, 45},
                                                                       {"secondary", 0, 0},
                                                                       {"primary", 600, 50}};
    for (const auto& [cls, flow, speed] : rows) {
        ct::core::VectorFeature f;
        f.attributes = {V(cls), V(flow), V(speed)};
        layer->features.push_back(f);
    }
    ct::core::VectorFeature missing;  // no speed: left out
    missing.attributes = {V(std::string("primary")), V(100.0), V()};
    layer->features.push_back(missing);
    o.vector = layer;
    EXPECT_EQ(ct::charts::numericAttributes(o), (std::vector<std::string>{"flow_veh_h", "speed_kmh"}));
    EXPECT_EQ(ct::charts::textAttributes(o), (std::vector<std::string>{"class"}));
    const Chart c = ct::charts::scatterOf(o, "flow_veh_h", "speed_kmh", "class");
    ASSERT_EQ(c.series.size(), 2u);
    EXPECT_EQ(c.series[0].name, "primary");
    EXPECT_EQ(c.series[0].x, (std::vector<double>{1200, 1800, 600}));
    EXPECT_EQ(c.series[1].y, (std::vector<double>{45, 0}));
    EXPECT_TRUE(c.series[0].markers);
    EXPECT_EQ(c.xTitle, "flow veh h");
    ct::test::expectError([&] { ct::charts::scatterOf(o, "flow", "speed_kmh", ""); },
                          ct::core::ErrorCode::Data,
                          {"traffic.links", "'flow'", "class, flow_veh_h, speed_kmh"});
    // Markers are drawn: each class in its colour.
    const QImage img = ct::charts::chartImage(c, 600, 400);
    EXPECT_GT(pixelsNear(img, ct::charts::seriesColour(0), 12), 20);
    EXPECT_GT(pixelsNear(img, ct::charts::seriesColour(1), 12), 20);
}

TEST(TimeUnits, ReadableUnitForTheSpan) {
    EXPECT_EQ(ct::charts::timeUnitFor(90).first, "s");
    EXPECT_EQ(ct::charts::timeUnitFor(5400).first, "min");
    EXPECT_EQ(ct::charts::timeUnitFor(3 * 3600).first, "h");
    EXPECT_EQ(ct::charts::timeUnitFor(365 * 86400.0).first, "d");
    EXPECT_EQ(ct::charts::timeUnitFor(10 * 365.25 * 86400.0).first, "yr");
    EXPECT_DOUBLE_EQ(*ct::charts::secondsPer("day"), 86400.0);
    EXPECT_FALSE(ct::charts::secondsPer("m"));
}

// The painter draws through VTK's chart layout: every series must show up in its own palette colour, and a
// chart with no data must show none of them.
TEST(ChartPainter, DrawsEverySeriesInItsColour) {
    Chart c;
    c.title = "Three lines";
    c.xTitle = "Time [min]";
    c.yTitle = "depth [m]";
    for (int s = 0; s < 3; ++s) {
        Series line;
        line.name = "line " + std::to_string(s);
        line.colour = s;
        for (int i = 0; i <= 20; ++i) {
            line.x.push_back(i);
            line.y.push_back(s + std::sin(i * 0.3));
        }
        c.series.push_back(line);
    }
    ct::charts::ChartStyle style;
    style.lineWidth = 3;
    const QImage img = ct::charts::chartImage(c, 800, 500, 1.0, style);
    ASSERT_FALSE(img.isNull());
    for (int s = 0; s < 3; ++s)
        EXPECT_GT(pixelsNear(img, ct::charts::seriesColour(s), 12), 200) << "series " << s << " not drawn";
    // Distinct colours, so the counts above are per series.
    EXPECT_NE(ct::charts::seriesColour(0), ct::charts::seriesColour(1));

    Chart empty = c;
    for (Series& s : empty.series)
        s.y.assign(s.y.size(), std::nan(""));
    EXPECT_EQ(empty.drawableSeries(), 0);
    const QImage none = ct::charts::chartImage(empty, 800, 500, 1.0, style);
    for (int s = 0; s < 3; ++s)
        EXPECT_EQ(pixelsNear(none, ct::charts::seriesColour(s), 12), 0);
}

// Values far from zero (an objective near 18,000) and log axes (a convergence gap over 14 decades) need VTK's
// axes settled before the points are placed; a single paint pass left these lines off the chart.
TEST(ChartPainter, LargeValuesAndLogAxesAreDrawn) {
    for (const bool log : {false, true}) {
        Chart c;
        c.logY = log;
        Series s;
        s.colour = 2;
        for (int i = 0; i <= 3; ++i) {
            s.x.push_back(i);
            s.y.push_back(log ? 0.03 * std::pow(1e-5, i) : 18297.0 - 110.0 * (1.0 - std::exp(-3.0 * i)));
        }
        c.series.push_back(s);
        ct::charts::ChartStyle style;
        style.lineWidth = 3;
        const QImage img = ct::charts::chartImage(c, 600, 400, 1.0, style);
        EXPECT_GT(pixelsNear(img, ct::charts::seriesColour(2), 12), 150)
            << (log ? "log axis" : "large values");
    }
}

TEST(ChartPainter, TextIsDrawn) {
    // Axis titles and tick labels are text: a chart with titles has dark pixels left of and below the plot.
    Chart c;
    c.xTitle = "Time [min]";
    c.yTitle = "depth [m]";
    Series s;
    s.x = {0, 1, 2};
    s.y = {0, 1, 0.5};
    c.series.push_back(s);
    const QImage img = ct::charts::chartImage(c, 600, 400);
    int dark = 0;
    for (int y = 360; y < 400; ++y)
        for (int x = 0; x < 600; ++x)
            dark += img.pixelColor(x, y).lightness() < 100 ? 1 : 0;
    EXPECT_GT(dark, 30) << "no x-axis title drawn";
}

int main(int argc, char** argv) {
    // Fonts need a QGuiApplication; no display is needed.
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
