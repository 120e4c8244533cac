// The briefing PDF: QPdfWriter + QPainter (vector text in an embedded TrueType font), charts through the
// chart library, maps through the render library.

#include "citytwin/report/briefing.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include <unistd.h>

#include "citytwin/charts/chart.h"
#include "citytwin/charts/chart_painter.h"
#include "citytwin/core/error.h"
#include "citytwin/core/results.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/text.h"
#include "citytwin/render/results.h"
#include "citytwin/report/format.h"
#include "map_maker.h"

namespace fs = std::filesystem;

namespace citytwin::report {

std::optional<PageSize> pageSizeFromName(const std::string& name) {
    const std::string n = core::lower(core::trim(name));
    if (n == "a4") return PageSize::A4;
    if (n == "a3") return PageSize::A3;
    return std::nullopt;
}

const char* toString(PageSize size) {
    return size == PageSize::A3 ? "A3" : "A4";
}

namespace {

QString q(const std::string& s) {
    return QString::fromUtf8(s.c_str());
}

const QColor kInk(30, 30, 30);
const QColor kMuted(100, 100, 100);
const QColor kAccent(22, 73, 122);
const QColor kRule(200, 205, 212);
const QColor kStripe(242, 245, 248);

// ---- fonts ------------------------------------------------------------------------------------------------

/// Loads a Nanum font (fonts-nanum) into Qt's font database and returns its family; "" when none is found.
QString loadHangulFont(std::string* lookedIn) {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("CITYTWIN_FONT_DIR")) dirs.emplace_back(env);
    dirs.emplace_back("/usr/share/fonts/truetype/nanum");
    dirs.emplace_back("/usr/local/share/fonts/nanum");
    const std::vector<std::pair<std::string, std::string>> faces = {
        {"NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"}, {"NanumGothic.ttf", "NanumGothicBold.ttf"}};
    for (const auto& [regular, bold] : faces)
        for (const std::string& d : dirs) {
            const std::string path = d + "/" + regular;
            if (!fs::exists(path)) continue;
            const int id = QFontDatabase::addApplicationFont(q(path));
            if (id < 0) continue;
            if (fs::exists(d + "/" + bold)) QFontDatabase::addApplicationFont(q(d + "/" + bold));
            const QStringList families = QFontDatabase::applicationFontFamilies(id);
            if (!families.isEmpty()) return families.front();
        }
    for (const std::string& d : dirs)
        *lookedIn += (lookedIn->empty() ? "" : ", ") + d;
    return {};
}

// ---- the document -----------------------------------------------------------------------------------------

/// A PDF being written: pages, a cursor, text and tables. Coordinates are the writer's device units.
class Document {
public:
    Document(const QString& path, PageSize size, const QString& family, const QString& title,
             const StringTable& text, Language lang)
        : writer_(path), family_(family), text_(text), lang_(lang) {
        writer_.setResolution(kDpi);
        writer_.setPageLayout(QPageLayout(QPageSize(size == PageSize::A3 ? QPageSize::A3 : QPageSize::A4),
                                          QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
        writer_.setTitle(title);
        writer_.setCreator("CityTwin " CITYTWIN_VERSION);
        // Everything is laid out for A4 and scales with the paper (A3 is the same page, larger).
        scale_ = size == PageSize::A3 ? 420.0 / 297.0 : 1.0;
    }

    bool begin() { return painter_.begin(&writer_); }
    bool end() { return painter_.end(); }
    QPainter& painter() { return painter_; }
    int pages() const { return pages_; }
    double scale() const { return scale_; }

    /// Device units per point of an A4 page (scaled with the paper).
    double pt(double v) const { return v * kDpi / 72.0 * scale_; }
    double mm(double v) const { return v * kDpi / 25.4 * scale_; }
    QRectF paper() const {
        const QSizeF s = writer_.pageLayout().fullRectPoints().size();
        return QRectF(0, 0, s.width() * kDpi / 72.0, s.height() * kDpi / 72.0);
    }
    /// The area between the margins, the section heading and the footer.
    QRectF body() const {
        const QRectF p = paper();
        return QRectF(p.left() + mm(14), p.top() + mm(24), p.width() - mm(28), p.height() - mm(24) - mm(14));
    }
    QFont font(double sizePt, bool bold = false) const {
        QFont f(family_);
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(pt(sizePt)))));
        f.setBold(bold);
        return f;
    }
    std::string tr(const std::string& key, const std::string& english = {}) const {
        return text_.get(key, lang_, english);
    }

