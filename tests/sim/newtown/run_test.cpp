// The whole run: households, loads and densities by hand; before/after bookkeeping; cancel; validation; and
// the Namyangju apartment footprints (../shared/data/city/namyangju_newtown_footprints) read with core's
// reader.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <functional>

#include "citytwin/core/crs.h"
#include "citytwin/core/error.h"
#include "citytwin/core/polygon_repair.h"
#include "citytwin/core/vector_io.h"
#include "citytwin/newtown/newtown.h"
#include "newtown_test_util.h"

namespace nt = citytwin::newtown;
namespace core = citytwin::core;
using nt::test::parcel;
using nt::test::rect;
using nt::test::seoulTables;

TEST(Population, LoadByHand) {
    // 10,000 m2 of homes at 100 m2 per unit and 2,000 m2 of shops. Table values: residential 6.4 and retail
    // 40.6 trip ends per 100 m2 per day, retail 20 m2 per job; water 300 L/person/day; pupils 5.0/2.6/2.5 %.
    const auto& t = seoulTables();
    nt::PopulationOptions o;  // 2.5 persons, car share 0.3, peak-hour factor 0.1, morning 70 %
    const nt::Load l = nt::loadOf(10000.0, 2000.0, nt::LandUse::Retail, 100.0, t, o);
    EXPECT_DOUBLE_EQ(l.households, 100.0);
    EXPECT_DOUBLE_EQ(l.population, 250.0);
    EXPECT_DOUBLE_EQ(l.jobs, 100.0);
    const double home = 100.0 * 6.4 * 0.3, shop = 20.0 * 40.6 * 0.3;  // daily vehicle trip ends
    EXPECT_NEAR(l.dailyTripEnds, home + shop, 1e-9);
    EXPECT_NEAR(l.peakProductions, 0.1 * (0.7 * home + 0.3 * shop), 1e-9);
    EXPECT_NEAR(l.peakAttractions, 0.1 * (0.3 * home + 0.7 * shop), 1e-9);
    EXPECT_NEAR(l.waterM3PerDay, 250.0 * 0.3, 1e-9);
    EXPECT_NEAR(l.pupilsElementary, 250.0 * 0.05, 1e-9);
    o.peak = nt::PeakPeriod::Daily;
    const nt::Load d = nt::loadOf(10000.0, 2000.0, nt::LandUse::Retail, 100.0, t, o);
    EXPECT_NEAR(d.peakProductions, d.peakAttractions, 1e-9);
    o.personsPerHousehold = 0.2;
    ASSERT_EQ(nt::validate(o).size(), 1u);
    EXPECT_EQ(nt::validate(o)[0].parameter, "persons_per_household");
    EXPECT_NE(nt::validate(o)[0].message.find("0.2"), std::string::npos);
}

namespace {

nt::ExistingBuilding slab(const std::string& id, double x0, double y0, double h) {
    nt::ExistingBuilding b;
    b.id = id;
    b.footprint = core::MultiPolygon{rect(x0, y0, x0 + 50, y0 + 12)};
    b.heightM = h;
    b.residential = true;
    return b;
}

nt::NewtownInputs scenario() {
    nt::NewtownInputs in;
    in.latitudeDeg = 37.6584;
    in.longitudeDeg = 126.8320;
    nt::Parcel a = parcel("A", rect(0, 0, 180, 150), "general_residential_3");
    a.farPct = 250.0;
    a.blockId = "east";
    nt::Parcel b = parcel("B", rect(0, 170, 180, 320), "general_residential_3");
    b.redevelop = false;
    b.blockId = "east";
    nt::Parcel c = parcel("C", rect(200, 0, 300, 100), "semi_residential");
    in.parcels = {a, b, c};
    in.existing = {slab("old1", 20, 20, 15), slab("old2", 20, 80, 15), slab("keep1", 20, 200, 45),
                   slab("keep2", 100, 260, 45)};
    nt::ExistingBuilding shop;
    shop.id = "shop";
    shop.footprint = core::MultiPolygon{rect(150, 140, 190, 160)};  // half in A: 300 of 800 m2 -> kept
    shop.heightM = 6.0;
    shop.residential = false;
    shop.nonResidentialUse = nt::LandUse::Retail;
    in.existing.push_back(shop);
    return in;
}

nt::NewtownParams fastParams() {
    nt::NewtownParams p;
    p.sun.stepMin = 5.0;
    p.sun.minSpanMin = 10.0;
    p.sun.groundCellM = 4.0;
    return p;
}

}  // namespace

