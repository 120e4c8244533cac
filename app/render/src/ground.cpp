// The ground: tiled terrain meshes with levels of detail, baked hypsometric colours with a hillshade, and ray
// casting for the cursor position.

#include "ground.h"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "citytwin/render/color_map.h"

namespace citytwin::render {

namespace {

core::Raster flatGround(const core::CityModel& model) {
    core::Box box = model.extent;
    if (box.empty()) box.expand(model.buildingExtent());
    if (box.empty()) box.expand(model.roadExtent());
    if (box.empty()) box = core::Box{-500, -500, 500, 500};
    const double margin = 0.05 * std::max(box.width(), box.height()) + 10.0;
    box.minX -= margin;
    box.minY -= margin;
    box.maxX += margin;
    box.maxY += margin;
    const double cell = std::max(1.0, std::ceil(std::max(box.width(), box.height()) / 384.0));
    const int w = std::max(2, static_cast<int>(std::ceil(box.width() / cell)));
    const int h = std::max(2, static_cast<int>(std::ceil(box.height() / cell)));
    core::GeoTransform gt{box.minX, box.maxY, cell, cell};
    core::Raster r(w, h, gt, model.crs, 0.0f);
    r.name = "ground";
    r.unit = "m";
    return r;
}

}  // namespace

Ground::Ground(const core::CityModel& model, const core::ProgressCallback& progress) {
    if (model.hasTerrain() && model.terrain.width() >= 2 && model.terrain.height() >= 2) {
        dem_ = model.terrain;
        const core::RasterStats st = dem_.stats();
        flat_ = st.validCount == 0;
        if (flat_) {
            dem_ = flatGround(model);
        } else {
            zMin_ = st.min;
            zMax_ = st.max;
        }
    } else {
        dem_ = flatGround(model);
        flat_ = true;
    }
    const core::Box e = dem_.extent();
    originX_ = std::round((e.minX + e.maxX) / 2.0);
    originY_ = std::round((e.minY + e.maxY) / 2.0);
    if (progress) progress(0.05, "colouring the terrain");

    // Colours: hypsometric ramp times a hillshade (Horn 1981 gradient; sun from the north-west at 45 degrees,
    // as GIS hillshades are by convention).
    const int w = dem_.width();
    const int h = dem_.height();
    const double cw = dem_.geoTransform().cellWidth;
    const double ch = dem_.geoTransform().cellHeight;
    colours_.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3, 0);
    const ColorMap& ramp = ColorMap::byName("terrain");
    const double range = std::max(zMax_ - zMin_, 1e-6);
    const double sunX = -0.5, sunY = 0.5, sunZ = std::sqrt(0.5);
    for (int r = 0; r < h; ++r) {
        for (int c = 0; c < w; ++c) {
            const float z = dem_.at(c, r);
            std::uint8_t* rgb = &colours_[(static_cast<std::size_t>(r) * static_cast<std::size_t>(w) +
                                           static_cast<std::size_t>(c)) *
                                          3];
            if (flat_) {
                rgb[0] = 226;
                rgb[1] = 226;
                rgb[2] = 221;
                continue;
            }
            if (std::isnan(z)) {
                rgb[0] = rgb[1] = rgb[2] = 150;
                continue;
            }
            auto at = [&](int dc, int dr) {
                const int cc = std::clamp(c + dc, 0, w - 1);
                const int rr = std::clamp(r + dr, 0, h - 1);
                const float v = dem_.at(cc, rr);
                return std::isnan(v) ? static_cast<double>(z) : static_cast<double>(v);
            };
            const double a = at(-1, -1), b = at(0, -1), cc = at(1, -1);
            const double d = at(-1, 0), f = at(1, 0);
            const double g = at(-1, 1), hh = at(0, 1), i = at(1, 1);
            const double dzdx = ((cc + 2 * f + i) - (a + 2 * d + g)) / (8 * cw);
            const double dzdy = ((a + 2 * b + cc) - (g + 2 * hh + i)) / (8 * ch);  // northward
            const double nx = -dzdx, ny = -dzdy, nz = 1.0;
            const double len = std::sqrt(nx * nx + ny * ny + nz * nz);
            const double hs = std::max(0.0, (nx * sunX + ny * sunY + nz * sunZ) / len);
            const double shade = std::clamp(0.28 + 0.72 * hs / sunZ, 0.0, 1.3);
            const Rgb col = ramp.at((z - zMin_) / range);
            rgb[0] = static_cast<std::uint8_t>(std::clamp(col.r * shade, 0.0, 1.0) * 255.0 + 0.5);
            rgb[1] = static_cast<std::uint8_t>(std::clamp(col.g * shade, 0.0, 1.0) * 255.0 + 0.5);
            rgb[2] = static_cast<std::uint8_t>(std::clamp(col.b * shade, 0.0, 1.0) * 255.0 + 0.5);
        }
    }