    /// Starts a page with a section heading and the footer; the cursor goes to the top of the body.
    void newPage(const QString& section, const QString& footer) {
        if (pages_ > 0) writer_.newPage();
        ++pages_;
        const QRectF p = paper();
        painter_.setPen(kAccent);
        painter_.setFont(font(17, true));
        painter_.drawText(QRectF(p.left() + mm(14), p.top() + mm(9), p.width() - mm(28), mm(11)),
                          Qt::AlignLeft | Qt::AlignVCenter, section);
        painter_.setPen(QPen(kAccent, pt(1.2)));
        painter_.drawLine(QPointF(p.left() + mm(14), p.top() + mm(20.5)),
                          QPointF(p.right() - mm(14), p.top() + mm(20.5)));
        painter_.setPen(kMuted);
        painter_.setFont(font(7.5));
        const QRectF foot(p.left() + mm(14), p.bottom() - mm(11), p.width() - mm(28), mm(6));
        painter_.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter, footer);
        painter_.drawText(foot, Qt::AlignRight | Qt::AlignVCenter,
                          q(fill(tr("report.page", "Page {n}"), {{"n", std::to_string(pages_)}})));
        y_ = body().top();
        section_ = section;
        sectionBase_.clear();
        footer_ = footer;
    }

    double y() const { return y_; }
    void setY(double y) { y_ = y; }
    double remaining() const { return body().bottom() - y_; }
    /// A new page of the same section when less than `needed` is left.
    void ensure(double needed) {
        if (remaining() >= needed) return;
        // The section's own title, once marked as continued however many pages it runs to.
        const QString base = sectionBase_.isEmpty() ? section_ : sectionBase_;
        newPage(base + " " + q(tr("report.continued", "(continued)")), footer_);
        sectionBase_ = base;
    }

    /// Draws wrapped text across the body at the cursor and moves the cursor below it.
    void paragraph(const QString& text, double sizePt, bool bold = false, const QColor& colour = kInk,
                   double spaceAfterPt = 4) {
        const QFont f = font(sizePt, bold);
        const QRectF area(body().left(), y_, body().width(), 1e7);
        const QRectF need = QFontMetricsF(f, &writer_).boundingRect(area, Qt::TextWordWrap, text);
        ensure(need.height());
        painter_.setFont(f);
        painter_.setPen(colour);
        painter_.drawText(QRectF(body().left(), y_, body().width(), need.height() + pt(2)),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text);
        y_ += need.height() + pt(spaceAfterPt);
    }

    struct Column {
        QString title;
        double weight = 1;
        Qt::Alignment align = Qt::AlignLeft;
    };

    /// A table across the body from the cursor; long tables continue on new pages with their header.
    void table(const std::vector<Column>& cols, const std::vector<QStringList>& rows, double sizePt = 8.5) {
        double total = 0;
        for (const Column& c : cols)
            total += c.weight;
        std::vector<double> widths;
        for (const Column& c : cols)
            widths.push_back(body().width() * c.weight / total);
        const QFont f = font(sizePt), fb = font(sizePt, true);
        const double padX = pt(4), padY = pt(2.5);
        auto rowHeight = [&](const QStringList& cells, const QFont& font) {
            double h = 0;
            const QFontMetricsF fm(font, &writer_);
            for (int i = 0; i < cells.size() && i < static_cast<int>(widths.size()); ++i)
                h = std::max(
                    h, fm.boundingRect(QRectF(0, 0, widths[static_cast<std::size_t>(i)] - 2 * padX, 1e7),
                                       Qt::TextWordWrap, cells[i])
                           .height());
            return h + 2 * padY;
        };
        QStringList header;
        for (const Column& c : cols)
            header << c.title;
        const double headerH = rowHeight(header, fb);
        auto drawRow = [&](const QStringList& cells, const QFont& font, double h, bool head, bool stripe) {
            double x = body().left();
            if (head)
                painter_.fillRect(QRectF(x, y_, body().width(), h), QColor(226, 233, 241));
            else if (stripe)
                painter_.fillRect(QRectF(x, y_, body().width(), h), kStripe);
            painter_.setFont(font);
            painter_.setPen(head ? kAccent : kInk);
            for (std::size_t i = 0; i < widths.size(); ++i) {
                const QString cell =
                    static_cast<int>(i) < cells.size() ? cells[static_cast<int>(i)] : QString();
                painter_.drawText(QRectF(x + padX, y_ + padY, widths[i] - 2 * padX, h - 2 * padY),
                                  Qt::TextWordWrap | Qt::AlignTop | cols[i].align, cell);
                x += widths[i];
            }
            y_ += h;
        };
        // A table whose columns have no titles is a list of facts: no header row.
        const bool hasHeader =
            std::any_of(cols.begin(), cols.end(), [](const Column& c) { return !c.title.isEmpty(); });
        ensure(headerH * 2.2);
        if (hasHeader) drawRow(header, fb, headerH, true, false);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const double h = rowHeight(rows[r], f);
            if (remaining() < h) {
                ensure(body().height());
                if (hasHeader) drawRow(header, fb, headerH, true, false);
            }
            drawRow(rows[r], f, h, false, r % 2 == 1);
        }
        painter_.setPen(QPen(kRule, pt(0.6)));
        painter_.drawLine(QPointF(body().left(), y_), QPointF(body().right(), y_));
        y_ += pt(8);
    }

    /// An image scaled to fit `area` (aspect kept), centred at its top.
    void image(const QImage& img, const QRectF& area) {
        if (img.isNull()) return;
        const QSizeF s = QSizeF(img.size()).scaled(area.size(), Qt::KeepAspectRatio);
        const QRectF r(area.left() + (area.width() - s.width()) / 2, area.top(), s.width(), s.height());
        painter_.drawImage(r, img);
        painter_.setPen(QPen(kRule, pt(0.5)));
        painter_.setBrush(Qt::NoBrush);
        painter_.drawRect(r);
    }

    static constexpr int kDpi = 600;

private:
    QPdfWriter writer_;
    QPainter painter_;
    QString family_;
    const StringTable& text_;
    Language lang_;
    double scale_ = 1.0;
    int pages_ = 0;
    double y_ = 0;
    QString section_, sectionBase_, footer_;  // sectionBase_: the title a continued page repeats
};

// ---- what a run folder holds ---------------------------------------------------------------------------

struct Run {
    std::string dir;
    std::string letter;  // "A", "B", ... when there are several runs
    core::RunFolder folder;
    nlohmann::json manifest;  // for what RunRecord does not carry (software)
    std::string label() const {
        const std::string name = fs::path(dir).filename().string();
        return letter.empty() ? name : letter + " — " + name;
    }
};

