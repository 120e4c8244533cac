// Time-to-gap benchmark of the traffic assignment engine on the TNTP research networks.
//
//   citytwin_bench_traffic <network> [--threads N] [--gap G] [--data DIR] [--sweeps S] [--passes P]
//   citytwin_bench_traffic <network> --periods [--threads N] [--gap G]
//
// <network>: SiouxFalls, Anaheim, Chicago-Sketch or Berlin-Center, read from DIR (default: the shared data
// folder configured at build time, ../shared/data/traffic), or the path of any TNTP _net file (its _trips
// file beside it, or --trips FILE). Prints the wall-clock time at which the relative gap first reached 1e-4,
// 1e-5, ... 1e-12, the objective, and the peak resident memory of the process (VmHWM from /proc/self/status:
// run one network per process). Speed is never asserted by tests; results go in docs/benchmarks.md and
// sim/traffic/README.md.
//
// --periods: time of day. The network's matrix is taken as the AM peak hour and the periods of
// data/traffic/time_of_day.csv get it scaled by their hourly demand relative to the AM peak's; prints the
// time of the AM peak alone, of the four periods one after the other from cold starts, and of the four
// periods as assignPeriods() runs them (each from the previous one's solution).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <sys/resource.h>

#include "citytwin/core/error.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/periods.h"
#include "citytwin/traffic/tntp.h"

using namespace citytwin::traffic;

