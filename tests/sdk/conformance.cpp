#include "conformance.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "citytwin/core/simulator_host.h"

namespace citytwin::test {

namespace {

/// Records everything a simulator emits and checks it against the declarations as it comes.
class CheckingContext : public sdk::RunContext {
public:
    CheckingContext(const sdk::Description& d, const core::CityModel& model) : d_(d), model_(model) {}

    void progress(double f, const std::string&) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        ++progressCalls_;
        if (!(f >= 0.0 && f <= 1.0)) violate("outputs", "progress " + std::to_string(f) + " is outside [0, 1]");
        if (cancelAtFirstProgress_ && f < 1.0) cancel = true;
    }
    bool isCancelled() const noexcept override { return cancel.load(); }
    void log(sdk::LogLevel, const std::string&) noexcept override {}
    void statistic(const std::string&, double) noexcept override {}
    int threads() const noexcept override { return 2; }

    bool emitRaster(const std::string& id, const core::Raster& r) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        if (!declared(id, sdk::OutputKind::Raster)) return true;
        checkRaster(id, r);
        rasters_[id] = r.data();
        return true;
    }
    bool emitFrame(const std::string& id, double t, const core::Raster& r) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        if (!declared(id, sdk::OutputKind::RasterSeries)) return true;
        checkRaster(id, r);
        auto& times = frameTimes_[id];
        if (!times.empty() && !(t > times.back()))
            violate("outputs", "frame times of '" + id + "' do not increase");
        times.push_back(t);
        frames_[id].push_back(r.data());
        return true;
    }
    bool emitVector(const std::string& id, const core::VectorLayer& v) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        if (!declared(id, sdk::OutputKind::Vector)) return true;
        if (!model_.crs.empty() && (v.crs.empty() || !v.crs.isEquivalentTo(model_.crs)))
            violate("outputs", "vector '" + id + "' is not in the model's CRS");
        std::string sig;
        for (const core::VectorFeature& f : v.features) {
            for (const core::AttributeValue& a : f.attributes)
                sig += core::toText(a) + "|";
            for (const core::Polygon& p : f.polygons)
                for (const core::Point& q : p.outer)
                    sig += std::to_string(q.x) + "," + std::to_string(q.y) + ";";
            for (const core::LineString& line : f.lines)
                for (const core::Point& q : line)
                    sig += std::to_string(q.x) + "," + std::to_string(q.y) + ";";
            for (const core::Point& q : f.points)
                sig += std::to_string(q.x) + "," + std::to_string(q.y) + ";";
            sig += "\n";
        }
        vectors_[id] = sig;
        return true;
    }
    bool emitTable(const std::string& id, const sdk::Table& t) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        if (!declared(id, sdk::OutputKind::Table)) return true;
        std::string sig;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (t.rows[i].size() != t.columns.size())
                violate("outputs", "table '" + id + "' row " + std::to_string(i + 1) + " is not as wide as its columns");
            for (const core::AttributeValue& a : t.rows[i])
                sig += core::toText(a) + "|";
            sig += "\n";
        }
        tables_[id] = sig;
        return true;
    }
    bool emitScalar(const std::string& id, double v) noexcept override {
        std::lock_guard<std::mutex> l(m_);
        if (!declared(id, sdk::OutputKind::Scalar)) return true;
        scalars_[id] = v;
        return true;
    }

    std::atomic<bool> cancel{false};
    bool cancelAtFirstProgress_ = false;
    int progressCalls_ = 0;
    std::vector<Violation> violations;

    /// What differs between two runs' outputs ("" when identical). Rasters compare bit for bit (NaN = NaN).
    std::string differenceFrom(const CheckingContext& o) const {
        auto sameFloats = [](const std::vector<float>& a, const std::vector<float>& b) {
            return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
        };
        for (const auto& [id, v] : rasters_)
            if (!o.rasters_.count(id) || !sameFloats(v, o.rasters_.at(id))) return "raster '" + id + "'";
        for (const auto& [id, fs] : frames_) {
            if (!o.frames_.count(id) || fs.size() != o.frames_.at(id).size()) return "series '" + id + "'";
            for (std::size_t k = 0; k < fs.size(); ++k)
                if (!sameFloats(fs[k], o.frames_.at(id)[k])) return "frame " + std::to_string(k) + " of '" + id + "'";
        }
        if (vectors_ != o.vectors_) return "a vector layer";
        if (tables_ != o.tables_) return "a table";
        for (const auto& [id, v] : scalars_) {
            const auto it = o.scalars_.find(id);
            if (it == o.scalars_.end() || !(v == it->second || (std::isnan(v) && std::isnan(it->second))))
                return "scalar '" + id + "'";
        }
        if (rasters_.size() != o.rasters_.size() || scalars_.size() != o.scalars_.size()) return "the set of outputs";
        return {};
    }
    std::size_t emitted() const {
        return rasters_.size() + frames_.size() + vectors_.size() + tables_.size() + scalars_.size();
    }

