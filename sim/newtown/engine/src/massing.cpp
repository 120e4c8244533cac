// Massing: typology buildings in rows inside the lot setbacks, capped by the Building Act envelope, sized to
// the FAR target. See sim/newtown/README.md, "Massing".
#include "citytwin/newtown/massing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>

#include "citytwin/core/geometry_boost.h"
#include "citytwin/newtown/limits.h"
#include "geometry_util.h"

namespace citytwin::newtown {

namespace {

namespace bg = boost::geometry;
using core::Point;
using core::Polygon;
using detail::Dir;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = 1e-6;

std::string num(double v, int digits = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

/// A problem of one parcel, naming the parcel, the attribute it comes from (README, "Parcel attributes") and,
/// in the message, the value.
core::Problem parcelProblem(const std::string& id, const std::string& attribute, const std::string& message) {
    return {"newtown", "parcels", "parcel '" + id + "' [" + attribute + "]: " + message};
}

Polygon corrected(const Polygon& p) {
    Polygon q = p;
    bg::correct(q);
    return q;
}

Point frameOrigin(const Polygon& p) {
    const core::Box b = detail::bounds(p);
    return {0.5 * (b.minX + b.maxX), 0.5 * (b.minY + b.maxY)};
}

/// One candidate position of a row building, with the floors its position allows.
struct Slot {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int capFloors = 0;  ///< envelope, height limit and typology maximum
    BindingRule capReason = BindingRule::MaxFloors;
    int floors = 0;  ///< assigned
};

struct ParcelContext {
    const Parcel* parcel = nullptr;
    ParcelLimits limits;
    const Typology* typ = nullptr;
    const BuildingRules* rules = nullptr;
    const MassingOptions* options = nullptr;
    Polygon frameParcel;  ///< in the true-north frame
    Point origin;
    double area = 0.0;
    bool north = false;
    bool aptRules = false;
    double lotRatio = 0.0;
    double spacingFactor = 0.0;
    double heightLimit = kInf;
    double offset = 0.0;  ///< lot-line offset [m]
    int topFloors = 0;    ///< min(typology max, height limit)
    BindingRule topReason = BindingRule::MaxFloors;
};

/// Floors a footprint (in the frame) may have where it stands, and which rule caps them.
void capAt(const ParcelContext& c, const Polygon& fp, bool windowsAllSides, int& floors,
           BindingRule& reason) {
    const double storey = c.typ->storeyHeightM;
    double capH = kInf;
    reason = c.topReason;
    floors = c.topFloors;
    auto consider = [&](double h, BindingRule r, bool winTies) {
        const int f = static_cast<int>(std::floor(h / storey + 1e-9));
        if (f < floors || (winTies && f == floors && f < c.topFloors)) {
            floors = f;
            reason = r;
        }
        capH = std::min(capH, h);
    };
    const double off = c.offset;
    if (c.lotRatio > 0.0) {
        consider(c.lotRatio * (off + detail::clearance(fp, c.frameParcel, Dir::South)), BindingRule::LotLine,
                 false);
        consider(c.lotRatio * (off + detail::clearance(fp, c.frameParcel, Dir::North)), BindingRule::LotLine,
                 false);
        if (windowsAllSides) {
            consider(c.lotRatio * (off + detail::clearance(fp, c.frameParcel, Dir::East)),
                     BindingRule::LotLine, false);
            consider(c.lotRatio * (off + detail::clearance(fp, c.frameParcel, Dir::West)),
                     BindingRule::LotLine, false);
        }
    }
    // The due-north rule wins ties with the lot-line rule (with ratio 2 they coincide on the north face).
    if (c.north)
        consider(northSetbackMaxHeight(off + detail::clearance(fp, c.frameParcel, Dir::North), *c.rules,
                                       c.options->northRule),
                 BindingRule::NorthSetback, true);
}

/// Rows of footprints for a row pitch and an east-west gap.
std::vector<Slot> rowLayout(const ParcelContext& c, const core::MultiPolygon& region,
                            const std::vector<detail::Segment>& regionEdges, double pitchY, double gapX,
                            double phase) {
    std::vector<Slot> slots;
    const double len = c.typ->lengthM, depth = c.typ->depthM;
    core::Box box = core::bounds(region);
    for (double y = box.minY + phase; y + depth <= box.maxY + 1e-9; y += pitchY) {
        for (const auto& [a, b] : detail::freeIntervals(regionEdges, region, y, y + depth)) {
            const double w = b - a;
            if (w < len - 1e-9) continue;
            const int k = static_cast<int>(std::floor((w + gapX) / (len + gapX) + 1e-9));
            const double used = k * len + (k - 1) * gapX;
            double x = a + 0.5 * (w - used);
            for (int i = 0; i < k; ++i, x += len + gapX) {
                Slot s;
                s.x0 = x;
                s.y0 = y;
                s.x1 = x + len;
                s.y1 = y + depth;
                capAt(c, detail::rectangle(s.x0, s.y0, s.x1, s.y1), c.typ->windowsAllSides, s.capFloors,
                      s.capReason);
                slots.push_back(s);
            }
        }
    }
    return slots;
}

struct Plan {
    std::vector<Slot> slots;  ///< kept, floors assigned
    double gfa = 0.0;
    int uniformFloors = 0;
    bool bcrDropped = false;
    std::vector<Slot> all;  ///< before dropping (for the binding rule)
};

/// Assigns floors min(n, cap), drops what cannot stand or what passes the BCR.
Plan assign(const ParcelContext& c, std::vector<Slot> slots, int n) {
    Plan p;
    p.uniformFloors = n;
    p.all = slots;
    const double fp = c.typ->lengthM * c.typ->depthM;
    for (Slot& s : slots) {
        s.floors = std::min(n, s.capFloors);
        if (s.floors >= c.typ->minFloors) p.slots.push_back(s);
    }
    const std::size_t maxCount =
        static_cast<std::size_t>(std::floor(c.limits.bcrLimitPct / 100.0 * c.area / fp + 1e-9));
    if (p.slots.size() > maxCount) {
        p.bcrDropped = true;
        // Keep the tallest (most floor area per footprint); ties keep the southern, western ones.
        std::vector<std::size_t> order(p.slots.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return p.slots[a].floors > p.slots[b].floors; });
        order.resize(maxCount);
        std::sort(order.begin(), order.end());
        std::vector<Slot> kept;
        for (std::size_t i : order)
            kept.push_back(p.slots[i]);
        p.slots = kept;
    }
    for (const Slot& s : p.slots)
        p.gfa += fp * s.floors;
    return p;
}

/// Removes floors (tallest first, southern first among equals) until the floor area is at most the target.
void trimToTarget(const ParcelContext& c, Plan& p, double targetGfa) {
    const double fp = c.typ->lengthM * c.typ->depthM;
    while (p.gfa > targetGfa + kEps && !p.slots.empty()) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < p.slots.size(); ++i)
            if (p.slots[i].floors > p.slots[best].floors) best = i;
        if (p.slots[best].floors > c.typ->minFloors) {
            --p.slots[best].floors;
            p.gfa -= fp;
        } else {  // everything at the minimum: drop the northernmost building
            p.gfa -= fp * p.slots.back().floors;
            p.slots.pop_back();
        }
    }
}

