#pragma once
// The ground of a scene: the terrain (or a flat plane when the model has none) as tiles with levels of
// detail. Tile meshes are built on demand, off the render thread by a worker, or synchronously for final
// renders. Internal to citytwin_render.

#include <vtkSmartPointer.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/model_builder.h"

class vtkPolyData;

namespace citytwin::render {

/// Terrain grid, baked colours and a cache of tile meshes. Coordinates of meshes are local: world minus
/// origin(). Thread safety: const members are safe from any thread; tile requests are internally locked.
class Ground {
public:
    /// Builds from the model's terrain, or a flat plane at z = 0 over the model's extent when it has none.
    /// Bakes the colours (hypsometric ramp times a hillshade) and the coarsest level of every tile.
    Ground(const core::CityModel& model, const core::ProgressCallback& progress);
    ~Ground();
    Ground(const Ground&) = delete;
    Ground& operator=(const Ground&) = delete;

    bool flat() const { return flat_; }
    /// The elevation grid [m] (zeros for a flat ground). NaN = no data.
    const core::Raster& dem() const { return dem_; }
    double originX() const { return originX_; }
    double originY() const { return originY_; }
    double zMin() const { return zMin_; }
    double zMax() const { return zMax_; }
    /// Bilinear elevation at a world point [m]; NaN outside or without data.
    double elevation(double x, double y) const;
    /// As elevation(), falling back to the nearest valid value of the grid's mean when there is no data.
    double elevationOr(double x, double y, double fallback) const;

    static constexpr int kTileCells = 128;
    int tilesX() const { return tilesX_; }
    int tilesY() const { return tilesY_; }
    int tileCount() const { return tilesX_ * tilesY_; }
    int levelCount() const { return levels_; }
    /// Bounds of a tile in local coordinates (x0, x1, y0, y1, z0, z1), z unexaggerated.
    std::array<double, 6> tileBounds(int tile) const;

    /// The mesh of a tile at a level (0 = full resolution, each level halves it), or null when not built.
    vtkSmartPointer<vtkPolyData> mesh(int tile, int level) const;
    /// The finest built level of a tile at or coarser than `level`.
    vtkSmartPointer<vtkPolyData> bestMesh(int tile, int level, int* builtLevel) const;
    /// Queues a build on the worker thread (latest requests first); `onBuilt` is called from that thread.
    void request(int tile, int level);
    /// Builds now on the calling thread (when not built yet).
    void buildNow(int tile, int level);
    /// Called from the worker thread after a requested mesh was built (e.g. to schedule a redraw).
    void setOnBuilt(std::function<void()> callback);
    /// Number of meshes waiting for the worker.
    std::size_t pending() const;

    /// The baked colour of every cell (hypsometric ramp times hillshade), RGB, rows from the north.
    const std::vector<std::uint8_t>& colours() const { return colours_; }

    /// Intersects a ray (local coordinates, z exaggerated by `exaggeration`) with the ground; the hit in
    /// local coordinates (z exaggerated) and the distance along the unit direction.
    std::optional<std::array<double, 4>> raycast(const std::array<double, 3>& origin,
                                                 const std::array<double, 3>& direction,
                                                 double exaggeration) const;

private:
    vtkSmartPointer<vtkPolyData> buildMesh(int tile, int level) const;
    void workerLoop();

    core::Raster dem_;
    bool flat_ = false;
    double originX_ = 0.0;
    double originY_ = 0.0;
    double zMin_ = 0.0;
    double zMax_ = 0.0;
    std::vector<std::uint8_t> colours_;  // RGB per cell
    int tilesX_ = 0;
    int tilesY_ = 0;
    int levels_ = 1;

    mutable std::mutex mutex_;
    std::vector<std::vector<vtkSmartPointer<vtkPolyData>>> meshes_;  // [tile][level]
    std::deque<std::pair<int, int>> queue_;
    std::condition_variable wake_;
    std::function<void()> onBuilt_;
    bool stop_ = false;
    int building_ = 0;  // meshes the worker is building now
    std::thread worker_;
};

}  // namespace citytwin::render
