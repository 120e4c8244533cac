#pragma once
// Helpers of the new-town tests: the shipped tables, rectangles, parcels.

#include <string>

#include "citytwin/core/geometry.h"
#include "citytwin/newtown/massing.h"
#include "citytwin/newtown/tables.h"
#include "test_util.h"

namespace citytwin::newtown::test {

inline std::string tablesDir() {
    return citytwin::test::projectData("newtown");
}

inline const NewtownTables& seoulTables() {
    static const NewtownTables t = loadTables(tablesDir(), "seoul");
    return t;
}

/// Counter-clockwise rectangle.
inline core::Polygon rect(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

inline Parcel parcel(const std::string& id, const core::Polygon& shape, const std::string& zoning) {
    Parcel p;
    p.id = id;
    p.shape = shape;
    p.zoningClass = zoning;
    return p;
}

}  // namespace citytwin::newtown::test
