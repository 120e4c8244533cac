#pragma once
// The viewer's chart dock: the charts the runs' tables declare (time series, profiles), the same chart of
// several runs overlaid (A/B, the legend naming the runs), and on a click in the 3D view what is known about
// the place picked: each raster series' value at that cell over time and the declared series of the picked
// gauge, point or building (matched by its attribute values). No chart code per simulator.

#include <QWidget>
#include <memory>
#include <vector>

#include "citytwin/charts/chart.h"
#include "citytwin/render/scene.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace citytwin::gui {

class MainWindow;

/// Draws one chart (citytwin/charts/chart_painter.h) at the widget's size.
class ChartView : public QWidget {
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);
    void setChart(const charts::Chart* chart);
    QSize sizeHint() const override { return {520, 300}; }

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    std::unique_ptr<charts::Chart> chart_;
};

class ChartDock : public QWidget {
    Q_OBJECT
public:
    explicit ChartDock(QWidget* parent = nullptr);

    /// The runs shown (all of them, in order): their declared charts, the same chart of several runs
    /// overlaid.
    void setRuns(std::vector<std::shared_ptr<render::RunResults>> runs);
    /// Adds the charts of a picked place (raster series at that cell; declared series whose group value is
    /// one of the picked object's attribute values) at the top of the list and shows the first.
    void showPick(const render::PickResult& pick);

    /// Titles of the charts offered, in the chooser's order.
    QStringList chartTitles() const;
    /// The chart shown (null when none).
    const charts::Chart* currentChart() const;
    /// Shows chart `index` of chartTitles().
    void setCurrent(int index);
    /// Adds a scatter chart of two numeric attributes of a run's vector output, one colour per value of a
    /// text attribute (speed against flow by road class; charts::scatterOf), and shows it. False with a
    /// message when the run, output or an attribute is not there.
    bool addScatter(const std::string& runLabel, const std::string& outputId, const std::string& x,
                    const std::string& y, const std::string& group, QString* error);
    /// Asks for the layer and attributes of a scatter chart.
    void scatterDialog();

    /// Writes the chart shown as PNG (by the file's suffix, else PDF). False with a message on failure.
    bool saveCurrent(const QString& path, QString* error) const;

private:
    void rebuild(int select);

    QComboBox* chooser_ = nullptr;
    ChartView* view_ = nullptr;
    QLabel* hint_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* scatter_ = nullptr;
    std::vector<std::shared_ptr<render::RunResults>> runs_;
    std::vector<charts::Chart> tableCharts_;
    std::vector<charts::Chart> pickCharts_;
    std::vector<charts::Chart> scatterCharts_;
};

/// Creates the chart dock in the window (View > Panels lists it), refreshed when results arrive; the window's
/// pickAt() forwards picks to it.
ChartDock* installChartDock(MainWindow* window);

}  // namespace citytwin::gui
