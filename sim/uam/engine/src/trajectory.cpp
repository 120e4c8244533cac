// Smoothing of any-angle paths: fillets, a gradient-limited vertical profile through the free runs, a check.

#include "citytwin/uam/trajectory.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "citytwin/uam/line_of_sight.h"

namespace citytwin::uam {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxVertexTurn = 10.0 * kPi / 180.0;  // a polyline vertex may turn at most this much
constexpr double kArcStep = 5.0 * kPi / 180.0;         // fillet chords every 5 degrees

struct P2 {
    double x, y;
};

double dist2(const P2& a, const P2& b) {
    return std::hypot(b.x - a.x, b.y - a.y);
}

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(1);
    s << std::fixed << v;
    return s.str();
}

std::string where(const Point3& p) {
    return "(" + fmt(p.x) + ", " + fmt(p.y) + ", " + fmt(p.z) + ")";
}

/// Heading change at b between a->b and b->c [rad, 0..π].
double turnAngle(const P2& a, const P2& b, const P2& c) {
    const double ux = b.x - a.x, uy = b.y - a.y, vx = c.x - b.x, vy = c.y - b.y;
    return std::fabs(std::atan2(ux * vy - uy * vx, ux * vx + uy * vy));
}

/// Fillets every interior corner v of the track with radius r[v] (shrunk where the legs are too short: two
/// turns share a leg in proportion to the tangent lengths they want, a leg ending at a pad is its turn's
/// alone). spans[v] receives the horizontal distance range along the result that the turn at v occupies.
std::vector<P2> fillet(const std::vector<P2>& track, const std::vector<double>& radius,
                       std::vector<std::pair<double, double>>& spans, std::vector<double>& used) {
    const std::size_t n = track.size();
    std::vector<P2> out{track.front()};
    double s = 0.0;
    auto push = [&](const P2& q) {
        const double d = dist2(out.back(), q);
        if (d > 1e-6) {
            s += d;
            out.push_back(q);
        }
    };
    spans.assign(n, {0.0, 0.0});
    used.assign(n, 0.0);
    // Tangent length each turn wants; a leg shared by two turns that want more than its length is split in
    // proportion to what they want (a leg ending at a pad belongs to its turn alone).
    std::vector<double> want(n, 0.0);
    for (std::size_t v = 1; v + 1 < n; ++v) {
        const double theta = turnAngle(track[v - 1], track[v], track[v + 1]);
        if (theta >= 1e-9 && radius[v] > 0.0) want[v] = radius[v] * std::tan(0.5 * theta);
    }
    auto share = [&](std::size_t v, std::size_t other, double leg) {
        const double sum = want[v] + want[other];
        return sum <= leg ? want[v] : leg * want[v] / sum;
    };
    for (std::size_t v = 1; v + 1 < n; ++v) {
        const P2 a = track[v - 1], b = track[v], c = track[v + 1];
        const double theta = turnAngle(a, b, c);
        const double la = dist2(a, b), lb = dist2(b, c);
        const double r = radius[v];
        if (theta < 1e-9 || r <= 0.0) {
            push(b);
            spans[v] = {s, s};
            continue;
        }
        const double availA = (v - 1 == 0) ? la : share(v, v - 1, la);
        const double availB = (v + 1 == n - 1) ? lb : share(v, v + 1, lb);
        const double t = std::min(want[v], std::min(availA, availB));
        const double rv = t / std::tan(0.5 * theta);
        used[v] = rv;
        const P2 ua{(b.x - a.x) / la, (b.y - a.y) / la};
        const P2 ub{(c.x - b.x) / lb, (c.y - b.y) / lb};
        const P2 p1{b.x - t * ua.x, b.y - t * ua.y};
        // Centre of the arc: from p1, perpendicular to the incoming leg, towards the turn.
        const double side = (ua.x * ub.y - ua.y * ub.x) > 0 ? 1.0 : -1.0;  // +1 left turn
        const P2 centre{p1.x - side * ua.y * rv, p1.y + side * ua.x * rv};
        const double a0 = std::atan2(p1.y - centre.y, p1.x - centre.x);
        const int steps = std::max(1, static_cast<int>(std::ceil(theta / kArcStep - 1e-9)));
        push(p1);
        const double s0 = s;
        for (int k = 1; k <= steps; ++k) {
            const double ang = a0 + side * theta * k / steps;
            push({centre.x + rv * std::cos(ang), centre.y + rv * std::sin(ang)});
        }
        spans[v] = {s0, s};
    }
    push(track.back());
    return out;
}

