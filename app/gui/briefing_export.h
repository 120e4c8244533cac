#pragma once
// File > Export > Briefing: the briefing PDF (citytwin/report/briefing.h) of the runs shown in the viewer.

#include <QString>
#include <QStringList>

#include "citytwin/report/briefing.h"

class QWidget;

namespace citytwin::gui {

class MainWindow;

/// Asks for the run (and optionally a second run to compare, B − A), the language (the interface's by
/// default), the page size and the file, then writes the briefing.
void exportBriefingDialog(MainWindow* window);

/// Writes a briefing of run folders on the GUI thread with a progress dialog that can cancel. Returns false
/// with a message on failure or cancel (`error` empty when cancelled).
bool exportBriefing(QWidget* parent, const QStringList& runDirs, const QString& path,
                    report::Language language, report::PageSize page, QString* error);

}  // namespace citytwin::gui
