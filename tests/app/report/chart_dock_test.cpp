// The viewer's chart dock and File > Export > Briefing, driven as a user does under Xvfb: two runs of the
// Merewether demo opened (A: 100 mm/h, B: 150 mm/h), their declared charts overlaid with the runs named in
// the legend, a click on a gauge charting the depth there over time for both runs, and a Korean briefing
// written from the viewer. Screenshots are kept in the build tree (tests/app/report/output/).

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>

#include "app_log.h"
#include "briefing_export.h"
#include "chart_dock.h"
#include "citytwin/core/run_directory.h"
#include "main_window.h"
#include "test_util.h"
#include "viewer_setup.h"
#include "vtk_view.h"

using namespace citytwin;
namespace fs = std::filesystem;

class ChartDockTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void declaredChartsOfTwoRunsAreOverlaid();
    void clickingAGaugeChartsItsDepthForBothRuns();
    void savesTheChart();
    void exportsAKoreanBriefing();
    void speedAgainstFlowByRoadClass();
    void cleanupTestCase();

private:
    std::unique_ptr<gui::AppLog> log_;
    std::unique_ptr<gui::MainWindow> window_;
    gui::ChartDock* dock_ = nullptr;
    QString out_;
    fs::path runs_;
    std::string runA_, runB_, traffic_;
};

void ChartDockTest::initTestCase() {
    out_ = CITYTWIN_TEST_OUTPUT_DIR;
    fs::create_directories(out_.toStdString());
    runs_ = fs::temp_directory_path() / ("citytwin_chart_dock_" + std::to_string(::getpid()));
    fs::remove_all(runs_);
    fs::create_directories(runs_);
    runA_ = (runs_ / "rain_100").string();
    runB_ = (runs_ / "rain_150").string();
    const std::string scenario = std::string(CITYTWIN_SOURCE_DIR) + "/data/merewether/scenario.json";
    for (const auto& [dir, rain] : {std::pair{runA_, 100}, std::pair{runB_, 150}}) {
        const auto r = test::runCommand(std::string(CITYTWIN_CLI) + " run " + scenario + " --out " + dir +
                                            " --set flood.duration_s=600 --set flood.output_interval_s=300" +
                                            " --set flood.rain_intensity_mm_per_h=" + std::to_string(rain),
                                        (runs_ / "err.txt").string());
        QVERIFY2(r.code == 0, r.err.c_str());
    }
    traffic_ = (runs_ / "traffic").string();
    const auto r = test::runCommand(std::string(CITYTWIN_CLI) + " run " + CITYTWIN_SOURCE_DIR +
                                        "/data/seoul_songpa/scenario.json --out " + traffic_,
                                    (runs_ / "err.txt").string());
    QVERIFY2(r.code == 0, r.err.c_str());
    log_ = std::make_unique<gui::AppLog>();
    window_ = std::make_unique<gui::MainWindow>(log_.get());
    window_->resize(1400, 900);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    dock_ = window_->findChild<gui::ChartDock*>();
    QVERIFY2(dock_, "no chart dock in the window");

    QSignalSpy loaded(window_.get(), &gui::MainWindow::scenarioLoaded);
    window_->openScenario(QString::fromStdString(scenario));
    QVERIFY(!loaded.isEmpty() || loaded.wait(120000));
    QVERIFY(loaded.first().first().toBool());
    for (const std::string& dir : {runA_, runB_}) {
        QSignalSpy added(window_.get(), &gui::MainWindow::resultsAdded);
        window_->openResults(QString::fromStdString(dir));
        QVERIFY(!added.isEmpty() || added.wait(120000));
    }
}

void ChartDockTest::cleanupTestCase() {
    window_->close();
    window_.reset();
    std::error_code ec;
    fs::remove_all(runs_, ec);
}

