#pragma once
// The application's log: messages from the viewer, simulators, Qt and VTK, shown in the log panel.

#include <QObject>
#include <QStringList>
#include <mutex>

namespace citytwin::gui {

/// Collects log lines from any thread and announces them on the GUI thread.
class AppLog : public QObject {
    Q_OBJECT
public:
    enum class Level { Debug, Info, Warning, Error };

    explicit AppLog(QObject* parent = nullptr);
    /// Thread-safe. `source` names who speaks ("vtk", "qt", "flood", "viewer").
    void add(Level level, const QString& source, const QString& text);
    /// Errors logged so far (tests fail on VTK errors through this).
    int errorCount(const QString& source = {}) const;
    QStringList lines() const;

signals:
    /// Emitted on the GUI thread for every line.
    void added(int level, const QString& line);

private:
    mutable std::mutex mutex_;
    QStringList lines_;
    QList<QPair<QString, int>> errors_;
};

/// Routes Qt's message handler and VTK's output window into `log` (nothing goes to the terminal unchecked).
void installMessageRouting(AppLog* log);

}  // namespace citytwin::gui
