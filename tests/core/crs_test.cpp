#include "citytwin/core/crs.h"

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {

/// Transverse Mercator by Krüger's n-series to 6th order (Karney 2011, "Transverse Mercator with an accuracy
/// of a few nanometres", eqs. 7-11 and 35), written independently of PROJ to check it. Accurate to well below
/// 1 mm within a few degrees of the central meridian.
Point kruegerTm(double latDeg, double lonDeg, double a, double invF, double lat0Deg, double lon0Deg,
                double k0, double fe, double fn) {
    const double f = 1.0 / invF;
    const double n = f / (2.0 - f);
    const double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    const double A = a / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
    const double alpha[6] = {
        n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
        13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
        61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
        49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
        34729 * n5 / 80640 - 3418889 * n6 / 1995840,
        212378941 * n6 / 319334400};
    const double e = std::sqrt(f * (2.0 - f));
    const double deg = M_PI / 180.0;
    auto xiEta = [&](double lat, double dlon, double& xi, double& eta) {
        const double s = std::sin(lat);
        const double t = std::sinh(std::atanh(s) - e * std::atanh(e * s));
        const double xi1 = std::atan2(t, std::cos(dlon));
        const double eta1 = std::atanh(std::sin(dlon) / std::sqrt(1.0 + t * t));
        xi = xi1;
        eta = eta1;
        for (int j = 1; j <= 6; ++j) {
            xi += alpha[j - 1] * std::sin(2 * j * xi1) * std::cosh(2 * j * eta1);
            eta += alpha[j - 1] * std::cos(2 * j * xi1) * std::sinh(2 * j * eta1);
        }
    };
    double xi = 0, eta = 0, xi0 = 0, eta0 = 0;
    xiEta(latDeg * deg, (lonDeg - lon0Deg) * deg, xi, eta);
    xiEta(lat0Deg * deg, 0.0, xi0, eta0);
    return Point{fe + k0 * A * eta, fn + k0 * A * (xi - xi0)};
}

}  // namespace

TEST(Crs, Wgs84ToKorea2000CentralBeltAtTheOriginIsExact) {
    // EPSG:5186 has its natural origin at 38°N 127°E with false easting 200 000 m and false northing 600 000
    // m.
    CoordinateTransformer t(Crs::fromEpsg(4326), Crs::fromEpsg(5186));
    const Point p = t.transform(Point{127.0, 38.0});
    EXPECT_NEAR(p.x, 200000.0, 0.001);
    EXPECT_NEAR(p.y, 600000.0, 0.001);
}

TEST(Crs, Wgs84ToKorea2000MatchesKruegerSeriesToTheMillimetre) {
    CoordinateTransformer t(Crs::fromEpsg(4326), Crs::fromEpsg(5186));
    // Seoul City Hall, Jamsil (Lotte World Tower) and a point in Busan, 2° from the central meridian.
    const double points[][2] = {
        {126.9779692, 37.5662952}, {127.1025624, 37.5125585}, {129.0756416, 35.1795543}};
    for (const auto& q : points) {
        const Point expected =
            kruegerTm(q[1], q[0], 6378137.0, 298.257222101, 38.0, 127.0, 1.0, 200000.0, 600000.0);
        const Point got = t.transform(Point{q[0], q[1]});
        EXPECT_NEAR(got.x, expected.x, 0.001) << q[0] << "," << q[1];
        EXPECT_NEAR(got.y, expected.y, 0.001) << q[0] << "," << q[1];
    }
}

TEST(Crs, RoundTripsThroughUtm) {
    CoordinateTransformer fwd(Crs::fromEpsg(4326), Crs::fromEpsg(32756));
    CoordinateTransformer back(Crs::fromEpsg(32756), Crs::fromEpsg(4326));
    const Point p{151.7617, -32.9468};  // Merewether
    const Point q = back.transform(fwd.transform(p));
    EXPECT_NEAR(q.x, p.x, 1e-9);
    EXPECT_NEAR(q.y, p.y, 1e-9);
}

TEST(Crs, MetadataFromEpsg) {
    const Crs c = Crs::fromEpsg(5186);
    EXPECT_TRUE(c.isProjected());
    EXPECT_FALSE(c.isGeographic());
    EXPECT_EQ(c.epsg(), 5186);
    EXPECT_EQ(c.linearUnitMetres(), 1.0);
    EXPECT_NE(c.wkt().find("PROJCRS"), std::string::npos);  // WKT2
    EXPECT_EQ(c.describe(), "EPSG:5186 (Korea 2000 / Central Belt 2010)");
    EXPECT_TRUE(Crs::fromEpsg(4326).isGeographic());
}