Run readRun(const std::string& dir, const std::string& letter) {
    Run r;
    r.dir = dir;
    r.letter = letter;
    if (!fs::exists(dir)) throw core::fileError(core::ErrorCode::FileNotFound, dir, "no such run folder");
    if (!fs::is_directory(dir))
        throw core::fileError(core::ErrorCode::FileFormat, dir, "not a folder (a run folder is expected)");
    r.folder = core::readRunDirectory(dir);
    if (r.folder.runs.empty())
        throw core::fileError(core::ErrorCode::FileFormat, dir, "the run folder holds no simulator results");
    try {
        std::ifstream in(fs::path(dir) / "manifest.json");
        r.manifest = nlohmann::json::parse(in);
    } catch (const std::exception&) {
        r.manifest = nlohmann::json::object();  // readRunDirectory has checked what matters
    }
    return r;
}

std::string jsonText(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return {};
    const nlohmann::json& v = j.at(key);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

/// A parameter value as shown: strings without their JSON quotes, long arrays shortened.
QString valueText(const std::string& v) {
    std::string text = v;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        try {
            text = nlohmann::json::parse(text).get<std::string>();
        } catch (const std::exception&) {
        }
    }
    // Numbers as the scenario would write them: 100, not 100.0.
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0' && std::isfinite(number)) text = core::number(number);
    QString s = q(text);
    if (s.size() > 70) s = s.left(67) + "…";
    return s;
}

// ---- the writer ---------------------------------------------------------------------------------------

class Briefing {
public:
    Briefing(const BriefingOptions& o, const StringTable& text, std::vector<Run>& runs, Document& doc)
        : o_(o), text_(text), runs_(runs), doc_(doc) {
        trFn_ = [this](const std::string& key, const std::string& english) {
            if (key.rfind("unitname.", 0) == 0) return unitText(english);
            return tr(key, english);
        };
    }

    BriefingResult write() {
        // Work to do, for progress: maps dominate.
        total_ = 0;
        for (const Run& r : runs_)
            total_ += 4 + static_cast<double>(r.folder.runs.size()) * o_.mapsPerSimulator;
        total_ += static_cast<double>(runs_.size() - 1) * 4;
        for (const Run& r : runs_) {
            titlePage(r);
            keyFigures(r);
            maps(r);
            charts(r);
            parameters(r);
        }
        for (std::size_t i = 1; i < runs_.size(); ++i)
            comparison(runs_[0], runs_[i]);
        if (!result_.notes.empty()) {
            // Everything left out is said in the report too.
            doc_.ensure(doc_.pt(60));
            doc_.paragraph(q(tr("report.notes", "Notes")), 11, true, kAccent);
            for (const std::string& n : result_.notes)
                doc_.paragraph("• " + q(n), 8.5);
        }
        result_.pages = doc_.pages();
        return result_;
    }

private:
    std::string tr(const std::string& key, const std::string& english = {}) const {
        return text_.get(key, o_.language, english);
    }
    std::string simName(const core::RunResults& r) const {
        return tr("sim:" + r.simulator, r.simulatorName.empty() ? r.simulator : r.simulatorName);
    }
    std::string outputLabel(const core::OutputData& o) const {
        return tr("output:" + o.simulator + "." + o.decl.id, o.decl.label.empty() ? o.decl.id : o.decl.label);
    }
    std::string unitText(const std::string& unit) const { return tr("unitname." + unit, displayUnit(unit)); }
    QString footer(const Run& r) const {
        return q("CityTwin · " + r.folder.record.scenarioName + (r.letter.empty() ? "" : " · " + r.letter));
    }
    void step(const std::string& stage) {
        done_ += 1;
        if (o_.progress && !o_.progress(std::min(0.99, done_ / std::max(1.0, total_)), stage))
            throw core::Error(core::ErrorCode::Cancelled, "briefing cancelled");
    }

    // ---- title page
    void titlePage(const Run& r) {
        step("title page");
        doc_.newPage(q(tr("report.briefing", "Briefing")), footer(r));
        QPainter& p = doc_.painter();
        const QRectF b = doc_.body();
        double y = b.top() + doc_.mm(8);
        if (!r.letter.empty()) {
            const QRectF badge(b.left(), y, doc_.mm(16), doc_.mm(16));
            p.setBrush(kAccent);
            p.setPen(Qt::NoPen);
            p.drawRoundedRect(badge, doc_.mm(2), doc_.mm(2));
            p.setPen(Qt::white);
            p.setFont(doc_.font(22, true));
            p.drawText(badge, Qt::AlignCenter, q(r.letter));
            y += doc_.mm(20);
        }
        doc_.setY(y);
        doc_.paragraph(q(r.folder.record.scenarioName), 26, true, kInk, 6);
        doc_.paragraph(q(tr("report.subtitle", "Scenario results for council briefing")), 14, false, kMuted,
                       10);
        const std::string description = scenarioDescription(r.folder.record.scenarioFile);
        if (!description.empty()) doc_.paragraph(q(description), 10, false, kInk, 10);
        std::vector<QStringList> rows;
        std::string sims;
        for (const core::RunResults& run : r.folder.runs)
            sims += (sims.empty() ? "" : "\n") + simName(run) +
                    (run.simulatorVersion.empty() ? "" : " (" + run.simulatorVersion + ")");
        rows.push_back({q(tr("report.simulators", "Simulators")), q(sims)});
        rows.push_back({q(tr("report.run_finished", "Run finished")), q(dateText(r.folder.record.finished))});
        rows.push_back(
            {q(tr("report.run_folder", "Run folder")), q(fs::absolute(r.dir).lexically_normal().string())});
        rows.push_back({q(tr("report.report_made", "Report made")), q(reportDate())});
        doc_.table({{"", 1}, {"", 3}}, rows, 10);
        doc_.setY(std::max(doc_.y(), b.bottom() - doc_.pt(30)));
        doc_.paragraph(
            q(fill(
                tr("report.made_with", "Made with CityTwin {version}."),
                {{"version", jsonText(r.manifest.value("software", nlohmann::json::object()), "citytwin")}})),
            8.5, false, kMuted);
    }

