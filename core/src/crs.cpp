#include "citytwin/core/crs.h"

#include <proj.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "citytwin/core/error.h"

namespace citytwin::core {

namespace {

/// RAII for PROJ contexts and objects.
struct ContextDeleter {
    void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

ContextPtr makeContext() {
    ContextPtr ctx(proj_context_create());
    if (!ctx) throw Error(ErrorCode::Internal, "PROJ: cannot create a context");
    proj_log_level(ctx.get(), PJ_LOG_NONE);  // errors are reported through exceptions, not stderr
    return ctx;
}

std::string projError(PJ_CONTEXT* ctx) {
    const int err = proj_context_errno(ctx);
    if (err == 0) return "not a coordinate reference system PROJ recognises";
    const char* msg = proj_context_errno_string(ctx, err);
    return msg ? msg : "unknown PROJ error";
}

bool isCrsType(PJ_TYPE t) {
    switch (t) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS:
        case PJ_TYPE_GEOGRAPHIC_3D_CRS:
        case PJ_TYPE_GEOCENTRIC_CRS:
        case PJ_TYPE_PROJECTED_CRS:
        case PJ_TYPE_COMPOUND_CRS:
        case PJ_TYPE_BOUND_CRS:
        case PJ_TYPE_ENGINEERING_CRS:
        case PJ_TYPE_VERTICAL_CRS:
        case PJ_TYPE_TEMPORAL_CRS:
        case PJ_TYPE_OTHER_CRS:
        case PJ_TYPE_GEODETIC_CRS:
        case PJ_TYPE_CRS:
            return true;
        default:
            return false;
    }
}

PjPtr createCrs(PJ_CONTEXT* ctx, const std::string& text) {
    std::string input = text;
    // A bare "+proj=..." string describes an operation unless it says it is a CRS.
    if (input.rfind("+proj=", 0) == 0 && input.find("+type=crs") == std::string::npos) input += " +type=crs";
    PjPtr pj(proj_create(ctx, input.c_str()));
    if (!pj) {
        const std::string shown = text.size() > 80 ? text.substr(0, 77) + "..." : text;
        throw Error(ErrorCode::Crs, "unknown coordinate reference system '" + shown + "': " + projError(ctx));
    }
    if (!isCrsType(proj_get_type(pj.get()))) {
        const std::string shown = text.size() > 80 ? text.substr(0, 77) + "..." : text;
        throw Error(ErrorCode::Crs,
                    "'" + shown + "' is a coordinate operation, not a coordinate reference system");
    }
    // Keep the horizontal part of a compound CRS (e.g. EPSG:7415 = RD New + NAP height).
    if (proj_get_type(pj.get()) == PJ_TYPE_COMPOUND_CRS) {
        PjPtr horizontal(proj_crs_get_sub_crs(ctx, pj.get(), 0));
        if (!horizontal) throw Error(ErrorCode::Crs, "compound CRS without a horizontal part: " + text);
        pj = std::move(horizontal);
    }
    return pj;
}

/// The CRS behind a bound CRS (a CRS with an attached transformation to WGS 84, e.g. from TOWGS84).
PjPtr baseCrs(PJ_CONTEXT* ctx, PJ* pj) {
    if (proj_get_type(pj) == PJ_TYPE_BOUND_CRS) return PjPtr(proj_get_source_crs(ctx, pj));
    return PjPtr(proj_clone(ctx, pj));
}

}  // namespace

Crs Crs::fromUserInput(const std::string& text) {
    if (text.empty()) throw Error(ErrorCode::Crs, "empty coordinate reference system definition");
    ContextPtr ctx = makeContext();
    PjPtr pj = createCrs(ctx.get(), text);
    PjPtr base = baseCrs(ctx.get(), pj.get());
    if (!base) throw Error(ErrorCode::Crs, "cannot read the coordinate reference system '" + text + "'");

    Crs crs;
    const char* wkt = proj_as_wkt(ctx.get(), pj.get(), PJ_WKT2_2019, nullptr);
    if (!wkt) throw Error(ErrorCode::Crs, "cannot express '" + text + "' as WKT2: " + projError(ctx.get()));
    crs.wkt_ = wkt;
    const char* name = proj_get_name(base.get());
    crs.name_ = name ? name : "";

    const PJ_TYPE type = proj_get_type(base.get());
    crs.projected_ = type == PJ_TYPE_PROJECTED_CRS;
    crs.geographic_ = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;

    if (PjPtr cs{proj_crs_get_coordinate_system(ctx.get(), base.get())}) {
        double factor = 0.0;
        const char* unitName = nullptr;
        if (proj_cs_get_axis_info(ctx.get(), cs.get(), 0, nullptr, nullptr, nullptr, &factor, &unitName,
                                  nullptr, nullptr) &&
            crs.projected_)
            crs.linearUnit_ = factor;
    }

    // EPSG code: stated in the definition, or identified by PROJ with high confidence
    // (100 = equivalent, 90 = equivalent apart from names).
    const char* auth = proj_get_id_auth_name(base.get(), 0);
    const char* code = proj_get_id_code(base.get(), 0);
    if (auth && code && std::strcmp(auth, "EPSG") == 0) {
        crs.epsg_ = std::atoi(code);
    } else {
        // PROJ's confidence: 100 = equivalent and same name, 90 = equivalent with a similar name, 70 =
        // equivalent datum and coordinate system under another name (typical of PROJ strings and ESRI WKT).
        // Take the best match only when it is alone at its level, so that an ambiguous definition gets no
        // code.
        int* confidence = nullptr;
        PJ_OBJ_LIST* matches = proj_identify(ctx.get(), base.get(), "EPSG", nullptr, &confidence);
        if (matches) {
            const int n = proj_list_get_count(matches);
            int best = -1, bestConfidence = 0, atBest = 0;
            for (int i = 0; i < n; ++i) {
                if (confidence[i] > bestConfidence) {
                    best = i;
                    bestConfidence = confidence[i];
                    atBest = 1;
                } else if (confidence[i] == bestConfidence) {
                    ++atBest;
                }
            }
            if (best >= 0 && bestConfidence >= 70 && atBest == 1) {
                PjPtr match(proj_list_get(ctx.get(), matches, best));
                if (const char* mcode = match ? proj_get_id_code(match.get(), 0) : nullptr)
                    crs.epsg_ = std::atoi(mcode);
            }
            proj_int_list_destroy(confidence);
            proj_list_destroy(matches);
        }
    }
    return crs;
}

Crs Crs::fromEpsg(int code) {
    return fromUserInput("EPSG:" + std::to_string(code));
}

Crs Crs::wgs84() {
    static const Crs crs = fromEpsg(4326);
    return crs;
}

std::string Crs::describe() const {
    if (empty()) return "(none)";
    std::string out;
    if (epsg_) {
        out = "EPSG:" + std::to_string(*epsg_);
        if (!name_.empty()) out += " (" + name_ + ")";
    } else {
        out = name_.empty() || name_ == "unknown" || name_ == "unnamed" ? std::string("custom CRS") : name_;
        out += " (no EPSG code)";
    }
    return out;
}

bool Crs::isEquivalentTo(const Crs& other) const {
    if (empty() || other.empty()) return empty() && other.empty();
    if (wkt_ == other.wkt_) return true;
    // Both identified as the same EPSG CRS: the same coordinates, whatever the names in the definitions.
    if (epsg_ && other.epsg_) return *epsg_ == *other.epsg_;
    ContextPtr ctx = makeContext();
    PjPtr a(proj_create(ctx.get(), wkt_.c_str()));
    PjPtr b(proj_create(ctx.get(), other.wkt_.c_str()));
    if (!a || !b) return false;
    // A bound CRS (with TOWGS84) holds coordinates of its source CRS: compare those.
    PjPtr baseA = baseCrs(ctx.get(), a.get()), baseB = baseCrs(ctx.get(), b.get());
    if (!baseA || !baseB) return false;
    return proj_is_equivalent_to_with_ctx(ctx.get(), baseA.get(), baseB.get(),
                                          PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

// ---------------------------------------------------------------------------------------------------------------

struct CoordinateTransformer::Impl {
    ContextPtr ctx;
    PjPtr op;
    bool identity = false;
};

CoordinateTransformer::CoordinateTransformer(const Crs& from, const Crs& to)
    : impl_(std::make_unique<Impl>()) {
    if (from.empty() || to.empty())
        throw Error(ErrorCode::Crs, "cannot transform coordinates: a coordinate reference system is missing");
    impl_->identity = from.isEquivalentTo(to);
    if (impl_->identity) return;
    impl_->ctx = makeContext();
    PJ_CONTEXT* ctx = impl_->ctx.get();
    PjPtr src(proj_create(ctx, from.wkt().c_str()));
    PjPtr dst(proj_create(ctx, to.wkt().c_str()));
    if (!src || !dst) throw Error(ErrorCode::Crs, "cannot read a CRS definition: " + projError(ctx));
    PjPtr op(proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr));
    if (!op)
        throw Error(ErrorCode::Crs, "no coordinate transformation from " + from.describe() + " to " +
                                        to.describe() + ": " + projError(ctx));
    // Traditional GIS order (longitude/easting first) on both sides.
    PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
    if (!norm) throw Error(ErrorCode::Crs, "cannot normalise axis order: " + projError(ctx));
    impl_->op = std::move(norm);
}

CoordinateTransformer::~CoordinateTransformer() {
    // The operation must go before its context.
    if (impl_) impl_->op.reset();
}
CoordinateTransformer::CoordinateTransformer(CoordinateTransformer&&) noexcept = default;
CoordinateTransformer& CoordinateTransformer::operator=(CoordinateTransformer&&) noexcept = default;

bool CoordinateTransformer::isIdentity() const {
    return impl_->identity;
}

Point CoordinateTransformer::transform(const Point& p) const {
    Point q = p;
    transform(&q, 1);
    return q;
}

std::size_t CoordinateTransformer::transform(std::vector<Point>& points) const {
    return transform(points.data(), points.size());
}

std::size_t CoordinateTransformer::transform(Point* points, std::size_t count) const {
    if (impl_->identity || count == 0) return 0;
    proj_errno_reset(impl_->op.get());
    proj_trans_generic(impl_->op.get(), PJ_FWD, &points[0].x, sizeof(Point), count, &points[0].y,
                       sizeof(Point), count, nullptr, 0, 0, nullptr, 0, 0);
    std::size_t failed = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
            points[i].x = points[i].y = std::numeric_limits<double>::quiet_NaN();
            ++failed;
        }
    }
    return failed;
}

