// NREL SPA against the reference outputs of NREL's own spa.c (../shared/data/newtown/spa_reference), the
// published worked example (Reda and Andreas 2004, Table A4.1) and the Korean winter-solstice tables
// (../shared/data/newtown/korea_sun, PyEphem).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/newtown/spa.h"
#include "test_util.h"

namespace nt = citytwin::newtown;
using citytwin::test::sharedData;

namespace {

std::vector<std::vector<std::string>> readRows(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string s;
        while (std::getline(ss, s, ','))
            f.push_back(s);
        if (!line.empty() && line.back() == ',') f.push_back("");
        rows.push_back(f);
    }
    return rows;
}

/// "1910-03-15T00:30:00Z" into the SPA input fields (UTC).
void parseIso(const std::string& t, nt::SpaInput& in) {
    ASSERT_EQ(std::sscanf(t.c_str(), "%d-%d-%dT%d:%d", &in.year, &in.month, &in.day, &in.hour, &in.minute), 5)
        << t;
    in.second = 0.0;
}

double angleDiff(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d > 180.0) d -= 360.0;
    if (d < -180.0) d += 360.0;
    return d;
}

/// "hh:mm:ss" to hours.
double clockHours(const std::string& s) {
    int h = 0, m = 0, sec = 0;
    EXPECT_EQ(std::sscanf(s.c_str(), "%d:%d:%d", &h, &m, &sec), 3) << s;
    return h + m / 60.0 + sec / 3600.0;
}

/// Settings of the reference files (their header): delta_t 0, elevation 0, 1000 hPa, 10 degC, 0.5667 deg.
nt::SpaInput referenceInput() {
    nt::SpaInput in;
    in.timezoneH = 0.0;
    in.deltaUt1S = 0.0;
    in.deltaTS = 0.0;
    in.elevationM = 0.0;
    in.pressureHPa = 1000.0;
    in.temperatureC = 10.0;
    in.atmosRefractDeg = 0.5667;
    return in;
}

}  // namespace

TEST(Spa, EveryReferenceRowAzimuthZenith) {
    const auto rows = readRows(sharedData("newtown/spa_reference/spa_reference_azimuth_zenith.csv"));
    ASSERT_EQ(rows.size(), 512u);
    double worstAz = 0.0, worstZen = 0.0;
    for (const auto& r : rows) {
        ASSERT_EQ(r.size(), 5u);
        nt::SpaInput in = referenceInput();
        parseIso(r[0], in);
        in.latitudeDeg = std::stod(r[1]);
        in.longitudeDeg = std::stod(r[2]);
        const nt::SpaResult s = nt::solarPosition(in);
        const double dAz = std::fabs(angleDiff(s.azimuthDeg, std::stod(r[3])));
        const double dZen = std::fabs(s.zenithDeg - std::stod(r[4]));
        worstAz = std::max(worstAz, dAz);
        worstZen = std::max(worstZen, dZen);
        // 1e-5 deg as the issue asks: the file prints 6 decimals (+/-5e-7) from the same equations.
        EXPECT_LE(dAz, 1e-5) << r[0] << " " << r[1] << " " << r[2];
        EXPECT_LE(dZen, 1e-5) << r[0] << " " << r[1] << " " << r[2];
    }
    RecordProperty("worst_azimuth_deg", std::to_string(worstAz));
    RecordProperty("worst_zenith_deg", std::to_string(worstZen));
    std::printf("SPA reference rows: worst |d azimuth| %.2e deg, worst |d zenith| %.2e deg\n", worstAz,
                worstZen);
}

TEST(Spa, EveryReferenceRowSunriseTransitSunset) {
    const auto rows = readRows(sharedData("newtown/spa_reference/spa_reference_sunrise_transit_sunset.csv"));
    ASSERT_EQ(rows.size(), 128u);
    double worst = 0.0;
    int polar = 0;
    for (const auto& r : rows) {
        ASSERT_EQ(r.size(), 6u) << r[0];
        nt::SpaInput in = referenceInput();
        parseIso(r[0], in);
        in.latitudeDeg = std::stod(r[1]);
        in.longitudeDeg = std::stod(r[2]);
        const nt::SpaRiseTransitSet s = nt::riseTransitSet(in);
        if (r[3].empty()) {  // spa.c gives no times on polar days and nights
            EXPECT_FALSE(s.regularDay) << r[0] << " " << r[1];
            ++polar;
            continue;
        }
        ASSERT_TRUE(s.regularDay) << r[0] << " " << r[1];
        const double got[3] = {s.sunriseH, s.transitH, s.sunsetH};
        for (int k = 0; k < 3; ++k) {
            double d = (got[k] - clockHours(r[3 + k])) * 3600.0;
            if (d > 43200.0) d -= 86400.0;  // times wrap at midnight
            if (d < -43200.0) d += 86400.0;
            worst = std::max(worst, std::fabs(d));
            // spa_tester prints whole seconds by truncation, so the true time lies in [printed, printed + 1
            // s); 0.05 s more either way for the last digits of the day fraction (3e-7 day).
            EXPECT_GE(d, -0.05) << r[0] << " " << r[1] << " field " << k;
            EXPECT_LT(d, 1.05) << r[0] << " " << r[1] << " field " << k;
        }
    }
    EXPECT_EQ(polar, 16);  // Longyearbyen in June and December, four years
    std::printf("SPA rise/transit/set rows: worst %.3f s\n", worst);
}

