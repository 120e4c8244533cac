// The Korean interface (issue 13): started under a Korean system locale (LANG=ko_KR.UTF-8, set by CTest), the
// viewer installs its Korean translation and its menus, panels, buttons and dialogs speak Korean; the Korean
// translation source is complete. A screenshot of the window goes to tests/app/gui/output/viewer_korean.png.

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QXmlStreamReader>
#include <memory>

#include "app_log.h"
#include "dialogs.h"
#include "i18n.h"
#include "main_window.h"
#include "settings.h"
#include "vtk_view.h"
#include "citytwin/render/scene.h"
#include "simulator_panel.h"
#include "viewer_setup.h"

using namespace citytwin;

namespace {

bool hasHangul(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() >= 0xAC00 && c.unicode() <= 0xD7A3) return true;
    return false;
}

/// Every action of a menu and its submenus (separators and the recent-files list left out).
void collect(QMenu* menu, QStringList& out) {
    for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        if (a->menu()) {
            out << a->menu()->title();
            if (a->menu()->objectName() != "recentMenu") collect(a->menu(), out);
        } else {
            out << a->text();
        }
    }
}

}  // namespace

class KoreanTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void theSystemLocaleChoosesKorean();
    void menusAndPanelsSpeakKorean();
    void dialogsSpeakKorean();
    void theKoreanTranslationIsComplete();
    void theLanguageCanBeChosenInTheSettings();
    void cleanupTestCase();

private:
    std::unique_ptr<gui::AppLog> log_;
    std::unique_ptr<gui::MainWindow> window_;
    QString language_;
};