BindingRule bindingOf(const ParcelContext& c, const Plan& p, double targetGfa, double floorArea) {
    if (p.gfa >= targetGfa - floorArea + kEps || (targetGfa <= 0.0)) return BindingRule::Far;
    if (p.all.empty()) return BindingRule::ParcelShape;
    if (p.bcrDropped) return BindingRule::Bcr;
    std::map<BindingRule, double> lost;
    for (const Slot& s : p.all)
        if (s.capFloors < p.uniformFloors) lost[s.capReason] += p.uniformFloors - s.capFloors;
    if (p.uniformFloors < c.topFloors)
        lost[BindingRule::Spacing] += static_cast<double>(c.topFloors - p.uniformFloors) * p.slots.size();
    else
        lost[c.topReason] += static_cast<double>(p.slots.size()) + 0.5;
    BindingRule best = BindingRule::ParcelShape;
    double most = -1.0;
    for (const auto& [rule, v] : lost)
        if (v > most) {
            most = v;
            best = rule;
        }
    return best;
}

struct ParcelOutcome {
    std::vector<NewBuilding> buildings;
    BindingRule binding = BindingRule::Far;
    double targetPct = 0.0;
    std::string note;
};

NewBuilding makeBuilding(const ParcelContext& c, const Polygon& frameFootprint, int floors, int index) {
    NewBuilding b;
    b.id = c.parcel->id + "/" + std::to_string(index);
    b.parcelId = c.parcel->id;
    b.footprint = detail::rotate(frameFootprint, -c.options->trueNorthGridAzimuthDeg, c.origin);
    bg::correct(b.footprint);
    b.floors = floors;
    b.storeyHeightM = c.typ->storeyHeightM;
    b.heightM = floors * c.typ->storeyHeightM;
    b.footprintM2 = core::area(b.footprint);
    b.gfaM2 = b.footprintM2 * floors;
    b.gfaResidentialM2 = b.gfaM2 * c.limits.residentialShare;
    b.gfaNonResidentialM2 = b.gfaM2 - b.gfaResidentialM2;
    b.nonResidentialUse = c.limits.nonResidentialUse;
    if (c.limits.residentialShare >= 1.0 - 1e-12)
        b.use = "residential";
    else if (c.limits.residentialShare <= 1e-12)
        b.use = toString(c.limits.nonResidentialUse);
    else
        b.use = "mixed";
    b.typology = c.typ->id;
    b.meanUnitGrossM2 = c.typ->meanUnitGrossM2();
    b.windowsAllSides = c.typ->windowsAllSides || c.typ->kind == TypologyKind::Perimeter;
    return b;
}

