// The city-model adapter: route lists, the density grid from the buildings' residents (people conserved), the
// independent no-fly check, the funnel and route layers, against figures worked out by hand.

#include <gtest/gtest.h>

#include <cmath>

#include "city_adapter.h"
#include "test_util.h"

namespace citytwin::uam {
namespace {

core::Polygon rect(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

std::vector<Vertiport> ports(std::initializer_list<const char*> names) {
    std::vector<Vertiport> v;
    for (const char* n : names) {
        Vertiport p;
        p.name = n;
        v.push_back(p);
    }
    return v;
}

std::string all(const std::vector<core::Problem>& ps) {
    std::string s;
    for (const auto& p : ps)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

TEST(UamAdapter, RoutesAreParsedWithHyphenatedNames) {
    std::vector<core::Problem> problems;
    bool network = true;
    const auto r = parseRoutes(" Jamsil-Suseo ,Gimpo-Airport - KINTEX, network",
                               ports({"Jamsil", "Suseo", "Gimpo-Airport", "KINTEX"}), {10, 2, 1}, network,
                               "routes", problems);
    EXPECT_TRUE(problems.empty()) << all(problems);
    EXPECT_TRUE(network);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].from, "Jamsil");
    EXPECT_EQ(r[0].to, "Suseo");
    EXPECT_EQ(r[1].from, "Gimpo-Airport");
    EXPECT_EQ(r[1].to, "KINTEX");
    EXPECT_EQ(r[1].flights.evening, 2.0);

    // Unknown names, ambiguous splits and an empty list are named.
    problems.clear();
    parseRoutes("A-B-C, A-X", ports({"A", "B", "C", "A-B", "B-C"}), {}, network, "routes", problems);
    EXPECT_NE(all(problems).find("route 'A-B-C' can be read in 2 ways"), std::string::npos) << all(problems);
    EXPECT_NE(all(problems).find("route 'A-X' is not FROM-TO"), std::string::npos) << all(problems);
    problems.clear();
    parseRoutes(" , ", ports({"A", "B"}), {}, network, "routes", problems);
    EXPECT_FALSE(network);
    EXPECT_NE(all(problems).find("no routes"), std::string::npos) << all(problems);
}

TEST(UamAdapter, DensityGridConservesTheResidents) {
    core::CityModel model;
    std::vector<BuildingInput> b(3);
    b[0].footprint = {rect(10, 10, 90, 40)};  // spans two 50 m cells
    b[0].population = 120.0;
    b[1].footprint = {rect(140, 140, 142, 142)};  // smaller than a cell's centre spacing: its centroid's cell
    b[1].population = 7.0;
    b[2].footprint = {rect(60, 60, 70, 70)};
    b[2].population = 0.0;
    const core::Box extent{0, 0, 200, 150};
    const core::Raster r = populationDensity(model, b, extent, 50.0);
    ASSERT_EQ(r.width(), 4);
    ASSERT_EQ(r.height(), 3);
    // Persons = density x cell area; the sum is every resident (exact to float rounding: 1e-4 persons).
    double people = 0.0;
    for (float v : r.data())
        people += v * 50.0 * 50.0 * 1e-6;
    EXPECT_NEAR(people, 127.0, 1e-4);
    // Building 0 covers the centres (25, 25) and (75, 25): 60 persons each, 24000 /km² in each cell.
    EXPECT_NEAR(r.sampleNearest({25, 25}), 24000.0, 1e-2);
    EXPECT_NEAR(r.sampleNearest({75, 25}), 24000.0, 1e-2);
    EXPECT_NEAR(r.sampleNearest({141, 141}), 7.0 / 0.0025, 1e-2);
}

TEST(UamAdapter, NoFlyLengthCountsOnlyTheVolume) {
    NoFlyVolume box;
    box.name = "box";
    box.polygon = rect(100, -50, 200, 50);
    box.floorM = 100.0;
    box.ceilingM = 200.0;
    NoFlyVolume circle;
    circle.circle = true;
    circle.centre = {500, 0};
    circle.radiusM = 50.0;  // from the ground, unlimited
    const core::Raster none;
    // Level at 150 m through the box (100 m inside) and the circle (100 m inside): 200 m, to a sample (1 m).
    EXPECT_NEAR(noFlyLengthM({{0, 0, 150}, {700, 0, 150}}, {box, circle}, none), 200.0, 1.0);
    // Above the box's ceiling, beside the circle: 0.
    EXPECT_EQ(noFlyLengthM({{0, 0, 250}, {700, 0, 250}}, {box}, none), 0.0);
    EXPECT_EQ(noFlyLengthM({{0, 60, 150}, {700, 60, 150}}, {box, circle}, none), 0.0);
    // AGL over terrain at 80 m: the box is 180-280 m MSL; a line at 150 m passes under it.
    core::Raster terrain(10, 10, core::GeoTransform{0, 100, 100, 20}, core::Crs{}, 80.0f);
    box.reference = AltitudeReference::AboveGround;
    EXPECT_EQ(noFlyLengthM({{0, 0, 150}, {300, 0, 150}}, {box}, terrain), 0.0);
    EXPECT_NEAR(noFlyLengthM({{0, 0, 200}, {300, 0, 200}}, {box}, terrain), 100.0, 1.0);
}

TEST(UamAdapter, FunnelSlicesRiseWithTheSurface) {
    CorridorScenario sc;
    Vertiport v;
    v.name = "P";
    v.position = {0, 0};
    v.padElevationM = 0.0;
    v.fatoSizeM = 30.0;
    v.departureBearingDeg = 90.0;  // east
    v.approachBearingDeg = 0.0;    // north
    sc.vertiports = {v};
    sc.airspace.band = {300.0, 600.0, AltitudeReference::AboveGround};
    sc.airspace.funnel = {30.0, 0.25, 0.15, 15000.0};
    const core::VectorLayer l = funnelLayer(sc, core::Crs{}, 100.0);
    // Per funnel: the FATO at 30 m, then (300 - 30) / 0.25 = 1080 m of surface in 11 slices of 98.2 m.
    ASSERT_EQ(l.features.size(), 2u * 12u);
    const int height = l.fields.indexOf("height_m");
    EXPECT_NEAR(core::toNumber(l.features[0].attribute(height)), 30.0, 1e-9);
    EXPECT_NEAR(core::toNumber(l.features[11].attribute(height)), 300.0, 1e-9);
    EXPECT_NEAR(core::toNumber(l.features[1].attribute(height)), 30.0 + 0.25 * 1080.0 / 11.0, 1e-9);
    // The departure funnel runs east: its last slice ends 15 + 1080 m out, 15 + 0.15 x 1080 m wide each side.
    const core::Box last = core::bounds(l.features[11].polygons);
    EXPECT_NEAR(last.maxX, 1095.0, 1e-6);
    EXPECT_NEAR(last.maxY, 15.0 + 0.15 * 1080.0, 1e-6);
    // The approach funnel runs north.
    EXPECT_NEAR(core::bounds(l.features[23].polygons).maxY, 1095.0, 1e-6);
    // Rings are counter-clockwise (the model's convention).
    for (const core::VectorFeature& f : l.features)
        EXPECT_GT(core::signedArea(f.polygons[0].outer), 0.0);
}

TEST(UamAdapter, RouteLayerCarriesAltitudes) {
    CorridorResult r;
    RouteResult a;
    a.from = "A";
    a.to = "B";
    a.found = true;
    a.centreline = {{0, 0, 5}, {0, 0, 45}, {1000, 0, 305}, {2000, 0, 305}};
    a.metrics.lengthM = 2115.0;
    RouteResult b;
    b.from = "A";
    b.to = "C";  // not found: not drawn
    r.routes = {a, b};
    const core::VectorLayer l = routeLayer(r, core::Crs{});
    ASSERT_EQ(l.features.size(), 1u);
    ASSERT_EQ(l.features[0].lineZ.size(), 1u);
    EXPECT_EQ(l.features[0].lineZ[0], (std::vector<double>{5, 45, 305, 305}));
    EXPECT_EQ(core::toText(l.features[0].attribute(l.fields.indexOf("route"))), "A-B");
    EXPECT_EQ(core::toNumber(l.features[0].attribute(l.fields.indexOf("max_altitude_m"))), 305.0);
}

}  // namespace
}  // namespace citytwin::uam
