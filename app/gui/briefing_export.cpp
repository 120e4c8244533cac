#include "briefing_export.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>

#include "app_log.h"
#include "citytwin/core/error.h"
#include "main_window.h"

namespace citytwin::gui {

bool exportBriefing(QWidget* parent, const QStringList& runDirs, const QString& path,
                    report::Language language, report::PageSize page, QString* error) {
    report::BriefingOptions o;
    for (const QString& d : runDirs)
        o.runDirs.push_back(d.toStdString());
    o.output = path.toStdString();
    o.language = language;
    o.pageSize = page;
    QProgressDialog progress(QObject::tr("Writing the briefing…"), QObject::tr("Cancel"), 0, 1000, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    o.progress = [&progress](double f, const std::string& stage) {
        progress.setLabelText(QObject::tr("Writing the briefing: %1").arg(QString::fromStdString(stage)));
        progress.setValue(static_cast<int>(f * 1000));
        QApplication::processEvents();
        return !progress.wasCanceled();
    };
    try {
        const report::BriefingResult r = report::writeBriefing(o);
        progress.setValue(1000);
        if (!r.notes.empty() && error) {
            *error = QString::fromStdString(r.notes.front());
        }
        return true;
    } catch (const core::Error& e) {
        if (error) *error = e.code() == core::ErrorCode::Cancelled ? QString() : QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
    }
    return false;
}

void exportBriefingDialog(MainWindow* window) {
    QStringList labels, dirs;
    for (const auto& run : window->runs()) {
        if (run->runDir.empty() || dirs.contains(QString::fromStdString(run->runDir))) continue;
        dirs << QString::fromStdString(run->runDir);
        labels << QString::fromStdString(run->label) + "  —  " + QString::fromStdString(run->runDir);
    }
    if (dirs.isEmpty()) {
        QMessageBox::information(
            window, QObject::tr("No results"),
            QObject::tr("Run a simulator or open results first: a briefing is made from run "
                        "folders."));
        return;
    }
    QDialog dialog(window);
    dialog.setWindowTitle(QObject::tr("Export briefing"));
    auto* a = new QComboBox;
    a->addItems(labels);
    a->setCurrentIndex(static_cast<int>(dirs.size()) - 1);
    auto* b = new QComboBox;
    b->addItem(QObject::tr("(none: one run)"));
    b->addItems(labels);
    auto* lang = new QComboBox;
    lang->addItem("English", "en");
    lang->addItem("한국어", "ko");
    QSettings s;
    const QString defaultLang = QLocale().language() == QLocale::Korean ? "ko" : "en";
    lang->setCurrentIndex(s.value("briefing/lang", defaultLang).toString() == "ko" ? 1 : 0);
    auto* page = new QComboBox;
    page->addItems({"A4", "A3"});
    page->setCurrentText(s.value("briefing/page", "A4").toString());
    auto* file =
        new QLineEdit(QDir(s.value("dirs/briefing", QDir::homePath()).toString()).filePath("briefing.pdf"));
    auto* browse = new QPushButton(QObject::tr("Browse…"));
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString p =
            QFileDialog::getSaveFileName(&dialog, QObject::tr("Briefing PDF"), file->text(), "PDF (*.pdf)");
        if (!p.isEmpty()) file->setText(p);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(file, 1);
    fileRow->addWidget(browse);
    auto* form = new QFormLayout(&dialog);
    form->addRow(QObject::tr("Run (A)"), a);
    form->addRow(QObject::tr("Compare with (B)"), b);
    form->addRow(QObject::tr("Language"), lang);
    form->addRow(QObject::tr("Page (landscape)"), page);
    form->addRow(QObject::tr("File"), fileRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;

    QStringList runDirs{dirs[a->currentIndex()]};
    if (b->currentIndex() > 0 && b->currentIndex() - 1 != a->currentIndex())
        runDirs << dirs[b->currentIndex() - 1];
    const report::Language language =
        lang->currentData().toString() == "ko" ? report::Language::Korean : report::Language::English;
    const report::PageSize size = page->currentText() == "A3" ? report::PageSize::A3 : report::PageSize::A4;
    s.setValue("briefing/lang", lang->currentData());
    s.setValue("briefing/page", page->currentText());
    s.setValue("dirs/briefing", QFileInfo(file->text()).absolutePath());
    QString message;
    if (exportBriefing(window, runDirs, file->text(), language, size, &message)) {
        window->log()->add(AppLog::Level::Info, "viewer",
                           QObject::tr("briefing written to %1").arg(file->text()));
        if (!message.isEmpty()) window->log()->add(AppLog::Level::Warning, "viewer", message);
    } else if (!message.isEmpty()) {
        window->log()->add(AppLog::Level::Error, "viewer", message);
        QMessageBox::warning(window, QObject::tr("Cannot write the briefing"), message);
    }
}

}  // namespace citytwin::gui
