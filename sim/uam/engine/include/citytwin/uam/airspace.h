#pragma once
/// @file airspace.h
/// The city's airspace as a voxel grid: terrain, buildings and no-fly volumes with their clearances, the
/// altitude band, and per vertiport the approach and departure funnels (README, "Airspace").
///
/// Inputs are plain structs (the plug-in adapter fills them from the city model); the builder checks nothing
/// that validateAirspace() reports, so call that first.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/core/raster.h"
#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// What an altitude is measured from.
enum class AltitudeReference {
    AboveGround,    ///< AGL: above the terrain of the column
    AboveSeaLevel,  ///< MSL: above the terrain's vertical datum
};
const char* toString(AltitudeReference reference);

/// The corridor's altitude band (`band_min_m`, `band_max_m`, `band_reference`). K-UAM ConOps puts UAM
/// corridors at 300-600 m.
struct AltitudeBand {
    double minM = 300.0;
    double maxM = 600.0;
    AltitudeReference reference = AltitudeReference::AboveGround;
};

/// Building use classes that noise reports single out.
enum class SensitiveUse { None, School, Hospital };

/// A building (from the city model: footprint, height_m, base elevation, the use attribute).
struct BuildingInput {
    std::string id;
    core::MultiPolygon footprint;  ///< project CRS [m]
    double heightM = 0.0;          ///< base to top [m], > 0
    double baseM = NAN;            ///< base elevation [m]; NaN: the terrain at the footprint's centroid
    double population = 0.0;       ///< people in the building [persons] (core's per-building estimate)
    SensitiveUse use = SensitiveUse::None;
};

/// A no-fly volume: a polygon or a circle, between a floor and a ceiling.
struct NoFlyVolume {
    std::string name;
    bool circle = false;
    core::Polygon polygon;  ///< when !circle
    core::Point centre;     ///< when circle
    double radiusM = 0.0;   ///< when circle, > 0
    double floorM = -1e6;   ///< bottom [m]; the default reaches the ground
    double ceilingM = 1e6;  ///< top [m]; the default is unlimited
    AltitudeReference reference = AltitudeReference::AboveSeaLevel;
};

/// A vertiport. Bearings are compass bearings [deg, clockwise from north] from the pad towards the outer end
/// of the funnel: departing aircraft fly out along departureBearingDeg; arriving aircraft come in from
/// approachBearingDeg.
struct Vertiport {
    std::string name;
    core::Point position;      ///< centre of the pad [m]
    double padElevationM = 0;  ///< elevation of the pad surface [m MSL] (a rooftop pad: the roof)
    double fatoSizeM = 30.0;   ///< side of the square final approach and take-off area [m]
    double approachBearingDeg = 0.0;
    double departureBearingDeg = 180.0;
};

/// Shape of the approach and departure funnels (obstacle-free volumes; README, "Vertiports and funnels"):
/// a vertical segment over the FATO, then a surface rising at `slope` away from the FATO edge along the
/// bearing, widening at `divergence` each side; free above the surface up to the band ceiling.
struct FunnelShape {
    double verticalSegmentM = 30.0;  ///< `funnel_vertical_m`: height of the vertical take-off/landing segment
    double slope = 0.125;      ///< `funnel_slope`: rise over run of the surface (ICAO Annex 14 Vol II cat C)
    double divergence = 0.15;  ///< `funnel_divergence`: widening per side per metre out
    double maxLengthM = 15000.0;  ///< the funnel ends here even if the band is still above
};

/// Grid, clearances and band.
struct AirspaceSpec {
    core::Box extent;     ///< area to plan over; empty: the terrain's extent
    double cellM = 10.0;  ///< `grid_cell_m`: horizontal voxel size [m]
    double dzM = 10.0;    ///< `grid_dz_m`: vertical voxel size [m]
    AltitudeBand band;
    double verticalClearanceM = 30.0;   ///< `clearance_vertical_m`: above buildings and terrain
    double lateralClearanceM = 30.0;    ///< `clearance_lateral_m`: beside buildings and terrain
    double tubeHalfWidthM = 50.0;       ///< `tube_half_width_m`: navigation performance + buffer each side
    double noFlyVerticalBufferM = 0.0;  ///< `nofly_vertical_buffer_m`: kept above/below no-fly volumes
    FunnelShape funnel;
};