/// Merges consecutive turns in the same direction whose fillets cannot share the leg between them: the two
/// vertices are replaced by the intersection of the legs before and after them (farther out from the corner
/// they wrap), so that one fillet makes the whole turn. Vertices next to the pads stay.
void mergeCloseTurns(std::vector<P2>& track, std::vector<double>& z, std::vector<double>& radius) {
    for (bool merged = true; merged;) {
        merged = false;
        for (std::size_t v = 1; v + 2 < track.size(); ++v) {
            const P2 a = track[v - 1], b = track[v], c = track[v + 1], d = track[v + 2];
            const double t1 = turnAngle(a, b, c), t2 = turnAngle(b, c, d);
            if (t1 < 1e-9 || t2 < 1e-9 || t1 + t2 >= kPi - 1e-6) continue;
            const double leg = dist2(b, c);
            if (radius[v] * std::tan(0.5 * t1) + radius[v + 1] * std::tan(0.5 * t2) <= leg) continue;
            const double c1 = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
            const double c2 = (c.x - b.x) * (d.y - c.y) - (c.y - b.y) * (d.x - c.x);
            if ((c1 > 0) != (c2 > 0)) continue;  // an S-bend: no common corner
            // a + t (b - a) = d + u (c - d)
            const double e1x = b.x - a.x, e1y = b.y - a.y, e2x = c.x - d.x, e2y = c.y - d.y;
            const double den = e1x * (-e2y) - e1y * (-e2x);
            if (std::fabs(den) < 1e-12) continue;
            const double rx = d.x - a.x, ry = d.y - a.y;
            const double t = (rx * (-e2y) - ry * (-e2x)) / den;
            const double u = (e1x * ry - e1y * rx) / den;
            if (t < 1.0 || u < 1.0) continue;
            track[v] = {a.x + t * e1x, a.y + t * e1y};
            z[v] = std::min(z[v], z[v + 1]);
            radius[v] = std::max(radius[v], radius[v + 1]);
            track.erase(track.begin() + static_cast<long>(v) + 1);
            z.erase(z.begin() + static_cast<long>(v) + 1);
            radius.erase(radius.begin() + static_cast<long>(v) + 1);
            merged = true;
            break;
        }
    }
}

/// A station of the vertical profile: a point of the track, its horizontal distance from the start and the
/// free elevation interval that every column touching the point leaves there.
struct Station {
    P2 p;
    double s = 0.0;
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
};

/// Stations at every vertex of the track and every crossing of a column boundary, so that between two
/// stations the track stays inside one column.
std::vector<Station> stations(const std::vector<P2>& track, const VoxelGeometry& g) {
    std::vector<Station> out;
    double s = 0.0;
    std::vector<double> ts;
    for (std::size_t n = 0; n + 1 < track.size(); ++n) {
        const P2 a = track[n], b = track[n + 1];
        const double len = dist2(a, b);
        ts.assign(1, 0.0);
        // Crossings of the lines x = x0 + m h and y = y0 - m h.
        for (int axis = 0; axis < 2; ++axis) {
            const double pa = axis == 0 ? (a.x - g.originX) / g.cellM : (g.originY - a.y) / g.cellM;
            const double pb = axis == 0 ? (b.x - g.originX) / g.cellM : (g.originY - b.y) / g.cellM;
            if (pa == pb) continue;
            const double lo = std::min(pa, pb), hi = std::max(pa, pb);
            for (double m = std::ceil(lo); m <= hi; m += 1.0)
                ts.push_back((m - pa) / (pb - pa));
        }
        std::sort(ts.begin(), ts.end());
        for (double t : ts) {
            if (t >= 1.0) continue;
            Station st;
            st.p = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            st.s = s + t * len;
            if (out.empty() || st.s - out.back().s > 1e-9) out.push_back(st);
        }
        s += len;
    }
    Station last;
    last.p = track.back();
    last.s = s;
    out.push_back(last);
    return out;
}