    tilesX_ = std::max(1, (w - 1 + kTileCells - 1) / kTileCells);
    tilesY_ = std::max(1, (h - 1 + kTileCells - 1) / kTileCells);
    levels_ = 1;
    while ((1 << levels_) <= kTileCells / 2)
        ++levels_;
    meshes_.assign(static_cast<std::size_t>(tileCount()),
                   std::vector<vtkSmartPointer<vtkPolyData>>(static_cast<std::size_t>(levels_)));
    // The coarsest level of every tile, so there is always something to draw.
    for (int t = 0; t < tileCount(); ++t)
        meshes_[static_cast<std::size_t>(t)][static_cast<std::size_t>(levels_ - 1)] =
            buildMesh(t, levels_ - 1);
    if (progress) progress(0.1, "terrain tiles");
    worker_ = std::thread([this] { workerLoop(); });
}

Ground::~Ground() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

double Ground::elevation(double x, double y) const {
    return dem_.sampleBilinear({x, y});
}

double Ground::elevationOr(double x, double y, double fallback) const {
    const double z = elevation(x, y);
    return std::isnan(z) ? fallback : z;
}

std::array<double, 6> Ground::tileBounds(int tile) const {
    const int tx = tile % tilesX_, ty = tile / tilesX_;
    const auto& gt = dem_.geoTransform();
    const int c0 = tx * kTileCells, c1 = std::min(c0 + kTileCells, dem_.width() - 1);
    const int r0 = ty * kTileCells, r1 = std::min(r0 + kTileCells, dem_.height() - 1);
    return {gt.originX + (c0 + 0.5) * gt.cellWidth - originX_,
            gt.originX + (c1 + 0.5) * gt.cellWidth - originX_,
            gt.originY - (r1 + 0.5) * gt.cellHeight - originY_,
            gt.originY - (r0 + 0.5) * gt.cellHeight - originY_,
            zMin_,
            zMax_};
}

vtkSmartPointer<vtkPolyData> Ground::mesh(int tile, int level) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return meshes_[static_cast<std::size_t>(tile)][static_cast<std::size_t>(level)];
}

vtkSmartPointer<vtkPolyData> Ground::bestMesh(int tile, int level, int* builtLevel) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto& levels = meshes_[static_cast<std::size_t>(tile)];
    for (int l = std::max(0, level); l < levels_; ++l)
        if (levels[static_cast<std::size_t>(l)]) {
            if (builtLevel) *builtLevel = l;
            return levels[static_cast<std::size_t>(l)];
        }
    if (builtLevel) *builtLevel = levels_ - 1;
    return levels.back();
}

void Ground::request(int tile, int level) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (meshes_[static_cast<std::size_t>(tile)][static_cast<std::size_t>(level)]) return;
        const std::pair<int, int> key{tile, level};
        const auto it = std::find(queue_.begin(), queue_.end(), key);
        if (it != queue_.end()) queue_.erase(it);
        queue_.push_front(key);
    }
    wake_.notify_one();
}

void Ground::buildNow(int tile, int level) {
    if (mesh(tile, level)) return;
    vtkSmartPointer<vtkPolyData> m = buildMesh(tile, level);
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = meshes_[static_cast<std::size_t>(tile)][static_cast<std::size_t>(level)];
    if (!slot) slot = m;
}

void Ground::setOnBuilt(std::function<void()> callback) {
    std::lock_guard<std::mutex> lock(mutex_);
    onBuilt_ = std::move(callback);
}

std::size_t Ground::pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size() + static_cast<std::size_t>(building_);
}