TEST(Run, BookkeepingBeforeAndAfter) {
    const auto& t = seoulTables();
    const nt::NewtownInputs in = scenario();
    const nt::NewtownParams p = fastParams();
    const auto checks = nt::validate(in, p, t);
    ASSERT_TRUE(checks.errors.empty()) << checks.errors.front().message;
    const nt::NewtownResult r = nt::run(in, p, t);
    ASSERT_EQ(r.status, nt::NewtownResult::Status::Completed);
    // Replaced: the two slabs wholly in A; the shop has only 3/8 of its footprint in A.
    ASSERT_EQ(r.replacedExisting.size(), 2u);
    EXPECT_EQ(r.replacedExisting[0], "old1");
    EXPECT_EQ(r.replacedExisting[1], "old2");
    // Existing homes by hand: 50 x 12 m, 15 m / 3 m = 5 floors -> 3000 m2 / 100 m2 = 30 households each;
    // 45 m -> 15 floors -> 90 households each.
    EXPECT_NEAR(r.comparison.householdsBefore, 30 + 30 + 90 + 90, 1e-9);
    double newHh = 0.0, windows = 0.0;
    for (const auto& l : r.loads)
        if (l.status == nt::BuildingLoad::Status::New) newHh += l.load.households;
    EXPECT_NEAR(r.summary.newBuildings.households, newHh, 1e-9);
    EXPECT_NEAR(r.comparison.householdsAdded, newHh - 60.0, 1e-9);
    EXPECT_NEAR(r.summary.added.households, newHh - 60.0, 1e-9);
    EXPECT_NEAR(r.comparison.populationAdded, 2.5 * (newHh - 60.0), 1e-6);
    EXPECT_GT(r.comparison.peakTripsAdded, 0.0);
    // Densities: block "east" = A + B (5.4 ha), homes after = new + kept 180; C is its own block.
    ASSERT_EQ(r.blocks.size(), 2u);
    EXPECT_EQ(r.blocks[0].blockId, "east");
    EXPECT_NEAR(r.blocks[0].areaHa, 5.4, 1e-9);
    double newInA = 0.0;
    for (const auto& l : r.loads)
        if (l.status == nt::BuildingLoad::Status::New && l.parcelId == "A") newInA += l.load.households;
    EXPECT_NEAR(r.blocks[0].households, newInA + 180.0, 1e-6);
    EXPECT_NEAR(r.blocks[0].grossDensityPerHa, 2.5 * (newInA + 180.0) / 5.4, 1e-6);
    // Planning area: the convex hull of the parcels (an L-shaped set: 300 x 320 minus the notch to the east
    // of B).
    EXPECT_NEAR(r.summary.planningAreaHa, (300.0 * 320.0 - 0.5 * 120.0 * 220.0) / 1e4, 1e-6);
    ASSERT_EQ(r.references.size(), 2u);
    EXPECT_EQ(r.references[0].name, "Ilsan");
    EXPECT_NEAR(r.references[0].densityRatio, r.summary.grossDensityPerHa / 175.0, 1e-12);
    // One window per new household (rounded per building) on the new buildings.
    for (const auto& f : r.facade)
        if (f.status == nt::BuildingLoad::Status::New) windows += f.point.households;
    double rounded = 0.0;
    for (const auto& l : r.loads)
        if (l.status == nt::BuildingLoad::Status::New) rounded += std::round(l.load.households);
    EXPECT_NEAR(windows, rounded, 1e-9);
    EXPECT_LE(r.comparison.failingNewHouseholds, windows);
    EXPECT_LE(r.comparison.newlyFailingByNewBuildings, r.comparison.newlyFailingExisting + 1e-9);
    EXPECT_GE(r.comparison.failingHouseholdsAfter, r.comparison.failingNewHouseholds - 1e-9);
    // Ground grid around the new buildings, NaN under them.
    EXPECT_FALSE(r.sunHours.empty());
    EXPECT_EQ(r.sunHours.unit, "h");
    // Every compliance row passes.
    for (const auto& c : r.compliance)
        EXPECT_TRUE(c.pass()) << c.parcelId;
}

TEST(Run, CancelReturnsPromptly) {
    const auto& t = seoulTables();
    std::atomic<int> reports{0};
    core::Progress progress([&](double, const std::string&) { ++reports; },
                            [&] { return reports.load() > 3; });
    nt::NewtownParams p = fastParams();
    p.sun.stepMin = 1.0;
    const auto r = nt::run(scenario(), p, t, progress);
    EXPECT_EQ(r.status, nt::NewtownResult::Status::Cancelled);
    EXPECT_LT(reports.load(), 10);  // it stopped at the first sun step after the cancel, not after 480
}

