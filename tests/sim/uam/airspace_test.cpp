// The voxel airspace built from terrain, buildings, clearances, no-fly volumes, the band and the funnels;
// expected voxels worked out by hand from the fixture's geometry (city_fixture.h).

#include <gtest/gtest.h>

#include "city_fixture.h"
#include "citytwin/uam/airspace.h"

namespace citytwin::uam {
namespace {

struct Built {
    CorridorScenario s = test::smallCity();
    AirspaceInputs in() const { return {&s.terrain, &s.buildings, &s.noFly, &s.vertiports}; }
};

bool hasProblem(const std::vector<core::Problem>& ps, const std::string& parameter, const std::string& text) {
    for (const auto& p : ps)
        if (p.parameter == parameter && p.message.find(text) != std::string::npos) return true;
    return false;
}

std::string all(const std::vector<core::Problem>& ps) {
    std::string s;
    for (const auto& p : ps)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

TEST(Airspace, BandAboveGroundBetweenItsLimits) {
    Built b;
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    const VoxelGrid& g = a.grid();
    EXPECT_EQ(g.nx(), 150);
    EXPECT_EQ(g.ny(), 100);
    // Lowest ground 20.1 m (pads 23 m and up): z0 = floor(20.1 / 10) * 10 - 10 = 10 m.
    EXPECT_DOUBLE_EQ(g.geometry().z0M, 10.0);
    // Column (100, 85): centre x 2010 -> ground 40.1 m; band 190.1-340.1 m. Voxel k spans [10 + 10k, 20 +
    // 10k]: free when fully inside the band, k = 19 .. 32.
    EXPECT_NEAR(a.groundM(100, 85), 40.1, 1e-4);
    EXPECT_FALSE(g.isFree(100, 85, 18));
    EXPECT_TRUE(g.isFree(100, 85, 19));
    EXPECT_TRUE(g.isFree(100, 85, 32));
    EXPECT_FALSE(g.isFree(100, 85, 33));
    EXPECT_EQ(a.blockerOf({100, 85, 18}).cause, BlockCause::BandFloor);
    EXPECT_EQ(a.blockerOf({100, 85, 33}).cause, BlockCause::BandCeiling);
    EXPECT_EQ(a.blockerOf({100, 85, 2}).cause, BlockCause::Terrain);
    EXPECT_TRUE(a.notes().empty()) << all(a.notes());
}

TEST(Airspace, BuildingsBlockWithTheirClearances) {
    Built b;
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    const VoxelGrid& g = a.grid();
    // The tower: 1480-1520 x 980-1020, base = terrain at its centroid 35 m, top 285 m; plus the 30 m vertical
    // clearance, free from 315 m. Column (75, 50) (x 1500-1520, y 980-1000): band 185.1-335.1 m, so only
    // level 31 (320-330 m) is free.
    EXPECT_FALSE(g.isFree(75, 50, 30));
    EXPECT_TRUE(g.isFree(75, 50, 31));
    EXPECT_FALSE(g.isFree(75, 50, 32));
    EXPECT_EQ(a.blockerOf({75, 50, 25}).cause, BlockCause::Building);
    EXPECT_EQ(a.blockerOf({75, 50, 25}).name, "tower");
    EXPECT_FLOAT_EQ(a.buildingTopM(75, 50), 285.0f);
    // Laterally the obstacle grows by the clearance plus the tube half-width, 70 m: column 79 (x 1580-1600)
    // is 60 m from the footprint and blocked up to 315 m; column 80 (x 1600-1620) is 80 m away and free from
    // the band floor (ground 36.1 m + 150 m -> first full voxel 190-200 m, k = 18).
    EXPECT_FALSE(g.isFree(79, 50, 25));
    EXPECT_TRUE(g.isFree(79, 50, 31));
    EXPECT_TRUE(g.isFree(80, 50, 18));
    EXPECT_FALSE(g.isFree(80, 50, 17));
    // Diagonally: column (79, 46) is 60 m east and 40 m north of the footprint: 72 m away, free.
    EXPECT_TRUE(g.isFree(79, 46, 25));
}

TEST(Airspace, NoFlyVolumesBlockBetweenFloorAndCeiling) {
    Built b;
    NoFlyVolume n;
    n.name = "Heliport zone";
    n.circle = true;
    n.centre = {2010, 1490};
    n.radiusM = 200;
    n.floorM = 250;
    n.ceilingM = 1000;
    b.s.noFly.push_back(n);
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    const VoxelGrid& g = a.grid();
    // Column (100, 25) holds the centre: band 190.1-340.1 m; the volume from 250 m up blocks levels 24 and
    // above (voxel 24 spans 250-260 m; voxel 23, 240-250 m, only touches it).
    EXPECT_TRUE(g.isFree(100, 25, 23));
    EXPECT_FALSE(g.isFree(100, 25, 24));
    EXPECT_EQ(a.blockerOf({100, 25, 28}).cause, BlockCause::NoFly);
    EXPECT_EQ(a.blockerOf({100, 25, 28}).name, "Heliport zone");
    // The circle covers the columns whose square lies within 200 m of the centre: up to column 110 (x 2200,
    // 190 m). Grown by the 40 m half-width, columns whose square lies within 40 m of those: up to column 113
    // (square 40 m from column 110's), and column 114 is free.
    EXPECT_FALSE(g.isFree(113, 25, 28));
    EXPECT_TRUE(g.isFree(114, 25, 28));
}

TEST(Airspace, SeaLevelBandIgnoresTheGround) {
    Built b;
    b.s.airspace.band = {150.0, 300.0, AltitudeReference::AboveSeaLevel};
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    // Voxel k spans [10 + 10k, 20 + 10k]: free for 14 <= k <= 28 everywhere away from obstacles.
    for (int i : {5, 100, 145}) {
        EXPECT_FALSE(a.grid().isFree(i, 85, 13));
        EXPECT_TRUE(a.grid().isFree(i, 85, 14));
        EXPECT_TRUE(a.grid().isFree(i, 85, 28));
        EXPECT_FALSE(a.grid().isFree(i, 85, 29));
    }
}

TEST(Airspace, FunnelsOpenTheWayToThePads) {
    Built b;
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    // West pad (300, 950) at 23 m: column (15, 52), first voxel fully above the pad k = ceil((23 - 10) / 10)
    // = 2.
    const Voxel pad = a.padVoxel(0);
    EXPECT_EQ(pad, (Voxel{15, 52, 2}));
    EXPECT_FALSE(a.grid().isFree(pad));
    EXPECT_TRUE(a.departureFunnel(0).isFree(pad.i, pad.j, pad.k));
    EXPECT_TRUE(a.approachFunnel(0).isFree(pad.i, pad.j, pad.k));
    // Departure bearing 90 (east). Column (25, 52): centre 210 m east of the pad; its far edge 220 m; the
    // surface rises from the FATO edge (20 m) at 0.25 after the 30 m vertical segment: 23 + 30 + 0.25 * 200 =
    // 103 m, so the first free voxel is k = 10 (110-120 m).
    EXPECT_FALSE(a.departureFunnel(0).isFree(25, 52, 9));
    EXPECT_TRUE(a.departureFunnel(0).isFree(25, 52, 10));
    // Behind the pad (west) there is no funnel below the band.
    EXPECT_FALSE(a.departureFunnel(0).isFree(8, 52, 10));
    SearchSpace space(a.grid());
    space.addPatch(&a.departureFunnel(0));
    EXPECT_TRUE(space.isFree(25, 52, 10));
    EXPECT_FALSE(space.isFree(25, 52, 9));
}

TEST(Airspace, ValidationNamesTheBadItems) {
    Built b;
    EXPECT_TRUE(validateAirspace(b.in(), b.s.airspace).empty())
        << all(validateAirspace(b.in(), b.s.airspace));
    AirspaceSpec band = b.s.airspace;
    band.band.minM = 400;
    band.band.maxM = 300;
    const auto p1 = validateAirspace(b.in(), band);
    EXPECT_TRUE(hasProblem(p1, "band_min_m", "not below its ceiling")) << all(p1);
    AirspaceSpec fun = b.s.airspace;
    fun.funnel.verticalSegmentM = 15;
    EXPECT_TRUE(hasProblem(validateAirspace(b.in(), fun), "funnel_vertical_m", "two voxels"));
    AirspaceSpec cell = b.s.airspace;
    cell.cellM = -5;
    EXPECT_TRUE(hasProblem(validateAirspace(b.in(), cell), "grid_cell_m", "-5"));

    Vertiport inside;
    inside.name = "Basement";
    inside.position = {850, 650};
    inside.padElevationM = 29.0;
    b.s.vertiports.push_back(inside);
    auto p2 = validateAirspace(b.in(), b.s.airspace);
    EXPECT_TRUE(hasProblem(p2, "vertiports", "vertiport 'Basement' lies inside building 'block_a'"))
        << all(p2);
    // On the roof (base 28.5 m + 30 m) it is a rooftop vertiport.
    b.s.vertiports.back().padElevationM = 58.5;
    EXPECT_TRUE(validateAirspace(b.in(), b.s.airspace).empty())
        << all(validateAirspace(b.in(), b.s.airspace));

    NoFlyVolume zone;
    zone.name = "Prohibited P-73";
    zone.polygon = test::rect(200, 900, 400, 1100);
    b.s.noFly.push_back(zone);
    auto p3 = validateAirspace(b.in(), b.s.airspace);
    EXPECT_TRUE(hasProblem(p3, "vertiports", "vertiport 'West' lies inside no-fly volume 'Prohibited P-73'"))
        << all(p3);
    // Above the volume's ceiling the pad is fine.
    b.s.noFly.back().ceilingM = 20.0;
    EXPECT_FALSE(hasProblem(validateAirspace(b.in(), b.s.airspace), "vertiports", "Prohibited"));

    Vertiport away;
    away.name = "Far";
    away.position = {5000, 500};
    b.s.vertiports.push_back(away);
    EXPECT_TRUE(hasProblem(validateAirspace(b.in(), b.s.airspace), "vertiports",
                           "'Far' at (5000, 500) lies outside"));

    b.s.vertiports.push_back(b.s.vertiports[0]);
    EXPECT_TRUE(hasProblem(validateAirspace(b.in(), b.s.airspace), "vertiports", "'West' is given twice"));
    b.s.buildings[1].heightM = -3;
    EXPECT_TRUE(hasProblem(validateAirspace(b.in(), b.s.airspace), "buildings", "'block_a' has height -3"));
    b.s.noFly.back().circle = true;
    b.s.noFly.back().radiusM = 0;
    EXPECT_TRUE(
        hasProblem(validateAirspace(b.in(), b.s.airspace), "nofly_volumes", "'Prohibited P-73': the radius"));
}

TEST(Airspace, ObstaclesInAFunnelAreReported) {
    Built b;
    // A 120 m building 150 m east of the West pad, inside its departure funnel.
    b.s.buildings.push_back(test::building("mast", 440, 940, 460, 960, 120.0));
    const Airspace a = Airspace::build(b.in(), b.s.airspace);
    bool found = false;
    for (const auto& n : a.notes())
        found = found || (n.message.find("departure funnel of vertiport 'West'") != std::string::npos &&
                          n.message.find("'mast'") != std::string::npos);
    EXPECT_TRUE(found) << all(a.notes());
}

TEST(Airspace, CancelReturnsEarly) {
    Built b;
    core::Progress cancel([](double, const std::string&) {}, [] { return true; });
    const Airspace a = Airspace::build(b.in(), b.s.airspace, cancel);
    EXPECT_TRUE(a.cancelled());
}

}  // namespace
}  // namespace citytwin::uam
