// The worker side of a simulator run: a RunContext that keeps results in memory.

#include "simulation_job.h"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <mutex>
#include <thread>

#include "citytwin/core/error.h"
#include "citytwin/core/simulator_host.h"

namespace citytwin::gui {

namespace {

class GuiRunContext : public sdk::RunContext {
public:
    GuiRunContext(QPointer<SimulationJob> job, std::shared_ptr<std::atomic<bool>> cancel,
                  render::RunResults& results, const sdk::Description& description)
        : job_(std::move(job)), cancel_(std::move(cancel)), results_(results), description_(description) {
        threads_ = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }

    void progress(double fraction, const std::string& stage) noexcept override {
        try {
            const auto now = std::chrono::steady_clock::now();
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (now - lastProgress_ < std::chrono::milliseconds(50) && stage == lastStage_ &&
                    fraction < 1.0)
                    return;
                lastProgress_ = now;
                lastStage_ = stage;
            }
            QPointer<SimulationJob> job = job_;
            const QString s = QString::fromStdString(stage);
            QMetaObject::invokeMethod(
                job.data(),
                [job, fraction, s] {
                    if (job) emit job->progressed(fraction, s);
                },
                Qt::QueuedConnection);
        } catch (...) {
        }
    }
    bool isCancelled() const noexcept override { return cancel_->load() || failed_.load(); }
    void log(sdk::LogLevel level, const std::string& message) noexcept override {
        try {
            QPointer<SimulationJob> job = job_;
            const QString m = QString::fromStdString(message);
            const int lv = static_cast<int>(level);
            QMetaObject::invokeMethod(
                job.data(),
                [job, lv, m] {
                    if (job) emit job->logged(lv, m);
                },
                Qt::QueuedConnection);
        } catch (...) {
        }
    }
    int threads() const noexcept override { return threads_; }

    bool emitRaster(const std::string& id, const core::Raster& r) noexcept override {
        return guard(id, sdk::OutputKind::Raster,
                     [&](render::OutputData& o) { o.raster = std::make_shared<const core::Raster>(r); });
    }
    bool emitFrame(const std::string& id, double t, const core::Raster& r) noexcept override {
        return guard(id, sdk::OutputKind::RasterSeries, [&](render::OutputData& o) {
            if (!o.frames.empty() && !(t > o.frames.back().timeS))
                throw core::Error(core::ErrorCode::Simulation, "frame times of '" + id + "' must increase");
            o.frames.push_back({t, std::make_shared<const core::Raster>(r)});
        });
    }
    bool emitVector(const std::string& id, const core::VectorLayer& l) noexcept override {
        return guard(id, sdk::OutputKind::Vector,
                     [&](render::OutputData& o) { o.vector = std::make_shared<const core::VectorLayer>(l); });
    }
    bool emitTable(const std::string& id, const sdk::Table& t) noexcept override {
        return guard(id, sdk::OutputKind::Table,
                     [&](render::OutputData& o) { o.table = std::make_shared<const sdk::Table>(t); });
    }
    bool emitScalar(const std::string& id, double v) noexcept override {
        return guard(id, sdk::OutputKind::Scalar, [&](render::OutputData& o) { o.scalar = v; });
    }