TEST(Run, RefusesBadInputNamingIt) {
    const auto& t = seoulTables();
    nt::NewtownInputs in = scenario();
    in.parcels[2].zoningClass = "downtown";
    citytwin::test::expectError([&] { nt::run(in, fastParams(), t); }, core::ErrorCode::Validation,
                                {"parcel 'C'", "downtown"});
    in = scenario();
    in.latitudeDeg = NAN;
    const auto c = nt::validate(in, fastParams(), t);
    ASSERT_FALSE(c.errors.empty());
    EXPECT_EQ(c.errors[0].parameter, "site");
    nt::NewtownParams p = fastParams();
    p.massing.spacingFactor = 0.4;  // below the decree's 0.5
    const auto c2 = nt::validate(scenario(), p, t);
    ASSERT_EQ(c2.errors.size(), 1u);
    EXPECT_EQ(c2.errors[0].parameter, "spacing_factor");
    EXPECT_NE(c2.errors[0].message.find("0.4"), std::string::npos);
    p = fastParams();
    p.sun.year = -2500;
    const auto c3 = nt::validate(scenario(), p, t);
    ASSERT_EQ(c3.errors.size(), 1u);
    EXPECT_NE(c3.errors[0].message.find("-2500"), std::string::npos);
}

TEST(Run, NamyangjuApartmentFootprints) {
    // The 177 footprint parts of an apartment complex in Namyangju, projected to Korea 2000 / Central Belt
    // 2010 (EPSG:5186). The south-west quarter of their box is redeveloped at FAR 300 % (class 3 general
    // residential, Seoul's tables for the ordinance); the rest stays.
    const std::string path =
        citytwin::test::sharedData("city/namyangju_newtown_footprints/footprint-with-height.geojson");
    const core::VectorReadResult read = core::readVector(path, {});
    ASSERT_EQ(read.layer.features.size(), 177u);
    const core::CoordinateTransformer toKorea(read.layer.crs, core::Crs::fromEpsg(5186));
    nt::NewtownInputs in;
    core::Box box;
    double hand = 0.0;  // existing households by hand: area x round(height / 3) / 100 m2
    int parts = 0;
    for (std::size_t i = 0; i < read.layer.features.size(); ++i) {
        const auto& f = read.layer.features[i];
        const double h = core::toNumber(read.layer.value(i, "height"));
        if (!(h > 0.0)) continue;  // parts with height 0 are not buildings
        core::MultiPolygon mp = f.polygons;
        for (core::Polygon& poly : mp) {
            toKorea.transform(poly.outer);
            for (auto& hole : poly.inners)
                toKorea.transform(hole);
        }
        const core::RepairResult fixed = core::repairFootprint(mp);
        if (fixed.geometry.empty()) continue;
        nt::ExistingBuilding b;
        b.id = core::toText(read.layer.value(i, "layer")) + "#" + std::to_string(i);
        b.footprint = fixed.geometry;
        b.heightM = h;
        b.residential = true;
        box.expand(core::bounds(b.footprint));
        hand += core::area(b.footprint) * std::max(1.0, std::round(h / 3.0)) / 100.0;
        in.existing.push_back(b);
        ++parts;
    }
    EXPECT_EQ(parts, 140);  // 37 of the 177 parts have no height (0 or null)
    // True north in the grid: the bearing of a short step north at the site.
    const core::CoordinateTransformer fromWgs(core::Crs::wgs84(), core::Crs::fromEpsg(5186));
    const core::Point p0 = fromWgs.transform({127.181, 37.618}), p1 = fromWgs.transform({127.181, 37.619});
    const double trueNorth = std::atan2(p1.x - p0.x, p1.y - p0.y) * 180.0 / 3.14159265358979323846;
    EXPECT_NEAR(trueNorth, -0.11, 0.02);  // meridian convergence (127.181 - 127) x sin(37.6 deg), sign: west
    const double mx = 0.5 * (box.minX + box.maxX), my = 0.5 * (box.minY + box.maxY);
    const double x0 = box.minX - 20, y0 = box.minY - 20, x1 = box.maxX + 20, y1 = box.maxY + 20;
    nt::Parcel sw = parcel("SW", rect(x0, y0, mx, my), "general_residential_3");
    sw.farPct = 300.0;
    sw.lotLineOffsetM = 10.0;
    for (const auto& q :
         {std::make_pair("SE", rect(mx, y0, x1, my)), std::make_pair("NW", rect(x0, my, mx, y1)),
          std::make_pair("NE", rect(mx, my, x1, y1))}) {
        nt::Parcel keep = parcel(q.first, q.second, "general_residential_3");
        keep.redevelop = false;
        in.parcels.push_back(keep);
    }
    in.parcels.insert(in.parcels.begin(), sw);
    in.latitudeDeg = 37.618;
    in.longitudeDeg = 127.181;
    nt::NewtownParams p = fastParams();
    p.sun.stepMin = 10.0;
    p.massing.trueNorthGridAzimuthDeg = trueNorth;
    const auto& t = seoulTables();
    const auto checks = nt::validate(in, p, t);
    ASSERT_TRUE(checks.errors.empty()) << checks.errors.front().message;
    const nt::NewtownResult r = nt::run(in, p, t);
    ASSERT_EQ(r.status, nt::NewtownResult::Status::Completed);
    EXPECT_NEAR(r.comparison.householdsBefore, hand, 1e-6 * hand);
    ASSERT_FALSE(r.replacedExisting.empty());
    ASSERT_FALSE(r.buildings.empty());
    ASSERT_EQ(r.compliance.size(), 1u);
    EXPECT_TRUE(r.compliance[0].pass());
    EXPECT_LE(r.compliance[0].farAchievedPct, 300.0 + 1e-9);
    // Replaced buildings stand (mostly) in the south-west quarter.
    for (const auto& id : r.replacedExisting)
        for (const auto& b : in.existing)
            if (b.id == id) {
                const core::Point c = core::centroid(b.footprint);
                EXPECT_LT(c.x, mx + 30.0) << id;
                EXPECT_LT(c.y, my + 30.0) << id;
            }
    // The towers there (16-33 floors) already stand at more than 300 %: rebuilding at 300 % loses homes.
    EXPECT_NEAR(r.comparison.householdsAdded, r.comparison.householdsAfter - r.comparison.householdsBefore,
                1e-6);
    EXPECT_NEAR(r.comparison.householdsAdded, r.summary.added.households, 1e-6);
    EXPECT_GE(r.comparison.failingHouseholdsBefore, 0.0);
    EXPECT_LE(r.comparison.failingHouseholdsBefore, hand + 1e-6);
    std::printf(
        "Namyangju: %zu existing parts, %zu replaced, %zu new buildings, FAR %.1f %% (%s), households "
        "before %.0f after %.0f, failing before %.0f after %.0f (new windows failing %.0f, newly failing "
        "existing %.0f of which blamed on new buildings %.0f), peak trips added %.0f veh/h\n",
        in.existing.size(), r.replacedExisting.size(), r.buildings.size(), r.compliance[0].farAchievedPct,
        nt::toString(r.compliance[0].binding), r.comparison.householdsBefore, r.comparison.householdsAfter,
        r.comparison.failingHouseholdsBefore, r.comparison.failingHouseholdsAfter,
        r.comparison.failingNewHouseholds, r.comparison.newlyFailingExisting,
        r.comparison.newlyFailingByNewBuildings, r.comparison.peakTripsAdded);
}

