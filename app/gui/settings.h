#pragma once
// The viewer's settings a user chooses (QSettings): the interface language and the folder exports go to by
// default, with the dialog that edits them.

#include <QDialog>
#include <QString>
#include <QStringList>

class QComboBox;
class QLineEdit;

namespace citytwin::gui {

/// The folder exports are offered in first: the "paths/output" setting, else <Documents>/CityTwin (created
/// when needed). Never the folder of a scenario or its data: a user's inputs stay untouched.
QString outputFolder();
/// `fileName` in outputFolder(), made unique if a file of that name exists ("citytwin.png" ->
/// "citytwin-2.png").
QString defaultOutputPath(const QString& fileName);
/// True when `path` lies inside one of `folders` (after resolving "..").
bool isInsideAny(const QString& path, const QStringList& folders);

/// The chosen interface language: "" (follow the system), "en" or "ko".
QString languageSetting();
void setLanguageSetting(const QString& language);

/// Edit > Settings: language (takes effect on the next start) and the output folder.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    /// Stores the values shown (called on OK).
    void apply();

private:
    QComboBox* language_ = nullptr;
    QLineEdit* output_ = nullptr;
};

}  // namespace citytwin::gui