void Ground::workerLoop() {
    for (;;) {
        std::pair<int, int> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            job = queue_.front();
            queue_.pop_front();
            if (meshes_[static_cast<std::size_t>(job.first)][static_cast<std::size_t>(job.second)]) continue;
            ++building_;
        }
        vtkSmartPointer<vtkPolyData> m = buildMesh(job.first, job.second);
        std::function<void()> notify;
        bool last = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --building_;
            if (stop_) return;
            meshes_[static_cast<std::size_t>(job.first)][static_cast<std::size_t>(job.second)] = m;
            notify = onBuilt_;
            last = queue_.empty();
        }
        // Redraw after every few meshes at most: a redraw per tile would keep a software renderer busy.
        static thread_local int sinceNotify = 0;
        if (notify && (last || ++sinceNotify >= 8)) {
            sinceNotify = 0;
            notify();
        }
    }
}

vtkSmartPointer<vtkPolyData> Ground::buildMesh(int tile, int level) const {
    const int s = 1 << level;
    const int w = dem_.width(), h = dem_.height();
    const int tx = tile % tilesX_, ty = tile / tilesX_;
    const int c0 = tx * kTileCells, c1 = std::min(c0 + kTileCells, w - 1);
    const int r0 = ty * kTileCells, r1 = std::min(r0 + kTileCells, h - 1);
    std::vector<int> cols, rows;
    for (int c = c0; c < c1; c += s)
        cols.push_back(c);
    cols.push_back(c1);
    for (int r = r0; r < r1; r += s)
        rows.push_back(r);
    rows.push_back(r1);
    const auto& gt = dem_.geoTransform();
    const int nx = static_cast<int>(cols.size()), ny = static_cast<int>(rows.size());

    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToFloat();
    auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
    rgb->SetName("rgb");
    rgb->SetNumberOfComponents(3);
    auto tc = vtkSmartPointer<vtkFloatArray>::New();
    tc->SetName("tcoords");
    tc->SetNumberOfComponents(2);
    std::vector<char> valid(static_cast<std::size_t>(nx * ny));
    const double skirt =
        flat_ ? 0.0 : 1.0 + s * std::max(gt.cellWidth, gt.cellHeight) + 0.02 * (zMax_ - zMin_);

    auto addPoint = [&](int c, int r, double z) {
        points->InsertNextPoint(gt.originX + (c + 0.5) * gt.cellWidth - originX_,
                                gt.originY - (r + 0.5) * gt.cellHeight - originY_, z);
        const std::uint8_t* col = &colours_[(static_cast<std::size_t>(r) * static_cast<std::size_t>(w) +
                                             static_cast<std::size_t>(c)) *
                                            3];
        rgb->InsertNextTypedTuple(col);
        const float uv[2] = {static_cast<float>((c + 0.5) / w), static_cast<float>((h - r - 0.5) / h)};
        tc->InsertNextTypedTuple(uv);
    };
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const float z = dem_.at(cols[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(j)]);
            valid[static_cast<std::size_t>(j * nx + i)] = !std::isnan(z);
            addPoint(cols[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(j)],
                     std::isnan(z) ? zMin_ : static_cast<double>(z));
        }
    auto polys = vtkSmartPointer<vtkCellArray>::New();
    auto id = [&](int i, int j) { return static_cast<vtkIdType>(j * nx + i); };
    auto ok = [&](int i, int j) { return valid[static_cast<std::size_t>(j * nx + i)] != 0; };
    for (int j = 0; j + 1 < ny; ++j)
        for (int i = 0; i + 1 < nx; ++i) {
            if (!(ok(i, j) && ok(i + 1, j) && ok(i, j + 1) && ok(i + 1, j + 1))) continue;
            const vtkIdType a[3] = {id(i, j), id(i, j + 1), id(i + 1, j + 1)};
            const vtkIdType b[3] = {id(i, j), id(i + 1, j + 1), id(i + 1, j)};
            polys->InsertNextCell(3, a);
            polys->InsertNextCell(3, b);
        }
    // Skirts hang down from the tile's edges so that neighbours at other levels of detail leave no cracks.
    if (skirt > 0.0) {
        auto edge = [&](std::vector<std::pair<int, int>> ij) {
            for (std::size_t k = 0; k + 1 < ij.size(); ++k) {
                const auto [i0, j0] = ij[k];
                const auto [i1, j1] = ij[k + 1];
                if (!ok(i0, j0) || !ok(i1, j1)) continue;
                double p0[3], p1[3];
                points->GetPoint(id(i0, j0), p0);
                points->GetPoint(id(i1, j1), p1);
                const vtkIdType base = points->GetNumberOfPoints();
                addPoint(cols[static_cast<std::size_t>(i0)], rows[static_cast<std::size_t>(j0)],
                         p0[2] - skirt);
                addPoint(cols[static_cast<std::size_t>(i1)], rows[static_cast<std::size_t>(j1)],
                         p1[2] - skirt);
                const vtkIdType t0[3] = {id(i0, j0), base, base + 1};
                const vtkIdType t1[3] = {id(i0, j0), base + 1, id(i1, j1)};
                polys->InsertNextCell(3, t0);
                polys->InsertNextCell(3, t1);
            }
        };
        std::vector<std::pair<int, int>> top, bottom, left, right;
        for (int i = 0; i < nx; ++i) {
            top.emplace_back(i, 0);
            bottom.emplace_back(i, ny - 1);
        }
        for (int j = 0; j < ny; ++j) {
            left.emplace_back(0, j);
            right.emplace_back(nx - 1, j);
        }
        edge(top);
        edge(bottom);
        edge(left);
        edge(right);
    }
    auto pd = vtkSmartPointer<vtkPolyData>::New();
    pd->SetPoints(points);
    pd->SetPolys(polys);
    pd->GetPointData()->SetScalars(rgb);
    pd->GetPointData()->SetTCoords(tc);
    return pd;
}

