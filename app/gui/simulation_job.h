#pragma once
// Running simulators from the viewer in a separate worker process: `citytwin-cli run --progress jsonl`, the
// same run service and results format as the CLI (docs/worker-protocol.md). Progress, log lines and the result
// come back on a pipe; a plug-in that crashes, aborts or calls exit() takes only the worker down, and the viewer
// reports it. The results are read back from the run folder the worker wrote.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/render/results.h"

namespace citytwin::gui {

/// What one run is asked to do.
struct JobRequest {
    QString cli;                 ///< the citytwin-cli program
    QString scenario;            ///< scenario file the worker loads
    QStringList simulators;      ///< --only / --sim (empty: the scenario's own run list)
    bool onlyListed = true;      ///< run only `simulators` (--only), not the scenario's list
    QStringList sets;            ///< --set SIM.PARAM=VALUE
    QStringList withResults;     ///< --with-results DIR
    QString outDir;              ///< the run folder to write
    QString label;               ///< "flood #2"
    QString pluginFiles;         ///< the plug-in modules involved, named when the worker crashes
    int threads = 0;             ///< 0 = every core
};

/// One run. Lives on the GUI thread; its signals are emitted there.
class SimulationJob : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Completed, Cancelled, Failed };

    SimulationJob(JobRequest request, QObject* parent = nullptr);
    /// Cancels, waits briefly for the worker, then kills it.
    ~SimulationJob() override;

    void start();
    /// Asks the worker to stop ("cancel" on its stdin); it is terminated if it has not stopped after a few
    /// seconds, and killed after a few more.
    void cancel();
    bool running() const { return running_; }
    const QString& label() const { return request_.label; }
    const QString& outDir() const { return request_.outDir; }

signals:
    void progressed(double fraction, const QString& stage);
    void logged(int level, const QString& message);
    /// Results on completion (empty on failure or cancel); `message` says what failed.
    void finished(int outcome, std::vector<std::shared_ptr<citytwin::render::RunResults>> results,
                  const QString& message);

private:
    void onLine(const QByteArray& line);
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void finish(Outcome outcome, std::vector<std::shared_ptr<render::RunResults>> results, const QString& message);

    JobRequest request_;
    QProcess* process_ = nullptr;
    QByteArray buffer_;
    QString resultStatus_;
    QString resultMessage_;
    QString stderr_;
    int steps_ = 1;
    int stepIndex_ = 0;
    bool running_ = false;
    bool cancelled_ = false;
    bool done_ = false;
    QTimer terminateTimer_;
    QTimer killTimer_;
};

}  // namespace citytwin::gui
