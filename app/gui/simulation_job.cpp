// The viewer's side of the worker protocol (docs/worker-protocol.md).

#include "simulation_job.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <csignal>

namespace citytwin::gui {

SimulationJob::SimulationJob(JobRequest request, QObject* parent) : QObject(parent), request_(std::move(request)) {
    terminateTimer_.setSingleShot(true);
    killTimer_.setSingleShot(true);
    connect(&terminateTimer_, &QTimer::timeout, this, [this] {
        if (process_ && process_->state() != QProcess::NotRunning) process_->terminate();
        killTimer_.start(4000);
    });
    connect(&killTimer_, &QTimer::timeout, this, [this] {
        if (process_ && process_->state() != QProcess::NotRunning) process_->kill();
    });
}

SimulationJob::~SimulationJob() {
    if (process_ && process_->state() != QProcess::NotRunning) {
        process_->write("cancel\n");
        if (!process_->waitForFinished(3000)) {
            process_->terminate();
            if (!process_->waitForFinished(3000)) {
                process_->kill();
                process_->waitForFinished(3000);
            }
        }
    }
}

void SimulationJob::start() {
    QStringList args{"run", request_.scenario, "--out", request_.outDir, "--progress", "jsonl"};
    for (const QString& s : request_.simulators)
        args << (request_.onlyListed ? "--only" : "--sim") << s;
    for (const QString& s : request_.sets)
        args << "--set" << s;
    for (const QString& d : request_.withResults)
        args << "--with-results" << d;
    if (request_.threads > 0) args << "--threads" << QString::number(request_.threads);
    steps_ = std::max(1, static_cast<int>(request_.simulators.size()));
    process_ = new QProcess(this);
    process_->setProgram(request_.cli);
    process_->setArguments(args);
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    connect(process_, &QProcess::readyReadStandardOutput, this, [this] {
        buffer_ += process_->readAllStandardOutput();
        int nl;
        while ((nl = buffer_.indexOf('\n')) >= 0) {
            const QByteArray line = buffer_.left(nl);
            buffer_.remove(0, nl + 1);
            if (!line.trimmed().isEmpty()) onLine(line);
        }
    });
    connect(process_, &QProcess::readyReadStandardError, this, [this] {
        stderr_ += QString::fromUtf8(process_->readAllStandardError());
        if (stderr_.size() > 20000) stderr_ = stderr_.right(20000);
    });
    connect(process_, &QProcess::finished, this, &SimulationJob::onProcessFinished);
    connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(Outcome::Failed, {},
                   tr("the worker program could not be started (%1): %2")
                       .arg(request_.cli, process_->errorString()));
    });
    running_ = true;
    process_->start();
}

void SimulationJob::cancel() {
    if (!running_ || cancelled_) return;
    cancelled_ = true;
    if (process_) process_->write("cancel\n");
    terminateTimer_.start(5000);
}

void SimulationJob::onLine(const QByteArray& line) {
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject()) return;  // not protocol: ignore (stdout of a chatty plug-in)
    const QJsonObject o = doc.object();
    const QString type = o.value("type").toString();
    const QString step = o.value("step").toString();
    if (type == "step") {
        if (step != "model") ++stepIndex_;
        emit progressed(step == "model" ? 0.0 : static_cast<double>(stepIndex_ - 1) / steps_,
                        o.value("title").toString());
    } else if (type == "progress") {
        const double f = o.value("fraction").toDouble();
        // The model load counts as a short first part; then each simulator its share.
        const double overall =
            step == "model" ? 0.05 * f : 0.05 + 0.95 * (static_cast<double>(std::max(0, stepIndex_ - 1)) + f) / steps_;
        emit progressed(overall,
                        (step == "model" ? tr("city model") : step) + ": " + o.value("stage").toString());
    } else if (type == "log") {
        const QString level = o.value("level").toString();
        const int lv = level == "error" ? 3 : level == "warning" ? 2 : level == "debug" ? 0 : 1;
        emit logged(lv, (step.isEmpty() || step == "run" ? QString() : "[" + step + "] ") + o.value("message").toString());
    } else if (type == "result") {
        resultStatus_ = o.value("status").toString();
        resultMessage_ = o.value("message").toString();
    }
}

void SimulationJob::onProcessFinished(int exitCode, QProcess::ExitStatus status) {
    terminateTimer_.stop();
    killTimer_.stop();
    if (!buffer_.trimmed().isEmpty()) onLine(buffer_);
    buffer_.clear();
    if (resultStatus_ == "completed") {
        // Read the run folder off the GUI thread (it may hold hundreds of frames).
        const QString dir = request_.outDir;
        const QString label = request_.label;
        QPointer<SimulationJob> self(this);
        auto* watcher = new QFutureWatcher<std::pair<std::vector<std::shared_ptr<render::RunResults>>, QString>>(this);
        connect(watcher, &QFutureWatcher<std::pair<std::vector<std::shared_ptr<render::RunResults>>, QString>>::finished,
                this, [this, watcher] {
                    auto r = watcher->result();
                    watcher->deleteLater();
                    if (r.second.isEmpty())
                        finish(Outcome::Completed, std::move(r.first), {});
                    else
                        finish(Outcome::Failed, {}, r.second);
                });
        watcher->setFuture(QtConcurrent::run([dir, label] {
            std::pair<std::vector<std::shared_ptr<render::RunResults>>, QString> out;
            try {
                for (render::RunResults& run : render::readRunDirectory(dir.toStdString())) {
                    run.label = label.toStdString() + (run.simulator.empty() ? "" : "");
                    out.first.push_back(std::make_shared<render::RunResults>(std::move(run)));
                }
            } catch (const std::exception& e) {
                out.second = tr("the run finished but its results cannot be read: %1")
                                 .arg(QString::fromUtf8(e.what()));
            }
            return out;
        }));
        return;
    }
    if (resultStatus_ == "cancelled" || (cancelled_ && resultStatus_.isEmpty())) {
        finish(Outcome::Cancelled, {}, resultMessage_.isEmpty() ? tr("cancelled") : resultMessage_);
        return;
    }
    if (!resultStatus_.isEmpty()) {
        finish(Outcome::Failed, {}, resultMessage_);
        return;
    }
    // No result line: the worker died. Name the plug-in(s) and how.
    QString how;
    if (status == QProcess::CrashExit) {
        const int sig = exitCode;  // Qt reports the signal as the exit code of a crash on Unix
        const char* name = ::strsignal(sig);
        how = tr("crashed (signal %1%2)").arg(sig).arg(name ? QString(", ") + name : QString());
    } else {
        how = tr("ended without a result (exit code %1)").arg(exitCode);
    }
    QString tail = stderr_.trimmed();
    if (tail.size() > 600) tail = "…" + tail.right(600);
    finish(Outcome::Failed, {},
           tr("the simulation worker %1 while running %2 (plug-in %3). The viewer and its layers are "
              "unaffected; "
              "nothing was written.")
                   .arg(how, request_.label, request_.pluginFiles) +
               (tail.isEmpty() ? QString() : "\n\n" + tr("Last output of the worker:") + "\n" + tail));
}

void SimulationJob::finish(Outcome outcome, std::vector<std::shared_ptr<render::RunResults>> results,
                           const QString& message) {
    if (done_) return;
    done_ = true;
    running_ = false;
    emit finished(static_cast<int>(outcome), std::move(results), message);
}

}  // namespace citytwin::gui