private:
    void violate(const std::string& check, const std::string& message) {
        if (violations.size() < 20) violations.push_back({check, message});
    }
    bool declared(const std::string& id, sdk::OutputKind kind) {
        for (const sdk::OutputDecl& o : d_.outputs)
            if (o.id == id) {
                if (o.kind != kind)
                    violate("outputs", "'" + id + "' is declared " + sdk::toString(o.kind) + " but emitted as " +
                                           sdk::toString(kind));
                return o.kind == kind;
            }
        violate("outputs", "emitted the undeclared output '" + id + "'");
        return false;
    }
    void checkRaster(const std::string& id, const core::Raster& r) {
        if (r.empty()) violate("outputs", "raster '" + id + "' is empty");
        if (!model_.crs.empty() && (r.crs().empty() || !r.crs().isEquivalentTo(model_.crs)))
            violate("outputs", "raster '" + id + "' is not in the model's CRS");
        const core::GeoTransform& g = r.geoTransform();
        if (!std::isfinite(g.originX) || !std::isfinite(g.originY) || !(g.cellWidth > 0) || !(g.cellHeight > 0))
            violate("outputs", "raster '" + id + "' has a bad grid placement");
    }

    const sdk::Description& d_;
    const core::CityModel& model_;
    std::mutex m_;
    std::map<std::string, std::vector<float>> rasters_;
    std::map<std::string, std::vector<std::vector<float>>> frames_;
    std::map<std::string, std::vector<double>> frameTimes_;
    std::map<std::string, std::string> vectors_;
    std::map<std::string, std::string> tables_;
    std::map<std::string, double> scalars_;
};

}  // namespace

std::vector<Violation> checkDeclarations(const core::LoadedSimulator& sim) {
    std::vector<Violation> v;
    for (const std::string& p : core::checkDescription(sim.description()))
        v.push_back({"declarations", p});
    try {
        const std::string again = core::describeJson(sim.describeAgain(), "");
        if (again != core::describeJson(sim.description(), ""))
            v.push_back({"describe", "describe() gave a different answer the second time"});
    } catch (const std::exception& e) {
        v.push_back({"describe", e.what()});
    }
    return v;
}

std::vector<Violation> checkValidateNeverThrows(const core::LoadedSimulator& sim, const core::CityModel& model,
                                                const sdk::ParameterSet& params) {
    std::vector<Violation> v;
    const core::CityModel empty;
    for (const core::CityModel* m : {&model, &empty})
        for (const sdk::Problem& p : sim.validate(*m, params))
            if (p.message.rfind("validation failed:", 0) == 0)
                v.push_back({"validate", std::string("validate() threw on ") + (m == &empty ? "an empty" : "the") +
                                             " city model: " + p.message});
    return v;
}

std::vector<Violation> checkCancel(const core::LoadedSimulator& sim, const core::CityModel& model,
                                   const sdk::ParameterSet& params, double limitS) {
    std::vector<Violation> v;
    auto runOnce = [&](bool before, const char* when) {
        CheckingContext ctx(sim.description(), model);
        if (before)
            ctx.cancel = true;
        else
            ctx.cancelAtFirstProgress_ = true;
        const auto t0 = std::chrono::steady_clock::now();
        core::LoadedSimulator::Outcome outcome{};
        try {
            outcome = sim.run(model, params, ctx);
        } catch (const std::exception& e) {
            v.push_back({"cancel", std::string("cancelled ") + when + ", it failed instead: " + e.what()});
            return;
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!before && ctx.progressCalls_ == 0)
            v.push_back({"cancel", "it never reported progress, so it cannot be cancelled while running"});
        else if (outcome != core::LoadedSimulator::Outcome::Cancelled)
            v.push_back({"cancel", std::string("cancelled ") + when + ", it ran to completion and reported completed"});
        if (s > limitS)
            v.push_back({"cancel", std::string("cancelled ") + when + ", it took " + std::to_string(s) + " s to return"});
    };
    runOnce(true, "before it started");
    runOnce(false, "at its first progress report");
    return v;
}

std::vector<Violation> checkOutputsAndDeterminism(const core::LoadedSimulator& sim, const core::CityModel& model,
                                                  const sdk::ParameterSet& params) {
    CheckingContext a(sim.description(), model), b(sim.description(), model);
    std::vector<Violation> v;
    try {
        if (sim.run(model, params, a) != core::LoadedSimulator::Outcome::Completed)
            v.push_back({"outputs", "an uncancelled run reported cancelled"});
        sim.run(model, params, b);
    } catch (const std::exception& e) {
        v.push_back({"outputs", std::string("the run failed: ") + e.what()});
        return v;
    }
    v.insert(v.end(), a.violations.begin(), a.violations.end());
    if (a.emitted() == 0) v.push_back({"outputs", "a completed run emitted nothing"});
    const std::string diff = a.differenceFrom(b);
    if (!diff.empty()) v.push_back({"determinism", "two runs with the same inputs differ in " + diff});
    return v;
}

}  // namespace citytwin::test