Box CoordinateTransformer::transformBox(const Box& box) const {
    if (box.empty()) return Box{};
    if (impl_->identity) return box;
    constexpr int kSteps = 20;
    std::vector<Point> pts;
    pts.reserve(4 * (kSteps + 1));
    for (int i = 0; i <= kSteps; ++i) {
        const double t = static_cast<double>(i) / kSteps;
        const double x = box.minX + t * (box.maxX - box.minX);
        const double y = box.minY + t * (box.maxY - box.minY);
        pts.push_back({x, box.minY});
        pts.push_back({x, box.maxY});
        pts.push_back({box.minX, y});
        pts.push_back({box.maxX, y});
    }
    transform(pts);
    Box out;
    for (const Point& p : pts)
        if (std::isfinite(p.x) && std::isfinite(p.y)) out.expand(p);
    return out;
}

bool coordinatesCoincide(const Crs& a, const Crs& b, const Box& areaInA, double toleranceM) {
    if (a.empty() || b.empty() || areaInA.empty()) return false;
    if (a.isEquivalentTo(b)) return true;
    if (!a.isProjected() || !b.isProjected()) return false;
    try {
        CoordinateTransformer t(a, b);
        for (int i = 0; i <= 4; ++i)
            for (int j = 0; j <= 4; ++j) {
                const Point p{areaInA.minX + i * areaInA.width() / 4.0,
                              areaInA.minY + j * areaInA.height() / 4.0};
                const Point q = t.transform(p);
                if (!(std::abs(q.x - p.x) <= toleranceM && std::abs(q.y - p.y) <= toleranceM)) return false;
            }
        return true;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace citytwin::core