ParcelOutcome massRows(const ParcelContext& c) {
    ParcelOutcome out;
    const core::MultiPolygon region = detail::inset(c.frameParcel, c.typ->lotSetbackM);
    const double targetGfa = c.limits.farLimitPct / 100.0 * c.area;
    const double floorArea = c.typ->lengthM * c.typ->depthM;
    if (region.empty()) {
        out.binding = BindingRule::ParcelShape;
        out.note = "nothing is left inside the lot setbacks";
        return out;
    }
    const auto regionEdges = detail::edges(region);
    // Seeded phases of the first row (deterministic: mt19937's raw output is specified by the standard).
    std::mt19937 rng(c.options->seed);
    const double u = static_cast<double>(rng()) / 4294967296.0;
    const int phases = std::clamp(c.options->phaseCandidates, 1, 16);
    const double storey = c.typ->storeyHeightM;

    Plan best;
    bool haveBest = false, reached = false;
    std::map<std::pair<long long, long long>, std::vector<std::vector<Slot>>> cache;
    for (int n = c.typ->minFloors; n <= std::max(c.typ->minFloors, c.topFloors) && !reached; ++n) {
        const double h = n * storey;
        const double rowGap = std::max(c.typ->minRowSpacingM, c.spacingFactor * h);
        double gapX = c.typ->sideGapM;
        if (c.aptRules) gapX = std::max(gapX, c.rules->sideWallsM);
        if (c.aptRules && c.typ->windowsAllSides) gapX = std::max(gapX, c.spacingFactor * h);
        const double pitch = c.typ->depthM + rowGap;
        const auto key = std::make_pair(std::llround(pitch * 1000.0), std::llround(gapX * 1000.0));
        auto it = cache.find(key);
        if (it == cache.end()) {
            std::vector<std::vector<Slot>> layouts;
            for (int k = 0; k < phases; ++k)
                layouts.push_back(rowLayout(c, region, regionEdges, pitch, gapX, (k + u) / phases * pitch));
            it = cache.emplace(key, std::move(layouts)).first;
        }
        for (const auto& slots : it->second) {
            Plan p = assign(c, slots, n);
            const bool hits = p.gfa >= targetGfa - kEps;
            // Prefer the lowest floor count that reaches the target (least shadow); else the most floor area.
            if (!haveBest || (hits && !reached) || (!reached && p.gfa > best.gfa + kEps)) {
                best = p;
                haveBest = true;
                reached = hits;
            }
            if (reached) break;
        }
    }
    if (!haveBest || best.slots.empty()) {
        out.binding = best.all.empty() ? BindingRule::ParcelShape : bindingOf(c, best, targetGfa, floorArea);
        out.note = best.all.empty()
                       ? "no " + c.typ->id + " footprint fits inside the lot setbacks"
                       : "no building can stand: the envelope allows fewer than the typology's " +
                             std::to_string(c.typ->minFloors) + " floors";
        return out;
    }
    trimToTarget(c, best, targetGfa);
    out.binding = bindingOf(c, best, targetGfa, floorArea);
    int index = 0;
    // Ids run south to north, then west to east.
    std::stable_sort(best.slots.begin(), best.slots.end(), [](const Slot& a, const Slot& b) {
        return a.y0 < b.y0 - 1e-9 || (std::fabs(a.y0 - b.y0) <= 1e-9 && a.x0 < b.x0);
    });
    for (const Slot& s : best.slots)
        out.buildings.push_back(
            makeBuilding(c, detail::rectangle(s.x0, s.y0, s.x1, s.y1), s.floors, ++index));
    if (out.buildings.empty())
        out.note = "the FAR target is below one building of the typology's minimum floors";
    return out;
}

