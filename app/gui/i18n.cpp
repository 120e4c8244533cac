// Loading the interface translation.

#include "i18n.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTranslator>
#include <mutex>

#include "citytwin/report/strings.h"

namespace citytwin::gui {

namespace {
QTranslator* gTranslator = nullptr;
QString gLanguage = "en";

QString findQm(const QString& language) {
    for (const QString& dir : translationFolders()) {
        const QString path = QDir(dir).filePath("citytwin_" + language + ".qm");
        if (QFileInfo::exists(path)) return path;
    }
    return {};
}
}  // namespace

QStringList translationFolders() {
    QStringList out;
    const QString env = QString::fromLocal8Bit(qgetenv("CITYTWIN_TRANSLATIONS_DIR"));
    if (!env.isEmpty()) out << env;
    out << QDir::cleanPath(QCoreApplication::applicationDirPath() + "/../share/citytwin/translations");
    return out;
}

QString installTranslation(const QString& language) {
    QString lang = language;
    if (lang.isEmpty()) {
        lang = "en";
        // uiLanguages() lists the user's preferences in order ("ko-KR", "ko", "en-US", ...).
        for (const QString& ui : QLocale::system().uiLanguages()) {
            const QString code = ui.section('-', 0, 0).section('_', 0, 0).toLower();
            if (code == "en" || !findQm(code).isEmpty()) {
                lang = code;
                break;
            }
        }
    }
    if (gTranslator) {
        QCoreApplication::removeTranslator(gTranslator);
        delete gTranslator;
        gTranslator = nullptr;
    }
    gLanguage = "en";
    const QString qm = findQm(lang);
    if (qm.isEmpty()) return gLanguage;
    auto* t = new QTranslator(QCoreApplication::instance());
    if (!t->load(qm)) {
        delete t;
        return gLanguage;
    }
    QCoreApplication::installTranslator(t);
    gTranslator = t;
    gLanguage = lang;
    // Numbers and dates follow the interface language when the user chose one.
    if (!language.isEmpty()) QLocale::setDefault(QLocale(lang));
    return gLanguage;
}

QString currentLanguage() {
    return gLanguage;
}

std::string declaredText(const std::string& key, const std::string& english) {
    if (gLanguage != "ko") return english;
    // Read once; a table that cannot be read leaves the declared English (its problem is the report's to
    // name: citytwin-cli report reads the same file and refuses it with the line and column).
    static const report::StringTable table = [] {
        try {
            return report::StringTable::load(report::StringTable::defaultPath());
        } catch (const std::exception&) {
            return report::StringTable{};
        }
    }();
    return table.contains(key) ? table.get(key, report::Language::Korean, english) : english;
}

}  // namespace citytwin::gui
