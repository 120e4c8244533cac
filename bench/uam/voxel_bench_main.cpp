// citytwin-uam-voxelbench: solves every query of a Moving AI voxel scenario with the exact A* and the
// any-angle Theta*, printing per query the published optimum and what each planner found.
//
//   citytwin-uam-voxelbench MAP.3dmap SCEN.3dscen [--corner-cutting] [--limit N]
//
// Exit codes: 0 all queries solved, 1 some query failed or A* disagreed with the published optimum by more
// than 1e-6 (only meaningful with --corner-cutting, the rule the published optima use), 2 usage or file
// errors.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "citytwin/core/error.h"
#include "citytwin/uam/moving_ai.h"

using namespace citytwin;

int main(int argc, char** argv) {
    std::string map, scen;
    uam::CornerRule rule = uam::CornerRule::NoCornerCutting;
    std::size_t limit = 0;
    for (int a = 1; a < argc; ++a) {
        const std::string s = argv[a];
        if (s == "--corner-cutting") {
            rule = uam::CornerRule::CornerCutting;
        } else if (s == "--limit" && a + 1 < argc) {
            limit = std::strtoul(argv[++a], nullptr, 10);
        } else if (map.empty()) {
            map = s;
        } else if (scen.empty()) {
            scen = s;
        } else {
            std::fprintf(stderr, "unexpected argument '%s'\n", s.c_str());
            return 2;
        }
    }
    if (map.empty() || scen.empty()) {
        std::fprintf(stderr, "usage: %s MAP.3dmap SCEN.3dscen [--corner-cutting] [--limit N]\n", argv[0]);
        return 2;
    }
    try {
        uam::VoxelGrid grid = uam::readVoxelMap(map);
        grid.buildBitCache(512u << 20);  // game maps have many runs per column: read neighbourhoods from bits
        uam::VoxelScenario s = uam::readVoxelScenario(scen);
        if (limit > 0 && s.queries.size() > limit) s.queries.resize(limit);
        std::printf("# map %s: %d x %d x %d voxels, %zu free, %.1f MB; %zu queries; rule %s\n", map.c_str(),
                    grid.nx(), grid.ny(), grid.nz(), grid.freeVoxelCount(), grid.memoryBytes() / 1e6,
                    s.queries.size(),
                    rule == uam::CornerRule::CornerCutting ? "corner cutting" : "no corner cutting");
        std::printf(
            "query,line,expected,astar,astar_minus_expected,astar_expansions,astar_s,anyangle,anyangle_s\n");
        const auto results = uam::solveVoxelScenario(grid, s, rule);
        int bad = 0;
        double expansions = 0, seconds = 0;
        for (std::size_t q = 0; q < results.size(); ++q) {
            const auto& r = results[q];
            const bool ok = r.exact.status == uam::SearchStatus::Found;
            const double diff = ok ? r.exact.cost - r.query.expectedLength : NAN;
            if (!ok || (rule == uam::CornerRule::CornerCutting && std::fabs(diff) > 1e-6)) ++bad;
            expansions += static_cast<double>(r.exact.expansions);
            seconds += r.exactSeconds;
            std::printf(
                "%zu,%zu,%.6f,%s,%.3g,%zu,%.6f,%s,%.6f\n", q + 1, r.query.line, r.query.expectedLength,
                ok ? std::to_string(r.exact.cost).c_str() : uam::toString(r.exact.status), diff,
                r.exact.expansions, r.exactSeconds,
                r.anyAngle.status == uam::SearchStatus::Found ? std::to_string(r.anyAngle.cost).c_str()
                                                              : uam::toString(r.anyAngle.status),
                r.anyAngleSeconds);
        }
        std::printf("# A*: %.0f expansions in %.3f s = %.2f M expansions/s; %d queries failed or disagree\n",
                    expansions, seconds, seconds > 0 ? expansions / seconds / 1e6 : 0.0, bad);
        return bad == 0 ? 0 : 1;
    } catch (const core::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