/// The target altitude: the any-angle path's altitude at the same fraction of the horizontal length.
class TargetProfile {
public:
    explicit TargetProfile(const std::vector<Point3>& path) {
        double s = 0.0;
        for (std::size_t n = 0; n < path.size(); ++n) {
            if (n > 0) s += std::hypot(path[n].x - path[n - 1].x, path[n].y - path[n - 1].y);
            if (!s_.empty() && s - s_.back() < 1e-9) {
                z_.back() = path[n].z;  // a vertical segment: keep its top (or bottom, at the end)
                continue;
            }
            s_.push_back(s);
            z_.push_back(path[n].z);
        }
    }
    double total() const { return s_.back(); }
    double at(double fraction) const {
        const double s = fraction * s_.back();
        const auto it = std::upper_bound(s_.begin(), s_.end(), s);
        if (it == s_.begin()) return z_.front();
        if (it == s_.end()) return z_.back();
        const std::size_t k = static_cast<std::size_t>(it - s_.begin());
        const double t = (s - s_[k - 1]) / (s_[k] - s_[k - 1]);
        return z_[k - 1] + t * (z_[k] - z_[k - 1]);
    }

private:
    std::vector<double> s_, z_;
};

/// Free elevation interval at a station: over every column whose square touches the point, the free run
/// nearest the target altitude, intersected; shrunk by a small margin so the segments stay strictly inside.
void stationInterval(const SearchSpace& space, Station& st, double target) {
    const VoxelGeometry& g = space.geometry();
    const double eps = 1e-9;
    const double u = (st.p.x - g.originX) / g.cellM, v = (g.originY - st.p.y) / g.cellM;
    const int i0 = static_cast<int>(std::floor(u - eps)), i1 = static_cast<int>(std::floor(u + eps));
    const int j0 = static_cast<int>(std::floor(v - eps)), j1 = static_cast<int>(std::floor(v + eps));
    const double margin = 1e-4 * g.dzM;
    std::vector<LevelRun> runs;
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
            space.columnRuns(i, j, runs);
            double bestLo = 1.0, bestHi = 0.0, bestDist = std::numeric_limits<double>::infinity();
            for (const LevelRun& r : runs) {
                const double lo = g.z0M + r.lo * g.dzM, hi = g.z0M + r.hi * g.dzM;
                const double d = target < lo ? lo - target : (target > hi ? target - hi : 0.0);
                if (d < bestDist) {
                    bestDist = d;
                    bestLo = lo;
                    bestHi = hi;
                }
            }
            st.lo = std::max(st.lo, bestLo + margin);
            st.hi = std::min(st.hi, bestHi - margin);
        }
}

/// Fits the vertical profile; false (and the station where it failed) when the limits cannot be met.
bool fitProfile(std::vector<Station>& st, const std::vector<double>& target, double zStart, double zEnd,
                const TrajectoryLimits& lim, std::vector<double>& z, std::size_t& failedAt) {
    const std::size_t n = st.size();
    std::vector<double> lo(n), hi(n);
    // Forward: altitudes reachable at each station within the gradients and the free intervals. The first
    // station may be reached by a vertical climb from the pad, the last left by a vertical descent to it.
    lo[0] = std::max(st[0].lo, zStart);
    hi[0] = st[0].hi;
    if (lo[0] > hi[0]) {
        failedAt = 0;
        return false;
    }
    for (std::size_t k = 1; k < n; ++k) {
        const double ds = st[k].s - st[k - 1].s;
        lo[k] = std::max(st[k].lo, lo[k - 1] - lim.maxDescentGradient * ds);
        hi[k] = std::min(st[k].hi, hi[k - 1] + lim.maxClimbGradient * ds);
        if (k == n - 1) lo[k] = std::max(lo[k], zEnd);
        if (lo[k] > hi[k]) {
            failedAt = k;
            return false;
        }
    }
    // Backward: from the end, follow the target where the limits allow.
    z.assign(n, 0.0);
    z[n - 1] = std::clamp(target[n - 1], lo[n - 1], hi[n - 1]);
    for (std::size_t k = n - 1; k-- > 0;) {
        const double ds = st[k + 1].s - st[k].s;
        const double a = std::max(lo[k], z[k + 1] - lim.maxClimbGradient * ds);
        const double b = std::min(hi[k], z[k + 1] + lim.maxDescentGradient * ds);
        z[k] = std::clamp(target[k], a, std::max(a, b));
    }
    return true;
}

