#pragma once
// Running a simulator on a worker thread: progress, log lines and results reach the GUI thread through queued
// calls; results stay in memory (nothing is written to disk).

#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "citytwin/core/city_model.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/render/results.h"

namespace citytwin::gui {

/// One run. Lives on the GUI thread; its signals are emitted there.
class SimulationJob : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Completed, Cancelled, Failed };

    SimulationJob(std::shared_ptr<const core::CityModel> model, const core::LoadedSimulator* simulator,
                  sdk::ParameterSet params, QString label, QObject* parent = nullptr);
    /// Cancels and waits for the worker.
    ~SimulationJob() override;

    /// Starts on Qt's global thread pool: checks the layer parameters and the simulator's own validation,
    /// then runs it.
    void start();
    /// Asks the simulator to stop (it returns at its next check).
    void cancel();
    bool running() const { return running_; }
    const QString& label() const { return label_; }

signals:
    void progressed(double fraction, const QString& stage);
    void logged(int level, const QString& message);
    /// Results on completion (empty on failure or cancel); `message` says what failed.
    void finished(int outcome, std::shared_ptr<citytwin::render::RunResults> results, const QString& message);

private:
    std::shared_ptr<const core::CityModel> model_;
    const core::LoadedSimulator* simulator_;
    sdk::ParameterSet params_;
    QString label_;
    std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
    QFuture<void> future_;
    bool running_ = false;
};

}  // namespace citytwin::gui