void ChartDockTest::declaredChartsOfTwoRunsAreOverlaid() {
    const QStringList titles = dock_->chartTitles();
    QVERIFY2(titles.contains("Gauge series — depth"), qPrintable(titles.join(" | ")));
    QVERIFY(titles.contains("Mass balance [m³]"));
    dock_->setCurrent(static_cast<int>(titles.indexOf("Gauge series — depth")));
    const charts::Chart* c = dock_->currentChart();
    QVERIFY(c);
    // One line per gauge and run: the gauges are the observation points of the demo (counted from the run's
    // own table, independently of the chart code: distinct values of its gauge column).
    const core::RunFolder a = core::readRunDirectory(runA_);
    const sdk::Table& t = *a.runs.at(0).find("gauges")->table;
    std::set<std::string> gauges;
    for (const auto& row : t.rows)
        gauges.insert(core::toText(row[0]));
    QCOMPARE(static_cast<int>(c->series.size()), 2 * static_cast<int>(gauges.size()));
    QVERIFY2(c->series.front().name.rfind("rain_100 · gauge ", 0) == 0, c->series.front().name.c_str());
    QVERIFY2(c->series.back().name.rfind("rain_150 · gauge ", 0) == 0, c->series.back().name.c_str());
    QCOMPARE(c->series.front().colour, c->series[gauges.size()].colour);  // the same gauge in A and B
    QVERIFY(c->series.front().dash != c->series[gauges.size()].dash);
    window_->findChild<QDockWidget*>("chartsDock")->grab().save(out_ + "/chart_dock_gauges.png");
}

void ChartDockTest::clickingAGaugeChartsItsDepthForBothRuns() {
    // Gauge "4" of the demo, where the run's table says it is.
    const core::RunFolder a = core::readRunDirectory(runA_);
    const sdk::Table& t = *a.runs.at(0).find("gauges")->table;
    const double x = core::toNumber(t.rows.at(0).at(1)), y = core::toNumber(t.rows.at(0).at(2));
    window_->scene().applyCameraPreset(render::CameraPreset::Top);
    // The demo's gauges record flood levels at houses: seen from above, the houses hit (a result layer) stand
    // over them. A user hides them to reach the gauge; so does the test (and shows them again at the end).
    std::vector<std::string> hidden;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.id.size() > 16 && l.id.compare(l.id.size() - 16, 16, "/flood.buildings") == 0) {
            render::LayerStyle st = window_->scene().style(l.id);
            if (!st.visible) continue;
            st.visible = false;
            window_->scene().setStyle(l.id, st);
            hidden.push_back(l.id);
        }
    QVERIFY2(!hidden.empty(), "no result buildings layer to hide: the test needs updating");
    QCoreApplication::processEvents();
    const double z = window_->model()->terrain.sampleBilinear({x, y});
    const auto d = window_->scene().worldToDisplay({x, y, z});
    // A click as a user makes it reaches the dock through the window's pick.
    gui::VtkView* v = window_->view();
    const double dpr = v->devicePixelRatioF();
    QTest::mouseClick(v, Qt::LeftButton, {},
                      QPoint(static_cast<int>(d[0] / dpr), static_cast<int>(v->height() - (d[1] + 1) / dpr)));
    QTRY_VERIFY2(dock_->chartTitles().value(0).startsWith("At "),
                 qPrintable(QString("display %1, %2 in a view of %3 x %4; the scene picks '%5'; charts: ")
                                .arg(d[0])
                                .arg(d[1])
                                .arg(v->width())
                                .arg(v->height())
                                .arg(QString::fromStdString(
                                    window_->scene()
                                        .pick(static_cast<int>(std::lround(d[0])), static_cast<int>(std::lround(d[1])))
                                        .title)) +
                            dock_->chartTitles().join(" | ")));
    // The same pick with its result at hand (VtkView::clicked -> MainWindow::pickAt, VTK display
    // coordinates).
    const render::PickResult pick =
        window_->pickAt(QPoint(static_cast<int>(std::lround(d[0])), static_cast<int>(std::lround(d[1]))));
    QVERIFY(pick.hit);
    QVERIFY2(std::hypot(pick.point[0] - x, pick.point[1] - y) < 3.0,
             qPrintable(QString("picked %1, %2 for the gauge at %3, %4")
                            .arg(pick.point[0])
                            .arg(pick.point[1])
                            .arg(x)
                            .arg(y)));
    QTRY_VERIFY(dock_->chartTitles().value(0).startsWith("At "));
    const QStringList titles = dock_->chartTitles();
    int depth = -1;
    for (int i = 0; i < titles.size(); ++i)
        if (titles[i].startsWith("At ") && titles[i].endsWith(": Depth")) depth = i;
    QVERIFY2(depth >= 0, qPrintable(titles.join(" | ")));
    dock_->setCurrent(depth);
    const charts::Chart* c = dock_->currentChart();
    QCOMPARE(c->series.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(c->series[0].name), QString("rain_100"));
    QCOMPARE(QString::fromStdString(c->series[1].name), QString("rain_150"));
    // The frames of the raster series are the chart's points (every 300 s of the 600 s run, in minutes).
    const core::OutputData* depthA = a.runs.at(0).find("depth");
    std::vector<double> minutes;
    for (const core::Frame& f : depthA->frames)
        minutes.push_back(f.timeS / 60.0);
    QVERIFY(minutes.size() >= 2);
    QCOMPARE(c->series[0].x, minutes);
    QCOMPARE(c->xTitle, std::string("Time [min]"));
    // The value at that cell in the last frame, read independently from the frame.
    int col = 0, row = 0;
    QVERIFY(depthA->frames.back().raster->cellOf({pick.point[0], pick.point[1]}, col, row));
    const double last = depthA->frames.back().raster->at(col, row);
    QVERIFY(std::isnan(last) ? std::isnan(c->series[0].y.back())
                             : std::fabs(c->series[0].y.back() - last) < 1e-6);
    window_->grab().save(out_ + "/chart_dock_pick_window.png");
    window_->findChild<QDockWidget*>("chartsDock")->grab().save(out_ + "/chart_dock_pick.png");
    for (const std::string& id : hidden) {
        render::LayerStyle st = window_->scene().style(id);
        st.visible = true;
        window_->scene().setStyle(id, st);
    }
}