/// Drops vertices where neither the horizontal heading nor the gradient changes.
std::vector<Point3> simplify(const std::vector<Point3>& pts) {
    if (pts.size() < 3) return pts;
    std::vector<Point3> out{pts.front()};
    for (std::size_t n = 1; n + 1 < pts.size(); ++n) {
        const Point3& a = out.back();
        const Point3& b = pts[n];
        const Point3& c = pts[n + 1];
        const double ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
        const double vx = c.x - b.x, vy = c.y - b.y, vz = c.z - b.z;
        const double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
        const double cross = std::sqrt(cx * cx + cy * cy + cz * cz);
        const double lu = std::sqrt(ux * ux + uy * uy + uz * uz), lv = std::sqrt(vx * vx + vy * vy + vz * vz);
        const double dot = ux * vx + uy * vy + uz * vz;
        if (cross <= 1e-12 * lu * lv && dot > 0) continue;  // collinear, same direction
        out.push_back(b);
    }
    out.push_back(pts.back());
    return out;
}

}  // namespace

TrajectoryCheck checkTrajectory(const SearchSpace& space, const std::vector<Point3>& pts,
                                const TrajectoryLimits& lim, const TerminalZone* terminal) {
    TrajectoryCheck c;
    c.minTurnRadiusM = std::numeric_limits<double>::infinity();
    for (std::size_t n = 1; n < pts.size(); ++n) {
        const Point3& a = pts[n - 1];
        const Point3& b = pts[n];
        Voxel blocked;
        if (!segmentFree(space, a, b, blocked)) {
            c.collisionFree = false;
            c.issues.push_back("segment " + std::to_string(n) + " from " + where(a) + " to " + where(b) +
                               " touches the blocked voxel (" + std::to_string(blocked.i) + ", " +
                               std::to_string(blocked.j) + ", " + std::to_string(blocked.k) + ")");
        }
        const double h = std::hypot(b.x - a.x, b.y - a.y);
        const double dz = b.z - a.z;
        if (h < 1e-6) {
            if (std::fabs(dz) > 1e-9 && n != 1 && n != pts.size() - 1) {
                c.withinGradients = false;
                c.issues.push_back("segment " + std::to_string(n) + " at " + where(a) +
                                   " is vertical away from the pads");
            }
            continue;
        }
        const double g = dz / h;
        c.maxClimbGradient = std::max(c.maxClimbGradient, g);
        c.maxDescentGradient = std::max(c.maxDescentGradient, -g);
        if (g > lim.maxClimbGradient * (1 + 1e-9) + 1e-12 ||
            -g > lim.maxDescentGradient * (1 + 1e-9) + 1e-12) {
            c.withinGradients = false;
            c.issues.push_back("segment " + std::to_string(n) + " from " + where(a) + " has gradient " +
                               fmt(100 * g) + " %, beyond the limits +" + fmt(100 * lim.maxClimbGradient) +
                               " / -" + fmt(100 * lim.maxDescentGradient) + " %");
        }
    }
    // The horizontal track, with points that only split a straight stretch removed (profile breakpoints on a
    // chord are not turns).
    std::vector<P2> t;
    std::vector<double> tz;
    for (const Point3& q : pts) {
        const P2 p{q.x, q.y};
        if (!t.empty() && dist2(t.back(), p) <= 1e-6) {
            tz.back() = std::min(tz.back(), q.z);
            continue;
        }
        while (t.size() >= 2 && turnAngle(t[t.size() - 2], t.back(), p) < 1e-9) {
            t.pop_back();
            tz.pop_back();
        }
        t.push_back(p);
        tz.push_back(q.z);
    }
    for (std::size_t v = 1; v + 1 < t.size(); ++v) {
        const double theta = turnAngle(t[v - 1], t[v], t[v + 1]);
        if (theta < 1e-12) continue;
        // The mean of the two legs over 2 sin(θ/2): the radius of the circle whose chords the legs would be.
        const double r = 0.5 * (dist2(t[v - 1], t[v]) + dist2(t[v], t[v + 1])) / (2 * std::sin(0.5 * theta));
        const bool slow = terminal && terminal->contains({t[v].x, t[v].y, tz[v]});
        const double limit = slow ? lim.terminalTurnRadiusM : lim.minTurnRadiusM;
        c.minTurnRadiusM = std::min(c.minTurnRadiusM, r);
        if (theta > kMaxVertexTurn + 1e-9 || r < limit * (1 - 1e-3)) {
            c.withinTurnRadius = false;
            c.issues.push_back("the turn at (" + fmt(t[v].x) + ", " + fmt(t[v].y) + ") changes heading by " +
                               fmt(theta * 180 / kPi) + " deg with radius " + fmt(r) + " m (limit " +
                               fmt(limit) + " m" + (slow ? " at terminal speed" : "") +
                               ", at most 10 deg per vertex)");
        }
    }
    return c;
}