    std::string error() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return error_;
    }

private:
    template <class F>
    bool guard(const std::string& id, sdk::OutputKind kind, F&& f) noexcept {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_.empty()) return false;
        try {
            const sdk::OutputDecl* decl = nullptr;
            for (const sdk::OutputDecl& d : description_.outputs)
                if (d.id == id) decl = &d;
            if (!decl)
                throw core::Error(core::ErrorCode::Simulation, "emitted an undeclared output '" + id + "'");
            if (decl->kind != kind)
                throw core::Error(core::ErrorCode::Simulation, "output '" + id + "' is declared as " +
                                                                   sdk::toString(decl->kind) +
                                                                   " but emitted as " + sdk::toString(kind));
            render::OutputData* out = nullptr;
            for (render::OutputData& o : results_.outputs)
                if (o.decl.id == id) out = &o;
            if (!out) {
                results_.outputs.emplace_back();
                out = &results_.outputs.back();
                out->simulator = description_.info.id;
                out->decl = *decl;
            }
            f(*out);
            return true;
        } catch (const std::bad_alloc&) {
            error_ = "out of memory while keeping output '" + id + "'";
        } catch (const std::exception& e) {
            error_ = e.what();
        } catch (...) {
            error_ = "unknown error while keeping output '" + id + "'";
        }
        failed_ = true;
        return false;
    }

    QPointer<SimulationJob> job_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    render::RunResults& results_;
    const sdk::Description& description_;
    int threads_ = 1;
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point lastProgress_{};
    std::string lastStage_;
    std::string error_;
    std::atomic<bool> failed_{false};
};

}  // namespace

SimulationJob::SimulationJob(std::shared_ptr<const core::CityModel> model,
                             const core::LoadedSimulator* simulator, sdk::ParameterSet params, QString label,
                             QObject* parent)
    : QObject(parent),
      model_(std::move(model)),
      simulator_(simulator),
      params_(std::move(params)),
      label_(std::move(label)) {}

SimulationJob::~SimulationJob() {
    cancel_->store(true);
    future_.waitForFinished();
}

void SimulationJob::cancel() {
    cancel_->store(true);
}

void SimulationJob::start() {
    running_ = true;
    QPointer<SimulationJob> self(this);
    auto model = model_;
    const core::LoadedSimulator* sim = simulator_;
    sdk::ParameterSet params = params_;
    auto cancel = cancel_;
    const QString label = label_;
    future_ = QtConcurrent::run(QThreadPool::globalInstance(), [self, model, sim, params, cancel, label] {
        auto results = std::make_shared<render::RunResults>();
        results->simulator = sim->id();
        results->simulatorName = sim->description().info.name;
        results->label = label.toStdString();
        for (const auto& [id, v] : params.values())
            results->parameters.emplace_back(id, sdk::toJson(v));
        int outcome = static_cast<int>(Outcome::Completed);
        QString message;
        try {
            std::vector<sdk::Problem> problems;
            core::checkLayerParameters(sim->description(), params, *model, problems);
            for (sdk::Problem& p : sim->validate(*model, params))
                problems.push_back(std::move(p));
            if (!problems.empty()) {
                QStringList lines;
                for (const sdk::Problem& p : problems)
                    lines << QString::fromStdString((p.parameter.empty() ? "" : p.parameter + ": ") +
                                                    p.message);
                throw core::Error(
                    core::ErrorCode::Validation,
                    "the parameters are not valid for this city model:\n" + lines.join("\n").toStdString());
            }
            GuiRunContext ctx(self, cancel, *results, sim->description());
            const auto result = sim->run(*model, params, ctx);
            if (!ctx.error().empty()) throw core::Error(core::ErrorCode::Simulation, ctx.error());
            if (result == core::LoadedSimulator::Outcome::Cancelled || cancel->load())
                outcome = static_cast<int>(Outcome::Cancelled);
        } catch (const core::Error& e) {
            outcome = static_cast<int>(e.code() == core::ErrorCode::Cancelled ? Outcome::Cancelled
                                                                              : Outcome::Failed);
            message = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            outcome = static_cast<int>(Outcome::Failed);
            message = QString::fromStdString(e.what());
        } catch (...) {
            outcome = static_cast<int>(Outcome::Failed);
            message = "unknown failure";
        }
        if (outcome != static_cast<int>(Outcome::Completed)) results.reset();
        QMetaObject::invokeMethod(
            self.data(),
            [self, outcome, results, message] {
                if (!self) return;
                self->running_ = false;
                emit self->finished(outcome, results, message);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace citytwin::gui
