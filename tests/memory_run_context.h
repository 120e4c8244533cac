#pragma once
// A RunContext for tests: keeps every result in memory, counts progress calls, cancels on request.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "citytwin/sdk/simulator.h"

namespace citytwin::test {

class MemoryRunContext : public sdk::RunContext {
public:
    explicit MemoryRunContext(int threadCount = 2) : threadCount_(threadCount) {}

    void progress(double f, const std::string& stage) noexcept override {
        std::lock_guard<std::mutex> l(m);
        lastProgress = f;
        lastStage = stage;
        ++progressCalls;
    }
    bool isCancelled() const noexcept override { return cancel.load(); }
    void log(sdk::LogLevel level, const std::string& msg) noexcept override {
        std::lock_guard<std::mutex> l(m);
        logs.push_back(msg);
        if (level == sdk::LogLevel::Warning || level == sdk::LogLevel::Error) warnings.push_back(msg);
    }
    int threads() const noexcept override { return threadCount_; }
    void statistic(const std::string& name, double value) noexcept override {
        std::lock_guard<std::mutex> l(m);
        statistics[name] = value;
    }
    bool emitRaster(const std::string& id, const core::Raster& r) noexcept override {
        std::lock_guard<std::mutex> l(m);
        rasters[id] = r;
        return true;
    }
    bool emitFrame(const std::string& id, double t, const core::Raster& r) noexcept override {
        std::lock_guard<std::mutex> l(m);
        frameTimes[id].push_back(t);
        lastFrames[id] = r;
        return true;
    }
    bool emitVector(const std::string& id, const core::VectorLayer& v) noexcept override {
        std::lock_guard<std::mutex> l(m);
        vectors[id] = v;
        return true;
    }
    bool emitTable(const std::string& id, const sdk::Table& t) noexcept override {
        std::lock_guard<std::mutex> l(m);
        tables[id] = t;
        return true;
    }
    bool emitScalar(const std::string& id, double v) noexcept override {
        std::lock_guard<std::mutex> l(m);
        scalars[id] = v;
        return true;
    }

    std::atomic<bool> cancel{false};
    std::mutex m;
    double lastProgress = 0;
    std::string lastStage;
    int progressCalls = 0;
    std::vector<std::string> logs;
    std::vector<std::string> warnings;
    std::map<std::string, core::Raster> rasters;
    std::map<std::string, std::vector<double>> frameTimes;
    std::map<std::string, core::Raster> lastFrames;
    std::map<std::string, core::VectorLayer> vectors;
    std::map<std::string, sdk::Table> tables;
    std::map<std::string, double> scalars;
    std::map<std::string, double> statistics;

private:
    int threadCount_;
};

}  // namespace citytwin::test
