#pragma once
// A small synthetic city for the airspace and corridor tests: 3 km x 2 km of terrain rising gently to the
// east, a few buildings, a tower, three vertiports. Built by hand so that expected values can be worked out.

#include <cmath>
#include <string>
#include <vector>

#include "citytwin/uam/corridor.h"
#include "test_util.h"

namespace citytwin::uam::test {

inline core::Polygon rect(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

inline BuildingInput building(const std::string& id, double x0, double y0, double x1, double y1, double h,
                              double population = 0.0, SensitiveUse use = SensitiveUse::None) {
    BuildingInput b;
    b.id = id;
    b.footprint.push_back(rect(x0, y0, x1, y1));
    b.heightM = h;
    b.population = population;
    b.use = use;
    return b;
}

/// Terrain 3 km x 2 km at 10 m cells, origin (0, 2000) at the north-west: z = 20 + x / 100 (20 m in the west,
/// 50 m in the east).
inline core::Raster slopeTerrain() {
    core::Raster t(300, 200, core::GeoTransform{0.0, 2000.0, 10.0, 10.0}, core::Crs{}, 0.0f);
    for (int r = 0; r < 200; ++r)
        for (int c = 0; c < 300; ++c)
            t.at(c, r) = static_cast<float>(20.0 + (c + 0.5) * 10.0 / 100.0);
    return t;
}

/// A scenario over slopeTerrain(): band 150-300 m AGL, 20 m x 10 m voxels; vertiports West (300, 950),
/// East (2700, 950) and North (1500, 1800); buildings along the way, a 250 m tower in the middle of the
/// West-East line; population 10000 persons/km² in the southern half, 100 in the northern half.
inline CorridorScenario smallCity() {
    CorridorScenario s;
    s.terrain = slopeTerrain();
    s.population = core::Raster(30, 20, core::GeoTransform{0.0, 2000.0, 100.0, 100.0}, core::Crs{}, 100.0f);
    for (int r = 10; r < 20; ++r)
        for (int c = 0; c < 30; ++c)
            s.population.at(c, r) = 10000.0f;
    s.buildings.push_back(building("tower", 1480, 980, 1520, 1020, 250.0, 800.0));
    s.buildings.push_back(building("block_a", 800, 600, 900, 700, 30.0, 300.0));
    s.buildings.push_back(building("school", 1200, 700, 1260, 760, 15.0, 0.0, SensitiveUse::School));
    s.buildings.push_back(building("hospital", 2000, 1300, 2100, 1400, 40.0, 200.0, SensitiveUse::Hospital));
    auto vp = [](const std::string& n, double x, double y, double z, double dep, double app) {
        Vertiport v;
        v.name = n;
        v.position = {x, y};
        v.padElevationM = z;
        v.fatoSizeM = 40.0;
        v.departureBearingDeg = dep;
        v.approachBearingDeg = app;
        return v;
    };
    s.vertiports.push_back(vp("West", 300, 950, 23.0, 90, 90));
    s.vertiports.push_back(vp("East", 2700, 950, 47.0, 270, 270));
    s.vertiports.push_back(vp("North", 1500, 1800, 35.0, 270, 270));
    s.airspace.cellM = 20.0;
    s.airspace.dzM = 10.0;
    s.airspace.band = {150.0, 300.0, AltitudeReference::AboveGround};
    s.airspace.verticalClearanceM = 30.0;
    s.airspace.lateralClearanceM = 30.0;
    s.airspace.tubeHalfWidthM = 40.0;
    s.airspace.funnel = {30.0, 0.25, 0.15, 15000.0};
    s.aircraft.limits = {0.3, 0.3, 300.0};
    s.routes.push_back({"West", "East", {200, 40, 10}});
    s.tables = loadDataTables(citytwin::test::projectData("uam"));
    s.noise.cellM = 50.0;
    s.noise.threads = 1;
    return s;
}

}  // namespace citytwin::uam::test
