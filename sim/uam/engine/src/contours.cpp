#include "citytwin/uam/contours.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace citytwin::uam {

namespace {

/// An edge of the grid of cell centres, named by its lower-left... its two corner indices (smaller first).
using EdgeKey = std::pair<std::size_t, std::size_t>;

}  // namespace

std::vector<ContourLevel> contourLines(const core::Raster& r, const std::vector<double>& levels) {
    std::vector<ContourLevel> out;
    const int w = r.width(), h = r.height();
    const core::GeoTransform& g = r.geoTransform();
    auto cx = [&](int i) { return g.originX + (i + 0.5) * g.cellWidth; };
    auto cy = [&](int j) { return g.originY - (j + 0.5) * g.cellHeight; };
    for (double level : levels) {
        ContourLevel cl;
        cl.level = level;
        // Segments as pairs of edge keys; the crossing point of each edge.
        std::map<EdgeKey, core::Point> point;
        std::vector<std::pair<EdgeKey, EdgeKey>> segments;
        auto idx = [&](int i, int j) { return static_cast<std::size_t>(j) * w + i; };
        auto crossing = [&](int i0, int j0, int i1, int j1) {
            const std::size_t a = idx(i0, j0), b = idx(i1, j1);
            const EdgeKey key = a < b ? EdgeKey{a, b} : EdgeKey{b, a};
            if (point.find(key) == point.end()) {
                const double va = r.at(i0, j0), vb = r.at(i1, j1);
                const double t = (level - va) / (vb - va);
                point[key] = {cx(i0) + t * (cx(i1) - cx(i0)), cy(j0) + t * (cy(j1) - cy(j0))};
            }
            return key;
        };
        for (int j = 0; j + 1 < h; ++j)
            for (int i = 0; i + 1 < w; ++i) {
                // Corners: 0 (i,j) top-left, 1 (i+1,j), 2 (i+1,j+1), 3 (i,j+1).
                const double v[4] = {r.at(i, j), r.at(i + 1, j), r.at(i + 1, j + 1), r.at(i, j + 1)};
                if (std::isnan(v[0]) || std::isnan(v[1]) || std::isnan(v[2]) || std::isnan(v[3])) continue;
                int code = 0;
                for (int c = 0; c < 4; ++c)
                    if (v[c] >= level) code |= 1 << c;
                if (code == 0 || code == 15) continue;
                // Edges: e0 top (0-1), e1 right (1-2), e2 bottom (2-3), e3 left (3-0).
                auto edge = [&](int e) {
                    switch (e) {
                        case 0:
                            return crossing(i, j, i + 1, j);
                        case 1:
                            return crossing(i + 1, j, i + 1, j + 1);
                        case 2:
                            return crossing(i + 1, j + 1, i, j + 1);
                        default:
                            return crossing(i, j + 1, i, j);
                    }
                };
                auto seg = [&](int a, int b) { segments.push_back({edge(a), edge(b)}); };
                const bool centreAbove = 0.25 * (v[0] + v[1] + v[2] + v[3]) >= level;
                switch (code) {
                    case 1:
                    case 14:
                        seg(3, 0);
                        break;
                    case 2:
                    case 13:
                        seg(0, 1);
                        break;
                    case 3:
                    case 12:
                        seg(3, 1);
                        break;
                    case 4:
                    case 11:
                        seg(1, 2);
                        break;
                    case 6:
                    case 9:
                        seg(0, 2);
                        break;
                    case 7:
                    case 8:
                        seg(2, 3);
                        break;
                    case 5:  // corners 0 and 2 above
                        if (centreAbove) {
                            seg(3, 2);
                            seg(0, 1);
                        } else {
                            seg(3, 0);
                            seg(1, 2);
                        }
                        break;
                    case 10:  // corners 1 and 3 above
                        if (centreAbove) {
                            seg(0, 3);
                            seg(1, 2);
                        } else {
                            seg(0, 1);
                            seg(2, 3);
                        }
                        break;
                    default:
                        break;
                }
            }
        // Join segments sharing edge points into polylines.
        std::multimap<EdgeKey, std::size_t> byEnd;
        for (std::size_t s = 0; s < segments.size(); ++s) {
            byEnd.insert({segments[s].first, s});
            byEnd.insert({segments[s].second, s});
        }
        std::vector<bool> used(segments.size(), false);
        auto takeNext = [&](const EdgeKey& at) -> long {
            auto range = byEnd.equal_range(at);
            for (auto it = range.first; it != range.second; ++it)
                if (!used[it->second]) return static_cast<long>(it->second);
            return -1;
        };
        for (std::size_t s = 0; s < segments.size(); ++s) {
            if (used[s]) continue;
            used[s] = true;
            std::vector<EdgeKey> chain{segments[s].first, segments[s].second};
            // Grow forward, then backward.
            for (int dir = 0; dir < 2; ++dir) {
                for (;;) {
                    const EdgeKey end = chain.back();
                    const long n = takeNext(end);
                    if (n < 0) break;
                    used[static_cast<std::size_t>(n)] = true;
                    chain.push_back(segments[n].first == end ? segments[n].second : segments[n].first);
                }
                std::reverse(chain.begin(), chain.end());
            }
            core::LineString line;
            for (const EdgeKey& k : chain)
                line.push_back(point[k]);
            cl.lines.push_back(std::move(line));
        }
        out.push_back(std::move(cl));
    }
    return out;
}

}  // namespace citytwin::uam
