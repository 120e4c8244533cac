#include "citytwin/subsidence/contours.h"

#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace citytwin::subsidence {

namespace {

// A side of a block between two neighbouring cell centres, as a key: horizontal sides (between (c,r) and
// (c+1,r)) and vertical sides (between (c,r) and (c,r+1)).
std::uint64_t sideKey(int c, int r, bool vertical) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(r)) << 33) |
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(c)) << 1) | (vertical ? 1u : 0u);
}

struct Segment {
    std::uint64_t a, b;
    core::Point pa, pb;
    bool used = false;
};

}  // namespace

std::vector<ContourLine> traceContours(const Grid& grid, const std::vector<float>& values,
                                       const std::vector<double>& levels) {
    std::vector<ContourLine> out;
    const int nx = grid.nx, ny = grid.ny;
    if (nx < 2 || ny < 2 || values.size() != grid.cellCount()) return out;
    auto val = [&](int c, int r) { return static_cast<double>(values[grid.index(c, r)]); };
    for (double level : levels) {
        std::vector<Segment> segs;
        // Where the level crosses the side from centre (c0,r0) to (c1,r1), linearly.
        auto cross = [&](int c0, int r0, int c1, int r1) {
            const double v0 = val(c0, r0), v1 = val(c1, r1);
            const double t = (level - v0) / (v1 - v0);
            const double x0 = grid.centreX(c0), y0 = grid.centreY(r0);
            const double x1 = grid.centreX(c1), y1 = grid.centreY(r1);
            return core::Point{x0 + t * (x1 - x0), y0 + t * (y1 - y0)};
        };
        for (int r = 0; r + 1 < ny; ++r) {
            for (int c = 0; c + 1 < nx; ++c) {
                // Corners: 0 = (c,r) top-left, 1 = (c+1,r), 2 = (c+1,r+1), 3 = (c,r+1).
                const double v[4] = {val(c, r), val(c + 1, r), val(c + 1, r + 1), val(c, r + 1)};
                if (std::isnan(v[0]) || std::isnan(v[1]) || std::isnan(v[2]) || std::isnan(v[3])) continue;
                int index = 0;
                for (int k = 0; k < 4; ++k)
                    if (v[k] >= level) index |= 1 << k;
                if (index == 0 || index == 15) continue;
                // Sides: 0 top (0-1), 1 right (1-2), 2 bottom (3-2), 3 left (0-3).
                const std::uint64_t key[4] = {sideKey(c, r, false), sideKey(c + 1, r, true),
                                              sideKey(c, r + 1, false), sideKey(c, r, true)};
                auto point = [&](int side) {
                    switch (side) {
                        case 0:
                            return cross(c, r, c + 1, r);
                        case 1:
                            return cross(c + 1, r, c + 1, r + 1);
                        case 2:
                            return cross(c, r + 1, c + 1, r + 1);
                        default:
                            return cross(c, r, c, r + 1);
                    }
                };
                auto add = [&](int s0, int s1) {
                    segs.push_back(Segment{key[s0], key[s1], point(s0), point(s1)});
                };
                // A side is crossed when its two corners are on different sides of the level.
                const bool crossed[4] = {
                    ((index >> 0) & 1) != ((index >> 1) & 1), ((index >> 1) & 1) != ((index >> 2) & 1),
                    ((index >> 3) & 1) != ((index >> 2) & 1), ((index >> 0) & 1) != ((index >> 3) & 1)};
                int sides[4], count = 0;
                for (int s = 0; s < 4; ++s)
                    if (crossed[s]) sides[count++] = s;
                if (count == 2) {
                    add(sides[0], sides[1]);
                } else if (count == 4) {
                    // Saddle (corners 0 and 2 on one side, 1 and 3 on the other): the block's mean decides
                    // which diagonal pair is joined above the level.
                    const double mean = 0.25 * (v[0] + v[1] + v[2] + v[3]);
                    const bool zeroHigh = (index & 1) != 0;
                    if ((mean >= level) == zeroHigh) {
                        // Corners 0 and 2 are connected through the middle: cut off corners 1 and 3.
                        add(0, 1);
                        add(2, 3);
                    } else {
                        // Cut off corners 0 and 2.
                        add(3, 0);
                        add(1, 2);
                    }
                }
            }
        }
        // Join segments through shared sides: each side crossing is shared by at most two segments.
        std::unordered_map<std::uint64_t, std::vector<std::size_t>> bySide;
        bySide.reserve(segs.size() * 2);
        for (std::size_t i = 0; i < segs.size(); ++i) {
            bySide[segs[i].a].push_back(i);
            bySide[segs[i].b].push_back(i);
        }
        auto other = [&](std::uint64_t key, std::size_t self) -> long {
            for (std::size_t j : bySide[key])
                if (j != self && !segs[j].used) return static_cast<long>(j);
            return -1;
        };
        for (std::size_t i = 0; i < segs.size(); ++i) {
            if (segs[i].used) continue;
            segs[i].used = true;
            // Walk backwards from a to the start of the chain, then forwards.
            std::vector<core::Point> back, fwd;
            std::uint64_t endKey = segs[i].a;
            std::size_t cur = i;
            for (long j; (j = other(endKey, cur)) >= 0;) {
                Segment& s = segs[static_cast<std::size_t>(j)];
                s.used = true;
                const bool aMatches = s.a == endKey;
                back.push_back(aMatches ? s.pb : s.pa);
                endKey = aMatches ? s.b : s.a;
                cur = static_cast<std::size_t>(j);
            }
            endKey = segs[i].b;
            cur = i;
            for (long j; (j = other(endKey, cur)) >= 0;) {
                Segment& s = segs[static_cast<std::size_t>(j)];
                s.used = true;
                const bool aMatches = s.a == endKey;
                fwd.push_back(aMatches ? s.pb : s.pa);
                endKey = aMatches ? s.b : s.a;
                cur = static_cast<std::size_t>(j);
            }
            ContourLine line;
            line.level = level;
            for (auto it = back.rbegin(); it != back.rend(); ++it)
                line.points.push_back(*it);
            line.points.push_back(segs[i].pa);
            line.points.push_back(segs[i].pb);
            for (const core::Point& p : fwd)
                line.points.push_back(p);
            // A ring comes back to its first side: the walk forwards re-adds the first point; make it exact.
            if (line.points.size() > 3) {
                const core::Point& f = line.points.front();
                const core::Point& l = line.points.back();
                if (std::abs(f.x - l.x) < 1e-9 * grid.transform.cellWidth &&
                    std::abs(f.y - l.y) < 1e-9 * grid.transform.cellHeight)
                    line.points.back() = f;
            }
            out.push_back(std::move(line));
        }
    }
    return out;
}

}  // namespace citytwin::subsidence