void ChartDockTest::savesTheChart() {
    const QString png = out_ + "/chart_saved.png";
    QFile::remove(png);
    QString error;
    QVERIFY2(dock_->saveCurrent(png, &error), qPrintable(error));
    const QImage img(png);
    QCOMPARE(img.size(), QSize(1600, 1000));
}

void ChartDockTest::exportsAKoreanBriefing() {
    const QString pdf = out_ + "/viewer_briefing_ko.pdf";
    QFile::remove(pdf);
    QString error;
    QVERIFY2(
        gui::exportBriefing(window_.get(), {QString::fromStdString(runA_), QString::fromStdString(runB_)},
                            pdf, report::Language::Korean, report::PageSize::A4, &error),
        qPrintable(error));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == "%PDF-");
    QVERIFY(f.size() > 50000);
}

void ChartDockTest::speedAgainstFlowByRoadClass() {
    // A new scenario drops the old runs' charts; the traffic run's road links give speed against flow by
    // class.
    QSignalSpy loaded(window_.get(), &gui::MainWindow::scenarioLoaded);
    window_->openScenario(QString(CITYTWIN_SOURCE_DIR) + "/data/seoul_songpa/scenario.json");
    QVERIFY(!loaded.isEmpty() || loaded.wait(120000));
    QVERIFY(loaded.first().first().toBool());
    QVERIFY2(dock_->chartTitles().isEmpty(), qPrintable(dock_->chartTitles().join(" | ")));
    QSignalSpy added(window_.get(), &gui::MainWindow::resultsAdded);
    window_->openResults(QString::fromStdString(traffic_));
    QVERIFY(!added.isEmpty() || added.wait(120000));
    QVERIFY(dock_->chartTitles().contains("Convergence — relative gap"));
    QString error;
    QVERIFY2(dock_->addScatter("traffic", "links", "flow_veh_h", "speed_kmh", "class", &error),
             qPrintable(error));
    const charts::Chart* c = dock_->currentChart();
    QVERIFY(c);
    // One set of markers per road class of the links (counted from the run's layer, independently).
    const core::RunFolder run = core::readRunDirectory(traffic_);
    const core::VectorLayer& links = *run.runs.at(0).find("links")->vector;
    std::set<std::string> classes;
    for (std::size_t i = 0; i < links.features.size(); ++i)
        classes.insert(core::toText(links.value(i, "class")));
    QCOMPARE(c->series.size(), classes.size());
    QVERIFY(c->series.front().markers);
    window_->findChild<QDockWidget*>("chartsDock")->grab().save(out_ + "/chart_dock_speed_flow.png");
}

int main(int argc, char** argv) {
    gui::prepareEnvironment();
    QApplication app(argc, argv);
    gui::setApplicationNames();
    ChartDockTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "chart_dock_test.moc"