ParcelOutcome massPerimeter(const ParcelContext& c) {
    ParcelOutcome out;
    const core::MultiPolygon region = detail::inset(c.frameParcel, c.typ->lotSetbackM);
    const double targetGfa = c.limits.farLimitPct / 100.0 * c.area;
    if (region.empty()) {
        out.binding = BindingRule::ParcelShape;
        out.note = "nothing is left inside the lot setbacks";
        return out;
    }
    // The largest part of the buildable region carries the block.
    const Polygon* part = &region.front();
    for (const Polygon& p : region)
        if (core::area(p) > core::area(*part)) part = &p;
    core::MultiPolygon whole;
    whole.push_back(*part);
    const double bcrArea = c.limits.bcrLimitPct / 100.0 * c.area;
    // The ring may cover at most the BCR, and at the minimum floors at most the FAR target.
    const double farArea = targetGfa / c.typ->minFloors;
    const double maxRing = std::min(bcrArea, farArea);

    auto ringFor = [&](double depth, core::MultiPolygon& court) {
        court = detail::inset(*part, depth);
        return court.empty() ? whole : detail::difference(whole, court);
    };
    core::MultiPolygon court;
    core::MultiPolygon ring = ringFor(c.typ->depthM, court);
    double depth = c.typ->depthM;
    if (core::area(ring) >
        maxRing) {  // thinner wings until coverage and floor area fit (down to half the depth)
        double lo = 0.5 * c.typ->depthM, hi = c.typ->depthM;
        core::MultiPolygon courtLo;
        if (core::area(ringFor(lo, courtLo)) > maxRing) {
            const bool bcr = bcrArea <= farArea;
            out.binding = bcr ? BindingRule::Bcr : BindingRule::Far;
            out.note = bcr ? "even wings of half the depth cover more than the BCR allows"
                           : "even wings of half the depth at the minimum floors exceed the FAR target";
            return out;
        }
        for (int i = 0; i < 40; ++i) {
            const double mid = 0.5 * (lo + hi);
            core::MultiPolygon cm;
            if (core::area(ringFor(mid, cm)) > maxRing)
                hi = mid;
            else
                lo = mid;
        }
        depth = lo;
        ring = ringFor(depth, court);
    }
    if (ring.size() != 1) {
        out.binding = BindingRule::ParcelShape;
        out.note = "the block's wings do not form one ring";
        return out;
    }
    const Polygon& fp = ring.front();
    int floors = 0;
    BindingRule reason = BindingRule::MaxFloors;
    capAt(c, fp, true, floors, reason);
    // Across the courtyard: facing window walls at least factor x height apart (and the typology minimum).
    if (!court.empty()) {
        const core::Box cb = core::bounds(court);
        const double w = std::min(cb.width(), cb.height());
        if (w < c.typ->minRowSpacingM - 1e-9) {
            out.binding = BindingRule::ParcelShape;
            out.note = "the courtyard would be " + num(w, 3) + " m wide, below the typology's " +
                       num(c.typ->minRowSpacingM, 3) + " m";
            return out;
        }
        if (c.spacingFactor > 0.0) {
            const int f = static_cast<int>(std::floor(w / c.spacingFactor / c.typ->storeyHeightM + 1e-9));
            if (f < floors) {
                floors = f;
                reason = BindingRule::Spacing;
            }
        }
    }
    const double area = core::area(fp);
    const int wanted = static_cast<int>(std::floor(targetGfa / area + 1e-9));
    const int built = std::min(floors, wanted);
    if (built < c.typ->minFloors) {
        out.binding = wanted < c.typ->minFloors ? BindingRule::Far : reason;
        out.note = wanted < c.typ->minFloors ? "the FAR target is below one block of the minimum floors"
                                             : "the envelope allows fewer than the typology's minimum floors";
        return out;
    }
    out.binding = (targetGfa - built * area < area - kEps) ? BindingRule::Far : reason;
    if (depth < c.typ->depthM - 1e-6)
        out.note =
            "wings thinned to " + num(depth, 3) + " m for the " + (bcrArea <= farArea ? "BCR" : "FAR target");
    out.buildings.push_back(makeBuilding(c, fp, built, 1));
    return out;
}

ParcelContext contextFor(const Parcel& parcel, const NewtownTables& tables, const MassingOptions& options) {
    ParcelContext c;
    c.parcel = &parcel;
    c.limits = parcelLimits(parcel, tables);
    c.typ = c.limits.typology;
    c.rules = &tables.rules;
    c.options = &options;
    const Polygon shape = corrected(parcel.shape);
    c.origin = frameOrigin(shape);
    c.frameParcel = detail::rotate(shape, options.trueNorthGridAzimuthDeg, c.origin);
    c.area = core::area(shape);
    if (c.limits.zoning && c.typ) {
        c.north = c.limits.zoning->northSetback;
        c.aptRules = c.typ->apartment && c.limits.zoning->apartmentDaylight;
        c.lotRatio = c.aptRules ? c.limits.zoning->lotLineHeightRatio : 0.0;
        c.spacingFactor = c.aptRules ? options.spacingFactor : 0.0;
        c.heightLimit = std::isnan(parcel.heightLimitM) ? kInf : parcel.heightLimitM;
        c.offset = std::isnan(parcel.lotLineOffsetM) ? options.lotLineOffsetM : parcel.lotLineOffsetM;
        c.topFloors = c.typ->maxFloors;
        c.topReason = BindingRule::MaxFloors;
        // Floors under the height limit, counted only for a finite limit (no limit is infinity, and converting
        // infinity to int is undefined behaviour: UBSan found it).
        const double byHeight = std::floor(c.heightLimit / c.typ->storeyHeightM + 1e-9);
        if (std::isfinite(byHeight) && byHeight < c.topFloors) {
            c.topFloors = static_cast<int>(byHeight);
            c.topReason = BindingRule::HeightLimit;
        }
    }
    return c;
}

}  // namespace

