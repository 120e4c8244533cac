#include "chart_dock.h"
#include "i18n.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <map>

#include "citytwin/charts/chart_painter.h"
#include "citytwin/report/format.h"
#include "main_window.h"

namespace citytwin::gui {

namespace {

/// Units as people read them (m3 -> m³); outputs and columns in the interface language (declaredText); the
/// rest as declared.
std::string chartText(const std::string& key, const std::string& english) {
    if (key.rfind("unitname.", 0) == 0) return report::displayUnit(english);
    if (key.rfind("output:", 0) == 0 || key.rfind("column:", 0) == 0) return declaredText(key, english);
    return english;
}

/// Charts of the same id from several runs become one overlaid chart (A/B), in order of first appearance.
std::vector<charts::Chart> overlayByRun(const std::vector<std::pair<std::string, charts::Chart>>& all) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::pair<std::string, charts::Chart>>> byId;
    for (const auto& [run, chart] : all) {
        if (!byId.count(chart.id)) order.push_back(chart.id);
        byId[chart.id].emplace_back(run, chart);
    }
    std::vector<charts::Chart> out;
    for (const std::string& id : order) {
        const auto& list = byId[id];
        out.push_back(list.size() == 1 && list.front().second.series.size() > 1 ? list.front().second
                                                                                : charts::overlay(list));
    }
    return out;
}

}  // namespace

// ---- ChartView --------------------------------------------------------------------------------------------

ChartView::ChartView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 160);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ChartView::setChart(const charts::Chart* chart) {
    chart_ = chart ? std::make_unique<charts::Chart>(*chart) : nullptr;
    update();
}

void ChartView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!chart_) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No chart yet. Results with time series or profiles add their charts here; click a "
                      "gauge, building, road or cell in the 3D view to chart what is known there."));
        return;
    }
    charts::ChartStyle style;
    style.fontSize = QFontInfo(font()).pixelSize() * 0.95;
    style.background = palette().base().color();
    charts::paintChart(*chart_, p, QRectF(rect()), 1.0, style, tr("No data"));
}

// ---- ChartDock --------------------------------------------------------------------------------------------

