#pragma once
/// @file vector_layer.h
/// Vector features with typed attributes.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "citytwin/core/crs.h"
#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"

namespace citytwin::core {

enum class FieldType { Integer, Real, String };

/// An attribute column.
struct Field {
    std::string name;
    FieldType type = FieldType::String;
};

/// One attribute value; std::monostate is NULL.
using AttributeValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// Attribute as text ("" for NULL); reals printed with up to 10 significant digits.
CITYTWIN_CORE_API std::string toText(const AttributeValue& value);
/// Attribute as a number: integers and reals directly, strings parsed when they are plain numbers; NaN
/// otherwise.
CITYTWIN_CORE_API double toNumber(const AttributeValue& value);

/// A set of columns. Lookups are case-insensitive, as in most GIS formats.
struct CITYTWIN_CORE_API FieldList : std::vector<Field> {
    /// Index of the field, or -1.
    int indexOf(const std::string& name) const;
    /// Index of the field, adding it with `type` when missing.
    int ensure(const std::string& name, FieldType type);
};

enum class GeometryKind { None, Point, Line, Polygon };

/// A feature of a generic vector layer. Only the member matching `kind` is filled; multi-part geometries keep
/// all their parts.
struct CITYTWIN_CORE_API VectorFeature {
    std::int64_t fid = -1;
    GeometryKind kind = GeometryKind::None;
    std::vector<Point> points;
    std::vector<LineString> lines;
    /// Lines only, optional: the altitude [m] of every vertex, one list per line (same sizes as `lines`); empty
    /// for 2D lines. Written as LineString Z (GeoPackage) and read back.
    std::vector<std::vector<double>> lineZ;
    MultiPolygon polygons;
    /// Aligned with the layer's fields; may be shorter (missing values are NULL).
    std::vector<AttributeValue> attributes;

    const AttributeValue& attribute(int index) const;
};

/// A named vector layer in one CRS.
struct CITYTWIN_CORE_API VectorLayer {
    std::string name;
    Crs crs;
    FieldList fields;
    std::vector<VectorFeature> features;

    /// Value of `field` for feature i; NULL when the field does not exist.
    const AttributeValue& value(std::size_t feature, const std::string& field) const;
    /// Bounding box of all geometries.
    Box extent() const;
};

}  // namespace citytwin::core
