#pragma once
// The interface language: Qt translation files (.qm, built by CMake from app/gui/translations/*.ts) found
// next to the program and installed for the application.

#include <QString>
#include <QStringList>
#include <string>

class QCoreApplication;

namespace citytwin::gui {

/// Folders searched for citytwin_<lang>.qm, first match wins: $CITYTWIN_TRANSLATIONS_DIR, then
/// <program folder>/../share/citytwin/translations (the build tree and an installation have the same layout).
QStringList translationFolders();

/// Installs the translation for `language` ("ko", "en"; "" = the first of the system's UI languages that has
/// a translation, else English). Returns the language installed ("en" when none was needed or found). Call
/// after the application object exists and before any window is made; calling it again replaces the
/// translation.
QString installTranslation(const QString& language);

/// The language installed by the last installTranslation() ("en" before any).
QString currentLanguage();

/// A simulator's declared text (a parameter's label, a form group, an output's label) in the interface
/// language: in Korean, the Korean text of row `key` of the string table data/report/strings.csv
/// ("param:flood.rain_intensity_mm_per_h", "group:flood.Rain", "output:flood.max_depth"), which the
/// briefing report shares; `english` (what the simulator declared) when the interface is English, the row is
/// missing or has no Korean text, or the table cannot be read.
std::string declaredText(const std::string& key, const std::string& english);

}  // namespace citytwin::gui
