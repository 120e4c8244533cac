#include "citytwin/uam/moving_ai.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "csv.h"

namespace citytwin::uam {

using detail::formatError;
using detail::quote;

namespace {

/// Reads whitespace-separated integers; throws naming the line on anything else.
std::vector<long long> integers(const std::string& path, std::size_t line, std::string_view text,
                                std::size_t expected, const char* what) {
    const auto tokens = detail::splitWhitespace(text);
    if (tokens.size() != expected)
        throw formatError(path, line,
                          std::string("expected ") + what + " (" + std::to_string(expected) +
                              " integers), got " + quote(detail::trim(text)));
    std::vector<long long> v(expected);
    for (std::size_t n = 0; n < expected; ++n)
        if (!detail::parseInt(tokens[n], v[n]))
            throw formatError(
                path, line,
                std::string("expected ") + what + ", but " + quote(tokens[n]) + " is not an integer");
    return v;
}

}  // namespace

VoxelGrid readVoxelMap(const std::string& path) {
    const std::string text = detail::readTextFile(path);
    detail::LineReader lines(text);
    std::string_view line;
    long long size[3] = {0, 0, 0};
    bool header = false;
    std::vector<std::uint64_t> blocked;  // column-major keys: (column index << 16) | level
    while (lines.next(line)) {
        const std::string_view s = detail::trim(line);
        if (s.empty()) continue;
        if (!header) {
            const auto tokens = detail::splitWhitespace(s);
            if (tokens.empty() || tokens[0] != "voxel")
                throw formatError(path, lines.number(), "expected the header 'voxel X Y Z', got " + quote(s));
            const auto v = integers(path, lines.number(), s.substr(5), 3, "the map size X Y Z");
            for (int a = 0; a < 3; ++a) {
                if (v[a] <= 0)
                    throw formatError(path, lines.number(), "the map size must be positive, got " + quote(s));
                size[a] = v[a];
            }
            if (size[0] >= (1 << 21) || size[1] >= (1 << 21) || size[2] > 65535)
                throw formatError(
                    path, lines.number(),
                    "the map is too large (at most 2097151 x 2097151 x 65535 voxels): " + quote(s));
            header = true;
            continue;
        }
        const auto v = integers(path, lines.number(), s, 3, "a blocked voxel 'x y z'");
        for (int a = 0; a < 3; ++a)
            if (v[a] < 0 || v[a] >= size[a])
                throw formatError(path, lines.number(),
                                  "voxel (" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " +
                                      std::to_string(v[2]) + ") lies outside the map of " +
                                      std::to_string(size[0]) + " x " + std::to_string(size[1]) + " x " +
                                      std::to_string(size[2]));
        const std::uint64_t column = static_cast<std::uint64_t>(v[1]) * size[0] + v[0];
        blocked.push_back((column << 16) | static_cast<std::uint64_t>(v[2]));
    }
    if (!header)
        throw core::Error(core::ErrorCode::FileFormat, "the file is empty (no 'voxel X Y Z' header)",
                          {path, {}, {}});
    std::sort(blocked.begin(), blocked.end());
    blocked.erase(std::unique(blocked.begin(), blocked.end()), blocked.end());
    const int nx = static_cast<int>(size[0]);
    const int ny = static_cast<int>(size[1]);
    const int nz = static_cast<int>(size[2]);
    const std::size_t columns = static_cast<std::size_t>(nx) * ny;
    std::vector<std::uint32_t> offsets;
    offsets.reserve(columns + 1);
    offsets.push_back(0);
    std::vector<LevelRun> runs;
    std::size_t b = 0;
    for (std::size_t c = 0; c < columns; ++c) {
        const std::size_t start = runs.size();
        int k = 0;
        while (b < blocked.size() && (blocked[b] >> 16) == c) {
            const int level = static_cast<int>(blocked[b] & 0xFFFF);
            appendRun(runs, start, k, level);
            k = level + 1;
            ++b;
        }
        appendRun(runs, start, k, nz);
        offsets.push_back(static_cast<std::uint32_t>(runs.size()));
    }
    return VoxelGrid(nx, ny, nz, VoxelGeometry{}, ColumnRuns(nx, ny, std::move(offsets), std::move(runs)));
}

VoxelScenario readVoxelScenario(const std::string& path) {
    const std::string text = detail::readTextFile(path);
    detail::LineReader lines(text);
    std::string_view line;
    VoxelScenario scen;
    int header = 0;
    while (lines.next(line)) {
        const std::string_view s = detail::trim(line);
        if (s.empty()) continue;
        if (header == 0) {
            const auto tokens = detail::splitWhitespace(s);
            if (tokens.size() != 2 || tokens[0] != "version")
                throw formatError(path, lines.number(), "expected 'version <n>', got " + quote(s));
            scen.version = std::string(tokens[1]);
            header = 1;
            continue;
        }
        if (header == 1) {
            scen.mapName = std::string(s);
            header = 2;
            continue;
        }
        const auto tokens = detail::splitWhitespace(s);
        if (tokens.size() != 8)
            throw formatError(path, lines.number(),
                              "expected a query 'sx sy sz gx gy gz length ratio' (8 numbers), got " +
                                  std::to_string(tokens.size()) + " fields");
        long long c[6];
        for (int n = 0; n < 6; ++n)
            if (!detail::parseInt(tokens[n], c[n]) || c[n] < 0 || c[n] >= (1 << 21))
                throw formatError(path, lines.number(),
                                  "field " + std::to_string(n + 1) + " " + quote(tokens[n]) +
                                      " is not a voxel coordinate (a non-negative integer)");
        VoxelQuery q;
        q.start = {static_cast<int>(c[0]), static_cast<int>(c[1]), static_cast<int>(c[2])};
        q.goal = {static_cast<int>(c[3]), static_cast<int>(c[4]), static_cast<int>(c[5])};
        if (!detail::parseDouble(tokens[6], q.expectedLength) || q.expectedLength < 0)
            throw formatError(
                path, lines.number(),
                "field 7 (optimal length) " + quote(tokens[6]) + " is not a non-negative number");
        if (!detail::parseDouble(tokens[7], q.ratio))
            throw formatError(path, lines.number(),
                              "field 8 (ratio) " + quote(tokens[7]) + " is not a number");
        q.line = lines.number();
        scen.queries.push_back(q);
    }
    if (header < 2)
        throw core::Error(
            core::ErrorCode::FileFormat,
            header == 0 ? "the file is empty (no 'version' line)" : "the map name line is missing",
            {path, {}, {}});
    return scen;
}

std::vector<VoxelQueryResult> solveVoxelScenario(const VoxelGrid& grid, const VoxelScenario& scenario,
                                                 CornerRule rule, const core::Progress& progress) {
    std::vector<VoxelQueryResult> out;
    SearchSpace space(grid);
    SearchOptions options;
    options.cornerRule = rule;
    const std::size_t n = scenario.queries.size();
    for (std::size_t q = 0; q < n; ++q) {
        if (progress.cancelled()) break;
        const core::Progress part =
            progress.sub(double(q) / n, double(q + 1) / n, "query " + std::to_string(q + 1));
        VoxelQueryResult r;
        r.query = scenario.queries[q];
        auto t0 = std::chrono::steady_clock::now();
        r.exact = aStar(space, r.query.start, r.query.goal, options, part.sub(0.0, 0.5));
        auto t1 = std::chrono::steady_clock::now();
        r.anyAngle = thetaStar(space, r.query.start, r.query.goal, options, part.sub(0.5, 1.0));
        auto t2 = std::chrono::steady_clock::now();
        r.exactSeconds = std::chrono::duration<double>(t1 - t0).count();
        r.anyAngleSeconds = std::chrono::duration<double>(t2 - t1).count();
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace citytwin::uam