const char* toString(BindingRule rule) {
    switch (rule) {
        case BindingRule::Far:
            return "far";
        case BindingRule::Bcr:
            return "bcr";
        case BindingRule::NorthSetback:
            return "north_setback";
        case BindingRule::Spacing:
            return "spacing";
        case BindingRule::LotLine:
            return "lot_line";
        case BindingRule::HeightLimit:
            return "height_limit";
        case BindingRule::MaxFloors:
            return "max_floors";
        case BindingRule::ParcelShape:
            return "parcel_shape";
    }
    return "far";
}

double northSetbackMaxHeight(double distanceM, const BuildingRules& rules, NorthSetbackRule rule) {
    if (!(distanceM >= rules.northMinDistanceM - 1e-9)) return 0.0;
    const double low =
        rule == NorthSetbackRule::Current ? rules.northLowHeightM : rules.northLowHeightPre2023M;
    return std::max(low, distanceM / rules.northHeightRatio);
}

double northSetbackRequiredDistance(double heightM, const BuildingRules& rules, NorthSetbackRule rule) {
    const double low =
        rule == NorthSetbackRule::Current ? rules.northLowHeightM : rules.northLowHeightPre2023M;
    if (heightM <= low + 1e-9) return rules.northMinDistanceM;
    return std::max(rules.northMinDistanceM, rules.northHeightRatio * heightM);
}

ParcelLimits parcelLimits(const Parcel& parcel, const NewtownTables& tables) {
    ParcelLimits l;
    l.zoning = tables.decree.find(parcel.zoningClass);
    if (!l.zoning) return l;
    const OrdinanceLimit* o = tables.ordinance.find(l.zoning->id);
    if (!std::isnan(parcel.farPct)) {
        l.farLimitPct = parcel.farPct;
        l.farSource = "override";
    } else if (o) {
        l.farLimitPct = o->farPct;
        l.farSource = "ordinance";
    } else {
        l.farLimitPct = l.zoning->farMaxPct;
        l.farSource = "decree";
    }
    if (!std::isnan(parcel.bcrPct)) {
        l.bcrLimitPct = parcel.bcrPct;
        l.bcrSource = "override";
    } else if (o) {
        l.bcrLimitPct = o->bcrPct;
        l.bcrSource = "ordinance";
    } else {
        l.bcrLimitPct = l.zoning->bcrMaxPct;
        l.bcrSource = "decree";
    }
    const ClassDefault* d = tables.classDefault(l.zoning->id);
    const std::string typ = !parcel.typology.empty() ? parcel.typology : (d ? d->typology : "slab");
    l.typology = tables.typology(typ);
    l.residentialShare =
        !std::isnan(parcel.residentialShare) ? parcel.residentialShare : (d ? d->residentialShare : 1.0);
    l.nonResidentialUse = d ? d->nonResidentialUse : LandUse::Retail;
    if (!parcel.nonResidentialUse.empty()) parseLandUse(parcel.nonResidentialUse, l.nonResidentialUse);
    return l;
}

