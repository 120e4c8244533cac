// Help pages and the getting-started tour.

#include "help.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "citytwin/sdk/parameters.h"
#include "dialogs.h"

namespace citytwin::gui {

namespace {

/// The translation context of the generated pages ("Help").
struct T {
    Q_DECLARE_TR_FUNCTIONS(Help)
};

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

QString valueText(const sdk::ParamValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return T::tr("(required)");
    return QString::fromStdString(sdk::toJson(v)).toHtmlEscaped();
}

QString rangeText(const sdk::ParamDecl& d) {
    if (d.type == sdk::ParamType::Choice) {
        QStringList c;
        for (const std::string& s : d.choices)
            c << "<code>" + esc(s) + "</code>";
        return c.join(", ");
    }
    if (d.type == sdk::ParamType::Layer)
        return d.layerKind.empty() ? T::tr("a layer") : T::tr("a %1 layer").arg(esc(d.layerKind));
    if (!d.range.min && !d.range.max) return {};
    return (d.range.min ? QString::number(*d.range.min, 'g', 10) : QString::fromUtf8("−∞")) +
           QString::fromUtf8(" … ") +
           (d.range.max ? QString::number(*d.range.max, 'g', 10) : QString::fromUtf8("∞"));
}

QString kindText(sdk::OutputKind k) {
    switch (k) {
        case sdk::OutputKind::Raster:
            return T::tr("raster");
        case sdk::OutputKind::RasterSeries:
            return T::tr("raster series");
        case sdk::OutputKind::Vector:
            return T::tr("vector");
        case sdk::OutputKind::Table:
            return T::tr("table");
        case sdk::OutputKind::Scalar:
            return T::tr("scalar");
    }
    return {};
}

const char* kStyle =
    "<style>td,th{padding:2px 6px;vertical-align:top} th{text-align:left;background:#e8e8e8}</style>";

}  // namespace

std::vector<HelpPage> dockHelpPages() {
    std::vector<HelpPage> p;
    p.push_back(
        {"dock:view", T::tr("The 3D view"),
         T::tr(
             "<h2>The 3D view</h2><p>The city model and the results. <b>Left drag</b> orbits, <b>right or "
             "middle drag</b> (or Shift + left drag) pans, the <b>wheel</b> zooms towards the cursor, a "
             "<b>click</b> identifies what is under it: the object is outlined in magenta and its attributes "
             "appear in the Inspector.</p><p>Keys: Home default view, T top view, N north up, F fly to the "
             "selected layer, Shift+F fly to the object last clicked, + / − zoom, Alt + arrows orbit and "
             "tilt, "
             "Space play or pause the time series.</p><p>Legends, the scale bar, the north arrow, the title "
             "and "
             "the data attribution are drawn in the view and in every export (View menu to hide "
             "them).</p>")});
    p.push_back(
        {"dock:layers", T::tr("Layers"),
         T::tr(
             "<h2>Layers</h2><p>The layers of the city model, of added data and of every run, in groups. The "
             "check box of a layer shows or hides it; the check box of a group shows or hides all its layers "
             "together. Double-click a layer to fly to it; right-click for Zoom to, Export, Attribute table "
             "and "
             "Remove.</p><p>Below the tree, the <b>style</b> of the selected layer: opacity, the attribute "
             "to "
             "colour by, the colour map, the range (from the data or fixed) and, for depths in metres, "
             "<i>draw as water surface</i>. Every style change can be undone (Edit &gt; Undo, "
             "Ctrl+Z).</p>")});
    p.push_back(
        {"dock:runs", T::tr("Runs"),
         T::tr(
             "<h2>Runs</h2><p>Every simulator run of the session or of the open project. Each run is a run "
             "folder on disk (the results format of <code>citytwin-cli run</code>). Double-click a name to "
             "rename the run (the name is saved in the project); the check box shows or hides all the run's "
             "layers; <i>Table…</i> opens the attribute table of its vector output.</p><p><i>Saved</i> says "
             "whether the run is kept in the project file: File &gt; Save project copies the run folders "
             "beside "
             "the project file. Quitting with unsaved runs asks first.</p>")});
    p.push_back(
        {"dock:simulators", T::tr("Simulators"),
         T::tr(
             "<h2>Simulators</h2><p>The simulators found in the plug-in folders and a form generated from "
             "the "
             "chosen one's declared parameters (units, ranges, help as tooltips, advanced ones folded away). "
             "<b>Run</b> (F5) checks every value and starts the simulator in a worker process; <b>Cancel</b> "
             "(Shift+F5) stops it. <b>Reset to scenario</b> puts back the values of the scenario's simulator "
             "block; <b>Reset to defaults</b> the simulator's built-in defaults. Edits of the form can be "
             "undone "
             "(Ctrl+Z).</p><p>Help &gt; Help contents has a page per simulator with all its parameters and "
             "outputs.</p>")});
    p.push_back(
        {"dock:inspector", T::tr("Inspector"),
         T::tr(
             "<h2>Inspector</h2><p>What the last click in the view hit: a building's id, height, floors and "
             "every attribute; a road's name, class, lanes and speed limit; a result feature's attributes "
             "(named by its fid, the id in its file; integer ids exactly as stored); on the ground, the "
             "coordinates, the elevation and the value of every visible raster under the point.</p>")});
    p.push_back(
        {"dock:log", T::tr("Log"),
         T::tr(
             "<h2>Log</h2><p>Messages of the viewer, the simulators, Qt and VTK, with the import warnings of "
             "the scenario (for example which text encoding a Shapefile was read with). Warnings and errors "
             "also show briefly in the status bar.</p>")});
    p.push_back(
        {"dock:time", T::tr("Time bar"),
         T::tr(
             "<h2>Time bar</h2><p>Results over time (water depth every five minutes, for example) are shown "
             "at the time of the slider; ▶ plays them (Space). The time shown in the tool bar and in the "
             "view "
             "are the same.</p>")});
    p.push_back(
        {"dock:projects", T::tr("Projects"),
         T::tr("<h2>Projects</h2><p>File &gt; Save project writes one file (<code>.ctproj</code>, JSON, see "
               "docs/project-format.md) with the scenario, the layer styles, the camera, the time and the "
               "runs, "
               "whose folders are copied into <code>&lt;project&gt;_runs/</code> beside it. File &gt; Open "
               "project brings all of it back. The file is written atomically: a failed save leaves the "
               "previous "
               "file as it was.</p><p>Exports (images, videos, layers, tables) are offered in the output "
               "folder "
               "(Edit &gt; Settings), never in the folder of the input data.</p>")});
    for (HelpPage& page : p)
        page.html = kStyle + page.html;
    return p;
}

HelpPage simulatorHelpPage(const sdk::Description& d) {
    HelpPage page;
    page.id = "sim:" + QString::fromStdString(d.info.id);
    page.title = QString::fromStdString(d.info.name.empty() ? d.info.id : d.info.name);
    QString h = kStyle;
    h += "<h2>" + esc(d.info.name) + " <small>(" + esc(d.info.id) + ", " + T::tr("version") + " " +
         esc(d.info.version) + ")</small></h2>";
    h += "<p>" + esc(d.info.summary) + "</p>";
    h += "<h3>" + T::tr("Parameters") + "</h3><table border='0' cellspacing='0'><tr><th>" +
         T::tr("Parameter") + "</th><th>" + T::tr("Unit") + "</th><th>" + T::tr("Default") + "</th><th>" +
         T::tr("Allowed") + "</th><th>" + T::tr("Description") + "</th></tr>";
    std::string group = "\x01";
    for (const sdk::ParamDecl& p : d.parameters) {
        if (p.group != group) {
            group = p.group;
            if (!group.empty()) h += "<tr><td colspan='5'><b>" + esc(group) + "</b></td></tr>";
        }
        QString help = esc(p.help);
        if (p.type == sdk::ParamType::Choice && !p.choiceHelp.empty()) {
            help += "<ul>";
            for (std::size_t i = 0; i < p.choices.size() && i < p.choiceHelp.size(); ++i)
                help += "<li><code>" + esc(p.choices[i]) + "</code>: " + esc(p.choiceHelp[i]) + "</li>";
            help += "</ul>";
        }
        if (p.advanced) help += " <i>(" + T::tr("advanced") + ")</i>";
        h += "<tr><td>" + esc(p.label) + "<br><code>" + esc(p.id) + "</code></td><td>" + esc(p.unit) +
             "</td><td>" + valueText(p.defaultValue) + "</td><td>" + rangeText(p) + "</td><td>" + help +
             "</td></tr>";
    }
    h += "</table>";
    h += "<h3>" + T::tr("Outputs") + "</h3><table border='0' cellspacing='0'><tr><th>" + T::tr("Output") +
         "</th><th>" + T::tr("Kind") + "</th><th>" + T::tr("Unit") + "</th><th>" + T::tr("Description") +
         "</th></tr>";
    for (const sdk::OutputDecl& o : d.outputs)
        h += "<tr><td>" + esc(o.label.empty() ? o.id : o.label) + "<br><code>" + esc(o.id) +
             "</code></td><td>" + kindText(o.kind) + "</td><td>" + esc(o.unit) + "</td><td>" +
             esc(o.description) + "</td></tr>";
    h += "</table>";
    if (!d.info.references.empty()) {
        h += "<h3>" + T::tr("References") + "</h3><ul>";
        for (const std::string& r : d.info.references)
            h += "<li>" + esc(r) + "</li>";
        h += "</ul>";
    }
    h += "<p><small>" +
         T::tr(
             "Generated from the simulator's declarations; parameter and output texts are the plug-in's "
             "own.") +
         "</small></p>";
    page.html = h;
    return page;
}

HelpDialog::HelpDialog(std::vector<HelpPage> pages, QWidget* parent)
    : QDialog(parent), pages_(std::move(pages)) {
    setObjectName("helpDialog");
    setWindowTitle(tr("CityTwin help"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* v = new QVBoxLayout(this);
    auto* split = new QSplitter;
    list_ = new QListWidget;
    list_->setObjectName("helpTopics");
    list_->setToolTip(tr("Help topics: the panels of the window and each simulator"));
    for (const HelpPage& p : pages_) {
        auto* item = new QListWidgetItem(p.title, list_);
        item->setData(Qt::UserRole, p.id);
    }
    browser_ = new QTextBrowser;
    browser_->setObjectName("helpBrowser");
    browser_->setOpenExternalLinks(true);
    split->addWidget(list_);
    split->addWidget(browser_);
    split->setStretchFactor(1, 1);
    split->setSizes({220, 680});
    v->addWidget(split, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    translateButtons(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    v->addWidget(buttons);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < static_cast<int>(pages_.size()))
            browser_->setHtml(pages_[static_cast<std::size_t>(row)].html);
    });
    if (!pages_.empty()) list_->setCurrentRow(0);
    resize(980, 640);
}

bool HelpDialog::showPage(const QString& id) {
    for (int i = 0; i < static_cast<int>(pages_.size()); ++i)
        if (pages_[static_cast<std::size_t>(i)].id == id) {
            list_->setCurrentRow(i);
            return true;
        }
    return false;
}

QString HelpDialog::currentPage() const {
    const int row = list_->currentRow();
    return row >= 0 && row < static_cast<int>(pages_.size()) ? pages_[static_cast<std::size_t>(row)].id
                                                             : QString();
}

TourDialog::TourDialog(std::vector<TourStep> steps, QWidget* parent)
    : QDialog(parent), steps_(std::move(steps)) {
    setObjectName("tourDialog");
    setWindowTitle(tr("Getting started"));
    setAttribute(Qt::WA_DeleteOnClose);
    setModal(false);
    auto* v = new QVBoxLayout(this);
    counter_ = new QLabel;
    counter_->setObjectName("tourCounter");
    counter_->setStyleSheet("color: palette(mid);");
    title_ = new QLabel;
    title_->setObjectName("tourTitle");
    QFont f = title_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.25);
    title_->setFont(f);
    text_ = new QLabel;
    text_->setObjectName("tourText");
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setMinimumHeight(120);
    text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    v->addWidget(counter_);
    v->addWidget(title_);
    v->addWidget(text_, 1);
    action_ = new QPushButton;
    action_->setObjectName("tourAction");
    action_->setToolTip(tr("Do this step for me"));
    v->addWidget(action_, 0, Qt::AlignLeft);
    auto* h = new QHBoxLayout;
    back_ = new QPushButton(tr("Back"));
    back_->setObjectName("tourBack");
    back_->setToolTip(tr("The previous step"));
    next_ = new QPushButton(tr("Next"));
    next_->setObjectName("tourNext");
    next_->setToolTip(tr("The next step"));
    auto* closeButton = new QPushButton(standardButtonText(QDialogButtonBox::Close));
    closeButton->setObjectName("tourClose");
    closeButton->setToolTip(tr("End the tour"));
    h->addWidget(closeButton);
    h->addStretch(1);
    h->addWidget(back_);
    h->addWidget(next_);
    v->addLayout(h);
    connect(closeButton, &QPushButton::clicked, this, &QDialog::close);
    connect(back_, &QPushButton::clicked, this, [this] { showStep(step_ - 1); });
    connect(next_, &QPushButton::clicked, this, [this] {
        if (step_ + 1 >= stepCount())
            close();
        else
            showStep(step_ + 1);
    });
    connect(action_, &QPushButton::clicked, this, [this] {
        const TourStep& s = steps_[static_cast<std::size_t>(step_)];
        if (s.action) s.action();
    });
    resize(520, 320);
    showStep(0);
}

void TourDialog::showStep(int index) {
    if (steps_.empty()) return;
    step_ = std::clamp(index, 0, stepCount() - 1);
    const TourStep& s = steps_[static_cast<std::size_t>(step_)];
    counter_->setText(tr("Step %1 of %2").arg(step_ + 1).arg(stepCount()));
    title_->setText(s.title);
    text_->setText(s.text);
    action_->setVisible(!s.actionText.isEmpty());
    action_->setText(s.actionText);
    back_->setEnabled(step_ > 0);
    next_->setText(step_ + 1 >= stepCount() ? tr("Finish") : tr("Next"));
    if (s.onShow) s.onShow();
}

}  // namespace citytwin::gui