namespace {

/// One smoothing attempt over a given horizontal track; false when no profile could be fitted.
bool smoothOver(const SearchSpace& space, const std::vector<Point3>& path, const TrajectoryLimits& lim,
                const TerminalZone* terminal, std::vector<P2> track, std::vector<double> radius,
                const std::vector<double>& wanted, Trajectory& out, std::string& failure) {
    const std::vector<P2> original = track;
    std::vector<int> shifted(track.size(), 0);
    const TargetProfile targetProfile(path);
    const double zStart = path.front().z, zEnd = path.back().z;
    const double minRadius = 0.25 * space.geometry().cellM;
    std::vector<std::pair<double, double>> spans;
    std::vector<double> used;
    for (int attempt = 0; attempt < 400; ++attempt) {
        const std::vector<P2> filleted = fillet(track, radius, spans, used);
        std::vector<Station> st = stations(filleted, space.geometry());
        const double total = st.back().s;
        std::vector<double> target(st.size());
        for (std::size_t k = 0; k < st.size(); ++k) {
            target[k] = targetProfile.at(total > 0 ? st[k].s / total : 0.0);
            // Over the pads the run must hold the pad voxel itself (the vertical climb starts there).
            const double pick = k == 0 ? zStart : (k + 1 == st.size() ? zEnd : target[k]);
            stationInterval(space, st[k], pick);
        }
        std::vector<double> z;
        std::size_t failedAt = 0;
        double failedS = 0.0;
        if (fitProfile(st, target, zStart, zEnd, lim, z, failedAt)) {
            std::vector<Point3> pts{path.front()};
            for (std::size_t k = 0; k < st.size(); ++k)
                pts.push_back({st[k].p.x, st[k].p.y, z[k]});
            pts.push_back(path.back());
            std::vector<Point3> clean;
            for (const Point3& p : pts)
                if (clean.empty() ||
                    std::hypot(p.x - clean.back().x, p.y - clean.back().y, p.z - clean.back().z) > 1e-9)
                    clean.push_back(p);
            Trajectory t;
            t.points = simplify(clean);
            t.check = checkTrajectory(space, t.points, lim, terminal);
            if (t.check.collisionFree && t.check.withinGradients) {
                t.appliedTurnRadiusM = std::numeric_limits<double>::infinity();
                for (std::size_t v = 1; v + 1 < track.size(); ++v) {
                    if (turnAngle(track[v - 1], track[v], track[v + 1]) < 1e-9) continue;
                    t.appliedTurnRadiusM = std::min(t.appliedTurnRadiusM, used[v]);
                    if (radius[v] < wanted[v])
                        t.notes.push_back("the turn at (" + fmt(track[v].x) + ", " + fmt(track[v].y) +
                                          ") was tightened to radius " + fmt(used[v]) + " m (wanted " +
                                          fmt(wanted[v]) +
                                          " m): a wider turn leaves the free airspace or the "
                                          "gradient limits");
                    else if (used[v] < wanted[v] * (1 - 1e-9))
                        t.notes.push_back(
                            "the turn at (" + fmt(track[v].x) + ", " + fmt(track[v].y) + ") has radius " +
                            fmt(used[v]) + " m (wanted " + fmt(wanted[v]) +
                            " m): the legs of the any-angle path are too short for a wider one");
                }
                out = std::move(t);
                return true;
            }
            failure = t.check.issues.empty() ? "the check failed" : t.check.issues.front();
            failedS = 0.0;  // unknown position: tighten the first turn still wide
        } else {
            const Station& f = st[failedAt];
            failedS = f.s;
            failure =
                "no altitude within the gradient limits at (" + fmt(f.p.x) + ", " + fmt(f.p.y) +
                "), free there " +
                (f.lo <= f.hi ? fmt(f.lo) + "-" + fmt(f.hi) + " m" : std::string("nowhere near the path"));
        }
        // The turn nearest the failure: first move its corner outwards, so that the arc passes through the
        // original corner instead of cutting inside it (the any-angle path hugs obstacle corners); then halve
        // its radius.
        std::size_t best = 0;
        double bestDist = std::numeric_limits<double>::infinity();
        for (std::size_t v = 1; v + 1 < track.size(); ++v) {
            if (radius[v] <= 0.0) continue;
            const double d = failedS < spans[v].first
                                 ? spans[v].first - failedS
                                 : (failedS > spans[v].second ? failedS - spans[v].second : 0.0);
            if (d < bestDist) {
                bestDist = d;
                best = v;
            }
        }
        if (best == 0) return false;  // no turn left to tighten
        const std::size_t v = best;
        if (shifted[v] < 4) {
            ++shifted[v];
            const P2 a = track[v - 1], b = original[v], c = track[v + 1];
            const double theta = turnAngle(a, b, c);
            const double la = dist2(a, b), lb = dist2(b, c);
            P2 in{(c.x - b.x) / lb - (b.x - a.x) / la, (c.y - b.y) / lb - (b.y - a.y) / la};
            const double n = std::hypot(in.x, in.y);
            if (n > 1e-12 && theta > 1e-9) {
                const double d = shifted[v] * radius[v] * (1.0 / std::cos(0.5 * theta) - 1.0);
                track[v] = {b.x - d * in.x / n, b.y - d * in.y / n};
                continue;
            }
        }
        track[v] = original[v];
        shifted[v] = 0;
        radius[v] = radius[v] > minRadius ? 0.5 * radius[v] : 0.0;
    }
    return false;
}

/// Removes the small zigzags grid searches leave (an any-angle path still bends at voxel centres): a run of
/// vertices is replaced by a straight segment when the segment is free and no skipped vertex lies farther
/// than `maxDeviationM` from it, so that real detours (round obstacles, away from the people a weighted cost
/// avoids) stay.
std::vector<Point3> removeZigzags(const SearchSpace& space, const std::vector<Point3>& p,
                                  double maxDeviationM) {
    if (p.size() < 3) return p;
    auto deviation = [&](std::size_t a, std::size_t b) {
        double worst = 0.0;
        const double dx = p[b].x - p[a].x, dy = p[b].y - p[a].y, dz = p[b].z - p[a].z;
        const double l2 = dx * dx + dy * dy + dz * dz;
        for (std::size_t n = a + 1; n < b; ++n) {
            double t =
                l2 > 0 ? ((p[n].x - p[a].x) * dx + (p[n].y - p[a].y) * dy + (p[n].z - p[a].z) * dz) / l2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            worst = std::max(worst, std::hypot(p[a].x + t * dx - p[n].x, p[a].y + t * dy - p[n].y,
                                               p[a].z + t * dz - p[n].z));
        }
        return worst;
    };
    std::vector<Point3> out{p.front()};
    std::size_t i = 0;
    while (i + 1 < p.size()) {
        std::size_t j = i + 1;
        for (std::size_t k = i + 2; k < p.size(); ++k) {
            if (deviation(i, k) > maxDeviationM) break;
            if (segmentFree(space, p[i], p[k])) j = k;
        }
        out.push_back(p[j]);
        i = j;
    }
    return out;
}

/// Take-off and landing are vertical: where the path leaves the first pad voxel (or reaches the last one) on
/// a slant - Theta* climbs diagonally out of the pad voxel to a funnel corner - that leg becomes a vertical
/// segment over the pad up to the next vertex's altitude and a leg from there, when both are free. Without
/// this the short slant leg reads as a turn right over the pad that no fillet of the terminal radius fits.
/// `head` and `tail` say whether a vertex was inserted at either end.
std::vector<Point3> verticalEnds(const SearchSpace& space, const std::vector<Point3>& p, bool& head,
                                 bool& tail) {
    head = tail = false;
    if (p.size() < 3) return p;
    std::vector<Point3> out = p;
    const Point3 a = p[0], b = p[1];
    if (std::hypot(b.x - a.x, b.y - a.y) > 1e-6 && b.z > a.z) {
        const Point3 top{a.x, a.y, b.z};
        if (segmentFree(space, a, top) && segmentFree(space, top, b)) {
            out.insert(out.begin() + 1, top);
            head = true;
        }
    }
    const Point3 z = out.back(), y = out[out.size() - 2];
    if (out.size() >= 3 && std::hypot(y.x - z.x, y.y - z.y) > 1e-6 && y.z > z.z) {
        const Point3 top{z.x, z.y, y.z};
        if (segmentFree(space, y, top) && segmentFree(space, top, z)) {
            out.insert(out.end() - 1, top);
            tail = true;
        }
    }
    return out;
}

/// Orders smoothing results: within the limits first, then fewer check issues, then fewer notes.
bool better(const Trajectory& a, const Trajectory& b) {
    if (a.check.ok() != b.check.ok()) return a.check.ok();
    if (a.check.issues.size() != b.check.issues.size()) return a.check.issues.size() < b.check.issues.size();
    return a.notes.size() < b.notes.size();
}

}  // namespace

