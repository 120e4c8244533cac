// City model -> flood set-up (resampling, buildings, roughness) and results -> impacts (buildings, roads).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "citytwin/core/city_model.h"
#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/flood/solver.h"
#include "flood_test_util.h"
#include "model_adapter.h"

namespace citytwin::test {
namespace {

using flood::BuildingMode;
using flood::ManningSource;
using flood::ModelGridOptions;

core::Polygon square(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

/// A 20 m x 20 m town at 1 m: a plane rising 0.1 m per column eastwards, one 4 m x 4 m house of 6 m, one
/// road across, a road-surface polygon and a land-use raster.
core::CityModel smallTown() {
    core::CityModel m;
    m.crs = core::Crs::fromEpsg(32756);
    m.terrain = core::Raster(20, 20, {1000.0, 2020.0, 1.0, 1.0}, m.crs, 0.0f);
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 20; ++c)
            m.terrain.at(c, r) = static_cast<float>(10.0 + 0.1 * c);
    core::Building house;
    house.id = "house-1";
    house.footprint.push_back(square(1004.0, 2004.0, 1008.0, 2008.0));
    house.heightM = 6.0;
    m.buildings.push_back(house);
    core::Road road;
    road.id = "main";
    road.line = {{1000.5, 2010.5}, {1019.5, 2010.5}};
    m.roads.push_back(road);
    core::VectorLayer surface;
    surface.name = "road_surface";
    surface.fields.push_back({"manning_n", core::FieldType::Real});
    core::VectorFeature f;
    f.kind = core::GeometryKind::Polygon;
    f.polygons.push_back(square(1000.0, 2009.0, 1020.0, 2012.0));
    f.attributes.push_back(0.015);
    surface.features.push_back(f);
    m.vectors["road_surface"] = surface;
    core::Raster landUse(20, 20, {1000.0, 2020.0, 1.0, 1.0}, m.crs, 1.0f);
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 20; ++c)
            landUse.at(c, r) = 2.0f;
    m.rasters["land_use"] = landUse;
    return m;
}

TEST(FloodModelAdapter, TerrainIsResampledCoarserAndFiner) {
    const core::CityModel m = smallTown();
    // Same resolution: an exact copy.
    const flood::Grid same = flood::runGrid(m.terrain, 1.0);
    EXPECT_EQ(same.nx, 20);
    EXPECT_EQ(flood::resampleTerrain(m.terrain, same), m.terrain.data());
    // 2 m: the mean of 2 x 2 source cells.
    const flood::Grid coarse = flood::runGrid(m.terrain, 2.0);
    ASSERT_EQ(coarse.nx, 10);
    ASSERT_EQ(coarse.ny, 10);
    const std::vector<float> zc = flood::resampleTerrain(m.terrain, coarse);
    EXPECT_NEAR(zc[coarse.index(3, 5)], 10.0 + 0.1 * 6.5, 1e-5);
    // 0.5 m: bilinear between centres.
    const flood::Grid fine = flood::runGrid(m.terrain, 0.5);
    ASSERT_EQ(fine.nx, 40);
    const std::vector<float> zf = flood::resampleTerrain(m.terrain, fine);
    EXPECT_NEAR(zf[fine.index(11, 7)], 10.0 + 0.1 * (fine.centreX(11) - 1000.5), 1e-5);
    // No data: a 2 x 2 block with three NaN is NaN at 2 m, one NaN averages the rest.
    core::Raster holes = m.terrain;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    holes.at(0, 0) = holes.at(1, 0) = holes.at(0, 1) = nan;
    holes.at(4, 0) = nan;
    const std::vector<float> zh = flood::resampleTerrain(holes, coarse);
    EXPECT_TRUE(std::isnan(zh[coarse.index(0, 0)]));
    EXPECT_NEAR(zh[coarse.index(2, 0)], (10.4 + 10.5 + 10.4 + 10.5 - 10.4) / 3.0, 1e-5);
    EXPECT_TRUE(std::isnan(flood::resampleTerrain(holes, fine)[fine.index(0, 0)]));
}

TEST(FloodModelAdapter, BuildingsBlockOrRaiseTheirCells) {
    const core::CityModel m = smallTown();
    ModelGridOptions o;
    o.buildingMode = BuildingMode::Block;
    const flood::Setup blocked = flood::setupFromModel(m, o);
    std::size_t walls = 0;
    for (std::uint8_t b : blocked.blocked)
        walls += b;
    EXPECT_EQ(walls, 16u);                                     // 4 m x 4 m at 1 m
    EXPECT_EQ(blocked.blocked[blocked.grid.index(5, 14)], 1);  // x 1005.5, y 2005.5
    o.buildingMode = BuildingMode::Raise;
    const flood::Setup raised = flood::setupFromModel(m, o);
    EXPECT_TRUE(raised.blocked.empty());
    EXPECT_FLOAT_EQ(raised.bedElevationM[raised.grid.index(5, 14)], 10.5f + 6.0f);
    o.buildingMode = BuildingMode::Ignore;
    EXPECT_FLOAT_EQ(flood::setupFromModel(m, o).bedElevationM[raised.grid.index(5, 14)], 10.5f);
    EXPECT_EQ(flood::parseBuildingMode("raise"), BuildingMode::Raise);
    expectError([] { flood::parseBuildingMode("delete"); }, core::ErrorCode::Validation,
                {"building_mode", "delete"});
}

TEST(FloodModelAdapter, ManningFromValueRasterLandUseOrPolygons) {
    const core::CityModel m = smallTown();
    ModelGridOptions o;
    o.manning.uniformN = 0.04;
    EXPECT_TRUE(flood::setupFromModel(m, o).manningGridN.empty());
    // Polygons with an attribute: 0.015 on the road surface, 0.04 elsewhere.
    o.manning.source = ManningSource::Polygons;
    o.manning.layer = "road_surface";
    o.manning.polygonField = "manning_n";
    flood::Setup s = flood::setupFromModel(m, o);
    EXPECT_FLOAT_EQ(s.manningGridN[s.grid.index(3, 9)], 0.015f);  // y 2010.5
    EXPECT_FLOAT_EQ(s.manningGridN[s.grid.index(3, 2)], 0.04f);   // y 2017.5
    // Land use: class 2 in the northern half.
    o.manning.source = ManningSource::LandUseTable;
    o.manning.layer = "land_use";
    o.manning.classTable = {{1, 0.03}, {2, 0.1}};
    s = flood::setupFromModel(m, o);
    EXPECT_FLOAT_EQ(s.manningGridN[s.grid.index(0, 0)], 0.1f);
    EXPECT_FLOAT_EQ(s.manningGridN[s.grid.index(0, 19)], 0.03f);
    o.manning.classTable = {{1, 0.03}};
    expectError([&] { flood::setupFromModel(m, o); }, core::ErrorCode::Validation,
                {"manning_classes", "land-use classes without a Manning n in layer \"land_use\": 2"});
    // A raster of n itself; codes > 1 are refused as not being n.
    o.manning.source = ManningSource::Raster;
    expectError([&] { flood::setupFromModel(m, o); }, core::ErrorCode::Validation,
                {"manning_layer", "n = 2"});
    o.manning.layer = "roughness";
    expectError([&] { flood::setupFromModel(m, o); }, core::ErrorCode::Validation,
                {"manning_layer", "no raster layer \"roughness\""});
}

TEST(FloodModelAdapter, OptionsAreCheckedAllAtOnce) {
    core::CityModel noTerrain;
    const auto none = flood::validateModelOptions(noTerrain, {});
    ASSERT_EQ(none.size(), 1u);
    EXPECT_EQ(none[0].parameter, "terrain");
    ModelGridOptions o;
    o.resolutionM = -2;
    o.manning.uniformN = 3;
    EXPECT_EQ(flood::validateModelOptions(smallTown(), o).size(), 2u);
    o.resolutionM = 50;
    o.manning.uniformN = 0.03;
    const auto coarse = flood::validateModelOptions(smallTown(), o);
    ASSERT_EQ(coarse.size(), 1u);
    EXPECT_EQ(coarse[0].parameter, "resolution_m");
}

TEST(FloodModelAdapter, BuildingAndRoadImpactsFromMaxDepth) {
    const core::CityModel m = smallTown();
    const flood::Setup s = flood::setupFromModel(m, {});
    std::vector<float> depth(s.grid.cellCount(), 0.0f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t k = 0; k < depth.size(); ++k)
        if (s.blocked[k]) depth[k] = nan;
    depth[s.grid.index(8, 13)] = 0.35f;  // east of the house, within one cell
    depth[s.grid.index(12, 13)] = 0.9f;  // three cells away: not the house's
    // The road (row 9) is under 0.2 m on columns 0-4 and 0.05 m on 5-9.
    for (int c = 0; c < 5; ++c)
        depth[s.grid.index(c, 9)] = 0.2f;
    for (int c = 5; c < 10; ++c)
        depth[s.grid.index(c, 9)] = 0.05f;
    const auto buildings = flood::buildingImpacts(m, s.grid, depth, BuildingMode::Block, 0.1);
    ASSERT_EQ(buildings.size(), 1u);
    EXPECT_EQ(buildings[0].id, "house-1");
    EXPECT_FLOAT_EQ(buildings[0].maxDepthM, 0.35f);
    EXPECT_TRUE(buildings[0].flooded);
    EXPECT_EQ(buildings[0].cellsSampled, 36 - 16);
    EXPECT_FALSE(flood::buildingImpacts(m, s.grid, depth, BuildingMode::Block, 0.5)[0].flooded);
    const auto roads = flood::roadImpacts(m, s.grid, depth, 0.1);
    EXPECT_NEAR(roads.totalLengthM, 19.0, 1e-9);
    EXPECT_NEAR(roads.floodedLengthM, 4.5, 0.25 + 1e-9);  // x 1000.5 to 1005.0, in quarter-cell steps
    EXPECT_FLOAT_EQ(roads.roads[0].maxDepthM, 0.2f);
}

TEST(FloodModelAdapter, MerewetherModelBuildsAValidSetup) {
    const core::CityModel m =
        core::buildCityModel(core::loadScenario(projectData("merewether/scenario.json")));
    ModelGridOptions o;
    o.manning.source = ManningSource::Polygons;
    o.manning.layer = "road_surface";
    o.manning.polygonField = "manning_n";
    o.manning.uniformN = 0.04;
    flood::Setup s = flood::setupFromModel(m, o);
    EXPECT_EQ(s.grid.nx, m.terrain.width());  // the scenario's 1 m grid
    EXPECT_EQ(s.grid.ny, m.terrain.height());
    EXPECT_GE(s.grid.nx, 320);
    std::size_t walls = 0, road = 0;
    for (std::size_t k = 0; k < s.grid.cellCount(); ++k) {
        walls += s.blocked[k];
        road += s.manningGridN[k] == 0.02f;
    }
    EXPECT_GT(walls, 60u * 50u);  // 60 houses of 100-300 m²
    EXPECT_GT(road, 5000u);
    // The DEM's no-data cells lie along its border: outside the domain, not holes.
    EXPECT_TRUE(flood::validate(s).empty());
    // Observation points as gauges, named by their id.
    const auto gauges = flood::gaugesFromLayer(m, "observation_points", "point_id");
    EXPECT_EQ(gauges.size(), 5u);
    // At 2 m the grid halves and buildings still block.
    o.resolutionM = 2.0;
    s = flood::setupFromModel(m, o);
    EXPECT_EQ(s.grid.nx, m.terrain.width() / 2);
    EXPECT_TRUE(flood::validate(s).empty());
}

}  // namespace
}  // namespace citytwin::test
