#include "citytwin/core/model_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "citytwin/core/attribute_rules.h"
#include "citytwin/core/cityjson.h"
#include "citytwin/core/error.h"
#include "citytwin/core/polygon_repair.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/vector_io.h"
#include "gdal_util.h"
#include "text_util.h"

namespace citytwin::core {

namespace {

/// No projected coordinate on Earth is larger (its circumference is 4e7 m).
constexpr double kMaxCoordinateM = 1e8;

/// A footprint whose coordinates can be a building: finite, within kMaxCoordinateM, and no more than 10 km across.
bool plausibleFootprint(const MultiPolygon& mp) {
    Box b;
    for (const Polygon& p : mp)
        for (const Ring* r : {&p.outer})
            for (const Point& q : *r) {
                if (!std::isfinite(q.x) || !std::isfinite(q.y) || std::fabs(q.x) > kMaxCoordinateM ||
                    std::fabs(q.y) > kMaxCoordinateM)
                    return false;
                b.expand(q);
            }
    for (const Polygon& p : mp)
        for (const Ring& h : p.inners)
            for (const Point& q : h)
                if (!std::isfinite(q.x) || !std::isfinite(q.y) || !b.contains(q)) return false;
    return b.maxX - b.minX <= 10000.0 && b.maxY - b.minY <= 10000.0;
}

std::string fmt(double v, int digits = 1) {
    return detail::fixed(v, digits);
}

std::string boxText(const Box& b) {
    return "(" + fmt(b.minX) + ", " + fmt(b.minY) + ") - (" + fmt(b.maxX) + ", " + fmt(b.maxY) + ")";
}

/// "1 footprint", "3 footprints".
std::string count(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string sourceName(const std::string& file, const std::string& layer) {
    return layer.empty() ? file : file + " (" + layer + ")";
}

/// Vector data read for buildings or roads, still in its own CRS.
struct RawVector {
    const DatasetSpec* spec = nullptr;
    std::string file;
    VectorLayer layer;
    bool cityJson = false;
    std::vector<double> geometryHeight;  // CityJSON only
    std::vector<double> ground;          // CityJSON only
    std::size_t withoutGeometry = 0;
    std::vector<std::string> warnings;
    std::vector<std::string> notes;
};

struct RawLayer {
    const DatasetSpec* spec = nullptr;
    bool raster = false;
    std::vector<RasterInfo> rasters;
    VectorLayer vector;
    std::vector<std::string> warnings;
};

bool isRasterFile(const std::string& path) {
    detail::ensureGdal();
    detail::ErrorCapture quiet;
    detail::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    return ds && ds->GetRasterCount() > 0;
}

/// Clips a polyline to a box (Liang-Barsky per segment); returns the inside pieces.
std::vector<LineString> clipLine(const LineString& line, const Box& box) {
    std::vector<LineString> out;
    LineString current;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const Point a = line[i], b = line[i + 1];
        double t0 = 0.0, t1 = 1.0;
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {a.x - box.minX, box.maxX - a.x, a.y - box.minY, box.maxY - a.y};
        bool inside = true;
        for (int k = 0; k < 4 && inside; ++k) {
            if (p[k] == 0.0) {
                if (q[k] < 0.0) inside = false;
            } else {
                const double t = q[k] / p[k];
                if (p[k] < 0.0)
                    t0 = std::max(t0, t);
                else
                    t1 = std::min(t1, t);
                if (t0 > t1) inside = false;
            }
        }
        if (!inside) {
            if (current.size() >= 2) out.push_back(std::move(current));
            current.clear();
            continue;
        }
        const Point c{a.x + t0 * dx, a.y + t0 * dy};
        const Point d{a.x + t1 * dx, a.y + t1 * dy};
        if (current.empty() || current.back() != c) {
            if (current.size() >= 2) out.push_back(std::move(current));
            current.clear();
            current.push_back(c);
        }
        current.push_back(d);
        if (t1 < 1.0) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (current.size() >= 2) out.push_back(std::move(current));
    return out;
}

/// Key identifying a footprint regardless of starting vertex (to the centimetre).
std::string footprintKey(const MultiPolygon& mp) {
    std::string key;
    for (const Polygon& part : mp) {
        const Ring& r = part.outer;
        const std::size_t n = r.size() > 1 ? r.size() - 1 : r.size();
        std::vector<std::pair<long long, long long>> v(n);
        for (std::size_t i = 0; i < n; ++i)
            v[i] = {std::llround(r[i].x * 100.0), std::llround(r[i].y * 100.0)};
        const auto start = static_cast<std::size_t>(std::min_element(v.begin(), v.end()) - v.begin());
        for (std::size_t i = 0; i < n; ++i) {
            const auto& q = v[(start + i) % n];
            key += std::to_string(q.first) + "," + std::to_string(q.second) + ";";
        }
        key += "|" + std::to_string(part.inners.size()) + "|";
    }
    return key;
}

int firstField(const FieldList& fields, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (int i = fields.indexOf(n); i >= 0) return i;
    return -1;
}

std::string idOf(const VectorFeature& f, int idField) {
    if (idField >= 0) {
        std::string s = toText(f.attribute(idField));
        if (!s.empty()) return s;
    }
    return std::to_string(f.fid);
}

bool transformFeature(const CoordinateTransformer& tr, VectorFeature& f) {
    std::size_t failed = tr.transform(f.points);
    for (LineString& l : f.lines)
        failed += tr.transform(l.data(), l.size());
    for (Polygon& p : f.polygons) {
        failed += tr.transform(p.outer);
        for (Ring& h : p.inners)
            failed += tr.transform(h);
    }
    return failed == 0;
}

class Builder {
public:
    Builder(const Scenario& s, const BuildOptions& o) : s_(s), o_(o) {}

    CityModel run() {
        m_.name = s_.name;
        if (!s_.hasData()) {
            // Simulators that bring their own data (a TNTP network, a design storm on a given grid) run on an
            // empty model; it still needs a CRS to place their results.
            if (s_.crs.empty())
                throw Error(ErrorCode::Scenario,
                            "the scenario names no datasets (terrain, buildings, roads or layers) and no \"crs\": "
                            "give data, or \"crs\" alone for simulators that bring their own (a TNTP network)",
                            Error::Context{s_.file, {}, {}});
            chooseCrs();
            resolveExtent();
            finish();
            m_.report.info({}, "the scenario names no datasets: an empty city model in " + m_.crs.describe());
            stage(1.0, "done");
            return std::move(m_);
        }
        stage(0.0, "reading data");
        readTerrainHeaders();
        readBuildings();
        readRoads();
        readLayers();
        chooseCrs();
        resolveExtent();
        stage(0.3, "importing terrain");
        importTerrain();
        stage(0.5, "importing buildings");
        importBuildings();
        stage(0.8, "importing roads");
        importRoads();
        stage(0.9, "importing layers");
        importLayers();
        finish();
        stage(1.0, "done");
        return std::move(m_);
    }

private:
    void stage(double f, const std::string& name) {
        if (o_.progress && !o_.progress(f, name))
            throw Error(ErrorCode::Cancelled, "import cancelled", Error::Context{s_.file, {}, {}});
    }

    /// Runs f() with GDAL's warnings going into the report under `source`.
    template <class F>
    auto captured(const std::string& source, F&& f) {
        detail::ErrorCapture capture;
        auto result = f();
        for (std::string& w : capture.takeWarnings())
            m_.report.warn(source, std::move(w));
        return result;
    }

    void addLonLat(const Crs& crs, const Box& box) {
        if (box.empty()) return;
        CoordinateTransformer t(crs, Crs::wgs84());
        lonLat_.expand(t.transformBox(box));
    }

    // ---- phase 1: read everything in its own CRS
    // -------------------------------------------------------------

    void readTerrainHeaders() {
        if (!s_.terrain) return;
        const DatasetSpec& spec = *s_.terrain;
        for (const std::string& f : spec.files) {
            if (looksLikeCityJson(f)) {
                CityJsonReadResult r = readCityJson(f, spec.crs);
                if (r.terrainTriangles.empty())
                    throw fileError(ErrorCode::Data, f, "CityJSON file has no TINRelief to use as terrain");
                Box b;
                for (const auto& t : r.terrainTriangles)
                    for (int k = 0; k < 3; ++k)
                        b.expand(Point{t[3 * k], t[3 * k + 1]});
                addLonLat(r.layer.crs, b);
                tinCrs_ = r.layer.crs;
                tinFile_ = f;
                for (auto& t : r.terrainTriangles)
                    tin_.push_back(t);
                continue;
            }
            RasterInfo info = captured(f, [&] { return inspectRaster(f, spec.crs); });
            if (info.crs.empty())
                throw fileError(
                    ErrorCode::Crs, f,
                    "raster has no coordinate reference system; give one with \"crs\" for the terrain in "
                    "the scenario");
            addLonLat(info.crs, info.extent);
            terrainInfos_.push_back(std::move(info));
        }
        if (!tin_.empty() && !terrainInfos_.empty())
            throw Error(ErrorCode::Scenario, "terrain mixes raster files and a CityJSON TIN; use one kind",
                        Error::Context{s_.file, {}, spec.key});
    }

    RawVector readVectorSpec(const DatasetSpec& spec, const std::string& file, VectorRole role) {
        detail::ErrorCapture capture;  // GDAL warnings go into raw.warnings
        RawVector raw;
        raw.spec = &spec;
        raw.file = file;
        if (role == VectorRole::Buildings && looksLikeCityJson(file)) {
            CityJsonReadResult r = readCityJson(file, spec.crs);
            raw.cityJson = true;
            raw.layer = std::move(r.layer);
            raw.geometryHeight = std::move(r.heightM);
            raw.ground = std::move(r.groundM);
            raw.withoutGeometry = r.buildingsWithoutGeometry;
            raw.warnings = std::move(r.warnings);
            if (r.footprintsFromProjection)
                raw.warnings.push_back(
                    std::to_string(r.footprintsFromProjection) +
                    " footprints come from the plan projection of the roof (no ground faces)");
            if (!spec.layer.empty() || !spec.where.empty())
                raw.warnings.push_back("\"layer\" and \"where\" do not apply to CityJSON and were ignored");
        } else {
            VectorReadOptions vo;
            vo.layer = spec.layer;
            vo.where = spec.where;
            vo.crsOverride = spec.crs;
            vo.encoding = spec.encoding;
            vo.role = role;
            VectorReadResult r = readVector(file, vo);
            raw.layer = std::move(r.layer);
            raw.withoutGeometry = r.withoutGeometry;
            raw.warnings = std::move(r.warnings);
            raw.notes = std::move(r.notes);
        }
        if (raw.layer.features.empty()) {
            const char* what = role == VectorRole::Buildings ? "polygon" : "line";
            std::string msg = std::string("layer is empty: no ") + what + " features";
            if (!spec.where.empty()) msg += " match the filter \"" + spec.where + "\"";
            if (raw.withoutGeometry)
                msg += " (" + std::to_string(raw.withoutGeometry) + " features of other types)";
            throw Error(ErrorCode::Data, msg,
                        Error::Context{file, raw.cityJson ? std::string{} : raw.layer.name, {}});
        }
        addLonLat(raw.layer.crs, raw.layer.extent());
        for (std::string& w : capture.takeWarnings())
            raw.warnings.push_back(std::move(w));
        return raw;
    }

    void readBuildings() {
        for (const DatasetSpec& spec : s_.buildings)
            for (const std::string& f : spec.files)
                buildings_.push_back(readVectorSpec(spec, f, VectorRole::Buildings));
    }

    void readRoads() {
        for (const DatasetSpec& spec : s_.roads)
            for (const std::string& f : spec.files)
                roads_.push_back(readVectorSpec(spec, f, VectorRole::Roads));
    }

    void readLayers() {
        for (const DatasetSpec& spec : s_.layers) {
            RawLayer l;
            l.spec = &spec;
            l.raster = spec.kind == "raster" || (spec.kind.empty() && isRasterFile(spec.files.front()));
            if (l.raster) {
                for (const std::string& f : spec.files) {
                    RasterInfo info = captured(f, [&] { return inspectRaster(f, spec.crs); });
                    if (info.crs.empty())
                        throw fileError(
                            ErrorCode::Crs, f,
                            "raster has no coordinate reference system; give one with \"crs\" for layer '" +
                                spec.name + "' in the scenario");
                    addLonLat(info.crs, info.extent);
                    l.rasters.push_back(std::move(info));
                }
            } else {
                if (spec.files.size() != 1)
                    throw Error(ErrorCode::Scenario, "a vector layer takes one file",
                                Error::Context{s_.file, {}, spec.key});
                VectorReadOptions vo;
                vo.layer = spec.layer;
                vo.where = spec.where;
                vo.crsOverride = spec.crs;
                vo.encoding = spec.encoding;
                detail::ErrorCapture capture;
                VectorReadResult r = readVector(spec.files.front(), vo);
                for (std::string& w : capture.takeWarnings())
                    r.warnings.push_back(std::move(w));
                if (r.layer.features.empty())
                    throw Error(ErrorCode::Data, "layer is empty",
                                Error::Context{spec.files.front(), r.layer.name, spec.key});
                l.vector = std::move(r.layer);
                l.warnings = std::move(r.warnings);
                addLonLat(l.vector.crs, l.vector.extent());
            }
            layers_.push_back(std::move(l));
        }
    }

    // ---- phase 2: CRS and extent
    // ----------------------------------------------------------------------------

    void chooseCrs() {
        if (!s_.crs.empty()) {
            try {
                m_.crs = Crs::fromUserInput(s_.crs);
            } catch (const Error& e) {
                throw Error(ErrorCode::Crs, e.detail(), Error::Context{s_.file, {}, "crs"});
            }
            if (!m_.crs.isProjected() || m_.crs.linearUnitMetres() != 1.0)
                throw Error(ErrorCode::Crs,
                            m_.crs.describe() +
                                " is not a projected CRS in metres; CityTwin models need one (for "
                                "Korean data EPSG:5186, elsewhere a UTM zone)",
                            Error::Context{s_.file, {}, "crs"});
            m_.crsReason = "set in the scenario";
        } else {
            if (lonLat_.empty())
                throw Error(ErrorCode::Crs, "cannot place the data on Earth to choose a CRS; set \"crs\"",
                            Error::Context{s_.file, {}, "crs"});
            const double lon = 0.5 * (lonLat_.minX + lonLat_.maxX);
            const double lat = 0.5 * (lonLat_.minY + lonLat_.maxY);
            m_.crs = chooseProjectCrs(lon, lat, m_.crsReason);
        }
        m_.report.info({}, "project CRS " + m_.crs.describe() + ": " + m_.crsReason);
    }

    void resolveExtent() {
        if (!s_.extent) return;
        Box e = *s_.extent;
        if (!s_.extentCrs.empty()) {
            Crs ec;
            try {
                ec = Crs::fromUserInput(s_.extentCrs);
            } catch (const Error& err) {
                throw Error(ErrorCode::Crs, err.detail(), Error::Context{s_.file, {}, "extent_crs"});
            }
            e = CoordinateTransformer(ec, m_.crs).transformBox(e);
        }
        if (e.empty())
            throw Error(ErrorCode::Scenario, "the extent cannot be expressed in the project CRS",
                        Error::Context{s_.file, {}, "extent"});
        extent_ = e;
    }

    // ---- phase 3: import
    // ------------------------------------------------------------------------------------

    void importTerrain() {
        if (!s_.terrain) return;
        const DatasetSpec& spec = *s_.terrain;
        if (!tin_.empty()) {
            rasteriseTin();
        } else {
            RasterImportOptions ro;
            ro.target = m_.crs;
            ro.extent = extent_;
            ro.resolution = s_.resolution;
            ro.resampling = spec.resampling.empty() ? "bilinear" : spec.resampling;
            ro.crsOverride = spec.crs;
            ro.elevationSentinels = spec.nodataSentinels.value_or(true);
            ImportedRaster r;
            try {
                r = captured("terrain", [&] { return importRaster(spec.files, ro); });
            } catch (const Error& e) {
                if (e.context().parameter == "resampling" || e.context().parameter == "resolution") {
                    Error::Context c = e.context();
                    c.file = s_.file;
                    c.parameter =
                        e.context().parameter == "resampling" ? spec.key + ".resampling" : "resolution";
                    throw Error(e.code(), e.detail(), c);
                }
                throw;
            }
            m_.terrain = std::move(r.raster);
            m_.report.terrainSentinelCells = r.sentinelCells;
            for (std::string& w : r.warnings)
                m_.report.warn("terrain", std::move(w));
            if (r.sentinelCells)
                m_.report.warn("terrain",
                               std::to_string(r.sentinelCells) +
                                   " cells held undeclared NoData sentinels (-9999, -32768 or ±3.4e38) "
                                   "and were made NoData");
            for (const RasterInfo& info : terrainInfos_) {
                m_.sources.push_back(DataSource{"terrain", info.file, {}, info.crs.describe(), 0, 0, true});
            }
        }
        m_.terrain.name = "terrain";
        m_.terrain.unit = "m";
        const RasterStats st = m_.terrain.stats();
        if (st.noDataCount)
            m_.report.warn("terrain", std::to_string(st.noDataCount) + " of " +
                                          std::to_string(m_.terrain.cellCount()) + " terrain cells (" +
                                          fmt(100.0 * st.noDataCount / m_.terrain.cellCount()) +
                                          " %) have no data");
    }

    void rasteriseTin() {
        CoordinateTransformer tr(tinCrs_, m_.crs);
        std::vector<std::array<double, 9>> tris;
        tris.reserve(tin_.size());
        std::size_t dropped = 0;
        for (std::array<double, 9> t : tin_) {
            bool ok = true;
            for (int k = 0; k < 3; ++k) {
                const Point p = tr.transform(Point{t[3 * k], t[3 * k + 1]});
                t[3 * k] = p.x;
                t[3 * k + 1] = p.y;
                ok = ok && std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(t[3 * k + 2]) &&
                     std::fabs(p.x) < kMaxCoordinateM && std::fabs(p.y) < kMaxCoordinateM;
            }
            if (ok) {
                tris.push_back(t);
            } else {
                ++dropped;
            }
        }
        // A vertex far from all the others (a typo in one coordinate) once made a 263 km wide terrain of
        // 163 M empty cells: triangles with a vertex beyond the bulk of the vertices are dropped. The bulk is the
        // 1st to 99th percentile of the vertices, widened by its own size on each side.
        if (tris.size() >= 20) {
            std::vector<double> xs, ys;
            for (const auto& t : tris)
                for (int k = 0; k < 3; ++k) {
                    xs.push_back(t[3 * k]);
                    ys.push_back(t[3 * k + 1]);
                }
            auto pct = [](std::vector<double>& v, double q) {
                const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
                std::nth_element(v.begin(), v.begin() + k, v.end());
                return v[static_cast<std::size_t>(k)];
            };
            const double x0 = pct(xs, 0.01), x1 = pct(xs, 0.99), y0 = pct(ys, 0.01), y1 = pct(ys, 0.99);
            const double wx = std::max(x1 - x0, 100.0), wy = std::max(y1 - y0, 100.0);
            const Box bulk{x0 - wx, y0 - wy, x1 + wx, y1 + wy};
            const std::size_t before = tris.size();
            tris.erase(std::remove_if(tris.begin(), tris.end(),
                                      [&](const std::array<double, 9>& t) {
                                          for (int k = 0; k < 3; ++k)
                                              if (!bulk.contains(Point{t[3 * k], t[3 * k + 1]})) return true;
                                          return false;
                                      }),
                       tris.end());
            dropped += before - tris.size();
        }
        if (dropped)
            m_.report.warn(tinFile_, std::to_string(dropped) +
                                         " TIN triangles with vertices far outside the rest (or not numbers) were "
                                         "dropped");
        if (tris.empty()) throw fileError(ErrorCode::Data, tinFile_, "the TIN has no usable triangle");
        std::vector<double> edges;
        Box box;
        for (const auto& t : tris) {
            for (int k = 0; k < 3; ++k)
                box.expand(Point{t[3 * k], t[3 * k + 1]});
            edges.push_back(std::hypot(t[3] - t[0], t[4] - t[1]));
        }
        double res = s_.resolution;
        if (res <= 0.0) {
            // Half the median triangle edge, at least 1 m: about as fine as the TIN's own detail.
            std::nth_element(edges.begin(), edges.begin() + static_cast<std::ptrdiff_t>(edges.size() / 2),
                             edges.end());
            res = std::max(1.0, std::round(edges[edges.size() / 2] / 2.0));
            m_.report.info(tinFile_, "terrain rasterised from the CityJSON TIN at " + fmt(res, 0) +
                                         " m (set \"resolution\" to change)");
        }
        Box e = extent_ ? *extent_ : box;
        const double minX = std::floor(e.minX / res) * res, maxX = std::ceil(e.maxX / res) * res;
        const double minY = std::floor(e.minY / res) * res, maxY = std::ceil(e.maxY / res) * res;
        const double w = std::round((maxX - minX) / res), h = std::round((maxY - minY) / res);
        if (w < 1 || h < 1 || w * h > 4e8)
            throw Error(ErrorCode::Data,
                        "TIN grid of " + fmt(w, 0) + " x " + fmt(h, 0) + " cells is out of range",
                        Error::Context{s_.file, {}, "resolution"});
        Raster r(static_cast<int>(w), static_cast<int>(h), GeoTransform{minX, maxY, res, res}, m_.crs);
        for (const auto& t : tris) {
            const double x0 = t[0], y0 = t[1], x1 = t[3], y1 = t[4], x2 = t[6], y2 = t[7];
            const double det = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2);
            if (std::abs(det) < 1e-12) continue;
            const int c0 = std::max(0, static_cast<int>(std::floor((std::min({x0, x1, x2}) - minX) / res)));
            const int c1 =
                std::min(r.width() - 1, static_cast<int>(std::floor((std::max({x0, x1, x2}) - minX) / res)));
            const int r0 = std::max(0, static_cast<int>(std::floor((maxY - std::max({y0, y1, y2})) / res)));
            const int r1 =
                std::min(r.height() - 1, static_cast<int>(std::floor((maxY - std::min({y0, y1, y2})) / res)));
            for (int row = r0; row <= r1; ++row)
                for (int col = c0; col <= c1; ++col) {
                    const Point p = r.cellCentre(col, row);
                    const double l0 = ((y1 - y2) * (p.x - x2) + (x2 - x1) * (p.y - y2)) / det;
                    const double l1 = ((y2 - y0) * (p.x - x2) + (x0 - x2) * (p.y - y2)) / det;
                    const double l2 = 1.0 - l0 - l1;
                    constexpr double eps = -1e-9;
                    if (l0 < eps || l1 < eps || l2 < eps) continue;
                    r.at(col, row) = static_cast<float>(l0 * t[2] + l1 * t[5] + l2 * t[8]);
                }
        }
        if (r.stats().validCount == 0)
            throw fileError(ErrorCode::Data, tinFile_, "the TIN does not cover the model extent");
        m_.terrain = std::move(r);
        m_.sources.push_back(DataSource{"terrain", tinFile_, "TINRelief", tinCrs_.describe(), 0, 0, true});
    }

    void importBuildings() {
        std::unordered_set<std::string> seen;
        ImportReport::Repairs& rep = m_.report.repairs;
        for (RawVector& raw : buildings_) {
            const DatasetSpec& spec = *raw.spec;
            const std::string srcName = sourceName(raw.file, raw.cityJson ? std::string{} : raw.layer.name);
            for (std::string& w : raw.warnings)
                m_.report.warn(srcName, std::move(w));
            for (std::string& n : raw.notes)
                m_.report.info(srcName, std::move(n));
            if (raw.withoutGeometry)
                m_.report.warn(srcName, std::to_string(raw.withoutGeometry) +
                                            " features without a polygon footprint were skipped");

            HeightRules rules = s_.heightRules;
            rules.heightField = spec.heightField;
            rules.levelsField = spec.levelsField;
            if (spec.storeyHeightM) rules.storeyHeightM = *spec.storeyHeightM;
            if (spec.defaultHeightM) rules.defaultHeightM = *spec.defaultHeightM;
            HeightFields hf;
            try {
                hf = resolveHeightFields(raw.layer.fields, rules);
            } catch (const Error& e) {
                throw Error(e.code(), e.detail(),
                            Error::Context{raw.file, raw.layer.name, spec.key + "." + e.context().parameter});
            }
            std::vector<int> fieldMap(raw.layer.fields.size());
            for (std::size_t i = 0; i < raw.layer.fields.size(); ++i)
                fieldMap[i] = m_.buildingFields.ensure(raw.layer.fields[i].name, raw.layer.fields[i].type);
            const int idField =
                firstField(raw.layer.fields, {"cityjson_id", "osm_id", "osm_way_id", "id", "fid", "gml_id"});

            CoordinateTransformer tr(raw.layer.crs, m_.crs);
            const auto before = m_.report.repairs;
            const auto heightsBefore = m_.report.heights;
            const int sourceIndex = static_cast<int>(m_.sources.size());
            std::size_t kept = 0;
            for (std::size_t i = 0; i < raw.layer.features.size(); ++i) {
                if ((i & 4095) == 4095)
                    stage(0.5 + 0.3 * static_cast<double>(i) / static_cast<double>(raw.layer.features.size()),
                          "importing buildings");
                VectorFeature& f = raw.layer.features[i];
                if (!transformFeature(tr, f)) {
                    ++rep.reprojectionFailed;
                    continue;
                }
                // Coordinates that make no geometric sense are dropped before any geometry runs on them (a vertex
                // at 1.8e19 m once overflowed Boost's determinant and was counted as "repaired").
                if (!plausibleFootprint(f.polygons)) {
                    ++rep.outliers;
                    continue;
                }
                RepairResult rr = repairFootprint(f.polygons);
                switch (rr.outcome) {
                    case RepairOutcome::Valid:
                        ++rep.valid;
                        break;
                    case RepairOutcome::Reoriented:
                        ++rep.reoriented;
                        break;
                    case RepairOutcome::Repaired:
                        ++rep.repaired;
                        break;
                    case RepairOutcome::Degenerate:
                        ++rep.degenerate;
                        continue;
                    case RepairOutcome::Unrepairable:
                        ++rep.unrepairable;
                        continue;
                }
                const Point c = centroid(rr.geometry);
                if (extent_ && !extent_->contains(c)) {
                    ++rep.outsideExtent;
                    continue;
                }
                if (!seen.insert(footprintKey(rr.geometry)).second) {
                    ++rep.duplicates;
                    continue;
                }
                const double gh = raw.cityJson ? raw.geometryHeight[i] : NAN;
                const HeightResult h = normaliseHeight(f.attributes, hf, rules, gh);
                auto& hc = m_.report.heights;
                switch (h.source) {
                    case HeightSource::HeightAttribute:
                        ++hc.fromAttribute;
                        break;
                    case HeightSource::Levels:
                        ++hc.fromLevels;
                        break;
                    case HeightSource::SourceGeometry:
                        ++hc.fromGeometry;
                        break;
                    case HeightSource::Default:
                        ++hc.fromDefault;
                        break;
                }
                hc.invalidValues += static_cast<std::size_t>(h.invalidValues);

                Building b;
                b.id = idOf(f, idField);
                b.footprint = std::move(rr.geometry);
                b.heightM = h.heightM;
                b.heightSource = h.source;
                b.levels = h.levels;
                b.source = sourceIndex;
                if (m_.hasTerrain()) b.baseM = lowestTerrain(b.footprint, c);
                if (std::isfinite(b.baseM)) {
                    b.baseSource = BaseSource::Terrain;
                    ++m_.report.bases.fromTerrain;
                } else if (raw.cityJson && std::isfinite(raw.ground[i])) {
                    b.baseM = raw.ground[i];
                    b.baseSource = BaseSource::Source;
                    ++m_.report.bases.fromSource;
                } else {
                    ++m_.report.bases.unknown;
                }
                b.attributes.resize(m_.buildingFields.size());
                for (std::size_t k = 0; k < f.attributes.size() && k < fieldMap.size(); ++k)
                    b.attributes[static_cast<std::size_t>(fieldMap[k])] = std::move(f.attributes[k]);
                m_.buildings.push_back(std::move(b));
                ++kept;
            }
            m_.sources.push_back(DataSource{"buildings", raw.file,
                                            raw.cityJson ? std::string{} : raw.layer.name,
                                            raw.layer.crs.describe(), raw.layer.features.size(), kept});
            reportBuildingSource(srcName, hf, rules, raw, before, heightsBefore, kept);
            raw.layer.features.clear();
            raw.layer.features.shrink_to_fit();
        }
        checkTerrainOverlap();
    }

    double lowestTerrain(const MultiPolygon& fp, const Point& c) const {
        double low = m_.terrain.sampleBilinear(c);
        for (const Polygon& p : fp)
            for (const Point& q : p.outer) {
                const double z = m_.terrain.sampleBilinear(q);
                if (std::isfinite(z) && !(z >= low)) low = z;
            }
        return low;
    }

    void reportBuildingSource(const std::string& src, const HeightFields& hf, const HeightRules& rules,
                              const RawVector& raw, const ImportReport::Repairs& before,
                              const ImportReport::Heights& hBefore, std::size_t kept) {
        const auto& r = m_.report.repairs;
        const auto& h = m_.report.heights;
        if (hf.height.empty() && hf.levels.empty() && !raw.cityJson) {
            std::string names;
            for (const std::string& n : knownHeightFields())
                names += (names.empty() ? "" : ", ") + n;
            for (const std::string& n : knownLevelsFields())
                names += ", " + n;
            m_.report.warn(src, "no height or floor-count attribute (looked for " + names + "): all " +
                                    std::to_string(kept) + " buildings get the default height " +
                                    fmt(rules.defaultHeightM) + " m");
        } else if (h.fromDefault > hBefore.fromDefault) {
            m_.report.info(src, std::to_string(h.fromDefault - hBefore.fromDefault) +
                                    " buildings have neither height nor floor count: default height " +
                                    fmt(rules.defaultHeightM) + " m");
        }
        if (h.invalidValues > hBefore.invalidValues)
            m_.report.warn(
                src, std::to_string(h.invalidValues - hBefore.invalidValues) +
                         " height or floor-count values were unusable (not a number, <= 0, or implausibly "
                         "large) and the next rule was used");
        auto note = [&](std::size_t now, std::size_t was, const std::string& noun, const std::string& what) {
            if (now > was) m_.report.warn(src, count(now - was, noun) + " " + what);
        };
        // Ring orientation and closure carry no meaning in OSM or CityJSON footprints: a note, not a warning.
        if (r.reoriented > before.reoriented)
            m_.report.info(src, count(r.reoriented - before.reoriented, "footprint") +
                                    " had open rings, wrong orientation or spikes (fixed)");
        note(r.repaired, before.repaired, "footprint",
             "self-intersecting or with overlapping parts (repaired)");
        note(r.duplicates, before.duplicates, "duplicate footprint", "dropped");
        note(r.degenerate, before.degenerate, "footprint", "without area (skipped)");
        note(r.unrepairable, before.unrepairable, "footprint", "could not be repaired (skipped)");
        note(r.reprojectionFailed, before.reprojectionFailed, "footprint",
             "could not be reprojected (skipped)");
        note(r.outliers, before.outliers, "footprint",
             "with coordinates beyond 1e8 m, not numbers, or spread over more than 10 km (not a building; skipped)");
        if (r.outsideExtent > before.outsideExtent)
            m_.report.info(src, std::to_string(r.outsideExtent - before.outsideExtent) +
                                    " buildings lie outside the extent (skipped)");
    }

    void checkTerrainOverlap() {
        if (!m_.hasTerrain() || m_.buildings.empty()) return;
        const auto& b = m_.report.bases;
        const std::size_t without = b.fromSource + b.unknown;
        if (b.fromTerrain == 0) {
            std::string terrainFiles;
            for (const DataSource& d : m_.sources)
                if (d.role == "terrain") terrainFiles += (terrainFiles.empty() ? "" : ", ") + d.file;
            throw Error(ErrorCode::Data,
                        "the terrain (" + terrainFiles + ") does not overlap the buildings: terrain covers " +
                            boxText(m_.terrain.extent()) + ", buildings span " +
                            boxText(m_.buildingExtent()) + " in " + m_.crs.describe(),
                        Error::Context{s_.file, {}, "terrain"});
        }
        if (without)
            m_.report.warn("terrain",
                           std::to_string(without) + " of " + std::to_string(m_.buildings.size()) +
                               " buildings lie outside the terrain or over NoData; " +
                               (b.fromSource ? "their base comes from the source" : "their base is unknown"));
    }

    void importRoads() {
        for (RawVector& raw : roads_) {
            const std::string srcName = sourceName(raw.file, raw.layer.name);
            for (std::string& w : raw.warnings)
                m_.report.warn(srcName, std::move(w));
            if (raw.withoutGeometry)
                m_.report.warn(srcName, std::to_string(raw.withoutGeometry) +
                                            " features without a line geometry were skipped");
            const FieldList& fl = raw.layer.fields;
            std::vector<int> fieldMap(fl.size());
            for (std::size_t i = 0; i < fl.size(); ++i)
                fieldMap[i] = m_.roadFields.ensure(fl[i].name, fl[i].type);
            const int fClass =
                firstField(fl, {"highway", "fclass", "road_class", "roadclass", "class", "type"});
            const int fLanes = firstField(fl, {"lanes", "lane_count", "num_lanes"});
            const int fSpeed = firstField(fl, {"maxspeed", "max_speed", "speed_kmh", "speedlimit", "speed"});
            const int fOneway = firstField(fl, {"oneway", "one_way", "is_oneway"});
            const int fName = firstField(fl, {"name", "road_name"});
            const int fJunction = firstField(fl, {"junction"});
            const int idField = firstField(fl, {"osm_id", "id", "fid"});
            if (fClass < 0)
                m_.report.warn(srcName,
                               "no road class attribute (highway, fclass, class, ...): every road uses the "
                               "defaults for an unknown class (2 lanes, 40 km/h)");

            CoordinateTransformer tr(raw.layer.crs, m_.crs);
            const int sourceIndex = static_cast<int>(m_.sources.size());
            std::size_t kept = 0, failed = 0;
            auto& rc = m_.report.roads;
            for (VectorFeature& f : raw.layer.features) {
                if (!transformFeature(tr, f)) {
                    ++failed;
                    continue;
                }
                Road proto;
                proto.id = idOf(f, idField);
                proto.roadClass = fClass >= 0 ? toText(f.attribute(fClass)) : std::string{};
                proto.name = fName >= 0 ? toText(f.attribute(fName)) : std::string{};
                const RoadClassDefaults& def = roadClassDefaults(proto.roadClass);
                const std::string lanesText = fLanes >= 0 ? toText(f.attribute(fLanes)) : std::string{};
                if (auto lanes = parseLanes(lanesText)) {
                    proto.lanes = *lanes;
                    proto.lanesDefaulted = false;
                } else {
                    if (!lanesText.empty()) ++rc.invalidValues;
                    proto.lanes = def.lanes;
                }
                const std::string speedText = fSpeed >= 0 ? toText(f.attribute(fSpeed)) : std::string{};
                if (auto speed = parseMaxspeed(speedText)) {
                    proto.speedKmh = *speed;
                    proto.speedDefaulted = false;
                } else {
                    if (!speedText.empty() && speedText != "none" && speedText != "signals")
                        ++rc.invalidValues;
                    proto.speedKmh = def.speedKmh;
                }
                const std::string onewayText = fOneway >= 0 ? toText(f.attribute(fOneway)) : std::string{};
                bool reverse = false;
                if (auto ow = parseOneway(onewayText)) {
                    proto.oneway = *ow == Oneway::No ? Oneway::No : Oneway::Forward;
                    reverse = *ow == Oneway::Backward;
                    proto.onewayDefaulted = false;
                } else {
                    if (!onewayText.empty()) ++rc.invalidValues;
                    const bool roundabout = fJunction >= 0 && toText(f.attribute(fJunction)) == "roundabout";
                    proto.oneway = def.oneway || roundabout ? Oneway::Forward : Oneway::No;
                }
                if (proto.lanesDefaulted) ++rc.lanesDefaulted;
                if (proto.speedDefaulted) ++rc.speedDefaulted;
                proto.source = sourceIndex;
                proto.attributes.resize(m_.roadFields.size());
                for (std::size_t k = 0; k < f.attributes.size() && k < fieldMap.size(); ++k)
                    proto.attributes[static_cast<std::size_t>(fieldMap[k])] = f.attributes[k];
                bool any = false;
                for (LineString& line : f.lines) {
                    if (reverse) std::reverse(line.begin(), line.end());
                    std::vector<LineString> pieces =
                        extent_ ? clipLine(line, *extent_) : std::vector<LineString>{line};
                    for (LineString& piece : pieces) {
                        if (piece.size() < 2 || length(piece) <= 0.0) continue;
                        Road r = proto;
                        r.line = std::move(piece);
                        m_.roads.push_back(std::move(r));
                        any = true;
                    }
                }
                if (any)
                    ++kept;
                else
                    ++rc.outsideExtent;
            }
            if (failed)
                m_.report.warn(srcName, std::to_string(failed) + " roads could not be reprojected (skipped)");
            m_.sources.push_back(DataSource{"roads", raw.file, raw.layer.name, raw.layer.crs.describe(),
                                            raw.layer.features.size(), kept});
            raw.layer.features.clear();
        }
        if (m_.report.roads.invalidValues)
            m_.report.warn("roads",
                           std::to_string(m_.report.roads.invalidValues) +
                               " lanes, maxspeed or oneway values were unreadable; class defaults used");
        if (m_.report.roads.outsideExtent)
            m_.report.info("roads", std::to_string(m_.report.roads.outsideExtent) +
                                        " roads lie outside the extent (skipped)");
    }

    void importLayers() {
        for (RawLayer& l : layers_) {
            const DatasetSpec& spec = *l.spec;
            if (m_.rasters.count(spec.name) || m_.vectors.count(spec.name))
                throw Error(ErrorCode::Scenario, "layer name used twice",
                            Error::Context{s_.file, {}, spec.key});
            if (l.raster) {
                RasterImportOptions ro;
                ro.target = m_.crs;
                ro.extent = extent_;
                ro.resolution = s_.resolution;
                ro.resampling = spec.resampling.empty() ? "nearest" : spec.resampling;
                ro.crsOverride = spec.crs;
                ro.elevationSentinels = spec.nodataSentinels.value_or(false);
                if (m_.hasTerrain()) ro.alignWith = &m_.terrain;
                ImportedRaster r;
                try {
                    r = captured("layer " + spec.name, [&] { return importRaster(spec.files, ro); });
                } catch (const Error& e) {
                    if (e.context().parameter == "resampling")
                        throw Error(e.code(), e.detail(),
                                    Error::Context{s_.file, {}, spec.key + ".resampling"});
                    throw;
                }
                for (std::string& w : r.warnings)
                    m_.report.warn("layer " + spec.name, std::move(w));
                r.raster.name = spec.name;
                r.raster.unit = spec.unit;
                for (const RasterInfo& info : l.rasters)
                    m_.sources.push_back(
                        DataSource{"layer:" + spec.name, info.file, {}, info.crs.describe(), 0, 0, true});
                m_.rasters.emplace(spec.name, std::move(r.raster));
            } else {
                const std::string srcName = sourceName(spec.files.front(), l.vector.name);
                for (std::string& w : l.warnings)
                    m_.report.warn(srcName, std::move(w));
                CoordinateTransformer tr(l.vector.crs, m_.crs);
                VectorLayer out;
                out.name = spec.name;
                out.crs = m_.crs;
                out.fields = l.vector.fields;
                std::size_t failed = 0, dropped = 0;
                for (VectorFeature& f : l.vector.features) {
                    if (!transformFeature(tr, f)) {
                        ++failed;
                        continue;
                    }
                    if (f.kind == GeometryKind::Polygon) {
                        RepairResult rr = repairFootprint(f.polygons);
                        if (rr.geometry.empty()) {
                            ++dropped;
                            continue;
                        }
                        f.polygons = std::move(rr.geometry);
                    }
                    out.features.push_back(std::move(f));
                }
                if (failed)
                    m_.report.warn(srcName, std::to_string(failed) + " features could not be reprojected");
                if (dropped)
                    m_.report.warn(srcName, std::to_string(dropped) + " polygons without area were dropped");
                m_.sources.push_back(DataSource{"layer:" + spec.name, spec.files.front(), l.vector.name,
                                                l.vector.crs.describe(), l.vector.features.size(),
                                                out.features.size()});
                m_.vectors.emplace(spec.name, std::move(out));
            }
        }
    }

    void finish() {
        if (extent_) {
            m_.extent = *extent_;
        } else {
            Box e;
            if (m_.hasTerrain()) e.expand(m_.terrain.extent());
            e.expand(m_.buildingExtent());
            e.expand(m_.roadExtent());
            for (const auto& [name, r] : m_.rasters)
                e.expand(r.extent());
            for (const auto& [name, v] : m_.vectors)
                e.expand(v.extent());
            m_.extent = e;
        }
        if (!s_.buildings.empty() && m_.buildings.empty())
            m_.report.warn("buildings", "no building was kept (see the counts above)");
    }

    const Scenario& s_;
    const BuildOptions& o_;
    CityModel m_;
    Box lonLat_;
    std::optional<Box> extent_;
    std::vector<RasterInfo> terrainInfos_;
    std::vector<std::array<double, 9>> tin_;
    Crs tinCrs_;
    std::string tinFile_;
    std::vector<RawVector> buildings_;
    std::vector<RawVector> roads_;
    std::vector<RawLayer> layers_;
};

}  // namespace

Crs chooseProjectCrs(double lon, double lat, std::string& reason) {
    char where[96];
    std::snprintf(where, sizeof where, "%.4f°%s %.4f°%s", std::abs(lat), lat >= 0 ? "N" : "S", std::abs(lon),
                  lon >= 0 ? "E" : "W");
    // South Korea's land and near waters. EPSG:5186 (Korea 2000 / Central Belt 2010) is the CRS Korean
    // agencies publish most data in; its scale error stays small across the peninsula.
    if (lon >= 124.0 && lon <= 132.0 && lat >= 32.5 && lat <= 38.7) {
        reason = std::string("chosen from the data: centre ") + where + " lies in South Korea";
        return Crs::fromEpsg(5186);
    }
    if (!(std::fabs(lon) <= 180.0) || !(std::fabs(lat) <= 90.0))
        throw Error(ErrorCode::Crs, std::string("the data's centre (longitude ") + std::to_string(lon) + ", latitude " +
                                        std::to_string(lat) +
                                        ") is not on the Earth: the data's coordinates are not what their CRS says; "
                                        "set \"crs\" in the scenario");
    int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    const int code = (lat >= 0 ? 32600 : 32700) + zone;
    reason = std::string("chosen from the data: UTM zone ") + std::to_string(zone) + (lat >= 0 ? "N" : "S") +
             " of the data centre " + where;
    return Crs::fromEpsg(code);
}

CityModel buildCityModel(const Scenario& scenario, const BuildOptions& options) {
    try {
        return Builder(scenario, options).run();
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::Data,
                    "out of memory while building the city model (reduce the extent or coarsen "
                    "the resolution)",
                    Error::Context{scenario.file, {}, {}});
    }
}

}  // namespace citytwin::core