ParcelChecks checkParcels(const std::vector<Parcel>& parcels, const NewtownTables& tables,
                          const MassingOptions& options) {
    ParcelChecks out;
    std::map<std::string, int> seen;
    std::vector<Polygon> shapes(parcels.size());
    std::vector<bool> valid(parcels.size(), false);
    for (std::size_t i = 0; i < parcels.size(); ++i) {
        const Parcel& p = parcels[i];
        const std::string id = p.id.empty() ? "#" + std::to_string(i + 1) : p.id;
        if (p.id.empty())
            out.errors.push_back(parcelProblem(id, "id", "has no id"));
        else if (seen[p.id]++ == 1)
            out.errors.push_back(parcelProblem(id, "id", "the id is used by more than one parcel"));
        shapes[i] = corrected(p.shape);
        std::string reason;
        valid[i] = detail::isValid(shapes[i], reason);
        if (!valid[i]) out.errors.push_back(parcelProblem(id, "geometry", "invalid polygon: " + reason));
        const ParcelLimits l = parcelLimits(p, tables);
        if (!l.zoning) {
            out.errors.push_back(parcelProblem(
                id, "zoning",
                "unknown zoning class '" + p.zoningClass + "' (not in " + tables.decree.info.file + ")"));
            continue;
        }
        const ZoningClass& z = *l.zoning;
        if (!tables.ordinance.find(z.id))
            out.warnings.push_back(parcelProblem(id, "zoning",
                                                 "the " + tables.ordinance.name +
                                                     " ordinance table has no limits for " + z.id +
                                                     "; the decree maxima are used (BCR " + num(z.bcrMaxPct) +
                                                     " %, FAR " + num(z.farMaxPct) + " %)"));
        if (!std::isnan(p.farPct)) {
            const double ceiling = z.farMaxPct * options.farBonusFactor;
            if (!(p.farPct > 0.0) || p.farPct > ceiling + 1e-9)
                out.errors.push_back(parcelProblem(
                    id, "far_pct",
                    "FAR " + num(p.farPct) + " % is above the decree maximum " + num(z.farMaxPct) + " % of " +
                        z.id +
                        (options.farBonusFactor != 1.0 ? " x far_bonus_factor " + num(options.farBonusFactor)
                                                       : "") +
                        " (Enforcement Decree Art. 85)"));
            else if (p.farPct < z.farMinPct - 1e-9)
                out.warnings.push_back(parcelProblem(
                    id, "far_pct",
                    "FAR " + num(p.farPct) + " % is below the decree minimum " + num(z.farMinPct) + " % of " +
                        z.id + " (Art. 85: no ordinance may set a lower limit; building to it is legal)"));
        }
        if (!std::isnan(p.bcrPct) && (!(p.bcrPct > 0.0) || p.bcrPct > z.bcrMaxPct + 1e-9))
            out.errors.push_back(parcelProblem(id, "bcr_pct",
                                               "BCR " + num(p.bcrPct) + " % is outside 0.." +
                                                   num(z.bcrMaxPct) + " %, the decree maximum of " + z.id +
                                                   " (Art. 84)"));
        if (!std::isnan(p.lotLineOffsetM) && !limits::lotLineOffsetM.contains(p.lotLineOffsetM))
            out.errors.push_back(parcelProblem(id, "lot_line_offset_m",
                                               "lot-line offset " + num(p.lotLineOffsetM) + " m is outside " +
                                                   limits::text(limits::lotLineOffsetM)));
        if (!std::isnan(p.heightLimitM) && !(p.heightLimitM > 0.0))
            out.errors.push_back(parcelProblem(id, "height_limit_m",
                                               "height limit " + num(p.heightLimitM) + " m is not positive"));
        if (!std::isnan(p.residentialShare) && !(p.residentialShare >= 0.0 && p.residentialShare <= 1.0))
            out.errors.push_back(
                parcelProblem(id, "residential_share",
                              "residential share " + num(p.residentialShare) + " is outside 0..1"));
        LandUse use;
        if (!p.nonResidentialUse.empty() &&
            (!parseLandUse(p.nonResidentialUse, use) || use == LandUse::Residential))
            out.errors.push_back(parcelProblem(id, "nonresidential_use",
                                               "unknown non-residential use '" + p.nonResidentialUse +
                                                   "' (retail, office, industrial or public)"));
        if (!l.typology) {
            out.errors.push_back(
                parcelProblem(id, "typology",
                              "unknown typology '" +
                                  (p.typology.empty() ? std::string("(class default)") : p.typology) + "'"));
            continue;
        }
        // Too small for any building: no footprint of the typology fits inside the lot setbacks.
        if (valid[i] && p.redevelop) {
            const Typology& t = *l.typology;
            const Polygon frame =
                detail::rotate(shapes[i], options.trueNorthGridAzimuthDeg, frameOrigin(shapes[i]));
            const core::MultiPolygon region = detail::inset(frame, t.lotSetbackM);
            bool fits = false;
            if (!region.empty()) {
                if (t.kind == TypologyKind::Perimeter) {
                    const core::Box b = core::bounds(region);
                    fits = std::min(b.width(), b.height()) >= 2.0 * t.depthM + t.minRowSpacingM - 1e-9;
                } else {
                    const auto segs = detail::edges(region);
                    const core::Box b = core::bounds(region);
                    for (double y = b.minY; y + t.depthM <= b.maxY + 1e-9 && !fits; y += 0.25)
                        for (const auto& iv : detail::freeIntervals(segs, region, y, y + t.depthM))
                            fits = fits || iv.second - iv.first >= t.lengthM - 1e-9;
                }
            }
            if (!fits) {
                const std::string need = t.kind == TypologyKind::Perimeter
                                             ? num(2 * t.depthM + t.minRowSpacingM) + " m across"
                                             : num(t.lengthM) + " x " + num(t.depthM) + " m";
                out.warnings.push_back(parcelProblem(
                    id, "geometry",
                    "too small for any " + t.id + " building (area " + num(core::area(shapes[i]), 6) +
                        " m2; a footprint of " + need + " must fit inside lot setbacks of " +
                        num(t.lotSetbackM) + " m); it gets no building"));
            }
        }
    }
    // Overlaps: sweep over bounding boxes, then the exact intersection area.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < parcels.size(); ++i)
        if (valid[i]) order.push_back(i);
    std::vector<core::Box> boxes(parcels.size());
    for (std::size_t i : order)
        boxes[i] = detail::bounds(shapes[i]);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return boxes[a].minX < boxes[b].minX; });
    for (std::size_t a = 0; a < order.size(); ++a)
        for (std::size_t b = a + 1; b < order.size(); ++b) {
            const std::size_t i = order[a], j = order[b];
            if (boxes[j].minX >= boxes[i].maxX) break;
            if (!boxes[i].intersects(boxes[j])) continue;
            const double common = detail::intersectionArea(shapes[i], shapes[j]);
            if (common > 1.0)
                out.errors.push_back(
                    parcelProblem(parcels[i].id, "geometry",
                                  "overlaps parcel '" + parcels[j].id + "' by " + num(common, 6) + " m2"));
        }
    return out;
}

