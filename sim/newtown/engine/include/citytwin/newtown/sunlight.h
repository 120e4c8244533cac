#pragma once
/// @file sunlight.h
/// Sun and shadow on the winter solstice: the sun's path by NREL SPA in Korean Standard Time, shadows of
/// building prisms (footprint, base, top) and of the terrain, sunlight hours on a ground grid and on facade
/// points, and the Korean case-law test per point. Before/after scenes are traced together: existing
/// buildings that stay cast shadows in both, removed ones only before, new ones only after.
///
/// Facade points are traced exactly against the prisms (a uniform grid index with per-cell top heights, a 2D
/// DDA walk and an exact ray-prism test); terrain and the ground grid use a shadow-height sweep per time step
/// (see README, "Shadows"). computeSunlight() runs on all cores (OpenMP) with results independent of the
/// thread count; it reports progress per time step and polls cancel there.

#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/progress.h"
#include "citytwin/core/raster.h"
#include "citytwin/newtown/tables.h"

namespace citytwin::newtown {

/// A prism that casts shadows.
struct Obstacle {
    enum class Kind : std::uint8_t {
        Kept,     ///< an existing building that stays: in both scenes
        Removed,  ///< an existing building on a redeveloped parcel: before only
        New,      ///< a new building: after only
    };
    std::string id;
    core::Polygon footprint;  ///< project CRS [m]
    double baseM = 0.0;       ///< absolute elevation of the base [m]
    double topM = 0.0;        ///< absolute elevation of the roof [m]
    Kind kind = Kind::Kept;
};

/// A point on a facade where sunlight is measured (a household's window, or a grid point).
struct FacadePoint {
    core::Point position;  ///< project CRS [m], a few centimetres in front of the wall
    double zM = 0.0;       ///< absolute elevation [m]
    double normalX = 0.0;  ///< outward unit normal of the wall (grid east, north)
    double normalY = 0.0;
    int obstacle = -1;        ///< index of its building in the obstacle list (-1: none)
    int floor = 1;            ///< floor number from 1
    double households = 1.0;  ///< households this point stands for
    bool window = true;       ///< one household's window (false: a facade grid point)
};

/// The sun at one time step (the middle of the step's interval).
struct SunStep {
    double startMin = 0.0;        ///< interval start, minutes after midnight KST
    double durationMin = 1.0;     ///< interval length [min]
    double azimuthDeg = 0.0;      ///< from true north, eastward
    double gridAzimuthDeg = 0.0;  ///< from grid north, eastward
    double elevationDeg = 0.0;    ///< apparent (refracted) or geometric, per SunlightOptions::refraction
    bool up = false;              ///< above the horizon
};

struct SunlightOptions {
    int year = 2024;  ///< winter solstice 2024 in Korea: 2024-12-21
    int month = 12;
    int day = 21;
    double timezoneH = 9.0;     ///< Korean Standard Time
    double startMin = 480.0;    ///< 08:00
    double endMin = 960.0;      ///< 16:00
    double stepMin = 1.0;       ///< [time_step_min] 0.25..60
    double latitudeDeg = 37.5;  ///< site (SPA)
    double longitudeDeg = 127.0;
    double siteElevationM = 0.0;
    double deltaTS = 69.2;  ///< TT - UT1 [s] (IERS, 2024)
    double pressureHPa = 1010.0;
    double temperatureC = 10.0;
    bool refraction = true;                ///< shadows by the apparent sun (true) or the geometric one
    double trueNorthGridAzimuthDeg = 0.0;  ///< grid bearing of true north [deg]
    double minSpanMin = 5.0;  ///< [min_continuous_span_min] sunlit runs shorter than this do not count
    SunlightCriteria criteria;
    /// Ground grid: cell size [m] (0 = no ground grid) and extent (empty = the new buildings, or else all
    /// obstacles, plus groundMarginM).
    double groundCellM = 2.0;
    core::Box groundExtent;
    double groundMarginM = 100.0;
    /// [ground_step_min] time step of the ground grid, a multiple of stepMin (rounded), 0.25..60: the map is
    /// a picture, and its sweep costs per cell what a facade point costs per ray (README, "Speed").
    double groundStepMin = 5.0;
    std::size_t maxGroundCells = 16u << 20;
};

/// Sun positions for every step of the window (SPA, KST). @throws core::Error(Validation) for a date
/// outside SPA's range or bad options.
std::vector<SunStep> sunSteps(const SunlightOptions& options);

/// The case-law test of one lit/unlit sequence over the steps.
struct CaseLaw {
    double totalH = 0.0;  ///< sunlit hours in the total window (runs shorter than the minimum span dropped)
    double continuousH = 0.0;  ///< longest sunlit run inside the continuous window [h]
    bool pass = false;         ///< continuousH >= continuous minimum or totalH >= total minimum
};
CaseLaw evaluateCaseLaw(const std::vector<std::uint8_t>& lit, const std::vector<SunStep>& steps,
                        const SunlightCriteria& criteria, double minSpanMin);

/// Result for one facade point.
struct PointSunlight {
    CaseLaw after;   ///< with the kept and new buildings
    CaseLaw before;  ///< with the kept and removed buildings
    int cause = -1;  ///< obstacle index of the new building that alone blocks the most minutes (-1: none)
    double causeMin = 0.0;  ///< minutes blocked by it
};

struct SunlightResult {
    std::vector<SunStep> steps;
    std::vector<PointSunlight> points;  ///< aligned with the input points
    core::Raster groundHoursAfter;      ///< sunlit hours in the total window [h]; NaN under buildings
    core::Raster groundHoursBefore;
    bool cancelled = false;
};

/// Sunlight of facade points and of the ground grid. `terrain` (optional, may be null) is a DEM in the
/// project CRS; it shades points and ground beyond one DEM cell. @throws core::Error(Validation) for bad
/// options.
SunlightResult computeSunlight(const std::vector<Obstacle>& obstacles, const std::vector<FacadePoint>& points,
                               const core::Raster* terrain, const SunlightOptions& options,
                               const core::Progress& progress = {});

/// How facade points are laid out.
struct FacadeSampling {
    double windowHeightM =
        1.5;  ///< [window_height_m] above each floor's level (the middle of a 0.9-2.1 m window)
    double gridSpacingM = 10.0;  ///< [facade_grid_spacing_m] along walls without known units
    double offsetM = 0.05;       ///< in front of the wall
};

/// One point per household window on the walls of a new building that face south of east-west (true north
/// given as the grid bearing `trueNorthGridAzimuthDeg`): `households` windows (rounded) spread over the
/// residential floors (above `nonResidentialFloors`), evenly along those walls.
std::vector<FacadePoint> windowPoints(const core::Polygon& footprint, double baseM, double storeyHeightM,
                                      int floors, int nonResidentialFloors, double households, int obstacle,
                                      double trueNorthGridAzimuthDeg, const FacadeSampling& sampling);

/// A grid of points on every wall whose outward normal lies within (minAzimuth - 90, maxAzimuth + 90) of true
/// north (walls the sun can reach at some time of the window), one per floor and about every gridSpacingM;
/// `households` shared equally.
std::vector<FacadePoint> facadeGridPoints(const core::Polygon& footprint, double baseM, double storeyHeightM,
                                          int floors, double households, int obstacle,
                                          double trueNorthGridAzimuthDeg, double minSunAzimuthDeg,
                                          double maxSunAzimuthDeg, const FacadeSampling& sampling);

/// Drops points that lie inside another obstacle (walls shared with a neighbour).
std::vector<FacadePoint> dropEnclosedPoints(const std::vector<FacadePoint>& points,
                                            const std::vector<Obstacle>& obstacles);

}  // namespace citytwin::newtown