    /// The scenario file's own description (as its author wrote it), or "" when the file is gone.
    static std::string scenarioDescription(const std::string& file) {
        try {
            std::ifstream in(file);
            if (!in) return {};
            const nlohmann::json j = nlohmann::json::parse(in);
            return j.is_object() && j.contains("description") && j["description"].is_string()
                       ? j["description"].get<std::string>()
                       : std::string();
        } catch (const std::exception&) {
            return {};
        }
    }

    std::string reportDate() const {
        if (!o_.reportDate.empty()) return o_.reportDate;
        return QDateTime::currentDateTimeUtc().toString("yyyy-MM-dd").toStdString();
    }
    static std::string dateText(const std::string& iso) {
        const QDateTime t = QDateTime::fromString(q(iso), Qt::ISODate);
        return t.isValid() ? t.toString("yyyy-MM-dd HH:mm 'UTC'").toStdString() : iso;
    }

    // ---- key figures
    void keyFigures(const Run& r) {
        step("key figures");
        doc_.newPage(q(tr("report.key_figures", "Key figures")), footer(r));
        // The first four figures as cards, then every declared scalar in a table per simulator.
        std::vector<const core::OutputData*> scalars;
        for (const core::RunResults& run : r.folder.runs)
            for (const core::OutputData& o : run.outputs)
                if (o.decl.kind == sdk::OutputKind::Scalar) scalars.push_back(&o);
        const int cards = static_cast<int>(std::min<std::size_t>(4, scalars.size()));
        if (cards > 0) {
            QPainter& p = doc_.painter();
            const QRectF b = doc_.body();
            const double gap = doc_.mm(5), h = doc_.mm(30);
            const double w = (b.width() - gap * (cards - 1)) / cards;
            for (int i = 0; i < cards; ++i) {
                const core::OutputData& o = *scalars[static_cast<std::size_t>(i)];
                const QRectF c(b.left() + i * (w + gap), doc_.y(), w, h);
                p.setPen(Qt::NoPen);
                p.setBrush(kStripe);
                p.drawRoundedRect(c, doc_.mm(2), doc_.mm(2));
                p.setBrush(kAccent);
                p.drawRect(QRectF(c.left(), c.top(), doc_.mm(1.5), c.height()));
                const QRectF inner = c.adjusted(doc_.mm(5), doc_.mm(3), -doc_.mm(3), -doc_.mm(3));
                p.setPen(kAccent);
                p.setFont(doc_.font(22, true));
                const QString value = q(formatNumber(o.scalar));
                p.drawText(inner, Qt::AlignLeft | Qt::AlignTop, value);
                const double vw = QFontMetricsF(doc_.font(22, true), p.device()).horizontalAdvance(value);
                p.setFont(doc_.font(11));
                p.setPen(kMuted);
                p.drawText(inner.adjusted(vw + doc_.mm(2), doc_.mm(3.2), 0, 0), Qt::AlignLeft | Qt::AlignTop,
                           q(unitText(o.decl.unit)));
                p.setPen(kInk);
                p.setFont(doc_.font(9.5));
                p.drawText(inner, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, q(outputLabel(o)));
            }
            doc_.setY(doc_.y() + h + doc_.mm(7));
        }
        for (const core::RunResults& run : r.folder.runs) {
            std::vector<QStringList> rows;
            for (const core::OutputData& o : run.outputs) {
                if (o.decl.kind != sdk::OutputKind::Scalar) continue;
                QStringList row{q(outputLabel(o)), q(formatNumber(o.scalar)), q(unitText(o.decl.unit))};
                if (o_.language == Language::English) row << q(o.decl.description);
                rows.push_back(row);
            }
            if (rows.empty()) continue;
            doc_.ensure(doc_.pt(50));
            doc_.paragraph(q(simName(run)), 11, true, kAccent, 3);
            std::vector<Document::Column> cols = {{q(tr("report.indicator", "Indicator")), 2.2},
                                                  {q(tr("report.value", "Value")), 1, Qt::AlignRight},
                                                  {q(tr("report.unit", "Unit")), 0.9}};
            if (o_.language == Language::English)
                cols.push_back({q(tr("report.description", "Description")), 4});
            doc_.table(cols, rows);
        }
    }

    // ---- maps
    detail::MapMaker* mapMaker(const Run& r) {
        const std::string scenario = o_.scenarioFile.empty() ? r.folder.record.scenarioFile : o_.scenarioFile;
        auto it = makers_.find(scenario);
        if (it != makers_.end()) return it->second.get();
        std::unique_ptr<detail::MapMaker> m;
        if (scenario.empty() || !fs::exists(scenario)) {
            note(fill(tr("report.no_maps", "Maps left out: {reason}"),
                      {{"reason", "the scenario '" + scenario +
                                      "' the run was made from is not there (give the scenario file)"}}));
        } else {
            try {
                m = std::make_unique<detail::MapMaker>(scenario);
            } catch (const std::exception& e) {
                note(fill(tr("report.no_maps", "Maps left out: {reason}"), {{"reason", e.what()}}));
            }
        }
        return (makers_[scenario] = std::move(m)).get();
    }