ParcelCompliance checkCompliance(const Parcel& parcel, const std::vector<NewBuilding>& buildings,
                                 const NewtownTables& tables, const MassingOptions& options) {
    ParcelCompliance r;
    const ParcelLimits l = parcelLimits(parcel, tables);
    r.parcelId = parcel.id;
    r.zoningClass = l.zoning ? l.zoning->id : parcel.zoningClass;
    r.typology = l.typology ? l.typology->id : parcel.typology;
    const Polygon shape = corrected(parcel.shape);
    r.areaM2 = core::area(shape);
    r.buildings = static_cast<int>(buildings.size());
    r.bcrLimitPct = l.bcrLimitPct;
    r.farLimitPct = l.farLimitPct;
    r.farTargetPct = l.farLimitPct;
    r.heightLimitM = parcel.heightLimitM;
    const double angle = options.trueNorthGridAzimuthDeg;
    const Point origin = frameOrigin(shape);
    const Polygon frameParcel = detail::rotate(shape, angle, origin);
    const double off = std::isnan(parcel.lotLineOffsetM) ? options.lotLineOffsetM : parcel.lotLineOffsetM;

    double fpSum = 0.0, gfaSum = 0.0;
    std::vector<Polygon> frames;
    std::vector<core::Box> boxes;
    for (const NewBuilding& b : buildings) {
        const Polygon fp = corrected(b.footprint);
        const double a = core::area(fp);
        fpSum += a;
        gfaSum += a * b.floors;
        r.maxHeightM = std::max(r.maxHeightM, b.heightM);
        frames.push_back(detail::rotate(fp, angle, origin));
        boxes.push_back(detail::bounds(frames.back()));
    }
    r.bcrAchievedPct = 100.0 * fpSum / r.areaM2;
    r.farAchievedPct = 100.0 * gfaSum / r.areaM2;
    r.bcrPass = r.bcrAchievedPct <= r.bcrLimitPct + 1e-6;
    r.farPass = r.farAchievedPct <= r.farLimitPct + 1e-6;
    r.heightPass = std::isnan(r.heightLimitM) || r.maxHeightM <= r.heightLimitM + 1e-6;
    if (!l.zoning) return r;

    // Due-north setback, building by building.
    r.northSetbackApplies = l.zoning->northSetback;
    if (r.northSetbackApplies) {
        double worst = kInf;
        for (std::size_t i = 0; i < buildings.size(); ++i) {
            const double d = off + detail::clearance(frames[i], frameParcel, Dir::North);
            const double need =
                northSetbackRequiredDistance(buildings[i].heightM, tables.rules, options.northRule);
            if (d - need < worst) {
                worst = d - need;
                r.northRequiredM = need;
                r.northAchievedM = d;
            }
        }
        r.northPass = worst >= -1e-6;
    }

    // Apartment rules: window walls facing each other and the lot line.
    const bool apartment = l.typology && l.typology->apartment;
    r.spacingApplies = apartment && l.zoning->apartmentDaylight;
    r.lotLineApplies = r.spacingApplies && l.zoning->lotLineHeightRatio > 0.0;
    if (r.spacingApplies) {
        r.spacingRequiredRatio = options.spacingFactor;
        r.sideGapRequiredM = tables.rules.sideWallsM;
        double ratio = kInf, side = kInf;
        for (std::size_t i = 0; i < buildings.size(); ++i) {
            const bool allSides = buildings[i].windowsAllSides;
            // Nearest building due north with overlapping east-west extent, and due east with overlapping
            // north-south extent.
            double dn = kInf, de = kInf;
            std::size_t jn = i, je = i;
            for (std::size_t j = 0; j < buildings.size(); ++j) {
                if (j == i) continue;
                const double xo =
                    std::min(boxes[i].maxX, boxes[j].maxX) - std::max(boxes[i].minX, boxes[j].minX);
                const double yo =
                    std::min(boxes[i].maxY, boxes[j].maxY) - std::max(boxes[i].minY, boxes[j].minY);
                if (xo > 1e-6 && boxes[j].minY >= boxes[i].maxY - 1e-6 &&
                    boxes[j].minY - boxes[i].maxY < dn) {
                    dn = boxes[j].minY - boxes[i].maxY;
                    jn = j;
                }
                if (yo > 1e-6 && boxes[j].minX >= boxes[i].maxX - 1e-6 &&
                    boxes[j].minX - boxes[i].maxX < de) {
                    de = boxes[j].minX - boxes[i].maxX;
                    je = j;
                }
            }
            if (jn != i) ratio = std::min(ratio, dn / std::max(buildings[i].heightM, buildings[jn].heightM));
            if (je != i) {
                if (allSides || buildings[je].windowsAllSides)
                    ratio = std::min(ratio, de / std::max(buildings[i].heightM, buildings[je].heightM));
                else
                    side = std::min(side, de);
            }
            // A perimeter block's wings face each other across the courtyard.
            for (const core::Ring& hole : frames[i].inners) {
                core::Box hb;
                for (const Point& p : hole)
                    hb.expand(p);
                ratio = std::min(ratio, std::min(hb.width(), hb.height()) / buildings[i].heightM);
            }
        }
        r.spacingAchievedRatio = std::isfinite(ratio) ? ratio : NAN;
        r.sideGapAchievedM = std::isfinite(side) ? side : NAN;
        r.spacingPass = (!std::isfinite(ratio) || ratio >= r.spacingRequiredRatio - 1e-9) &&
                        (!std::isfinite(side) || side >= r.sideGapRequiredM - 1e-9);
    }
    if (r.lotLineApplies) {
        r.lotLineRequiredRatio = 1.0 / l.zoning->lotLineHeightRatio;
        double ratio = kInf;
        for (std::size_t i = 0; i < buildings.size(); ++i) {
            std::vector<Dir> dirs = {Dir::South, Dir::North};
            if (buildings[i].windowsAllSides) {
                dirs.push_back(Dir::East);
                dirs.push_back(Dir::West);
            }
            for (Dir d : dirs)
                ratio = std::min(ratio,
                                 (off + detail::clearance(frames[i], frameParcel, d)) / buildings[i].heightM);
        }
        r.lotLineAchievedRatio = std::isfinite(ratio) ? ratio : NAN;
        r.lotLinePass = !std::isfinite(ratio) || ratio >= r.lotLineRequiredRatio - 1e-9;
    }
    return r;
}

