#pragma once
/// @file crs.h
/// Coordinate reference systems (through PROJ) and coordinate transformations.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"

namespace citytwin::core {

/// A coordinate reference system, held as its WKT2 (2019) definition plus metadata read once from PROJ.
/// A value type: cheap to copy, thread-safe to share (holds no PROJ handle).
/// An EPSG code is optional: some real datasets carry custom definitions.
class CITYTWIN_CORE_API Crs {
public:
    /// An empty CRS (empty() is true).
    Crs() = default;

    /// Parses anything PROJ understands: "EPSG:5186", "urn:ogc:def:crs:EPSG::32734",
    /// "https://www.opengis.net/def/crs/EPSG/0/32734", WKT1 (incl. ESRI flavour), WKT2, PROJJSON,
    /// "+proj=..." strings. A compound CRS (horizontal + vertical) is reduced to its horizontal part.
    /// @throws Error(ErrorCode::Crs) naming the text when PROJ cannot make a CRS from it.
    static Crs fromUserInput(const std::string& text);
    /// @throws Error(ErrorCode::Crs) for an unknown code.
    static Crs fromEpsg(int code);
    /// WGS 84 longitude/latitude (EPSG:4326), used for area checks.
    static Crs wgs84();

    bool empty() const { return wkt_.empty(); }
    /// WKT2 (2019) definition; empty for an empty CRS.
    const std::string& wkt() const { return wkt_; }
    /// EPSG code if the definition is, or is identified by PROJ as, an EPSG CRS.
    std::optional<int> epsg() const { return epsg_; }
    /// Name from the definition ("Korea 2000 / Central Belt 2010"); may be empty for custom definitions.
    const std::string& name() const { return name_; }
    bool isProjected() const { return projected_; }
    bool isGeographic() const { return geographic_; }
    /// Linear unit size in metres (1 for metre-based projected CRSs); 0 when not linear.
    double linearUnitMetres() const { return linearUnit_; }
    /// "EPSG:5186 (Korea 2000 / Central Belt 2010)" or "custom Transverse Mercator (no EPSG code)".
    std::string describe() const;
    /// True when both describe the same CRS (PROJ equivalence, ignoring names and axis order).
    bool isEquivalentTo(const Crs& other) const;

private:
    std::string wkt_;
    std::string name_;
    std::optional<int> epsg_;
    bool projected_ = false;
    bool geographic_ = false;
    double linearUnit_ = 0.0;
};

/// Transforms coordinates between two CRSs, easting/longitude first in both (traditional GIS axis order).
/// Owns its PROJ context: one object per thread; not thread-safe itself. Move-only.
class CITYTWIN_CORE_API CoordinateTransformer {
public:
    /// @throws Error(ErrorCode::Crs) when PROJ finds no transformation between the two.
    CoordinateTransformer(const Crs& from, const Crs& to);
    ~CoordinateTransformer();
    CoordinateTransformer(CoordinateTransformer&&) noexcept;
    CoordinateTransformer& operator=(CoordinateTransformer&&) noexcept;
    CoordinateTransformer(const CoordinateTransformer&) = delete;
    CoordinateTransformer& operator=(const CoordinateTransformer&) = delete;

    /// True when source and target are equivalent: transform() then copies.
    bool isIdentity() const;
    /// One point; NaN coordinates when the point cannot be transformed.
    Point transform(const Point& p) const;
    /// In place; points that fail become NaN. Returns the number of failed points.
    std::size_t transform(std::vector<Point>& points) const;
    std::size_t transform(Point* points, std::size_t count) const;
    /// Bounding box of a box's image, sampled densely along its edges (21 points per edge).
    Box transformBox(const Box& box) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// True when coordinates in `a` and `b` are the same to within `toleranceM` over `areaInA` (a box in `a`'s
/// units), checked on a 5 x 5 grid of points. Catches definitions that differ on paper only, e.g. an ESRI
/// "Transverse Mercator" on GRS80 with TOWGS84 zero and EPSG:5186. Throws nothing; false when PROJ cannot
/// transform.
CITYTWIN_CORE_API bool coordinatesCoincide(const Crs& a, const Crs& b, const Box& areaInA,
                                           double toleranceM = 0.001);

}  // namespace citytwin::core