namespace {

struct Files {
    std::string net, trips, flow;
    double tollWeight = 0.0, distanceWeight = 0.0;
};

// Generalized-cost weights from each network's README (PROVENANCE.md): only Chicago-Sketch has them.
bool files(const std::string& name, const std::string& dir, Files& f) {
    const std::string d = dir + "/" + name + "/";
    if (name == "SiouxFalls") {
        f = {d + "SiouxFalls_net.tntp", d + "SiouxFalls_trips.tntp", d + "SiouxFalls_flow.tntp"};
    } else if (name == "Anaheim") {
        f = {d + "Anaheim_net.tntp", d + "Anaheim_trips.tntp", d + "Anaheim_flow.tntp"};
    } else if (name == "Chicago-Sketch") {
        f = {d + "ChicagoSketch_net.tntp", d + "ChicagoSketch_trips.tntp", d + "ChicagoSketch_flow.tntp",
             0.02, 0.04};
    } else if (name == "Berlin-Center") {
        f = {d + "berlin-center_net.tntp", d + "berlin-center_trips.tntp", ""};
    } else if (name.size() > 9 && name.compare(name.size() - 9, 9, "_net.tntp") == 0) {
        // Any TNTP network: its trips file beside it (X_net.tntp -> X_trips.tntp), unless --trips names one.
        f = {name, name.substr(0, name.size() - 9) + "_trips.tntp", ""};
    } else {
        return false;
    }
    return true;
}

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

long peakKiB() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: %s <SiouxFalls|Anaheim|Chicago-Sketch|Berlin-Center|path/X_net.tntp> [--trips FILE] "
            "[--threads N] [--gap G] [--data DIR] [--sweeps S] [--passes P] [--no-contract] [--curve] "
            "[--bks] [--periods]\n",
            argv[0]);
        return 2;
    }
    std::string name = argv[1], dir = std::string(CITYTWIN_SHARED_DATA) + "/traffic";
    AssignmentOptions options;
    options.maxRelativeGap = 1e-12;
    options.maxIterations = 100000;
    options.computeSkim = false;
    bool curve = false, bks = false, periods = false;
    std::string tripsFile;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--threads") {
            options.threads = std::atoi(value().c_str());
        } else if (a == "--gap") {
            options.maxRelativeGap = std::atof(value().c_str());
        } else if (a == "--data") {
            dir = value();
        } else if (a == "--sweeps") {
            options.sweepsPerIteration = std::atoi(value().c_str());
        } else if (a == "--passes") {
            options.passesPerSweep = std::atoi(value().c_str());
        } else if (a == "--no-contract") {
            options.contractChains = false;
        } else if (a == "--curve") {
            curve = true;
        } else if (a == "--bks") {
            bks = true;
        } else if (a == "--periods") {
            periods = true;
        } else if (a == "--trips") {
            tripsFile = value();
        } else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    Files f;
    if (!files(name, dir, f)) {
        std::fprintf(stderr, "unknown network %s (a name above or a path ending in _net.tntp)\n",
                     name.c_str());
        return 2;
    }
    if (!tripsFile.empty()) f.trips = tripsFile;
    try {
        const auto t0 = std::chrono::steady_clock::now();
        Network net = readTntpNetwork(f.net);
        net.tollWeight = f.tollWeight;
        net.distanceWeight = f.distanceWeight;
        const OdMatrix od = readTntpTrips(f.trips, net.zoneCount);
        const double readSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (periods) {
            const std::vector<Period> day = defaultPeriods();
            const double peak = day.front().hourlyFactor();
            std::vector<std::vector<ClassDemand>> hourly;
            for (const Period& p : day) {
                std::vector<OdPair> cells = od.pairs();
                for (OdPair& c : cells)
                    c.demand *= p.hourlyFactor() / peak;
                hourly.push_back({ClassDemand{VehicleClass{}, OdMatrix::fromPairs(net.zoneCount, cells)}});
            }
            // CPU seconds of the process (the machine is shared: wall time depends on the others' load).
            const auto seconds = [](auto&& job) {
                const double c0 = cpuSeconds();
                job();
                return cpuSeconds() - c0;
            };
            AssignmentResult one;
            const double single = seconds([&] { one = assign(net, hourly.front(), options); });
            double coldSum = 0.0;
            int coldIterations = 0;
            for (const auto& h : hourly) {
                AssignmentResult r;
                coldSum += seconds([&] { r = assign(net, h, options); });
                coldIterations += r.iterations;
            }
            PeriodResults pr;
            const double warm = seconds([&] { pr = assignPeriods(net, hourly, day, options); });
            int warmIterations = 0;
            std::printf("network %s, %d threads, gap %.0e; periods:", name.c_str(), options.threads,
                        options.maxRelativeGap);
            for (std::size_t p = 0; p < day.size(); ++p) {
                warmIterations += pr.results[p].iterations;
                std::printf(" %s x%.3f (%d it, gap %.1e)", day[p].id.c_str(), day[p].hourlyFactor() / peak,
                            pr.results[p].iterations, pr.results[p].relativeGap);
            }
            std::printf("\nCPU time: AM peak alone %.3f s (%d iterations)\n", single, one.iterations);
            std::printf("4 periods, cold starts %.3f s (%d iterations) = %.2f x the AM peak\n", coldSum,
                        coldIterations, coldSum / single);
            std::printf("4 periods, warm starts %.3f s (%d iterations) = %.2f x the AM peak\n", warm,
                        warmIterations, warm / single);
            std::printf("peak memory (VmHWM) %.1f MB\n", static_cast<double>(peakKiB()) / 1024.0);
            return 0;
        }
        const double cpu0 = cpuSeconds();
        const AssignmentResult r = assign(net, od, options);
        const double cpu = cpuSeconds() - cpu0;
        std::printf("network %s: %d nodes, %zu links, %d zones; solver graph %d nodes, %d links\n",
                    name.c_str(), net.nodeCount, net.links.size(), net.zoneCount, r.solverNodes,
                    r.solverLinks);
        std::printf("threads %d, read %.3f s, solve %.3f s (CPU %.3f s), %d iterations, status %s\n",
                    options.threads, readSeconds, r.seconds, cpu, r.iterations, toString(r.status));
        std::printf("relative gap %.3e, AEC %.3e, objective %.10f, bush links %zu\n", r.relativeGap,
                    r.averageExcessCost, r.objective, r.bushLinks);
        std::printf("time to gap:");
        double target = 1e-4;
        for (const ConvergencePoint& p : r.convergence) {
            while (target >= options.maxRelativeGap * 0.999 && p.relativeGap <= target) {
                std::printf(" %.0e:%.3f", target, p.seconds);
                target /= 10;
            }
        }
        std::printf("\npeak memory (VmHWM) %.1f MB\n", static_cast<double>(peakKiB()) / 1024.0);
        if (bks && !f.flow.empty()) {
            const std::vector<double> best = flowsByLink(net, readTntpFlows(f.flow));
            double worst = 0.0;
            for (std::size_t a = 0; a < best.size(); ++a)
                worst = std::max(worst, std::abs(r.flow[a] - best[a]));
            std::printf("largest link flow difference from the best-known solution %.3e veh\n", worst);
        }
        if (curve)
            for (const ConvergencePoint& p : r.convergence)
                std::printf("  it %3d  %8.3f s  gap %.3e  obj %.10f\n", p.iteration, p.seconds, p.relativeGap,
                            p.objective);
    } catch (const citytwin::core::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
