// The viewer's settings and their dialog.

#include "settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

#include "dialogs.h"

namespace citytwin::gui {

namespace {
constexpr const char* kOutputKey = "paths/output";
constexpr const char* kLanguageKey = "ui/language";
}  // namespace

QString outputFolder() {
    QString dir = QSettings().value(kOutputKey).toString();
    if (dir.isEmpty()) {
        QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (docs.isEmpty()) docs = QDir::homePath();
        dir = QDir(docs).filePath("CityTwin");
    }
    QDir().mkpath(dir);
    return QDir::cleanPath(dir);
}

QString defaultOutputPath(const QString& fileName) {
    const QDir dir(outputFolder());
    QString path = dir.filePath(fileName);
    const QFileInfo info(fileName);
    const QString base = info.completeBaseName(), suffix = info.suffix();
    for (int n = 2; QFileInfo::exists(path) && n < 10000; ++n)
        path = dir.filePath(base + "-" + QString::number(n) + (suffix.isEmpty() ? QString() : "." + suffix));
    return path;
}

bool isInsideAny(const QString& path, const QStringList& folders) {
    const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    for (const QString& f : folders) {
        if (f.isEmpty()) continue;
        const QString d = QDir::cleanPath(QFileInfo(f).absoluteFilePath());
        if (p == d || p.startsWith(d + "/")) return true;
    }
    return false;
}

QString languageSetting() {
    return QSettings().value(kLanguageKey).toString();
}

void setLanguageSetting(const QString& language) {
    QSettings().setValue(kLanguageKey, language);
}

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("settingsDialog");
    setWindowTitle(tr("Settings"));
    auto* form = new QFormLayout(this);
    language_ = new QComboBox;
    language_->setObjectName("languageCombo");
    language_->addItem(tr("Follow the system"), QString());
    language_->addItem("English", "en");
    language_->addItem(QString::fromUtf8("한국어 (Korean)"), "ko");
    language_->setCurrentIndex(std::max(0, language_->findData(languageSetting())));
    language_->setToolTip(
        tr("The language of menus, panels and messages. Simulator parameter labels come "
           "from the plug-ins and stay as they declare them."));
    form->addRow(tr("Interface language"), language_);
    auto* note = new QLabel(tr("A new language takes effect when CityTwin starts again."));
    note->setWordWrap(true);
    note->setStyleSheet("color: palette(mid);");
    form->addRow(note);
    output_ = new QLineEdit(outputFolder());
    output_->setObjectName("outputFolderEdit");
    output_->setToolTip(
        tr("Where exported images, videos, layers and tables are offered first. Exports never "
           "default into a scenario's data folder."));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setToolTip(tr("Choose the output folder"));
    auto* row = new QWidget;
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(output_, 1);
    h->addWidget(browse);
    form->addRow(tr("Output folder"), row);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Output folder"), output_->text());
        if (!d.isEmpty()) output_->setText(d);
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    translateButtons(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void SettingsDialog::apply() {
    setLanguageSetting(language_->currentData().toString());
    const QString out = output_->text().trimmed();
    if (out.isEmpty())
        QSettings().remove(kOutputKey);
    else
        QSettings().setValue(kOutputKey, QDir::cleanPath(out));
}

}  // namespace citytwin::gui