/// Everything the airspace is built from (not owned; must outlive the Airspace).
struct AirspaceInputs {
    const core::Raster* terrain = nullptr;  ///< elevation [m]; may be null or empty (flat ground at 0 m)
    const std::vector<BuildingInput>* buildings = nullptr;
    const std::vector<NoFlyVolume>* noFly = nullptr;
    const std::vector<Vertiport>* vertiports = nullptr;
};

/// Checks the band, grid, clearances, funnel shape, no-fly volumes and vertiports; every problem at once.
/// Problems name the parameter or the item ("vertiport 'Jamsil' lies inside building 'way/123' ...").
/// Never throws.
std::vector<core::Problem> validateAirspace(const AirspaceInputs& inputs, const AirspaceSpec& spec);

/// Why a voxel is blocked.
enum class BlockCause {
    None,         ///< free
    Outside,      ///< outside the grid
    Terrain,      ///< terrain plus clearance
    Building,     ///< a building plus clearance (name: its id)
    NoFly,        ///< a no-fly volume plus buffer (name: its name)
    BandFloor,    ///< below the altitude band (outside the funnels)
    BandCeiling,  ///< above the altitude band
};
const char* toString(BlockCause cause);

/// The cause of a blocked voxel, with the item's name where there is one.
struct Blocker {
    BlockCause cause = BlockCause::None;
    std::string name;
};

/// The built airspace.
class Airspace {
public:
    /// Builds the grid (O(columns x clearance rows) plus the footprints' columns) and the funnels. Reports
    /// progress; returns early with cancelled() true when cancelled.
    /// @throws core::Error(Data) when the inputs cannot make a grid (run validateAirspace() first).
    static Airspace build(const AirspaceInputs& inputs, const AirspaceSpec& spec,
                          const core::Progress& progress = {});

    const VoxelGrid& grid() const { return grid_; }
    const AirspaceSpec& spec() const { return spec_; }
    bool cancelled() const { return cancelled_; }

    /// Funnels of vertiport v: the departure one (shaft + departure surface) and the approach one.
    const VoxelPatch& departureFunnel(std::size_t v) const { return departure_[v]; }
    const VoxelPatch& approachFunnel(std::size_t v) const { return approach_[v]; }
    /// The voxel just above the pad of vertiport v (its centre column, first level fully above the pad).
    Voxel padVoxel(std::size_t v) const { return pads_[v]; }

    /// Per column: ground elevation (bilinear terrain at the centre) [m] and the highest building top over
    /// the column (NaN where none) [m].
    float groundM(int i, int j) const { return ground_[grid_.columnIndex(i, j)]; }
    float buildingTopM(int i, int j) const { return buildingTop_[grid_.columnIndex(i, j)]; }
    /// Band limits of a column [m MSL].
    double bandFloorM(int i, int j) const;
    double bandCeilingM(int i, int j) const;

    /// What blocks voxel v in the base grid (funnels not considered), naming the building or no-fly volume.
    Blocker blockerOf(const Voxel& v) const;

    /// Observations made while building (filled terrain gaps, obstacles in funnels), as problems worded as
    /// warnings.
    const std::vector<core::Problem>& notes() const { return notes_; }

    /// Bytes held: the voxel grid, the per-column arrays, the funnels and the no-fly masks.
    std::size_t memoryBytes() const;

private:
    struct NoFlyMask {
        int i0 = 0, j0 = 0, w = 0, h = 0;
        std::vector<std::uint8_t> cells;  // dilated by the tube half-width
        bool covers(int i, int j) const {
            return i >= i0 && j >= j0 && i < i0 + w && j < j0 + h &&
                   cells[static_cast<std::size_t>(j - j0) * w + (i - i0)] != 0;
        }
    };

    AirspaceInputs inputs_;
    AirspaceSpec spec_;
    VoxelGrid grid_;
    std::vector<float> ground_;
    std::vector<float> buildingTop_;
    std::vector<NoFlyMask> noFly_;
    std::vector<VoxelPatch> departure_;
    std::vector<VoxelPatch> approach_;
    std::vector<Voxel> pads_;
    std::vector<std::vector<int>> buildingBuckets_;  // building indices per 64 x 64 column tile
    int bucketsX_ = 0;
    std::vector<float> buildingTopAll_;  // top elevation per building [m]
    std::vector<core::Problem> notes_;
    bool cancelled_ = false;
};

}  // namespace citytwin::uam
