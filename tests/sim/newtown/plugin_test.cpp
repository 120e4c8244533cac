// The new-town plug-in as the host sees it (loaded from the built-in plug-in directory): declarations and
// their ranges, the README table, bad inputs named by parcel, attribute and value (all at once), the site
// from the CRS against independent values, a short run with its identities, and cancel. Plus the adapter's
// readers.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "citytwin/newtown/limits.h"
#include "memory_run_context.h"
#include "model_adapter.h"
#include "test_util.h"

using namespace citytwin;
namespace nt = citytwin::newtown;
using citytwin::test::MemoryRunContext;

namespace {

const core::LoadedSimulator& sim() {
    static core::PluginRegistry registry;
    static const bool loaded = (registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true), true);
    (void)loaded;
    const core::LoadedSimulator* s = registry.find("newtown");
    if (!s) throw std::runtime_error("newtown plug-in not found in " CITYTWIN_PLUGIN_BUILD_DIR);
    return *s;
}

core::Polygon rect(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

/// Near the origin of Korea 2000 / Central Belt 2010 (38 N, 127 E at 200000, 600000): a 200 x 160 m parcel
/// and a second one beside it, with a 15-storey slab that stands on the first and a kept house to the north.
core::CityModel smallModel() {
    core::CityModel m;
    m.name = "small";
    m.crs = core::Crs::fromEpsg(5186);
    const double x0 = 199800.0, y0 = 599800.0;
    core::VectorLayer parcels;
    parcels.name = "parcels";
    parcels.crs = m.crs;
    for (const char* f : {"id", "zoning", "redevelop"})
        parcels.fields.ensure(f, core::FieldType::String);
    parcels.fields.ensure("far_pct", core::FieldType::Real);
    auto add = [&](const std::string& id, const core::Polygon& shape, const std::string& zoning, double far) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = {shape};
        f.attributes = {id, zoning, std::string("yes"),
                        std::isnan(far) ? core::AttributeValue{} : core::AttributeValue{far}};
        parcels.features.push_back(f);
    };
    add("P1", rect(x0, y0, x0 + 200, y0 + 160), "general_residential_3", 250.0);
    add("P2", rect(x0 + 220, y0, x0 + 360, y0 + 160), "제2종일반주거지역", NAN);
    m.vectors["parcels"] = parcels;
    m.buildingFields.ensure("building", core::FieldType::String);
    core::Building slab;
    slab.id = "old-slab";
    slab.footprint = {rect(x0 + 40, y0 + 60, x0 + 140, y0 + 74)};
    slab.heightM = 45.0;
    slab.levels = 15;
    slab.baseM = 0.0;
    slab.attributes = {std::string("apartments")};
    core::Building house;
    house.id = "house";
    house.footprint = {rect(x0 + 50, y0 + 200, x0 + 62, y0 + 210)};
    house.heightM = 6.0;
    house.baseM = 0.0;
    house.attributes = {std::string("yes")};
    m.buildings = {slab, house};
    m.extent = core::Box{x0 - 100, y0 - 100, x0 + 500, y0 + 400};
    return m;
}

sdk::ParameterSet params(const std::vector<std::pair<std::string, std::string>>& overrides,
                         std::vector<sdk::Problem>* hostProblems = nullptr) {
    std::vector<sdk::Problem> problems;
    std::vector<std::pair<std::string, std::string>> all = {{"parcel_layer", "parcels"},
                                                            {"time_step_min", "20"},
                                                            {"ground_step_min", "20"},
                                                            {"ground_cell_m", "10"}};
    all.insert(all.end(), overrides.begin(), overrides.end());
    sdk::ParameterSet p = core::resolveParameters(sim().description(), "", all, problems);
    if (hostProblems)
        *hostProblems = problems;
    else
        for (const sdk::Problem& pr : problems)
            ADD_FAILURE() << pr.parameter << ": " << pr.message;
    return p;
}