    bool mapsPossible() {
        if (!o_.maps) return false;
        const char* display = std::getenv("DISPLAY");
        if (display && *display) return true;
        if (!displayNoted_)
            note(fill(tr("report.no_maps", "Maps left out: {reason}"),
                      {{"reason", "no X display for rendering (run under xvfb-run)"}}));
        displayNoted_ = true;
        return false;
    }

    /// Draws a map page: the caption above, the map filling the rest.
    bool mapPage(const Run& r, detail::MapMaker& maker, const std::vector<detail::MapLayer>& layers,
                 const QString& section, const QString& caption, const QString& detailText) {
        doc_.newPage(section, footer(r));
        doc_.paragraph(caption, 11, true, kInk, 2);
        if (!detailText.isEmpty()) doc_.paragraph(detailText, 8.5, false, kMuted, 4);
        const QRectF b = doc_.body();
        const QRectF area(b.left(), doc_.y(), b.width(), b.bottom() - doc_.y());
        const double pxPerDevice = o_.mapDpi / Document::kDpi;
        int w = static_cast<int>(std::lround(area.width() * pxPerDevice));
        int h = static_cast<int>(std::lround(area.height() * pxPerDevice));
        const double limit = 4096.0 / std::max(w, h);
        if (limit < 1) {
            w = static_cast<int>(w * limit);
            h = static_cast<int>(h * limit);
        }
        std::string attribution = "CityTwin · " + maker.crs();
        if (!maker.attribution().empty()) attribution += " · " + maker.attribution();
        std::string error;
        const QImage img = maker.render(layers, std::max(64, w), std::max(64, h), attribution, &error);
        if (img.isNull()) {
            note("map '" + caption.toStdString() + "': " + error);
            doc_.paragraph(q(error), 9, false, kMuted);
            return false;
        }
        doc_.image(img, area);
        ++result_.maps;
        return true;
    }

    static std::string timeText(double s) {
        const auto [unit, seconds] = charts::timeUnitFor(s);
        return formatNumber(s / seconds) + " " + unit;
    }

    void maps(const Run& r) {
        if (!mapsPossible()) return;
        detail::MapMaker* maker = mapMaker(r);
        if (!maker) return;
        const QString section = q(tr("report.maps", "Maps"));
        for (const core::RunResults& run : r.folder.runs) {
            // The default view (the first water surface and the vectors, as the viewer opens a run), then the
            // further rasters in the order the simulator declares them.
            const std::vector<bool> visible = render::defaultVisibility(run);
            std::vector<std::vector<const core::OutputData*>> maps;
            std::vector<const core::OutputData*> first;
            for (std::size_t k = 0; k < run.outputs.size(); ++k)
                if (visible[k] && render::isDrawable(run.outputs[k])) first.push_back(&run.outputs[k]);
            if (!first.empty()) maps.push_back(first);
            for (auto kind : {sdk::OutputKind::Raster, sdk::OutputKind::RasterSeries})
                for (std::size_t k = 0; k < run.outputs.size(); ++k) {
                    const core::OutputData& o = run.outputs[k];
                    if (static_cast<int>(maps.size()) >= o_.mapsPerSimulator) break;
                    if (!visible[k] && o.decl.kind == kind && render::isDrawable(o)) maps.push_back({&o});
                }
            for (const auto& outputs : maps) {
                step("map");
                std::vector<detail::MapLayer> layers;
                std::string names, details;
                for (const core::OutputData* o : outputs) {
                    layers.push_back(
                        {run.label + "/" + o->simulator + "." + o->decl.id, o->decl.label, run.label, o});
                    names += (names.empty() ? "" : " + ") + outputLabel(*o);
                    std::string d = o_.language == Language::English ? o->decl.description : std::string();
                    if (o->decl.kind == sdk::OutputKind::RasterSeries && !o->frames.empty())
                        d += (d.empty() ? "" : " ") + fill(tr("report.at_time", "at {time}"),
                                                           {{"time", timeText(o->frames.back().timeS)}});
                    if (!d.empty()) details += (details.empty() ? "" : "  ") + d;
                }
                const QString caption = q(tr("report.figure", "Figure") + " " + std::to_string(++figure_) +
                                          ". " + simName(run) + ": " + names);
                mapPage(r, *maker, layers, section, caption, q(details));
            }
        }
    }