TEST(Spa, PublishedExample) {
    // Reda and Andreas (2004), Table A4.1 and spa_tester.c.
    nt::SpaInput in;
    in.year = 2003;
    in.month = 10;
    in.day = 17;
    in.hour = 12;
    in.minute = 30;
    in.second = 30;
    in.timezoneH = -7.0;
    in.deltaUt1S = 0.0;
    in.deltaTS = 67.0;
    in.longitudeDeg = -105.1786;
    in.latitudeDeg = 39.742476;
    in.elevationM = 1830.14;
    in.pressureHPa = 820.0;
    in.temperatureC = 11.0;
    in.slopeDeg = 30.0;
    in.azimuthRotationDeg = -10.0;
    in.atmosRefractDeg = 0.5667;
    const nt::SpaResult s = nt::solarPosition(in);
    EXPECT_NEAR(s.julianDay, 2452930.312847, 1e-6);
    // The report's values to their printed 6 decimals.
    EXPECT_NEAR(s.zenithDeg, 50.111622, 1e-5);
    EXPECT_NEAR(s.azimuthDeg, 194.340241, 1e-5);
    EXPECT_NEAR(s.incidenceDeg, 25.187000, 1e-5);
    const nt::SpaRiseTransitSet rts = nt::riseTransitSet(in);
    ASSERT_TRUE(rts.regularDay);
    EXPECT_NEAR(rts.sunriseH * 3600.0, 6 * 3600 + 12 * 60 + 43, 1.0);
    EXPECT_NEAR(rts.sunsetH * 3600.0, 17 * 3600 + 20 * 60 + 19, 1.0);
}

TEST(Spa, KoreanWinterSolsticeTables) {
    const auto rows = readRows(sharedData("newtown/korea_sun/winter_solstice_sun_korea.csv"));
    ASSERT_EQ(rows.size(), 237u);  // header + 4 x 59
    double worstAz = 0.0, worstAlt = 0.0;
    int compared = 0, belowHorizon = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        ASSERT_EQ(r.size(), 7u);
        nt::SpaInput in;
        in.latitudeDeg = std::stod(r[1]);
        in.longitudeDeg = std::stod(r[2]);
        ASSERT_EQ(std::sscanf(r[3].c_str(), "%d-%d-%d", &in.year, &in.month, &in.day), 3);
        ASSERT_EQ(std::sscanf(r[4].c_str(), "%d:%d", &in.hour, &in.minute), 2);
        in.timezoneH = 9.0;  // Korean Standard Time
        in.deltaTS = 69.2;   // IERS, 2024-2025
        in.pressureHPa = 1000.0;
        in.temperatureC = 10.0;
        const nt::SpaResult s = nt::solarPosition(in);
        const double dAz = std::fabs(angleDiff(s.azimuthDeg, std::stod(r[5])));
        const double dAlt = std::fabs(s.elevationDeg - std::stod(r[6]));
        worstAz = std::max(worstAz, dAz);
        ++compared;
        // PyEphem and SPA differ in their refraction models by a few thousandths of a degree down to the
        // horizon (measured: <= 0.005 deg), so the 0.01 deg holds for every row with the sun up.
        // Below the horizon SPA applies no refraction (eq. 42 is only used for e0 >= -(0.26667 + 0.5667) deg,
        // the sun's radius plus horizon refraction) while PyEphem still refracts: the four rows at 07:40 and
        // 17:20 in Goyang (sun 1.2-1.6 deg below the horizon, outside any sunlight window) are compared on
        // the azimuth only, and SPA must place them below the horizon too.
        if (s.geometricElevationDeg < -(0.26667 + 0.5667)) {
            ++belowHorizon;
            EXPECT_LT(std::stod(r[6]), 0.0) << r[0] << " " << r[3] << " " << r[4];
            EXPECT_EQ(s.refractionDeg, 0.0);
        } else {
            worstAlt = std::max(worstAlt, dAlt);
            EXPECT_LE(dAlt, 0.01) << r[0] << " " << r[3] << " " << r[4];
        }
        EXPECT_LE(dAz, 0.01) << r[0] << " " << r[3] << " " << r[4];
    }
    EXPECT_EQ(belowHorizon, 4);
    std::printf("Korea tables: %d rows, worst |d az| %.4f deg, worst |d alt| %.4f deg\n", compared, worstAz,
                worstAlt);
}

TEST(Spa, BadInputNamesTheValue) {
    nt::SpaInput in;
    in.year = 6001;
    in.latitudeDeg = 91.0;
    const auto problems = nt::validate(in);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].parameter, "spa.year");
    EXPECT_NE(problems[0].message.find("6001"), std::string::npos) << problems[0].message;
    EXPECT_NE(problems[0].message.find("-2000..6000"), std::string::npos);
    EXPECT_EQ(problems[1].parameter, "spa.latitude");
    EXPECT_NE(problems[1].message.find("91"), std::string::npos);
    citytwin::test::expectError([&] { nt::solarPosition(in); }, citytwin::core::ErrorCode::Validation,
                                {"6001", "spa.year"});
    in.year = -2001;
    in.latitudeDeg = 0.0;
    citytwin::test::expectError([&] { nt::riseTransitSet(in); }, citytwin::core::ErrorCode::Validation,
                                {"-2001"});
}