TEST(Crs, AcceptsUrnUrlProjStringAndWkt) {
    EXPECT_EQ(Crs::fromUserInput("urn:ogc:def:crs:EPSG::32734").epsg(), 32734);
    EXPECT_EQ(Crs::fromUserInput("https://www.opengis.net/def/crs/EPSG/0/32734").epsg(), 32734);
    const Crs utm = Crs::fromUserInput("+proj=utm +zone=56 +south +datum=WGS84 +units=m +no_defs");
    EXPECT_TRUE(utm.isProjected());
    EXPECT_EQ(utm.epsg(), 32756);  // identified by PROJ
    const Crs again = Crs::fromUserInput(Crs::fromEpsg(5186).wkt());
    EXPECT_TRUE(again.isEquivalentTo(Crs::fromEpsg(5186)));
}

TEST(Crs, CompoundCrsKeepsItsHorizontalPart) {
    const Crs c = Crs::fromUserInput("EPSG:7415");  // Amersfoort / RD New + NAP height
    EXPECT_TRUE(c.isProjected());
    EXPECT_EQ(c.epsg(), 28992);
}

TEST(Crs, CustomDefinitionWithoutEpsgCode) {
    // South African "Lo19" written as a plain Transverse Mercator on WGS 84, as in the Cape Town DEM.
    const Crs c =
        Crs::fromUserInput("+proj=tmerc +lat_0=0 +lon_0=19 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m");
    EXPECT_TRUE(c.isProjected());
    EXPECT_FALSE(c.epsg().has_value());
    EXPECT_NE(c.describe().find("no EPSG code"), std::string::npos);
    CoordinateTransformer t(c, Crs::fromEpsg(32734));
    const Point p = t.transform(Point{-62012.5, -3735787.5});
    EXPECT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
}

TEST(Crs, UnknownCrsStringIsAnErrorNamingIt) {
    expectError([] { Crs::fromUserInput("EPSG:999999"); }, ErrorCode::Crs, {"EPSG:999999", "unknown"});
    expectError([] { Crs::fromUserInput("Korea central belt please"); }, ErrorCode::Crs,
                {"Korea central belt please"});
    expectError([] { Crs::fromUserInput(""); }, ErrorCode::Crs, {"empty"});
}

TEST(Crs, IdentityTransformCopies) {
    CoordinateTransformer t(Crs::fromEpsg(5186), Crs::fromEpsg(5186));
    EXPECT_TRUE(t.isIdentity());
    const Point p = t.transform(Point{1.5, 2.5});
    EXPECT_EQ(p.x, 1.5);
    EXPECT_EQ(p.y, 2.5);
}

TEST(Crs, TransformBoxCoversTheImage) {
    CoordinateTransformer t(Crs::fromEpsg(4326), Crs::fromEpsg(5186));
    const Box b = t.transformBox(Box{126.9, 37.4, 127.2, 37.7});
    EXPECT_FALSE(b.empty());
    EXPECT_LT(b.minX, t.transform(Point{126.9, 37.55}).x + 1e-6);
    EXPECT_GT(b.maxY, t.transform(Point{127.05, 37.7}).y - 1e-6);
}

TEST(Crs, ChoosesKoreanCrsInKoreaAndUtmElsewhere) {
    std::string why;
    EXPECT_EQ(chooseProjectCrs(127.1, 37.52, why).epsg(), 5186);
    EXPECT_NE(why.find("South Korea"), std::string::npos);
    EXPECT_EQ(chooseProjectCrs(129.07, 35.18, why).epsg(), 5186);   // Busan
    EXPECT_EQ(chooseProjectCrs(18.45, -33.94, why).epsg(), 32734);  // Cape Town
    EXPECT_NE(why.find("UTM zone 34S"), std::string::npos);
    EXPECT_EQ(chooseProjectCrs(151.76, -32.95, why).epsg(), 32756);  // Merewether
    EXPECT_EQ(chooseProjectCrs(13.40, 52.52, why).epsg(), 32633);    // Berlin
    EXPECT_EQ(chooseProjectCrs(139.69, 35.69, why).epsg(), 32654);   // Tokyo is not Korea
}