bool mentions(const std::vector<sdk::Problem>& problems, const std::string& parameter,
              const std::vector<std::string>& texts) {
    for (const sdk::Problem& p : problems) {
        if (p.parameter != parameter) continue;
        bool all = true;
        for (const std::string& t : texts)
            all = all && p.message.find(t) != std::string::npos;
        if (all) return true;
    }
    return false;
}

std::string dump(const std::vector<sdk::Problem>& problems) {
    std::string s;
    for (const sdk::Problem& p : problems)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

const sdk::ParamDecl& decl(const std::string& id) {
    for (const sdk::ParamDecl& d : sim().description().parameters)
        if (d.id == id) return d;
    throw std::runtime_error("no parameter " + id);
}

double number(const core::VectorLayer& v, std::size_t i, const char* field) {
    return core::toNumber(v.value(i, field));
}

}  // namespace

TEST(NewtownPlugin, LoadsWithSaneDeclarations) {
    EXPECT_TRUE(core::checkDescription(sim().description()).empty());
    // The ranges the engine checks are the ones declared (limits.h), so the host's check says the same.
    const std::map<std::string, core::Range> ranges = {
        {"spacing_factor", nt::limits::spacingFactor},
        {"far_bonus_factor", nt::limits::farBonusFactor},
        {"lot_line_offset_m", nt::limits::lotLineOffsetM},
        {"persons_per_household", nt::limits::personsPerHousehold},
        {"time_step_min", nt::limits::timeStepMin},
        {"min_continuous_span_min", nt::limits::minSpanMin},
        {"ground_cell_m", nt::limits::groundCellM},
        {"replace_share", nt::limits::replaceShare},
        {"car_share", nt::limits::share},
        {"existing_unit_gfa_m2", nt::limits::existingUnitGrossM2}};
    for (const auto& [id, r] : ranges) {
        EXPECT_EQ(decl(id).range.min, r.min) << id;
        EXPECT_EQ(decl(id).range.max, r.max) << id;
    }
    // The engine report's defaults.
    EXPECT_EQ(std::get<double>(decl("spacing_factor").defaultValue), 0.8);
    EXPECT_EQ(std::get<double>(decl("persons_per_household").defaultValue), 2.5);
    EXPECT_EQ(std::get<std::string>(decl("date").defaultValue), "2024-12-21");
    EXPECT_EQ(std::get<double>(decl("time_step_min").defaultValue), 1.0);
    EXPECT_EQ(std::get<double>(decl("min_continuous_span_min").defaultValue), 5.0);
    EXPECT_EQ(std::get<double>(decl("ground_cell_m").defaultValue), 2.0);
    EXPECT_EQ(decl("north_setback_rule").choices, (std::vector<std::string>{"current", "pre2023"}));
    EXPECT_EQ(decl("ordinance").choices, (std::vector<std::string>{"seoul", "goyang"}));
    EXPECT_TRUE(decl("parcel_layer").required());
    EXPECT_EQ(decl("parcel_layer").layerKind, "vector");
    // Every output is drawn as declared.
    std::map<std::string, sdk::DrawAs> draw;
    for (const sdk::OutputDecl& o : sim().description().outputs)
        draw[o.id] = o.style.drawAs;
    EXPECT_EQ(draw.at("buildings"), sdk::DrawAs::ExtrudedPolygons);
    EXPECT_EQ(draw.at("parcels"), sdk::DrawAs::FlatPolygons);
    EXPECT_EQ(draw.at("sun_hours"), sdk::DrawAs::DrapedRaster);
    EXPECT_EQ(draw.at("facade_points"), sdk::DrawAs::Points);
    EXPECT_EQ(draw.at("failing_windows"), sdk::DrawAs::Lines3D);
}

TEST(NewtownPlugin, ReadmeParameterTableIsInSync) {
    citytwin::test::expectReadmeInSync(std::string(CITYTWIN_SOURCE_DIR) + "/sim/newtown/README.md", "newtown",
                                       core::describeMarkdown(sim().description()));
}