MassingResult massParcels(const std::vector<Parcel>& parcels, const NewtownTables& tables,
                          const MassingOptions& options, const core::Progress& progress) {
    MassingResult result;
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < parcels.size(); ++i)
        if (parcels[i].redevelop) todo.push_back(i);
    std::vector<ParcelOutcome> outcomes(todo.size());
    const std::size_t chunk = 64;
    for (std::size_t start = 0; start < todo.size(); start += chunk) {
        if (progress.cancelled()) {
            result.cancelled = true;
            return result;
        }
        progress(static_cast<double>(start) / static_cast<double>(todo.size()), "massing");
        const long long end = static_cast<long long>(std::min(todo.size(), start + chunk));
#pragma omp parallel for schedule(dynamic, 1)
        for (long long k = static_cast<long long>(start); k < end; ++k) {
            const Parcel& p = parcels[todo[static_cast<std::size_t>(k)]];
            const ParcelContext c = contextFor(p, tables, options);
            ParcelOutcome& o = outcomes[static_cast<std::size_t>(k)];
            if (!c.limits.zoning || !c.typ) {
                o.binding = BindingRule::ParcelShape;
                o.note = "unknown zoning class or typology";
                continue;
            }
            o = c.typ->kind == TypologyKind::Perimeter ? massPerimeter(c) : massRows(c);
            o.targetPct = c.limits.farLimitPct;
        }
    }
    for (std::size_t k = 0; k < todo.size(); ++k) {
        const Parcel& p = parcels[todo[k]];
        ParcelOutcome& o = outcomes[k];
        ParcelCompliance comp = checkCompliance(p, o.buildings, tables, options);
        comp.binding = o.binding;
        comp.farTargetPct = o.targetPct;
        comp.note = o.note;
        if (o.buildings.empty())
            result.warnings.push_back(parcelProblem(p.id, "geometry", "gets no building: " + o.note));
        result.compliance.push_back(comp);
        for (NewBuilding& b : o.buildings)
            result.buildings.push_back(std::move(b));
    }
    progress(1.0, "massing");
    return result;
}

}  // namespace citytwin::newtown