    // ---- charts
    void chartGrid(const Run& r, const std::vector<charts::Chart>& list, const QString& section) {
        charts::ChartStyle style;
        style.fontFamily = doc_.font(9).family();
        style.fontSize = 8.5;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i % 4 == 0) doc_.newPage(section, footer(r));
            const QRectF b = doc_.body();
            const double gap = doc_.mm(6);
            const double w = (b.width() - gap) / 2, h = (b.height() - gap) / 2;
            const int k = static_cast<int>(i % 4);
            const QRectF cell(b.left() + (k % 2) * (w + gap), b.top() + (k / 2) * (h + gap), w, h);
            charts::paintChart(list[i], doc_.painter(), cell, doc_.pt(1), style,
                               q(tr("report.no_data", "No data")));
            ++result_.charts;
        }
    }

    void charts(const Run& r) {
        step("charts");
        std::vector<charts::Chart> list;
        for (const core::RunResults& run : r.folder.runs)
            for (const core::OutputData& o : run.outputs) {
                if (!charts::isChartable(o)) continue;
                try {
                    for (charts::Chart& c : charts::chartsOf(o, trFn_))
                        list.push_back(std::move(c));
                } catch (const std::exception& e) {
                    note(std::string("chart of ") + o.simulator + "." + o.decl.id + ": " + e.what());
                }
            }
        if (!list.empty()) chartGrid(r, list, q(tr("report.charts", "Charts")));
    }

    // ---- parameters and sources
    void parameters(const Run& r) {
        step("parameters");
        const core::RunRecord& rec = r.folder.record;
        doc_.newPage(q(tr("report.parameters", "Parameters and data sources")), footer(r));
        const QString param = q(tr("report.parameter", "Parameter")), value = q(tr("report.value", "Value"));
        for (const core::SimulatorRecord& s : rec.simulators) {
            std::vector<std::pair<std::string, std::string>> params = s.parameters;
            std::vector<QStringList> rows;
            for (std::size_t i = 0; i < params.size(); i += 2) {
                QStringList row;
                for (std::size_t k = i; k < i + 2; ++k) {
                    if (k >= params.size()) break;
                    std::string v = params[k].second;
                    for (const auto& [pid, layer] : s.coupledInputs)
                        if (pid == params[k].first)
                            v +=
                                " (" + fill(tr("report.coupled", "fed by {layer}"), {{"layer", layer}}) + ")";
                    row << q(params[k].first) << valueText(v);
                }
                rows.push_back(row);
            }
            doc_.ensure(doc_.pt(60));
            doc_.paragraph(q(tr("sim:" + s.info.id, s.info.name) + " " + s.info.version), 11, true, kAccent,
                           3);
            doc_.table({{param, 1.3}, {value, 1}, {param, 1.3}, {value, 1}}, rows, 7.5);
        }
        // Input data.
        std::vector<QStringList> inputs;
        for (const core::InputRecord& in : rec.inputs)
            inputs.push_back({q(in.key), q(fs::path(in.file).filename().string()),
                              q(formatBytes(static_cast<double>(in.bytes))), q(in.sha256.substr(0, 16))});
        if (!inputs.empty()) {
            doc_.ensure(doc_.pt(60));
            doc_.paragraph(q(tr("report.inputs", "Input data")), 11, true, kAccent, 3);
            doc_.table({{q(tr("report.input", "Input")), 1.2},
                        {q(tr("report.file", "File")), 2},
                        {q(tr("report.size", "Size")), 0.7, Qt::AlignRight},
                        {q(tr("report.checksum", "SHA-256 (start)")), 1.4}},
                       inputs, 8);
        }
        // Model, software, data credit, run.
        std::vector<QStringList> facts;
        nlohmann::json model = nlohmann::json::object();
        try {
            model = nlohmann::json::parse(rec.modelJson);
        } catch (const std::exception&) {
        }
        facts.push_back({q(tr("report.crs", "Coordinate system")), q(jsonText(model, "crs"))});
        if (model.contains("extent") && model["extent"].is_array() && model["extent"].size() == 4) {
            const auto& e = model["extent"];
            const double w = e[2].get<double>() - e[0].get<double>(),
                         h = e[3].get<double>() - e[1].get<double>();
            facts.push_back({q(tr("report.extent", "Extent")),
                             q(formatNumber(w) + " m × " + formatNumber(h) + " m  (" + e.dump() + ")")});
        }
        if (model.contains("terrain") && model["terrain"].is_object()) {
            const auto& t = model["terrain"];
            facts.push_back(
                {q(tr("report.terrain", "Terrain")), q(jsonText(t, "width") + " × " + jsonText(t, "height") +
                                                       " @ " + jsonText(t, "cell_size") + " m")});
        } else {
            facts.push_back(
                {q(tr("report.terrain", "Terrain")), q(tr("report.no_terrain", "none (flat ground)"))});
        }
        facts.push_back({q(tr("report.buildings", "Buildings")), q(jsonText(model, "buildings"))});
        facts.push_back({q(tr("report.roads", "Roads")), q(jsonText(model, "roads"))});
        const nlohmann::json sw = r.manifest.value("software", nlohmann::json::object());
        facts.push_back({q(tr("report.software", "Software")),
                         q("CityTwin " + jsonText(sw, "citytwin") + ", SDK " + jsonText(sw, "sdk_version") +
                           ", GDAL " + jsonText(sw, "gdal") + ", PROJ " + jsonText(sw, "proj"))});
        std::string command;
        for (const std::string& c : rec.command)
            command += (command.empty() ? "" : " ") + c;
        facts.push_back({q(tr("report.command", "Command")), q("citytwin-cli " + command)});
        facts.push_back({q(tr("report.run_finished", "Run finished")),
                         q(dateText(rec.finished) + "  (" + tr("report.threads", "Threads") + " " +
                           std::to_string(rec.threads) + ")")});
        const std::string credit = render::dataAttribution(rec.scenarioFile);
        if (!credit.empty()) facts.push_back({q(tr("report.attribution", "Data credit")), q(credit)});
        doc_.ensure(doc_.pt(80));
        doc_.paragraph(q(tr("report.model", "City model")), 11, true, kAccent, 3);
        doc_.table({{"", 1}, {"", 4}}, facts, 8.5);
        // Statistics and warnings of the run.
        std::vector<QStringList> stats;
        for (const core::SimulatorRecord& s : rec.simulators) {
            for (const auto& [name, v] : s.statistics)
                stats.push_back({q(s.info.id), q(name), valueText(v)});
            for (const std::string& line : s.log)
                stats.push_back({q(s.info.id), q(tr("report.log", "Warnings logged")), q(line)});
        }
        if (!stats.empty()) {
            doc_.ensure(doc_.pt(60));
            doc_.paragraph(q(tr("report.statistics", "Run statistics")), 11, true, kAccent, 3);
            doc_.table({{q(tr("report.simulator", "Simulator")), 0.8},
                        {"", 1.5},
                        {q(tr("report.value", "Value")), 3}},
                       stats, 7.5);
        }
    }

    // ---- comparison
    void comparison(const Run& a, const Run& b) {
        step("comparison");
        const QString section = q(tr("report.comparison_title", "Comparison: B − A"));
        doc_.newPage(section, q("CityTwin · " + a.folder.record.scenarioName + " · A/B"));
        doc_.paragraph(q("A = " + a.label() + " (" + a.folder.record.scenarioName + ")"), 10, false, kInk, 1);
        doc_.paragraph(q("B = " + b.label() + " (" + b.folder.record.scenarioName + ")"), 10, false, kInk, 8);

        // Parameters that differ.
        std::vector<QStringList> prows;
        for (const core::SimulatorRecord& sa : a.folder.record.simulators)
            for (const core::SimulatorRecord& sb : b.folder.record.simulators) {
                if (sa.info.id != sb.info.id) continue;
                std::map<std::string, std::pair<std::string, std::string>> all;
                for (const auto& [k, v] : sa.parameters)
                    all[k].first = v;
                for (const auto& [k, v] : sb.parameters)
                    all[k].second = v;
                for (const auto& [k, v] : all)
                    if (v.first != v.second)
                        prows.push_back({q(sa.info.id), q(k), valueText(v.first), valueText(v.second)});
            }
        doc_.paragraph(q(tr("report.parameter_differences", "Parameters that differ")), 11, true, kAccent, 3);
        if (prows.empty())
            doc_.paragraph(q(tr("report.no_parameter_differences", "The two runs used the same parameters.")),
                           9);
        else
            doc_.table({{q(tr("report.simulator", "Simulator")), 0.8},
                        {q(tr("report.parameter", "Parameter")), 1.5},
                        {"A", 1.5},
                        {"B", 1.5}},
                       prows, 8.5);

        // Key figures compared.
        std::vector<QStringList> srows;
        for (const core::RunResults& ra : a.folder.runs)
            for (const core::RunResults& rb : b.folder.runs) {
                if (ra.simulator != rb.simulator) continue;
                for (const core::OutputData& oa : ra.outputs) {
                    if (oa.decl.kind != sdk::OutputKind::Scalar) continue;
                    const core::OutputData* ob = rb.find(oa.decl.id);
                    if (!ob || ob->decl.kind != sdk::OutputKind::Scalar) continue;
                    const double d = ob->scalar - oa.scalar;
                    std::string pct = "—";
                    if (std::isfinite(d) && oa.scalar != 0 && std::isfinite(oa.scalar))
                        pct = (d > 0 ? "+" : "") + formatNumber(100.0 * d / std::fabs(oa.scalar)) + " %";
                    srows.push_back({q(outputLabel(oa)), q(unitText(oa.decl.unit)),
                                     q(formatNumber(oa.scalar)), q(formatNumber(ob->scalar)),
                                     q((d > 0 ? "+" : "") + formatNumber(d)), q(pct)});
                }
            }
        if (!srows.empty()) {
            doc_.ensure(doc_.pt(60));
            doc_.paragraph(q(tr("report.scalar_differences", "Key figures compared")), 11, true, kAccent, 3);
            doc_.table({{q(tr("report.indicator", "Indicator")), 2.4},
                        {q(tr("report.unit", "Unit")), 0.8},
                        {"A", 1, Qt::AlignRight},
                        {"B", 1, Qt::AlignRight},
                        {q(tr("report.change", "B − A")), 1, Qt::AlignRight},
                        {q(tr("report.change_pct", "Change")), 0.9, Qt::AlignRight}},
                       srows, 8.5);
        }

        // B − A maps of grids both runs hold.
        if (!mapsPossible()) return;
        detail::MapMaker* maker = mapMaker(a);
        if (!maker) return;
        int made = 0;
        std::vector<std::string> why;
        for (const core::RunResults& ra : a.folder.runs)
            for (const core::RunResults& rb : b.folder.runs) {
                if (ra.simulator != rb.simulator) continue;
                const std::vector<bool> visible = render::defaultVisibility(ra);
                std::vector<const core::OutputData*> order;
                for (std::size_t k = 0; k < ra.outputs.size(); ++k)
                    if (visible[k]) order.push_back(&ra.outputs[k]);
                for (const core::OutputData& o : ra.outputs)
                    order.push_back(&o);
                std::set<std::string> seen;
                int perSim = 0;
                for (const core::OutputData* oa : order) {
                    if (perSim >= 2 || !seen.insert(oa->decl.id).second) continue;
                    if (oa->decl.kind != sdk::OutputKind::Raster &&
                        oa->decl.kind != sdk::OutputKind::RasterSeries)
                        continue;
                    if (!render::isDrawable(*oa)) continue;
                    const core::OutputData* ob = rb.find(oa->decl.id);
                    if (!ob) continue;
                    core::OutputData diff;
                    try {
                        diff = core::differenceOutput(*oa, *ob, "A", "B");
                    } catch (const std::exception& e) {
                        why.push_back(oa->decl.id + ": " + e.what());
                        continue;
                    }
                    step("difference map");
                    const QString caption =
                        q(tr("report.figure", "Figure") + " " + std::to_string(++figure_) + ". " +
                          tr("report.difference_map", "Difference B − A") + ": " + outputLabel(*oa) +
                          (oa->decl.unit.empty() ? "" : " [" + displayUnit(oa->decl.unit) + "]"));
                    if (mapPage(a, *maker,
                                {{"diff/" + diff.simulator + "." + diff.decl.id, diff.decl.label, "B − A",
                                  &diff}},
                                section, caption, q(tr("report.difference_note", "")))) {
                        ++made;
                        ++perSim;
                    }
                }
            }
        if (made == 0) {
            const std::string reason = why.empty() ? "the runs share no raster output" : why.front();
            note(fill(tr("report.no_difference_maps", "No difference maps: {reason}"), {{"reason", reason}}));
        }
    }

    void note(const std::string& text) {
        if (std::find(result_.notes.begin(), result_.notes.end(), text) == result_.notes.end())
            result_.notes.push_back(text);
    }

    const BriefingOptions& o_;
    const StringTable& text_;
    std::vector<Run>& runs_;
    Document& doc_;
    charts::Translate trFn_;
    BriefingResult result_;
    std::map<std::string, std::unique_ptr<detail::MapMaker>> makers_;
    bool displayNoted_ = false;
    int figure_ = 0;
    double done_ = 0, total_ = 1;
};