TEST(NewtownPlugin, SiteFromTheCrsAgainstIndependentValues) {
    const core::Crs crs = core::Crs::fromEpsg(5186);
    // The projection's origin (EPSG:5186: 38 N, 127 E at false easting 200000, northing 600000), on the
    // central meridian where grid and true north agree.
    const nt::Site o = nt::siteOf(crs, {200000.0, 600000.0});
    EXPECT_NEAR(o.latitudeDeg, 38.0, 1e-9);
    EXPECT_NEAR(o.longitudeDeg, 127.0, 1e-9);
    EXPECT_NEAR(o.trueNorthGridAzimuthDeg, 0.0, 1e-6);
    // Goyang City Hall (37.6584 N, 126.8320 E), west of the meridian: convergence gamma = dLon sin(lat) to
    // first order (Snyder 1987, eq. 8-15 leading term) = -0.168 x sin(37.6584) = -0.10265 deg; grid north
    // then lies west of true north, so true north bears +0.1027 deg from grid north. Higher-order terms are <
    // 1e-4 deg.
    const nt::Site g = nt::siteOf(crs, {185175.9575, 562097.9845});
    EXPECT_NEAR(g.latitudeDeg, 37.6584, 1e-7);
    EXPECT_NEAR(g.longitudeDeg, 126.8320, 1e-7);
    EXPECT_NEAR(g.trueNorthGridAzimuthDeg, 0.168 * std::sin(37.6584 * 3.14159265358979323846 / 180.0), 2e-4);
    EXPECT_THROW(nt::siteOf(core::Crs(), {0, 0}), core::Error);
}

TEST(NewtownPlugin, BuildingTagsAndParcelAttributes) {
    bool known = false;
    EXPECT_EQ(nt::classifyBuildingTag("yes;apartments", nt::LandUse::Office, &known),
              nt::LandUse::Residential);
    EXPECT_TRUE(known);
    EXPECT_EQ(nt::classifyBuildingTag("school", nt::LandUse::Residential), nt::LandUse::Public);
    EXPECT_EQ(nt::classifyBuildingTag("yes", nt::LandUse::Office, &known), nt::LandUse::Office);
    EXPECT_FALSE(known);

    core::CityModel m = smallModel();
    core::VectorLayer& v = m.vectors["parcels"];
    v.fields.ensure("typology", core::FieldType::String);
    v.features[0].attributes.resize(v.fields.size());
    v.features[0].attributes[4] = std::string("tower");
    std::vector<core::Problem> problems;
    const auto parcels = nt::parcelsFromLayer(v, nt::ParcelFields{}, problems);
    ASSERT_TRUE(problems.empty()) << problems.front().message;
    ASSERT_EQ(parcels.size(), 2u);
    EXPECT_EQ(parcels[0].id, "P1");
    EXPECT_EQ(parcels[0].farPct, 250.0);
    EXPECT_EQ(parcels[0].typology, "tower");
    EXPECT_TRUE(std::isnan(parcels[1].farPct));
    EXPECT_EQ(parcels[1].zoningClass, "제2종일반주거지역");
    // No id field: numbered in layer order.
    nt::ParcelFields f;
    f.id = "parcel_no";
    EXPECT_EQ(nt::parcelsFromLayer(v, f, problems)[1].id, "2");
    // No zoning field: named, with the attributes the layer has.
    f.zoning = "yongdo";
    problems.clear();
    EXPECT_TRUE(nt::parcelsFromLayer(v, f, problems).empty());
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].parameter, "zoning_field");
    EXPECT_NE(problems[0].message.find("'yongdo'"), std::string::npos);
    EXPECT_NE(problems[0].message.find("zoning"), std::string::npos);

    const auto existing = nt::existingFromModel(m, nt::ExistingOptions{});
    ASSERT_EQ(existing.size(), 2u);
    EXPECT_TRUE(existing[0].residential);
    EXPECT_EQ(existing[0].floors, 15.0);
    EXPECT_TRUE(existing[1].residential);  // "yes" -> untagged_building_use, residential by default
}

TEST(NewtownPlugin, SmallModelIsValid) {
    const core::CityModel m = smallModel();
    const auto p = sim().validate(m, params({}));
    EXPECT_TRUE(p.empty()) << dump(p);
}