void KoreanTest::initTestCase() {
    // As main() does: the setting (none here), else the system's language.
    language_ = gui::installTranslation(gui::languageSetting());
    log_ = std::make_unique<gui::AppLog>();
    gui::installMessageRouting(log_.get());
    window_ = std::make_unique<gui::MainWindow>(log_.get());
    window_->resize(1480, 920);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void KoreanTest::cleanupTestCase() {
    window_->close();
    window_.reset();
    gui::installMessageRouting(nullptr);
}

void KoreanTest::theSystemLocaleChoosesKorean() {
    QVERIFY2(language_ == "ko",
             qPrintable("installed: " + language_ + "; looked in " + gui::translationFolders().join(", ")));
    QCOMPARE(gui::currentLanguage(), QString("ko"));
}

void KoreanTest::menusAndPanelsSpeakKorean() {
    QStringList titles;
    for (QAction* a : window_->menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles.value(0), QString("파일(&F)"));
    QVERIFY2(titles.contains("편집(&E)") && titles.contains("보기(&V)") && titles.contains("도움말(&H)"),
             qPrintable(titles.join(" | ")));
    QStringList english;
    for (QAction* a : window_->menuBar()->actions()) {
        QStringList items;
        if (a->menu()) collect(a->menu(), items);
        for (const QString& t : items)
            if (!t.isEmpty() && !hasHangul(t)) english << t;
    }
    QVERIFY2(english.isEmpty(), qPrintable("menu entries not in Korean: " + english.join(" | ")));
    QStringList docks;
    for (QDockWidget* d : window_->findChildren<QDockWidget*>())
        if (!hasHangul(d->windowTitle()) || !hasHangul(d->toolTip())) docks << d->windowTitle();
    QVERIFY2(docks.isEmpty(), qPrintable("docks not in Korean: " + docks.join(", ")));
    QStringList buttons;
    for (QAbstractButton* b : window_->findChildren<QAbstractButton*>()) {
        if (b->text().isEmpty() || b->objectName().startsWith("qt_")) continue;
        if (!hasHangul(b->text())) buttons << b->text();
    }
    QVERIFY2(buttons.isEmpty(), qPrintable("buttons not in Korean: " + buttons.join(", ")));
    auto* run = window_->simulatorPanel()->findChild<QPushButton*>("runButton");
    QCOMPARE(run->text(), QString("실행"));
    // A screenshot with the demo loaded.
    QSignalSpy loaded(window_.get(), &gui::MainWindow::scenarioLoaded);
    window_->openScenario(QString(CITYTWIN_SOURCE_DIR) + "/data/merewether/scenario.json");
    QVERIFY(loaded.wait(60000));
    window_->simulatorPanel()->selectSimulator("flood");
    // A house clicked: the inspector's rows in Korean.
    QTest::qWait(100);
    const core::Building& b = window_->model()->buildings[30];
    const core::Point c = core::centroid(b.footprint);
    const auto d = window_->scene().worldToDisplay({c.x, c.y, b.baseM + b.heightM});
    gui::VtkView* v = window_->view();
    const double dpr = v->devicePixelRatioF();
    QTest::mouseClick(v, Qt::LeftButton, {}, QPoint(static_cast<int>(d[0] / dpr), static_cast<int>(v->height() - (d[1] + 1) / dpr)));
    QTRY_VERIFY(window_->inspector()->topLevelItemCount() > 2);
    QVERIFY2(window_->inspector()->topLevelItem(0)->text(0).startsWith("건물"),
             qPrintable(window_->inspector()->topLevelItem(0)->text(0)));
    QTest::qWait(200);
    window_->grab().save(QString(CITYTWIN_TEST_OUTPUT_DIR) + "/viewer_korean.png");

    // The flood form's groups and labels come from the string table (data/report/strings.csv) in Korean; every
    // visible group of the flood form is translated, and a parameter's label is the table's Korean text.
    QStringList groups;
    for (QGroupBox* g : window_->simulatorPanel()->findChildren<QGroupBox*>())
        if (!hasHangul(g->title())) groups << g->title();
    QVERIFY2(groups.isEmpty(), qPrintable("form groups not in Korean: " + groups.join(", ")));
    QWidget* rain = window_->simulatorPanel()->findChild<QWidget*>("param_rain_intensity_mm_per_h");
    QVERIFY(rain);
    QString label;
    for (QLabel* l : window_->simulatorPanel()->findChildren<QLabel*>())
        if (l->buddy() == rain) label = l->text();
    QCOMPARE(label, QString("강우 강도"));
    // A choice shows its Korean text and keeps its value.
    auto* mode = window_->simulatorPanel()->findChild<QComboBox*>("param_building_mode");
    QVERIFY(mode);
    const int block = mode->findData("block");
    QVERIFY(block >= 0);
    QCOMPARE(mode->itemText(block), QString("차단 (벽)"));
}

void KoreanTest::dialogsSpeakKorean() {
    QMessageBox* box = gui::showMessage(window_.get(), QMessageBox::Information, "t", "x");
    QCOMPARE(box->buttons().first()->text(), QString("확인"));
    box->close();
    gui::SettingsDialog settings(window_.get());
    QVERIFY(hasHangul(settings.windowTitle()));
    for (QLabel* l : settings.findChildren<QLabel*>())
        if (!l->text().isEmpty()) QVERIFY2(hasHangul(l->text()), qPrintable(l->text()));
}

void KoreanTest::theKoreanTranslationIsComplete() {
    QFile ts(QString(CITYTWIN_SOURCE_DIR) + "/app/gui/translations/citytwin_ko.ts");
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    int messages = 0;
    QStringList missing;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == u"source") source = xml.readElementText();
        if (xml.name() == u"translation") {
            ++messages;
            const bool unfinished = xml.attributes().value("type") == u"unfinished";
            // Plural forms are <numerusform> children.
            QString text;
            while (!(xml.isEndElement() && xml.name() == u"translation") && !xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters()) text += xml.text();
            }
            if (unfinished || text.trimmed().isEmpty()) missing << source.left(60);
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY2(messages > 300, qPrintable(QString::number(messages)));
    QVERIFY2(missing.isEmpty(), qPrintable(QString("%1 of %2 untranslated, e.g. %3")
                                               .arg(missing.size())
                                               .arg(messages)
                                               .arg(missing.mid(0, 5).join(" | "))));
}

void KoreanTest::theLanguageCanBeChosenInTheSettings() {
    gui::setLanguageSetting("en");
    QCOMPARE(gui::installTranslation(gui::languageSetting()), QString("en"));
    QCOMPARE(QCoreApplication::translate("citytwin::gui::SimulatorPanel", "Run"), QString("Run"));
    gui::setLanguageSetting("ko");
    QCOMPARE(gui::installTranslation(gui::languageSetting()), QString("ko"));
    QCOMPARE(QCoreApplication::translate("citytwin::gui::SimulatorPanel", "Run"), QString("실행"));
    gui::setLanguageSetting("");
}

int main(int argc, char** argv) {
    gui::prepareEnvironment();
    QApplication app(argc, argv);
    gui::setApplicationNames();
    QCoreApplication::setApplicationName("citytwin-korean-test");
    KoreanTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "korean_test.moc"