/// Removes a file when it goes out of scope unless released.
struct TempFile {
    std::string path;
    bool keep = false;
    ~TempFile() {
        if (!keep && !path.empty()) {
            std::error_code ec;
            fs::remove(path, ec);
        }
    }
};

}  // namespace

BriefingResult writeBriefing(const BriefingOptions& o) {
    if (o.runDirs.empty())
        throw core::Error(core::ErrorCode::Usage, "a briefing needs at least one run folder");
    if (o.output.empty()) throw core::Error(core::ErrorCode::Usage, "a briefing needs an output file");
    if (o.mapsPerSimulator < 0 || !(o.mapDpi >= 20 && o.mapDpi <= 600))
        throw core::Error(core::ErrorCode::Usage, "map count must be >= 0 and map resolution 20 to 600 dpi");
    if (!QGuiApplication::instance())
        throw core::Error(core::ErrorCode::Internal, "writeBriefing needs a QGuiApplication (fonts)");

    // Check everything that can fail cheaply before the slow work: the output, the table, the run folders.
    const fs::path out = fs::absolute(o.output);
    const fs::path parent = out.parent_path();
    if (fs::is_directory(out))
        throw core::fileError(core::ErrorCode::Output, o.output, "is a folder; give the PDF file to write");
    if (!fs::is_directory(parent))
        throw core::fileError(core::ErrorCode::Output, o.output,
                              "cannot write the briefing: the folder " + parent.string() + " does not exist");
    TempFile tmp{
        (parent / ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()))).string()};
    {
        QFile probe(q(tmp.path));
        if (!probe.open(QIODevice::WriteOnly))
            throw core::fileError(core::ErrorCode::Output, o.output,
                                  "cannot write the briefing: " + probe.errorString().toStdString());
    }
    const StringTable text =
        StringTable::load(o.stringsFile.empty() ? StringTable::defaultPath() : o.stringsFile);

    std::vector<Run> runs;
    for (std::size_t i = 0; i < o.runDirs.size(); ++i)
        runs.push_back(
            readRun(o.runDirs[i], o.runDirs.size() > 1
                                      ? std::string(1, static_cast<char>('A' + std::min<std::size_t>(i, 25)))
                                      : ""));

    std::string lookedIn;
    QString family = loadHangulFont(&lookedIn);
    if (family.isEmpty()) {
        if (o.language == Language::Korean)
            throw core::Error(
                core::ErrorCode::FileNotFound,
                "no font with Hangul for a Korean briefing: install the fonts-nanum package (looked "
                "for NanumBarunGothic.ttf and NanumGothic.ttf in " +
                    lookedIn + "; CITYTWIN_FONT_DIR names another folder)");
        family = QGuiApplication::font().family();
    }

    BriefingResult result;
    {
        const std::string title = runs.front().folder.record.scenarioName + " — " +
                                  text.get("report.briefing", o.language, "Briefing");
        Document doc(q(tmp.path), o.pageSize, family, q(title), text, o.language);
        if (!doc.begin()) throw core::fileError(core::ErrorCode::Output, o.output, "cannot start the PDF");
        try {
            Briefing b(o, text, runs, doc);
            result = b.write();
        } catch (...) {
            doc.end();
            throw;
        }
        if (!doc.end()) throw core::fileError(core::ErrorCode::Output, o.output, "cannot finish the PDF");
    }
    std::error_code ec;
    if (fs::file_size(tmp.path, ec) == 0 || ec)
        throw core::fileError(core::ErrorCode::Output, o.output, "the PDF came out empty (a full disk?)");
    fs::rename(tmp.path, out, ec);
    if (ec)
        throw core::fileError(core::ErrorCode::Output, o.output,
                              "cannot put the PDF in place: " + ec.message());
    tmp.keep = true;
    if (o.progress) o.progress(1.0, "done");
    return result;
}

}  // namespace citytwin::report