TEST(Run, EveryParameterCheckNamesItsParameter) {
    const auto& t = seoulTables();
    struct Case {
        const char* id;
        std::function<void(nt::NewtownParams&)> set;
    };
    const std::vector<Case> cases = {
        {"far_bonus_factor", [](auto& p) { p.massing.farBonusFactor = 2.5; }},
        {"true_north_grid_azimuth_deg", [](auto& p) { p.massing.trueNorthGridAzimuthDeg = 60.0; }},
        {"phase_candidates", [](auto& p) { p.massing.phaseCandidates = 0; }},
        {"lot_line_offset_m", [](auto& p) { p.massing.lotLineOffsetM = -1.0; }},
        {"replace_share", [](auto& p) { p.replaceShare = 0.0; }},
        {"window_height_m", [](auto& p) { p.facade.windowHeightM = 7.0; }},
        {"facade_grid_spacing_m", [](auto& p) { p.facade.gridSpacingM = 0.1; }},
        {"car_share", [](auto& p) { p.population.carShare = 1.5; }},
        {"peak_hour_factor", [](auto& p) { p.population.peakHourFactor = -0.1; }},
        {"planning_area_ha", [](auto& p) { p.population.planningAreaHa = -1.0; }},
        {"time_step_min", [](auto& p) { p.sun.stepMin = 90.0; }},
        {"min_continuous_span_min", [](auto& p) { p.sun.minSpanMin = 500.0; }},
        {"ground_cell_m", [](auto& p) { p.sun.groundCellM = 0.1; }},
        {"ground_step_min", [](auto& p) { p.sun.groundStepMin = 0.0; }},
        {"ground_margin_m", [](auto& p) { p.sun.groundMarginM = -5.0; }},
        {"delta_t_s", [](auto& p) { p.sun.deltaTS = 9000.0; }},
        {"date", [](auto& p) { p.sun.month = 13; }},
        {"sun_window", [](auto& p) { p.sun.endMin = 900.0; }},  // 16:00 of the test would fall outside
    };
    for (const Case& c : cases) {
        nt::NewtownParams p = fastParams();
        c.set(p);
        const auto checks = nt::validate(scenario(), p, t);
        ASSERT_EQ(checks.errors.size(), 1u) << c.id;
        EXPECT_EQ(checks.errors[0].parameter, c.id) << checks.errors[0].message;
        EXPECT_FALSE(checks.errors[0].message.empty());
    }
}
