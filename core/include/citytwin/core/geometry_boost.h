#pragma once
/// @file geometry_boost.h
/// Registers the city model's geometry types (geometry.h) with Boost.Geometry, so its algorithms run on them
/// directly: counter-clockwise, closed rings, cartesian coordinates.
///
/// Include only in .cpp files: Boost.Geometry costs ~10 s of compile time per translation unit.

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/register/linestring.hpp>
#include <boost/geometry/geometries/register/multi_polygon.hpp>
#include <boost/geometry/geometries/register/point.hpp>
#include <boost/geometry/geometries/register/ring.hpp>

#include "citytwin/core/geometry.h"

BOOST_GEOMETRY_REGISTER_POINT_2D(citytwin::core::Point, double, boost::geometry::cs::cartesian, x, y)
BOOST_GEOMETRY_REGISTER_RING(citytwin::core::Ring)
BOOST_GEOMETRY_REGISTER_LINESTRING(citytwin::core::LineString)
BOOST_GEOMETRY_REGISTER_MULTI_POLYGON(citytwin::core::MultiPolygon)

namespace boost::geometry::traits {

template <>
struct point_order<citytwin::core::Ring> {
    static const order_selector value = counterclockwise;
};

template <>
struct closure<citytwin::core::Ring> {
    static const closure_selector value = closed;
};

template <>
struct tag<citytwin::core::Polygon> {
    using type = polygon_tag;
};

template <>
struct ring_const_type<citytwin::core::Polygon> {
    using type = const citytwin::core::Ring&;
};

template <>
struct ring_mutable_type<citytwin::core::Polygon> {
    using type = citytwin::core::Ring&;
};

template <>
struct interior_const_type<citytwin::core::Polygon> {
    using type = const std::vector<citytwin::core::Ring>&;
};

template <>
struct interior_mutable_type<citytwin::core::Polygon> {
    using type = std::vector<citytwin::core::Ring>&;
};

template <>
struct exterior_ring<citytwin::core::Polygon> {
    static citytwin::core::Ring& get(citytwin::core::Polygon& p) { return p.outer; }
    static const citytwin::core::Ring& get(const citytwin::core::Polygon& p) { return p.outer; }
};

template <>
struct interior_rings<citytwin::core::Polygon> {
    static std::vector<citytwin::core::Ring>& get(citytwin::core::Polygon& p) { return p.inners; }
    static const std::vector<citytwin::core::Ring>& get(const citytwin::core::Polygon& p) { return p.inners; }
};

}  // namespace boost::geometry::traits
