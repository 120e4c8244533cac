// Noise: ISO 9613-1 absorption against the shared reference table, the eVTOL spreading example, SEL and L_den
// identities, an independent brute-force exposure integral, and the data-table readers' errors.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/uam/acoustics.h"
#include "test_util.h"

namespace citytwin::uam {
namespace {

using core::ErrorCode;
using test::expectError;

/// Rows of a shared CSV (comment lines '#' and the header skipped), split at commas.
std::vector<std::vector<double>> readNumbers(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::vector<std::vector<double>> rows;
    bool header = true;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::stringstream ss(line);
        std::string cell;
        std::vector<double> row;
        while (std::getline(ss, cell, ','))
            row.push_back(std::stod(cell));
        rows.push_back(row);
    }
    return rows;
}

TEST(Acoustics, IsoAbsorptionMatchesTheSharedTable) {
    const auto rows = readNumbers(test::sharedData("uam/iso9613_1_air_absorption.csv"));
    ASSERT_EQ(rows.size(), 56u);
    for (const auto& r : rows) {
        // Columns: T_C, RH_pct, f_nominal_Hz, f_exact_Hz, alpha_dB_per_km. The table was computed at the
        // exact mid-band frequency rounded to 0.01 Hz; tolerance 0.05 dB/km as the issue asks (the table
        // itself is rounded to 1e-4 dB/km).
        Atmosphere air;
        air.temperatureC = r[0];
        air.relativeHumidityPct = r[1];
        const double alpha = isoAbsorptionDbPerKm(r[3], air);
        EXPECT_NEAR(alpha, r[4], 0.05) << r[0] << " C, " << r[1] << " %, " << r[2] << " Hz";
        // The exact mid-band frequency of the octave: the same value to the table's rounding.
        const int n = static_cast<int>(std::lround(10.0 / 3.0 * std::log10(r[2] / 1000.0)));
        EXPECT_NEAR(isoAbsorptionDbPerKm(octaveMidbandHz(n), air), r[4], 0.05);
    }
}

TEST(Acoustics, IsoAbsorptionReproducesIso9613Part2Table2) {
    // ISO 9613-2:1996 Table 2, 20 °C / 70 %: 0.1 0.3 1.1 2.8 5.0 9.0 22.9 76.6 dB/km (published to 0.1
    // dB/km).
    const double table[8] = {0.1, 0.3, 1.1, 2.8, 5.0, 9.0, 22.9, 76.6};
    Atmosphere air;
    for (int n = -4; n <= 3; ++n)
        EXPECT_NEAR(isoAbsorptionDbPerKm(octaveMidbandHz(n), air), table[n + 4], 0.05 + 1e-9) << "band " << n;
}

TEST(Acoustics, SpreadingExampleLevels) {
    // evtol_noise_spreading_example.csv: L(r) = 67 - 20 log10(r / 76.2) - α (r - 76.2)/1000 with α at the
    // 500 Hz octave, 20 °C / 70 %. Tolerance 0.01 dB (the file's LAmax are rounded to 0.001 dB).
    const auto rows = readNumbers(test::sharedData("uam/evtol_noise_spreading_example.csv"));
    ASSERT_EQ(rows.size(), 7u);
    const NoiseSource s = noiseSourceFor(Atmosphere{});
    EXPECT_NEAR(s.absorptionDbPerKm, 2.7979, 1e-3);
    for (const auto& r : rows)
        EXPECT_NEAR(levelAtDistance(s, r[0]), r[1], 0.01) << r[0] << " m";
}

/// A straight level flyover long enough to stand for an infinite line: 2 x 2000 km at speed v, height d above
/// the receiver.
FlightPath flyover(double d, double v) {
    FlightPath p;
    p.points = {{-2e6, 0, d}, {0, 0, d}, {2e6, 0, d}};
    p.speedsMps = {v, v};
    return p;
}

TEST(Acoustics, SelIdentityForAStraightFlyover) {
    // Without absorption, an infinite straight flyover at speed V and closest distance d has
    // SEL = L_Amax + 10 log10(π d / V) exactly (∫ dt / (d² + V² t²) = π / (d V)). The shared example uses the
    // same identity for its SEL column (SEL - LAmax); both must agree to 0.01 dB. The 2000 km path misses 2/π
    // atan(d / 2e6) of the integral, < 2e-4 dB at d = 1000 m.
    const auto rows = readNumbers(test::sharedData("uam/evtol_noise_spreading_example.csv"));
    NoiseSource s;
    s.absorptionDbPerKm = 0.0;
    for (const auto& r : rows) {
        const double d = r[0];
        const FlightNoise n = flightNoise(s, flyover(d, 50.0), {0, 0, 0});
        const double identity = 10.0 * std::log10(3.14159265358979 * d / 50.0);
        EXPECT_NEAR(n.selDbA - n.lamaxDbA, identity, 0.01) << d;
        EXPECT_NEAR(r[2] - r[1], identity, 0.01) << "the shared example itself, " << d;
        EXPECT_NEAR(n.lamaxDbA, 67.0 - 20.0 * std::log10(d / 76.2), 1e-9);
    }
}

TEST(Acoustics, SelWithAbsorptionMatchesBruteForceIntegration) {
    // Independent reference: trapezoidal rule in time on 10^6 steps of 10^-3 s... here in distance along a
    // finite path, with the level from levelAtDistance at each step. Tolerance 0.01 dB.
    const NoiseSource s = noiseSourceFor(Atmosphere{});
    FlightPath p;
    p.points = {{-3000, 200, 300}, {500, -100, 450}, {4000, 800, 350}};
    p.speedsMps = {40.0, 60.0};
    for (const Point3 rcv :
         {Point3{0, 0, 0}, Point3{500, 400, 20}, Point3{-2500, -900, 0}, Point3{4000, 800, 300}}) {
        double e = 0.0;
        for (std::size_t seg = 1; seg < p.points.size(); ++seg) {
            const Point3 a = p.points[seg - 1], b = p.points[seg];
            const double len = std::hypot(b.x - a.x, b.y - a.y, b.z - a.z);
            const int n = 1'000'000;
            for (int k = 0; k <= n; ++k) {
                const double t = static_cast<double>(k) / n;
                const double r = std::hypot(a.x + t * (b.x - a.x) - rcv.x, a.y + t * (b.y - a.y) - rcv.y,
                                            a.z + t * (b.z - a.z) - rcv.z);
                const double w = (k == 0 || k == n) ? 0.5 : 1.0;
                e += w * std::pow(10.0, levelAtDistance(s, r) / 10.0) * (len / n) / p.speedsMps[seg - 1];
            }
        }
        const FlightNoise got = flightNoise(s, p, rcv);
        EXPECT_NEAR(got.selDbA, 10.0 * std::log10(e), 0.01) << rcv.x << "," << rcv.y;
    }
}

TEST(Acoustics, LeqAndLdenIdentities) {
    const LdenDefinition kr = readLdenDefinition(test::projectData("uam/lden_periods_kr.csv"));
    ASSERT_EQ(kr.periods.size(), 3u);
    EXPECT_EQ(kr.periods[1].penaltyDb, 5.0);
    EXPECT_EQ(kr.periods[2].penaltyDb, 10.0);
    const double sel = 72.5;
    // N events in the day only: L_den = SEL + 10 log10 N - 10 log10 86400 (0.01 dB).
    for (double n : {1.0, 10.0, 1000.0})
        EXPECT_NEAR(ldenFromSel({sel}, {{n, 0, 0}}, kr), sel + 10 * std::log10(n) - 10 * std::log10(86400.0),
                    0.01);
    // One evening flight weighs as 10^(5/10) day flights, one night flight as 10 day flights.
    EXPECT_NEAR(ldenFromSel({sel}, {{0, 1, 0}}, kr), ldenFromSel({sel}, {{std::pow(10.0, 0.5), 0, 0}}, kr),
                0.01);
    EXPECT_NEAR(ldenFromSel({sel}, {{0, 0, 1}}, kr), ldenFromSel({sel}, {{10, 0, 0}}, kr), 0.01);
    // L_den from per-flight SELs equals L_den from the three period L_eq (EU END Annex I form), for both
    // period definitions, with flights on two routes.
    const LdenDefinition eu = readLdenDefinition(test::projectData("uam/lden_periods_eu_end.csv"));
    for (const LdenDefinition* def : {&kr, &eu}) {
        const std::vector<double> sels = {70.0, 76.3};
        const std::vector<FlightsPerDay> f = {{300, 80, 20}, {150, 40, 7}};
        auto leq = [&](int p) {
            const double n0 = p == 0 ? f[0].day : p == 1 ? f[0].evening : f[0].night;
            const double n1 = p == 0 ? f[1].day : p == 1 ? f[1].evening : f[1].night;
            const double e = n0 * std::pow(10.0, sels[0] / 10) + n1 * std::pow(10.0, sels[1] / 10);
            return 10 * std::log10(e / (3600.0 * def->periods[p].hours));
        };
        EXPECT_NEAR(ldenFromSel(sels, f, *def), ldenFromPeriodLevels(leq(0), leq(1), leq(2), *def), 0.01);
        EXPECT_NEAR(
            leqFromSel(sels[0], f[0].day, def->periods[0].hours),
            10 * std::log10(f[0].day * std::pow(10.0, sels[0] / 10) / (3600.0 * def->periods[0].hours)),
            1e-12);
    }
}

TEST(Acoustics, NoiseClassesAreTheKoreanBands) {
    const auto classes = readNoiseClasses(test::projectData("uam/noise_classes_kr.csv"));
    ASSERT_EQ(classes.size(), 4u);
    // Bounds of the 2023 rule: 61 / 75 / 79 dB (and the adjacent area from 57), lower bound inclusive.
    EXPECT_EQ(noiseClassOf(classes, 56.99), -1);
    EXPECT_EQ(classes[noiseClassOf(classes, 57.0)].name, "adjacent");
    EXPECT_EQ(classes[noiseClassOf(classes, 61.0)].name, "class_3");
    EXPECT_EQ(classes[noiseClassOf(classes, 74.999)].name, "class_3");
    EXPECT_EQ(classes[noiseClassOf(classes, 75.0)].name, "class_2");
    EXPECT_EQ(classes[noiseClassOf(classes, 79.0)].name, "class_1");
    EXPECT_EQ(classes[noiseClassOf(classes, 120.0)].name, "class_1");
}

class AcousticsFiles : public test::TempDirTest {};

TEST_F(AcousticsFiles, BadTablesNameFileLineAndColumn) {
    const std::string hours = write("p.csv",
                                    "period,start,end,hours,penalty_db\nday,07,19,12,0\n"
                                    "evening,19,22,3,5\nnight,22,07,8,10\n");
    expectError([&] { readLdenDefinition(hours); }, ErrorCode::FileFormat, {"p.csv", "add up to 23"});
    const std::string order = write("q.csv",
                                    "period,start,end,hours,penalty_db\nday,07,19,12,0\n"
                                    "night,22,07,9,10\nevening,19,22,3,5\n");
    expectError([&] { readLdenDefinition(order); }, ErrorCode::FileFormat,
                {"q.csv", "line 3", "column 1 (period)", "expected 'evening'"});
    const std::string pen = write("r.csv",
                                  "period,start,end,hours,penalty_db\nday,07,19,12,0\n"
                                  "evening,19,22,3,five\nnight,22,07,9,10\n");
    expectError([&] { readLdenDefinition(pen); }, ErrorCode::FileFormat,
                {"r.csv", "line 3", "column 5 (penalty_db)", "'five'"});
    const std::string missing = write("s.csv", "period,start,end,penalty_db\nday,07,19,0\n");
    expectError([&] { readLdenDefinition(missing); }, ErrorCode::FileFormat, {"s.csv", "no column 'hours'"});
    const std::string overlap = write("c.csv", "class,lower_db,upper_db,description\na,61,75,x\nb,70,79,y\n");
    expectError([&] { readNoiseClasses(overlap); }, ErrorCode::FileFormat,
                {"c.csv", "line 3", "overlaps class 'a'"});
    const std::string inverted = write("d.csv", "# c\nclass,lower_db,upper_db,description\na,75,61,x\n");
    expectError([&] { readNoiseClasses(inverted); }, ErrorCode::FileFormat, {"d.csv", "line 3", "upper_db"});
    const std::string cells = write("e.csv", "class,lower_db,upper_db,description\na,75,79\n");
    expectError([&] { readNoiseClasses(cells); }, ErrorCode::FileFormat,
                {"e.csv", "line 2", "4 comma-separated"});
    expectError([&] { readNoiseClasses(path("none.csv")); }, ErrorCode::FileNotFound, {"none.csv"});
}

}  // namespace
}  // namespace citytwin::uam