TEST(NewtownPlugin, BadInputsAreNamedAllAtOnce) {
    core::CityModel m = smallModel();
    core::VectorLayer& v = m.vectors["parcels"];
    v.fields.ensure("residential_share", core::FieldType::String);
    for (auto& f : v.features)
        f.attributes.resize(v.fields.size());
    v.features[0].attributes[1] = std::string("downtown");  // P1: unknown zoning class
    v.features[1].attributes[2] = std::string("maybe");     // P2: redevelop flag
    v.features[1].attributes[3] = 999.0;                    // P2: FAR above 250 % (class 2 maximum)
    v.features[1].attributes[4] = std::string("most");      // P2: not a number
    core::VectorFeature two = v.features[0];                // a parcel in two parts
    two.attributes[0] = std::string("P3");
    two.attributes[1] = std::string("general_residential_2");
    two.polygons = {rect(0, 0, 10, 10), rect(20, 0, 30, 10)};
    v.features.push_back(two);
    const auto p = sim().validate(m, params({{"date", "2024-13-01"}}));
    EXPECT_TRUE(mentions(p, "parcel_layer", {"parcel 'P1' [zoning]", "'downtown'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "parcel_layer", {"parcel 'P2' [redevelop]", "'maybe'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "parcel_layer", {"parcel 'P2' [far_pct]", "999", "250"})) << dump(p);
    EXPECT_TRUE(mentions(p, "parcel_layer", {"parcel 'P2' [residential_share]", "'most'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "parcel_layer", {"parcel 'P3' [geometry]", "2 separate parts"})) << dump(p);
    EXPECT_TRUE(mentions(p, "date", {"'2024-13-01'"})) << dump(p);

    // The zoning attribute is named as the user named it.
    core::CityModel m2 = smallModel();
    core::VectorLayer& v2 = m2.vectors["parcels"];
    v2.fields[1].name = "yongdo";
    v2.features[0].attributes[1] = std::string("downtown");
    const auto p2 = sim().validate(m2, params({{"zoning_field", "yongdo"}}));
    EXPECT_TRUE(mentions(p2, "parcel_layer", {"parcel 'P1' [yongdo]", "'downtown'"})) << dump(p2);

    // A date outside the SPA's range, a missing layer, a layer of buildings without heights.
    core::CityModel m3 = smallModel();
    core::VectorLayer noHeights = m3.vectors["parcels"];
    noHeights.name = "bldg";
    m3.vectors["bldg"] = noHeights;
    const auto p3 = sim().validate(m3, params({{"date", "7000-12-21"}, {"existing_buildings", "bldg"}}));
    EXPECT_TRUE(mentions(p3, "date", {"7000", "-2000..6000"})) << dump(p3);
    EXPECT_TRUE(mentions(p3, "existing_buildings", {"'bldg'", "height_m"})) << dump(p3);
    const auto p4 = sim().validate(m3, params({{"parcel_layer", "plots"}}));
    EXPECT_TRUE(mentions(p4, "parcel_layer", {"'plots'"})) << dump(p4);
    // Overlapping parcels and a tables folder without tables.
    core::CityModel m5 = smallModel();
    m5.vectors["parcels"].features[1].polygons = {rect(199950, 599850, 200100, 599900)};
    const auto p5 = sim().validate(m5, params({{"tables_dir", "/nonexistent"}}));
    EXPECT_TRUE(mentions(p5, "tables_dir", {"/nonexistent"})) << dump(p5);
    const auto p6 = sim().validate(m5, params({}));
    EXPECT_TRUE(mentions(p6, "parcel_layer", {"parcel 'P1' [geometry]", "overlaps parcel 'P2'"})) << dump(p6);
    // The host refuses values outside the declared ranges before the simulator sees them.
    std::vector<sdk::Problem> host;
    params({{"spacing_factor", "0.4"}, {"time_step_min", "90"}}, &host);
    EXPECT_TRUE(mentions(host, "spacing_factor", {"0.4"})) << dump(host);
    EXPECT_TRUE(mentions(host, "time_step_min", {"90"})) << dump(host);
    // An empty model: problems, no throw.
    const auto p7 = sim().validate(core::CityModel{}, params({}));
    EXPECT_TRUE(mentions(p7, "parcel_layer", {"'parcels'"})) << dump(p7);
}

TEST(NewtownPlugin, ShortRunEmitsEveryOutputWithItsIdentities) {
    const core::CityModel m = smallModel();
    MemoryRunContext ctx;
    ASSERT_EQ(sim().run(m, params({}), ctx), core::LoadedSimulator::Outcome::Completed);
    for (const char* r : {"sun_hours", "sun_hours_before", "sun_hours_lost"}) {
        ASSERT_EQ(ctx.rasters.count(r), 1u) << r;
        EXPECT_TRUE(ctx.rasters.at(r).crs().isEquivalentTo(m.crs)) << r;
        EXPECT_LE(ctx.rasters.at(r).stats().max, 8.0 + 1e-6) << r;  // 08:00-16:00
    }
    for (const char* v : {"buildings", "buildings_after", "buildings_before", "parcels", "facade_points",
                          "failing_windows"})
        ASSERT_EQ(ctx.vectors.count(v), 1u) << v;
    const core::VectorLayer& b = ctx.vectors.at("buildings");
    ASSERT_FALSE(b.features.empty());
    std::map<std::string, double> gfa, footprint;
    for (std::size_t i = 0; i < b.features.size(); ++i) {
        // Identities, by hand: footprint from the polygon, GFA = footprint x floors, height = floors x 2.9 m.
        const double area = core::area(b.features[i].polygons);
        EXPECT_NEAR(number(b, i, "footprint_m2"), area, 1e-6 * area);
        EXPECT_NEAR(number(b, i, "gfa_m2"), area * number(b, i, "floors"), 1e-6 * area);
        EXPECT_NEAR(number(b, i, "height_m"), 2.9 * number(b, i, "floors"), 1e-9);
        // Households = residential GFA / slab unit (0.4 x 78.5 + 0.5 x 111.7 + 0.1 x 151.6 = 102.41 m2).
        EXPECT_NEAR(number(b, i, "households"), number(b, i, "gfa_residential_m2") / 102.41, 1e-9);
        EXPECT_NEAR(number(b, i, "population"), 2.5 * number(b, i, "households"), 1e-9);
        gfa[core::toText(b.value(i, "parcel_id"))] += area * number(b, i, "floors");
        footprint[core::toText(b.value(i, "parcel_id"))] += area;
    }
    // FAR and BCR against the parcels' areas by hand (200 x 160, 140 x 160 m); limits: P1's override, P2's
    // ordinance (Seoul: general residential 2 = 200 %, BCR 60 %).
    const sdk::Table& c = ctx.tables.at("compliance");
    ASSERT_EQ(c.rows.size(), 2u);
    const std::map<std::string, double> areas = {{"P1", 32000.0}, {"P2", 22400.0}};
    const std::map<std::string, double> limit = {{"P1", 250.0}, {"P2", 200.0}};
    for (const auto& row : c.rows) {
        const std::string id = core::toText(row[0]);
        EXPECT_NEAR(core::toNumber(row[3]), areas.at(id), 1e-6);
        EXPECT_NEAR(core::toNumber(row[10]), 100.0 * gfa[id] / areas.at(id), 1e-6) << id;       // far
        EXPECT_NEAR(core::toNumber(row[6]), 100.0 * footprint[id] / areas.at(id), 1e-6) << id;  // bcr
        EXPECT_EQ(core::toNumber(row[8]), limit.at(id)) << id;
        EXPECT_LE(core::toNumber(row[10]), limit.at(id) + 1e-9) << id;
    }
    // The old slab (1400 m2 x 15 floors = 21000 m2, 210 homes at 100 m2) was replaced; the house kept.
    const sdk::Table& loads = ctx.tables.at("loads");
    double replacedHouseholds = 0.0;
    for (const auto& row : loads.rows)
        if (core::toText(row[1]) == "replaced") replacedHouseholds += core::toNumber(row[7]);
    EXPECT_NEAR(replacedHouseholds, 210.0, 1e-9);
    double newHouseholds = 0.0;
    for (std::size_t i = 0; i < b.features.size(); ++i)
        newHouseholds += number(b, i, "households");
    EXPECT_NEAR(ctx.scalars.at("households_added"), newHouseholds - 210.0, 1e-6);
    EXPECT_NEAR(ctx.scalars.at("population"), 2.5 * ctx.scalars.at("households"), 1e-9);
    const core::VectorLayer& after = ctx.vectors.at("buildings_after");
    EXPECT_EQ(after.features.size(), b.features.size() + 1);  // the new ones and the kept house
    EXPECT_EQ(core::toText(after.value(after.features.size() - 1, "id")), "house");
    // Before the plan: the existing stock only, described as after (so traffic before and after differ by the
    // plan alone): the slab, replaced (21,000 m2 of homes, 210 households by hand), and the kept house.
    const core::VectorLayer& before = ctx.vectors.at("buildings_before");
    ASSERT_EQ(before.features.size(), 2u);
    std::map<std::string, std::size_t> byStatus;
    for (std::size_t i = 0; i < before.features.size(); ++i) {
        const std::string status = core::toText(before.value(i, "status"));
        ++byStatus[status];
        if (status == "replaced") {
            EXPECT_NEAR(number(before, i, "gfa_m2"), 21000.0, 1e-6);
            EXPECT_NEAR(number(before, i, "gfa_residential_m2"), 21000.0, 1e-6);
            EXPECT_NEAR(number(before, i, "households"), 210.0, 1e-9);
        } else {
            EXPECT_EQ(core::toText(before.value(i, "id")), "house");
        }
    }
    EXPECT_EQ(byStatus["replaced"], 1u);
    EXPECT_EQ(byStatus["kept"], 1u);
    // Failing windows: one mark per point that fails, at its height.
    const core::VectorLayer& pts = ctx.vectors.at("facade_points");
    const core::VectorLayer& marks = ctx.vectors.at("failing_windows");
    std::vector<double> failingZ;
    for (std::size_t i = 0; i < pts.features.size(); ++i)
        if (number(pts, i, "passes") == 0.0) failingZ.push_back(number(pts, i, "z_m"));
    ASSERT_EQ(marks.features.size(), failingZ.size());
    ASSERT_FALSE(failingZ.empty());
    EXPECT_EQ(marks.features[0].lineZ[0][0], failingZ[0]);
    EXPECT_GE(number(marks, 0, "result"), 1.0);
    EXPECT_DOUBLE_EQ(ctx.lastProgress, 1.0);
    EXPECT_GT(ctx.statistics.at("facade_points"), 0.0);
    EXPECT_NEAR(ctx.statistics.at("site_latitude_deg"), 37.99, 0.01);
}

TEST(NewtownPlugin, CancelAtTheFirstProgressReport) {
    const core::CityModel m = smallModel();
    struct CancelOnProgress : MemoryRunContext {
        void progress(double f, const std::string& s) noexcept override {
            MemoryRunContext::progress(f, s);
            cancel = true;
        }
    } ctx;
    EXPECT_EQ(sim().run(m, params({}), ctx), core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_TRUE(ctx.vectors.empty());
    EXPECT_TRUE(ctx.scalars.empty());
}

TEST(NewtownPlugin, CancelWhileTheSunIsTracedReturnsCancelledAndEmitsNothing) {
    const core::CityModel m = smallModel();
    struct CancelLater : MemoryRunContext {
        void progress(double f, const std::string& s) noexcept override {
            MemoryRunContext::progress(f, s);
            if (f >= 0.3) cancel = true;  // inside the engine's sunlight stage (15-100 % of 0.02-0.95)
        }
    } ctx;
    EXPECT_EQ(sim().run(m, params({{"time_step_min", "1"}}), ctx), core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_TRUE(ctx.vectors.empty());
    EXPECT_TRUE(ctx.rasters.empty());
    EXPECT_TRUE(ctx.scalars.empty());
}
