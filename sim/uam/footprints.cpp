// Ground footprints of the corridors, no-fly volumes and funnels, for maps (city_adapter.h). Separate from
// city_adapter.cpp because Boost.Geometry's buffer costs seconds of compile time.

#include <algorithm>
#include <cmath>

#include "city_adapter.h"
#include "citytwin/core/geometry_boost.h"
#include "citytwin/core/text.h"

namespace citytwin::uam {

namespace {

constexpr double kPi = 3.14159265358979323846;

void orient(core::Ring& ring) {
    if (core::signedArea(ring) < 0) std::reverse(ring.begin(), ring.end());
}

}  // namespace

core::VectorLayer footprintLayer(const CorridorScenario& sc, const CorridorResult& r, const core::Crs& crs) {
    namespace bg = boost::geometry;
    core::VectorLayer out;
    out.name = "footprints";
    out.crs = crs;
    for (const char* f : {"kind", "name", "note"})
        out.fields.ensure(f, core::FieldType::String);
    auto add = [&](core::MultiPolygon mp, const std::string& kind, const std::string& name,
                   const std::string& note) {
        if (mp.empty()) return;
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = std::move(mp);
        f.attributes = {kind, name, note};
        out.features.push_back(std::move(f));
    };
    // Corridors: the horizontal track buffered by the tube's half-width (round joins and ends).
    const double w = sc.airspace.tubeHalfWidthM;
    for (const RouteResult& rr : r.routes) {
        if (!rr.found || w <= 0) continue;
        core::LineString track;
        for (const Point3& p : rr.centreline)
            if (track.empty() || std::hypot(p.x - track.back().x, p.y - track.back().y) > 1e-6)
                track.push_back({p.x, p.y});
        if (track.size() < 2) continue;
        core::MultiPolygon tube;
        bg::buffer(track, tube, bg::strategy::buffer::distance_symmetric<double>(w),
                   bg::strategy::buffer::side_straight(), bg::strategy::buffer::join_round(36),
                   bg::strategy::buffer::end_round(36), bg::strategy::buffer::point_circle(36));
        add(std::move(tube), "corridor", rr.from + "-" + rr.to,
            "tube of half-width " + core::number(w) + " m round the centre line");
    }
    // No-fly volumes.
    for (const NoFlyVolume& n : sc.noFly) {
        core::Polygon p;
        if (n.circle) {
            for (int k = 0; k <= 64; ++k)
                p.outer.push_back({n.centre.x + n.radiusM * std::cos(2 * kPi * (k % 64) / 64),
                                   n.centre.y + n.radiusM * std::sin(2 * kPi * (k % 64) / 64)});
        } else {
            p = n.polygon;
        }
        orient(p.outer);
        const char* ref = n.reference == AltitudeReference::AboveGround ? " AGL" : " MSL";
        const std::string floor =
            n.floorM <= -1e5 ? std::string("the ground") : core::number(n.floorM) + " m" + ref;
        const std::string ceiling =
            n.ceilingM >= 1e5 ? std::string("unlimited") : core::number(n.ceilingM) + " m" + ref;
        add({p}, "no-fly volume", n.name, "from " + floor + " to " + ceiling);
    }
    // Funnels: the FATO and the surface out to where it meets the band floor.
    const FunnelShape& fs = sc.airspace.funnel;
    for (const Vertiport& vp : sc.vertiports) {
        const double ground = sc.terrain.empty() ? 0.0 : sc.terrain.sampleBilinear(vp.position);
        const double bandFloor = sc.airspace.band.reference == AltitudeReference::AboveGround
                                     ? (std::isnan(ground) ? 0.0 : ground) + sc.airspace.band.minM
                                     : sc.airspace.band.minM;
        const double half = 0.5 * vp.fatoSizeM;
        const double zTop = vp.padElevationM + fs.verticalSegmentM;
        const double uEnd =
            std::min(half + std::max(0.0, (bandFloor - zTop) / fs.slope), half + fs.maxLengthM);
        const double wEnd = half + fs.divergence * (uEnd - half);
        for (int which = 0; which < 2; ++which) {
            const double br = (which == 0 ? vp.departureBearingDeg : vp.approachBearingDeg) * kPi / 180.0;
            const double ux = std::sin(br), uy = std::cos(br), vx = uy, vy = -ux;
            auto at = [&](double s, double t) {
                return core::Point{vp.position.x + s * ux + t * vx, vp.position.y + s * uy + t * vy};
            };
            core::Polygon p;
            p.outer = {at(-half, -half), at(half, -half), at(uEnd, -wEnd), at(uEnd, wEnd),
                       at(half, half),   at(-half, half), at(-half, -half)};
            orient(p.outer);
            add({p}, which == 0 ? "departure funnel" : "approach funnel", vp.name,
                "rises at " + core::number(100 * fs.slope, 3) + " % from " + core::number(zTop, 4) +
                    " m to the band floor " + core::number(uEnd, 4) + " m out");
        }
    }
    return out;
}

}  // namespace citytwin::uam