ChartDock::ChartDock(QWidget* parent) : QWidget(parent) {
    setObjectName("chartDock");
    chooser_ = new QComboBox;
    chooser_->setObjectName("chartChooser");
    chooser_->setToolTip(
        tr("Which chart to show: the declared charts of the open runs, or those of the object last clicked"));
    chooser_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    chooser_->setMinimumContentsLength(30);
    save_ = new QPushButton(tr("Save…"));
    save_->setObjectName("chartSave");
    save_->setToolTip(tr("Save the chart as a PNG image or a PDF (vector) file"));
    view_ = new ChartView;
    view_->setObjectName("chartView");
    hint_ = new QLabel;
    hint_->setObjectName("chartHint");
    hint_->setWordWrap(true);
    hint_->setStyleSheet("color: gray");
    scatter_ = new QPushButton(tr("Scatter…"));
    scatter_->setObjectName("chartScatter");
    scatter_->setToolTip(
        tr("Chart two attributes of a vector result against each other, by class (speed "
           "against flow by road class)"));
    auto* top = new QHBoxLayout;
    top->addWidget(chooser_, 1);
    top->addWidget(scatter_);
    top->addWidget(save_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(view_, 1);
    layout->addWidget(hint_);
    connect(chooser_, &QComboBox::currentIndexChanged, this, [this](int i) { setCurrent(i); });
    connect(scatter_, &QPushButton::clicked, this, &ChartDock::scatterDialog);
    connect(save_, &QPushButton::clicked, this, [this] {
        if (!currentChart()) return;
        QSettings s;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save chart"), s.value("dirs/charts").toString(), tr("PNG image (*.png);;PDF (*.pdf)"));
        if (path.isEmpty()) return;
        s.setValue("dirs/charts", QFileInfo(path).absolutePath());
        QString error;
        if (!saveCurrent(path, &error)) QMessageBox::warning(this, tr("Cannot save the chart"), error);
    });
    rebuild(-1);
}

void ChartDock::setRuns(std::vector<std::shared_ptr<render::RunResults>> runs) {
    runs_ = std::move(runs);
    std::vector<std::pair<std::string, charts::Chart>> all;
    QStringList problems;
    for (const auto& run : runs_)
        for (const core::OutputData& o : run->outputs) {
            if (!charts::isChartable(o)) continue;
            try {
                for (charts::Chart& c : charts::chartsOf(o, chartText))
                    all.emplace_back(run->label, std::move(c));
            } catch (const std::exception& e) {
                problems << QString::fromUtf8(e.what());
            }
        }
    tableCharts_ = overlayByRun(all);
    hint_->setText(problems.isEmpty() ? QString() : problems.join("\n"));
    rebuild(pickCharts_.empty() && !tableCharts_.empty() ? 0 : chooser_->currentIndex());
}

void ChartDock::showPick(const render::PickResult& pick) {
    pickCharts_.clear();
    if (!pick.hit) {
        rebuild(chooser_->currentIndex());
        return;
    }
    const core::Point p{pick.point[0], pick.point[1]};
    // What identifies the picked object: its title, its text attributes and its numeric identifiers (an
    // attribute named like "point_id" or "name": gauge 4 is "4"). Other numbers (a height of 4 m) are left
    // out so that they do not match a group by chance.
    std::vector<std::string> values{pick.title};
    for (const render::PickRow& row : pick.rows) {
        if (row.value.empty()) continue;
        const QString name = QString::fromStdString(row.name).toLower();
        bool number = false;
        QString::fromStdString(row.value).toDouble(&number);
        if (!number || name == "id" || name.endsWith("_id") || name.endsWith("name") || name == "gauge" ||
            name == "point")
            values.push_back(row.value);
    }
    std::vector<std::pair<std::string, charts::Chart>> all;
    for (const auto& run : runs_)
        for (const core::OutputData& o : run->outputs) {
            if (o.decl.kind == sdk::OutputKind::RasterSeries) {
                if (auto c = charts::cellHistory(o, p, run->label, chartText))
                    all.emplace_back(run->label, std::move(*c));
            } else if (charts::isChartable(o)) {
                try {
                    for (charts::Chart& c : charts::chartsForFeature(o, values, chartText))
                        all.emplace_back(run->label, std::move(c));
                } catch (const std::exception&) {
                    // already reported by setRuns
                }
            }
        }
    pickCharts_ = overlayByRun(all);
    const QString where = QString::fromStdString(pick.title);
    for (charts::Chart& c : pickCharts_)
        c.title = tr("At %1: ").arg(where).toStdString() + c.title;
    hint_->setText(pickCharts_.empty()
                       ? tr("Nothing over time at %1 (E %2, N %3).")
                             .arg(where)
                             .arg(pick.point[0], 0, 'f', 1)
                             .arg(pick.point[1], 0, 'f', 1)
                       : tr("%n chart(s) at %1 (E %2, N %3).", "", static_cast<int>(pickCharts_.size()))
                             .arg(where)
                             .arg(pick.point[0], 0, 'f', 1)
                             .arg(pick.point[1], 0, 'f', 1));
    rebuild(pickCharts_.empty() ? chooser_->currentIndex() : 0);
}

void ChartDock::rebuild(int select) {
    const QSignalBlocker block(chooser_);
    chooser_->clear();
    for (const QString& t : chartTitles())
        chooser_->addItem(t);
    const int n = chooser_->count();
    chooser_->setEnabled(n > 0);
    save_->setEnabled(n > 0);
    setCurrent(n == 0 ? -1 : std::clamp(select, 0, n - 1));
}

QStringList ChartDock::chartTitles() const {
    QStringList t;
    for (const charts::Chart& c : pickCharts_)
        t << QString::fromStdString(c.title);
    for (const charts::Chart& c : scatterCharts_)
        t << QString::fromStdString(c.title);
    for (const charts::Chart& c : tableCharts_)
        t << QString::fromStdString(c.title);
    return t;
}

const charts::Chart* ChartDock::currentChart() const {
    const int i = chooser_->currentIndex();
    if (i < 0) return nullptr;
    const auto k = static_cast<std::size_t>(i);
    if (k < pickCharts_.size()) return &pickCharts_[k];
    const std::size_t s = k - pickCharts_.size();
    if (s < scatterCharts_.size()) return &scatterCharts_[s];
    if (s - scatterCharts_.size() < tableCharts_.size()) return &tableCharts_[s - scatterCharts_.size()];
    return nullptr;
}

void ChartDock::setCurrent(int index) {
    if (chooser_->currentIndex() != index) {
        const QSignalBlocker block(chooser_);
        chooser_->setCurrentIndex(index);
    }
    view_->setChart(currentChart());
}

bool ChartDock::addScatter(const std::string& runLabel, const std::string& outputId, const std::string& x,
                           const std::string& y, const std::string& group, QString* error) {
    for (const auto& run : runs_) {
        if (run->label != runLabel) continue;
        const core::OutputData* o = run->find(outputId);
        if (!o) break;
        try {
            charts::Chart c = charts::scatterOf(*o, x, y, group, chartText);
            c.title = runLabel + ": " + c.title;
            scatterCharts_.insert(scatterCharts_.begin(), std::move(c));
        } catch (const std::exception& e) {
            if (error) *error = QString::fromUtf8(e.what());
            return false;
        }
        rebuild(static_cast<int>(pickCharts_.size()));
        return true;
    }
    if (error)
        *error = tr("No output '%1' in run '%2'.")
                     .arg(QString::fromStdString(outputId), QString::fromStdString(runLabel));
    return false;
}

void ChartDock::scatterDialog() {
    struct Choice {
        std::string run, output;
        const core::OutputData* data;
    };
    std::vector<Choice> choices;
    for (const auto& run : runs_)
        for (const core::OutputData& o : run->outputs)
            if (charts::numericAttributes(o).size() >= 2) choices.push_back({run->label, o.decl.id, &o});
    if (choices.empty()) {
        QMessageBox::information(this, tr("Scatter"),
                                 tr("No vector result with two numeric attributes is open."));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Scatter chart"));
    auto* layer = new QComboBox;
    for (const Choice& c : choices)
        layer->addItem(QString::fromStdString(c.run + " — " +
                                              (c.data->decl.label.empty() ? c.output : c.data->decl.label)));
    auto* x = new QComboBox;
    auto* y = new QComboBox;
    auto* group = new QComboBox;
    auto fill = [&](int i) {
        const Choice& c = choices[static_cast<std::size_t>(i)];
        x->clear();
        y->clear();
        group->clear();
        for (const std::string& a : charts::numericAttributes(*c.data)) {
            x->addItem(QString::fromStdString(a));
            y->addItem(QString::fromStdString(a));
        }
        y->setCurrentIndex(std::min(1, y->count() - 1));
        group->addItem(tr("(none)"), QString());
        for (const std::string& a : charts::textAttributes(*c.data))
            group->addItem(QString::fromStdString(a), QString::fromStdString(a));
    };
    fill(0);
    connect(layer, &QComboBox::currentIndexChanged, &dialog, fill);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("Layer"), layer);
    form->addRow(tr("x"), x);
    form->addRow(tr("y"), y);
    form->addRow(tr("One colour per"), group);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    const Choice& c = choices[static_cast<std::size_t>(layer->currentIndex())];
    QString error;
    if (!addScatter(c.run, c.output, x->currentText().toStdString(), y->currentText().toStdString(),
                    group->currentData().toString().toStdString(), &error))
        QMessageBox::warning(this, tr("Scatter"), error);
}

bool ChartDock::saveCurrent(const QString& path, QString* error) const {
    const charts::Chart* chart = currentChart();
    if (!chart) {
        if (error) *error = tr("There is no chart to save.");
        return false;
    }
    if (QFileInfo(path).suffix().compare("png", Qt::CaseInsensitive) == 0) {
        const QImage img = charts::chartImage(*chart, 1600, 1000, 2.0);
        if (!img.save(path)) {
            if (error) *error = tr("%1: cannot write the image").arg(path);
            return false;
        }
        return true;
    }
    QPdfWriter pdf(path);
    pdf.setResolution(600);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A5), QPageLayout::Landscape, QMarginsF(8, 8, 8, 8),
                                  QPageLayout::Millimeter));
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error) *error = tr("%1: cannot write the PDF").arg(path);
        return false;
    }
    charts::paintChart(*chart, p, QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height())), 600.0 / 72.0);
    p.end();
    return true;
}

ChartDock* installChartDock(MainWindow* window) {
    auto* dock = new QDockWidget(ChartDock::tr("Charts"), window);
    dock->setToolTip(
        ChartDock::tr("Charts of the open runs' time series and profiles, and of the object last clicked"));
    dock->setObjectName("chartsDock");
    auto* charts = new ChartDock(dock);
    dock->setWidget(charts);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    QObject::connect(window, &MainWindow::resultsAdded, charts,
                     [window, charts](const QString&) { charts->setRuns(window->runs()); });
    // A new scenario drops the runs shown, and with them their charts.
    QObject::connect(window, &MainWindow::scenarioLoaded, charts, [window, charts](bool) {
        charts->showPick({});
        charts->setRuns(window->runs());
    });
    return charts;
}

}  // namespace citytwin::gui