std::optional<std::array<double, 4>> Ground::raycast(const std::array<double, 3>& o,
                                                     const std::array<double, 3>& dIn, double e) const {
    const double len = std::sqrt(dIn[0] * dIn[0] + dIn[1] * dIn[1] + dIn[2] * dIn[2]);
    if (len <= 0) return std::nullopt;
    const std::array<double, 3> d{dIn[0] / len, dIn[1] / len, dIn[2] / len};
    const core::Box ext = dem_.extent();
    const double lo[3] = {ext.minX - originX_, ext.minY - originY_, zMin_ * e - 0.05};
    const double hi[3] = {ext.maxX - originX_, ext.maxY - originY_, zMax_ * e + 0.05};
    double t0 = 0.0, t1 = 1e300;
    for (int k = 0; k < 3; ++k) {
        if (std::fabs(d[k]) < 1e-12) {
            if (o[k] < lo[k] || o[k] > hi[k]) return std::nullopt;
            continue;
        }
        double a = (lo[k] - o[k]) / d[k], b = (hi[k] - o[k]) / d[k];
        if (a > b) std::swap(a, b);
        t0 = std::max(t0, a);
        t1 = std::min(t1, b);
    }
    if (t0 > t1) return std::nullopt;
    auto f = [&](double t) {
        const double x = o[0] + d[0] * t, y = o[1] + d[1] * t, z = o[2] + d[2] * t;
        const double g = elevation(x + originX_, y + originY_);
        return std::isnan(g) ? 1e300 : z - g * e;
    };
    const double cell = std::min(dem_.geoTransform().cellWidth, dem_.geoTransform().cellHeight);
    double dt = 0.5 * cell;
    if ((t1 - t0) / dt > 20000) dt = (t1 - t0) / 20000;
    double prevT = t0, prevF = f(t0);
    if (prevF <= 0 && prevF > -1e299)
        return std::array<double, 4>{o[0] + d[0] * t0, o[1] + d[1] * t0, o[2] + d[2] * t0, t0};
    for (double t = t0 + dt; t <= t1 + dt; t += dt) {
        const double tt = std::min(t, t1);
        const double ft = f(tt);
        if (ft <= 0 && prevF > 0 && prevF < 1e299) {
            double a = prevT, b = tt;
            for (int it = 0; it < 30; ++it) {
                const double m = 0.5 * (a + b);
                (f(m) > 0 ? a : b) = m;
            }
            const double th = 0.5 * (a + b);
            return std::array<double, 4>{o[0] + d[0] * th, o[1] + d[1] * th, o[2] + d[2] * th, th};
        }
        prevT = tt;
        prevF = ft;
        if (tt >= t1) break;
    }
    return std::nullopt;
}

}  // namespace citytwin::render
