#include "citytwin/core/attribute_rules.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

TEST(HeightParsing, MetresFeetAndDecimalCommas) {
    EXPECT_DOUBLE_EQ(*parseHeight("12"), 12.0);
    EXPECT_DOUBLE_EQ(*parseHeight(" 12.5 m"), 12.5);
    EXPECT_DOUBLE_EQ(*parseHeight("12,5"), 12.5);
    EXPECT_DOUBLE_EQ(*parseHeight("154.41"), 154.41);
    EXPECT_NEAR(*parseHeight("40 ft"), 12.192, 1e-9);
    EXPECT_NEAR(*parseHeight("40'"), 12.192, 1e-9);
    EXPECT_NEAR(*parseHeight("12'6\""), 12 * 0.3048 + 6 * 0.0254, 1e-9);
    EXPECT_FALSE(parseHeight("tall").has_value());
    EXPECT_FALSE(parseHeight("12 storeys").has_value());
    EXPECT_FALSE(parseHeight("").has_value());
}

TEST(HeightParsing, Levels) {
    EXPECT_DOUBLE_EQ(*parseLevels("3"), 3.0);
    EXPECT_DOUBLE_EQ(*parseLevels("3;4"), 3.0);
    EXPECT_DOUBLE_EQ(*parseLevels("12층"), 12.0);
    EXPECT_FALSE(parseLevels("ground").has_value());
}

namespace {
struct Layer {
    FieldList fields;
    std::vector<AttributeValue> row(std::initializer_list<std::pair<const char*, AttributeValue>> values) {
        std::vector<AttributeValue> r(fields.size());
        for (const auto& [k, v] : values)
            r[static_cast<std::size_t>(fields.indexOf(k))] = v;
        return r;
    }
};
}  // namespace

TEST(HeightRules, HeightBeatsLevelsBeatsDefault) {
    Layer l;
    l.fields.ensure("name", FieldType::String);
    l.fields.ensure("building:levels", FieldType::String);
    l.fields.ensure("height", FieldType::String);
    HeightRules rules;
    rules.storeyHeightM = 3.5;
    rules.defaultHeightM = 7.0;
    const HeightFields hf = resolveHeightFields(l.fields, rules);
    ASSERT_EQ(hf.height.size(), 1u);
    ASSERT_EQ(hf.levels.size(), 1u);

    HeightResult r = normaliseHeight(
        l.row({{"height", std::string("24")}, {"building:levels", std::string("5")}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::HeightAttribute);
    EXPECT_DOUBLE_EQ(r.heightM, 24.0);
    EXPECT_DOUBLE_EQ(r.levels, 5.0);

    r = normaliseHeight(l.row({{"building:levels", std::string("5")}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::Levels);
    EXPECT_DOUBLE_EQ(r.heightM, 17.5);

    r = normaliseHeight(l.row({{"name", std::string("x")}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::Default);
    EXPECT_DOUBLE_EQ(r.heightM, 7.0);
    EXPECT_EQ(r.invalidValues, 0);
}

TEST(HeightRules, UnusableValuesFallThroughAndAreCounted) {
    Layer l;
    l.fields.ensure("height", FieldType::Real);
    l.fields.ensure("levels", FieldType::String);
    const HeightRules rules;
    const HeightFields hf = resolveHeightFields(l.fields, rules);
    HeightResult r = normaliseHeight(l.row({{"height", 0.0}, {"levels", std::string("4")}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::Levels);
    EXPECT_DOUBLE_EQ(r.heightM, 12.0);
    EXPECT_EQ(r.invalidValues, 1);
    r = normaliseHeight(l.row({{"height", 5000.0}, {"levels", std::string("many")}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::Default);
    EXPECT_EQ(r.invalidValues, 2);
    r = normaliseHeight(l.row({{"height", -3.0}}), hf, rules);
    EXPECT_EQ(r.source, HeightSource::Default);
}

TEST(HeightRules, GeometryHeightWins) {
    Layer l;
    l.fields.ensure("height", FieldType::Real);
    const HeightRules rules;
    const HeightFields hf = resolveHeightFields(l.fields, rules);
    const HeightResult r = normaliseHeight(l.row({{"height", 4.1}}), hf, rules, 6.9);
    EXPECT_EQ(r.source, HeightSource::SourceGeometry);
    EXPECT_DOUBLE_EQ(r.heightM, 6.9);
}

TEST(HeightRules, KoreanFieldNamesAreRecognised) {
    Layer l;
    l.fields.ensure("GRND_FLR", FieldType::Integer);
    l.fields.ensure("높이", FieldType::Real);
    const HeightFields hf = resolveHeightFields(l.fields, HeightRules{});
    EXPECT_EQ(hf.levels.size(), 1u);
    EXPECT_EQ(hf.height.size(), 1u);
    const HeightResult r = normaliseHeight(l.row({{"GRND_FLR", std::int64_t{15}}}), hf, HeightRules{});
    EXPECT_DOUBLE_EQ(r.heightM, 45.0);
}

TEST(HeightRules, ExplicitFieldMustExist) {
    FieldList fields;
    fields.ensure("h", FieldType::Real);
    HeightRules rules;
    rules.heightField = "roof_height";
    expectError([&] { resolveHeightFields(fields, rules); }, ErrorCode::Data,
                {"roof_height", "height_field"});
    rules.heightField = "H";  // case-insensitive
    EXPECT_EQ(resolveHeightFields(fields, rules).height.size(), 1u);
}

TEST(RoadAttributes, MaxspeedLanesOneway) {
    EXPECT_DOUBLE_EQ(*parseMaxspeed("50"), 50.0);
    EXPECT_DOUBLE_EQ(*parseMaxspeed("30 mph"), 30 * 1.609344);
    EXPECT_DOUBLE_EQ(*parseMaxspeed("KR:urban"), 50.0);
    EXPECT_DOUBLE_EQ(*parseMaxspeed("DE:zone30"), 30.0);
    EXPECT_DOUBLE_EQ(*parseMaxspeed("60;50"), 60.0);
    EXPECT_FALSE(parseMaxspeed("none").has_value());
    EXPECT_FALSE(parseMaxspeed("fast").has_value());
    EXPECT_EQ(*parseLanes("4"), 4);
    EXPECT_EQ(*parseLanes("2;3"), 2);
    EXPECT_FALSE(parseLanes("0").has_value());
    EXPECT_FALSE(parseLanes("two").has_value());
    EXPECT_EQ(*parseOneway("yes"), Oneway::Forward);
    EXPECT_EQ(*parseOneway("-1"), Oneway::Backward);
    EXPECT_EQ(*parseOneway("no"), Oneway::No);
    EXPECT_EQ(*parseOneway("F"), Oneway::Forward);
    EXPECT_EQ(*parseOneway("T"), Oneway::Backward);
    EXPECT_FALSE(parseOneway("sometimes").has_value());
}

TEST(RoadAttributes, ClassDefaults) {
    EXPECT_EQ(roadClassDefaults("motorway").speedKmh, 100.0);
    EXPECT_TRUE(roadClassDefaults("motorway").oneway);
    EXPECT_EQ(roadClassDefaults("residential").speedKmh, 30.0);
    EXPECT_EQ(roadClassDefaults("Primary").lanes, 4);
    EXPECT_FALSE(roadClassDefaults("footway").motorised);
    EXPECT_EQ(roadClassDefaults("hovercraft_lane").lanes, 2);
    EXPECT_EQ(roadClassDefaults("hovercraft_lane").speedKmh, 40.0);
}