Trajectory smoothTrajectory(const SearchSpace& space, const std::vector<Point3>& anyAngle,
                            const TrajectoryLimits& lim, const TerminalZone* terminal) {
    Trajectory out;
    out.points = anyAngle;
    // Zigzags are removed between the vertical take-off and landing segments (which stay as they are).
    bool head = false, tail = false;
    const std::vector<Point3> ends = verticalEnds(space, anyAngle, head, tail);
    const std::size_t first = head ? 1 : 0, last = tail ? ends.size() - 2 : ends.size() - 1;
    std::vector<Point3> path(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(first));
    const std::vector<Point3> middle =
        removeZigzags(space,
                      std::vector<Point3>(ends.begin() + static_cast<std::ptrdiff_t>(first),
                                          ends.begin() + static_cast<std::ptrdiff_t>(last) + 1),
                      2.0 * space.geometry().cellM);
    path.insert(path.end(), middle.begin(), middle.end());
    path.insert(path.end(), ends.begin() + static_cast<std::ptrdiff_t>(last) + 1, ends.end());
    std::vector<P2> track;
    std::vector<double> trackZ;
    for (const Point3& p : path) {
        if (!track.empty() && dist2(track.back(), {p.x, p.y}) <= 1e-6) {
            trackZ.back() = std::min(trackZ.back(), p.z);
            continue;
        }
        track.push_back({p.x, p.y});
        trackZ.push_back(p.z);
    }
    if (path.size() < 2 || track.size() < 2) {  // nothing to smooth: a vertical hop at most
        out.check = checkTrajectory(space, anyAngle, lim, terminal);
        return out;
    }
    // The radius each turn wants: terminal near the pads, cruise elsewhere.
    std::vector<double> wanted(track.size(), 0.0);
    for (std::size_t v = 1; v + 1 < track.size(); ++v) {
        const bool slow = terminal && terminal->contains({track[v].x, track[v].y, trackZ[v]});
        wanted[v] = slow ? lim.terminalTurnRadiusM : lim.minTurnRadiusM;
    }
    // First with close turns merged into one (the usual case: Theta* bends twice round a corner), then with
    // the path's own turns; the better result wins.
    std::string failure;
    std::vector<P2> merged = track;
    std::vector<double> mergedZ = trackZ, mergedWanted = wanted;
    mergeCloseTurns(merged, mergedZ, mergedWanted);
    Trajectory best;
    bool have = false;
    if (smoothOver(space, path, lim, terminal, merged, mergedWanted, mergedWanted, best, failure)) {
        have = true;
        if (best.check.ok() && best.notes.empty()) return best;
    }
    if (merged.size() != track.size()) {
        Trajectory other;
        if (smoothOver(space, path, lim, terminal, track, wanted, wanted, other, failure) &&
            (!have || better(other, best))) {
            best = std::move(other);
            have = true;
        }
    }
    if (have) return best;
    out.check = checkTrajectory(space, anyAngle, lim, terminal);
    out.notes.push_back("the any-angle path could not be smoothed within the limits (" + failure +
                        "); it is returned unsmoothed");
    return out;
}

}  // namespace citytwin::uam
