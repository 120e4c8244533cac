// NREL Solar Position Algorithm, written from Reda and Andreas (2004), NREL/TP-560-34302 (rev. 2008).
// Equation numbers below are the report's.
#include "citytwin/newtown/spa.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "citytwin/core/error.h"
#include "citytwin/newtown/limits.h"

namespace citytwin::newtown {

namespace {

constexpr double kPi = 3.14159265358979323846;

double rad(double deg) {
    return deg * kPi / 180.0;
}
double deg(double r) {
    return r * 180.0 / kPi;
}

/// Angle limited to [0, 360).
double limit360(double d) {
    d = std::fmod(d, 360.0);
    return d < 0.0 ? d + 360.0 : d;
}
/// Fraction limited to [0, 1).
double limit01(double v) {
    v -= std::floor(v);
    return v;
}
/// Angle limited to [-180, 180].
double limit180(double d) {
    d = limit360(d);
    return d > 180.0 ? d - 360.0 : d;
}

// ---------------------------------------------------------------------------------------------------------
// Periodic terms of the Earth's heliocentric longitude L, latitude B and radius R (Table A4.2):
// each series term is A cos(B + C * JME).
struct Term {
    double a, b, c;
};

const Term kL0[] = {{175347046, 0, 0},           {3341656, 4.6692568, 6283.07585},
                    {34894, 4.6261, 12566.1517}, {3497, 2.7441, 5753.3849},
                    {3418, 2.8289, 3.5231},      {3136, 3.6277, 77713.7715},
                    {2676, 4.4181, 7860.4194},   {2343, 6.1352, 3930.2097},
                    {1324, 0.7425, 11506.7698},  {1273, 2.0371, 529.691},
                    {1199, 1.1096, 1577.3435},   {990, 5.233, 5884.927},
                    {902, 2.045, 26.298},        {857, 3.508, 398.149},
                    {780, 1.179, 5223.694},      {753, 2.533, 5507.553},
                    {505, 4.583, 18849.228},     {492, 4.205, 775.523},
                    {357, 2.92, 0.067},          {317, 5.849, 11790.629},
                    {284, 1.899, 796.298},       {271, 0.315, 10977.079},
                    {243, 0.345, 5486.778},      {206, 4.806, 2544.314},
                    {205, 1.869, 5573.143},      {202, 2.458, 6069.777},
                    {156, 0.833, 213.299},       {132, 3.411, 2942.463},
                    {126, 1.083, 20.775},        {115, 0.645, 0.98},
                    {103, 0.636, 4694.003},      {102, 0.976, 15720.839},
                    {102, 4.267, 7.114},         {99, 6.21, 2146.17},
                    {98, 0.68, 155.42},          {86, 5.98, 161000.69},
                    {85, 1.3, 6275.96},          {85, 3.67, 71430.7},
                    {80, 1.81, 17260.15},        {79, 3.04, 12036.46},
                    {75, 1.76, 5088.63},         {74, 3.5, 3154.69},
                    {74, 4.68, 801.82},          {70, 0.83, 9437.76},
                    {62, 3.98, 8827.39},         {61, 1.82, 7084.9},
                    {57, 2.78, 6286.6},          {56, 4.39, 14143.5},
                    {56, 3.47, 6279.55},         {52, 0.19, 12139.55},
                    {52, 1.33, 1748.02},         {51, 0.28, 5856.48},
                    {49, 0.49, 1194.45},         {41, 5.37, 8429.24},
                    {41, 2.4, 19651.05},         {39, 6.17, 10447.39},
                    {37, 6.04, 10213.29},        {37, 2.57, 1059.38},
                    {36, 1.71, 2352.87},         {36, 1.78, 6812.77},
                    {33, 0.59, 17789.85},        {30, 0.44, 83996.85},
                    {30, 2.74, 1349.87},         {25, 3.16, 4690.48}};
const Term kL1[] = {{628331966747, 0, 0},       {206059, 2.678235, 6283.07585},
                    {4303, 2.6351, 12566.1517}, {425, 1.59, 3.523},
                    {119, 5.796, 26.298},       {109, 2.966, 1577.344},
                    {93, 2.59, 18849.23},       {72, 1.14, 529.69},
                    {68, 1.87, 398.15},         {67, 4.41, 5507.55},
                    {59, 2.89, 5223.69},        {56, 2.17, 155.42},
                    {45, 0.4, 796.3},           {36, 0.47, 775.52},
                    {29, 2.65, 7.11},           {21, 5.34, 0.98},
                    {19, 1.85, 5486.78},        {19, 4.97, 213.3},
                    {17, 2.99, 6275.96},        {16, 0.03, 2544.31},
                    {16, 1.43, 2146.17},        {15, 1.21, 10977.08},
                    {12, 2.83, 1748.02},        {12, 3.26, 5088.63},
                    {12, 5.27, 1194.45},        {12, 2.08, 4694},
                    {11, 0.77, 553.57},         {10, 1.3, 6286.6},
                    {10, 4.24, 1349.87},        {9, 2.7, 242.73},
                    {9, 5.64, 951.72},          {8, 5.3, 2352.87},
                    {6, 2.65, 9437.76},         {6, 4.67, 4690.48}};
const Term kL2[] = {
    {52919, 0, 0},     {8720, 1.0721, 6283.0758}, {309, 0.867, 12566.152}, {27, 0.05, 3.52},
    {16, 5.19, 26.3},  {16, 3.68, 155.42},        {10, 0.76, 18849.23},    {9, 2.06, 77713.77},
    {7, 0.83, 775.52}, {5, 4.66, 1577.34},        {4, 1.03, 7.11},         {4, 3.44, 5573.14},
    {3, 5.14, 796.3},  {3, 6.05, 5507.55},        {3, 1.19, 242.73},       {3, 6.12, 529.69},
    {3, 0.31, 398.15}, {3, 2.28, 553.57},         {2, 4.38, 5223.69},      {2, 3.75, 0.98}};
const Term kL3[] = {{289, 5.844, 6283.076}, {35, 0, 0},         {17, 5.49, 12566.15}, {3, 5.2, 155.42},
                    {1, 4.72, 3.52},        {1, 5.3, 18849.23}, {1, 5.97, 242.73}};
const Term kL4[] = {{114, 3.142, 0}, {8, 4.13, 6283.08}, {1, 3.84, 12566.15}};
const Term kL5[] = {{1, 3.14, 0}};

const Term kB0[] = {{280, 3.199, 84334.662},
                    {102, 5.422, 5507.553},
                    {80, 3.88, 5223.69},
                    {44, 3.7, 2352.87},
                    {32, 4, 1577.34}};
const Term kB1[] = {{9, 3.9, 5507.55}, {6, 1.73, 5223.69}};

const Term kR0[] = {{100013989, 0, 0},
                    {1670700, 3.0984635, 6283.07585},
                    {13956, 3.05525, 12566.1517},
                    {3084, 5.1985, 77713.7715},
                    {1628, 1.1739, 5753.3849},
                    {1576, 2.8469, 7860.4194},
                    {925, 5.453, 11506.77},
                    {542, 4.564, 3930.21},
                    {472, 3.661, 5884.927},
                    {346, 0.964, 5507.553},
                    {329, 5.9, 5223.694},
                    {307, 0.299, 5573.143},
                    {243, 4.273, 11790.629},
                    {212, 5.847, 1577.344},
                    {186, 5.022, 10977.079},
                    {175, 3.012, 18849.228},
                    {110, 5.055, 5486.778},
                    {98, 0.89, 6069.78},
                    {86, 5.69, 15720.84},
                    {86, 1.27, 161000.69},
                    {65, 0.27, 17260.15},
                    {63, 0.92, 529.69},
                    {57, 2.01, 83996.85},
                    {56, 5.24, 71430.7},
                    {49, 3.25, 2544.31},
                    {47, 2.58, 775.52},
                    {45, 5.54, 9437.76},
                    {43, 6.01, 6275.96},
                    {39, 5.36, 4694},
                    {38, 2.39, 8827.39},
                    {37, 0.83, 19651.05},
                    {37, 4.9, 12139.55},
                    {36, 1.67, 12036.46},
                    {35, 1.84, 2942.46},
                    {33, 0.24, 7084.9},
                    {32, 0.18, 5088.63},
                    {32, 1.78, 398.15},
                    {28, 1.21, 6286.6},
                    {28, 1.9, 6279.55},
                    {26, 4.59, 10447.39}};
const Term kR1[] = {{103019, 1.10749, 6283.07585},
                    {1721, 1.0644, 12566.1517},
                    {702, 3.142, 0},
                    {32, 1.02, 18849.23},
                    {31, 2.84, 5507.55},
                    {25, 1.32, 5223.69},
                    {18, 1.42, 1577.34},
                    {10, 5.91, 10977.08},
                    {9, 1.42, 6275.96},
                    {9, 0.27, 5486.78}};
const Term kR2[] = {{4359, 5.7846, 6283.0758}, {124, 5.579, 12566.152}, {12, 3.14, 0},
                    {9, 3.63, 77713.77},       {6, 1.87, 5573.14},      {3, 5.47, 18849.23}};
const Term kR3[] = {{145, 4.273, 6283.076}, {7, 3.92, 12566.15}};
const Term kR4[] = {{4, 2.56, 6283.08}};

struct Series {
    const Term* terms;
    std::size_t count;
};
template <std::size_t N>
constexpr Series series(const Term (&t)[N]) {
    return {t, N};
}

/// sum_i (sum_terms A cos(B + C JME)) JME^i / 1e8 (eqs. 9-11).
double heliocentric(const Series* s, int n, double jme) {
    double total = 0.0;
    double power = 1.0;
    for (int i = 0; i < n; ++i) {
        double sum = 0.0;
        for (std::size_t k = 0; k < s[i].count; ++k)
            sum += s[i].terms[k].a * std::cos(s[i].terms[k].b + s[i].terms[k].c * jme);
        total += sum * power;
        power *= jme;
    }
    return total / 1e8;
}

// Nutation in longitude and obliquity (Table A4.3): multipliers Y of X0..X4 and coefficients a, b, c, d
// [0.0001 arc seconds].
const signed char kNutY[63][5] = {
    {0, 0, 0, 0, 1},   {-2, 0, 0, 2, 2},  {0, 0, 0, 2, 2},   {0, 0, 0, 0, 2},  {0, 1, 0, 0, 0},
    {0, 0, 1, 0, 0},   {-2, 1, 0, 2, 2},  {0, 0, 0, 2, 1},   {0, 0, 1, 2, 2},  {-2, -1, 0, 2, 2},
    {-2, 0, 1, 0, 0},  {-2, 0, 0, 2, 1},  {0, 0, -1, 2, 2},  {2, 0, 0, 0, 0},  {0, 0, 1, 0, 1},
    {2, 0, -1, 2, 2},  {0, 0, -1, 0, 1},  {0, 0, 1, 2, 1},   {-2, 0, 2, 0, 0}, {0, 0, -2, 2, 1},
    {2, 0, 0, 2, 2},   {0, 0, 2, 2, 2},   {0, 0, 2, 0, 0},   {-2, 0, 1, 2, 2}, {0, 0, 0, 2, 0},
    {-2, 0, 0, 2, 0},  {0, 0, -1, 2, 1},  {0, 2, 0, 0, 0},   {2, 0, -1, 0, 1}, {-2, 2, 0, 2, 2},
    {0, 1, 0, 0, 1},   {-2, 0, 1, 0, 1},  {0, -1, 0, 0, 1},  {0, 0, 2, -2, 0}, {2, 0, -1, 2, 1},
    {2, 0, 1, 2, 2},   {0, 1, 0, 2, 2},   {-2, 1, 1, 0, 0},  {0, -1, 0, 2, 2}, {2, 0, 0, 2, 1},
    {2, 0, 1, 0, 0},   {-2, 0, 2, 2, 2},  {-2, 0, 1, 2, 1},  {2, 0, -2, 0, 1}, {2, 0, 0, 0, 1},
    {0, -1, 1, 0, 0},  {-2, -1, 0, 2, 1}, {-2, 0, 0, 0, 1},  {0, 0, 2, 2, 1},  {-2, 0, 2, 0, 1},
    {-2, 1, 0, 2, 1},  {0, 0, 1, -2, 0},  {-1, 0, 1, 0, 0},  {-2, 1, 0, 0, 0}, {1, 0, 0, 0, 0},
    {0, 0, 1, 2, 0},   {0, 0, -2, 2, 2},  {-1, -1, 1, 0, 0}, {0, 1, 1, 0, 0},  {0, -1, 1, 2, 2},
    {2, -1, -1, 2, 2}, {0, 0, 3, 2, 2},   {2, -1, 0, 2, 2}};
const double kNutCoef[63][4] = {{-171996, -174.2, 92025, 8.9},
                                {-13187, -1.6, 5736, -3.1},
                                {-2274, -0.2, 977, -0.5},
                                {2062, 0.2, -895, 0.5},
                                {1426, -3.4, 54, -0.1},
                                {712, 0.1, -7, 0},
                                {-517, 1.2, 224, -0.6},
                                {-386, -0.4, 200, 0},
                                {-301, 0, 129, -0.1},
                                {217, -0.5, -95, 0.3},
                                {-158, 0, 0, 0},
                                {129, 0.1, -70, 0},
                                {123, 0, -53, 0},
                                {63, 0, 0, 0},
                                {63, 0.1, -33, 0},
                                {-59, 0, 26, 0},
                                {-58, -0.1, 32, 0},
                                {-51, 0, 27, 0},
                                {48, 0, 0, 0},
                                {46, 0, -24, 0},
                                {-38, 0, 16, 0},
                                {-31, 0, 13, 0},
                                {29, 0, 0, 0},
                                {29, 0, -12, 0},
                                {26, 0, 0, 0},
                                {-22, 0, 0, 0},
                                {21, 0, -10, 0},
                                {17, -0.1, 0, 0},
                                {16, 0, -8, 0},
                                {-16, 0.1, 7, 0},
                                {-15, 0, 9, 0},
                                {-13, 0, 7, 0},
                                {-12, 0, 6, 0},
                                {11, 0, 0, 0},
                                {-10, 0, 5, 0},
                                {-8, 0, 3, 0},
                                {7, 0, -3, 0},
                                {-7, 0, 0, 0},
                                {-7, 0, 3, 0},
                                {-7, 0, 3, 0},
                                {6, 0, 0, 0},
                                {6, 0, -3, 0},
                                {6, 0, -3, 0},
                                {-6, 0, 3, 0},
                                {-6, 0, 3, 0},
                                {5, 0, 0, 0},
                                {-5, 0, 3, 0},
                                {-5, 0, 3, 0},
                                {-5, 0, 3, 0},
                                {4, 0, 0, 0},
                                {4, 0, 0, 0},
                                {4, 0, 0, 0},
                                {-4, 0, 0, 0},
                                {-4, 0, 0, 0},
                                {-4, 0, 0, 0},
                                {3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0},
                                {-3, 0, 0, 0}};

double cubic(double x, double a, double b, double c, double d) {
    return ((d * x + c) * x + b) * x + a;
}

struct Nutation {
    double dPsi = 0.0;  ///< [deg]
    double dEps = 0.0;  ///< [deg]
};

Nutation nutation(double jce) {
    // Eqs. 15-19: mean elongation of the moon, mean anomalies of the sun and moon, moon's argument of
    // latitude, longitude of the moon's ascending node [deg].
    const double x[5] = {cubic(jce, 297.85036, 445267.111480, -0.0019142, 1.0 / 189474.0),
                         cubic(jce, 357.52772, 35999.050340, -0.0001603, -1.0 / 300000.0),
                         cubic(jce, 134.96298, 477198.867398, 0.0086972, 1.0 / 56250.0),
                         cubic(jce, 93.27191, 483202.017538, -0.0036825, 1.0 / 327270.0),
                         cubic(jce, 125.04452, -1934.136261, 0.0020708, 1.0 / 450000.0)};
    Nutation n;
    for (int i = 0; i < 63; ++i) {
        double arg = 0.0;
        for (int j = 0; j < 5; ++j)
            arg += x[j] * kNutY[i][j];
        n.dPsi += (kNutCoef[i][0] + kNutCoef[i][1] * jce) * std::sin(rad(arg));  // eq. 20
        n.dEps += (kNutCoef[i][2] + kNutCoef[i][3] * jce) * std::cos(rad(arg));  // eq. 21
    }
    n.dPsi /= 36000000.0;  // eqs. 22-23
    n.dEps /= 36000000.0;
    return n;
}

/// True obliquity of the ecliptic [deg] (eqs. 24-25).
double obliquity(double jme, double dEps) {
    const double u = jme / 10.0;
    const double c[] = {84381.448, -4680.93, -1.55, 1999.25, -51.38, -249.67,
                        -39.05,    7.12,     27.87, 5.79,    2.45};
    double e0 = 0.0;
    for (int i = 10; i >= 0; --i)
        e0 = e0 * u + c[i];
    return e0 / 3600.0 + dEps;
}

/// Apparent sidereal time at Greenwich [deg] (eqs. 28-29).
double siderealTime(double jd, double jc, double dPsi, double epsDeg) {
    const double nu0 = limit360(280.46061837 + 360.98564736629 * (jd - 2451545.0) + 0.000387933 * jc * jc -
                                jc * jc * jc / 38710000.0);
    return nu0 + dPsi * std::cos(rad(epsDeg));
}

struct Geocentric {
    double alpha = 0.0;  ///< right ascension [deg]
    double delta = 0.0;  ///< declination [deg]
    double r = 1.0;      ///< Earth radius vector [AU]
    double dPsi = 0.0, eps = 0.0;
    double jme = 0.0;
};

/// Geocentric right ascension and declination at a Julian ephemeris day (eqs. 9-27, 32-33).
Geocentric geocentric(double jde) {
    const double jce = (jde - 2451545.0) / 36525.0;
    const double jme = jce / 10.0;
    static const Series lSeries[] = {series(kL0), series(kL1), series(kL2),
                                     series(kL3), series(kL4), series(kL5)};
    static const Series bSeries[] = {series(kB0), series(kB1)};
    static const Series rSeries[] = {series(kR0), series(kR1), series(kR2), series(kR3), series(kR4)};
    const double lDeg = limit360(deg(heliocentric(lSeries, 6, jme)));
    const double bDeg = deg(heliocentric(bSeries, 2, jme));
    Geocentric g;
    g.r = heliocentric(rSeries, 5, jme);
    g.jme = jme;
    const double theta = limit360(lDeg + 180.0);  // eq. 13
    const double beta = -bDeg;                    // eq. 14
    const Nutation n = nutation(jce);
    g.dPsi = n.dPsi;
    g.eps = obliquity(jme, n.dEps);
    const double dTau = -20.4898 / (3600.0 * g.r);  // eq. 26
    const double lambda = theta + n.dPsi + dTau;    // eq. 27
    const double lr = rad(lambda), er = rad(g.eps), br = rad(beta);
    g.alpha = limit360(deg(std::atan2(std::sin(lr) * std::cos(er) - std::tan(br) * std::sin(er),
                                      std::cos(lr))));  // eq. 32
    g.delta =
        deg(std::asin(std::sin(br) * std::cos(er) + std::cos(br) * std::sin(er) * std::sin(lr)));  // eq. 33
    return g;
}

void check(std::vector<core::Problem>& out, bool bad, const std::string& field, const std::string& what) {
    if (bad) out.push_back({"newtown", field, what});
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void throwIfInvalid(const SpaInput& in) {
    const auto problems = validate(in);
    if (!problems.empty())
        throw core::Error(core::ErrorCode::Validation, problems.front().message,
                          {{}, {}, problems.front().parameter});
}

}  // namespace

double julianDay(int year, int month, double day) {
    // Eq. 4; INT() truncates toward zero.
    int y = year, m = month;
    if (m < 3) {
        y -= 1;
        m += 12;
    }
    double jd = std::trunc(365.25 * (y + 4716.0)) + std::trunc(30.6001 * (m + 1)) + day - 1524.5;
    if (jd > 2299160.0) {
        const double a = std::trunc(y / 100.0);
        jd += 2.0 - a + std::trunc(a / 4.0);
    }
    return jd;
}

std::vector<core::Problem> validate(const SpaInput& in) {
    std::vector<core::Problem> p;
    check(p, !limits::year.contains(in.year), "spa.year",
          "year " + std::to_string(in.year) + " is outside the SPA's range " + limits::text(limits::year));
    check(p, in.month < 1 || in.month > 12, "spa.month",
          "month " + std::to_string(in.month) + " is not 1..12");
    check(p, in.day < 1 || in.day > 31, "spa.day", "day " + std::to_string(in.day) + " is not 1..31");
    check(p, in.hour < 0 || in.hour > 24, "spa.hour", "hour " + std::to_string(in.hour) + " is not 0..24");
    check(p, in.minute < 0 || in.minute > 59, "spa.minute",
          "minute " + std::to_string(in.minute) + " is not 0..59");
    check(p, !(in.second >= 0.0 && in.second < 60.0), "spa.second",
          "second " + num(in.second) + " is not 0..<60");
    check(p, !limits::timezoneH.contains(in.timezoneH), "spa.timezone",
          "time zone " + num(in.timezoneH) + " h is not within " + limits::text(limits::timezoneH));
    check(p, !(std::fabs(in.deltaUt1S) < 1.0), "spa.delta_ut1",
          "delta UT1 " + num(in.deltaUt1S) + " s is not within -1..1");
    check(p, !limits::deltaTS.contains(in.deltaTS), "spa.delta_t",
          "delta T " + num(in.deltaTS) + " s is not within " + limits::text(limits::deltaTS));
    check(p, !(std::fabs(in.longitudeDeg) <= 180.0), "spa.longitude",
          "longitude " + num(in.longitudeDeg) + " deg is not within -180..180");
    check(p, !(std::fabs(in.latitudeDeg) <= 90.0), "spa.latitude",
          "latitude " + num(in.latitudeDeg) + " deg is not within -90..90");
    check(p, !(in.elevationM >= -6500000.0), "spa.elevation",
          "elevation " + num(in.elevationM) + " m is below -6500000");
    check(p, !limits::pressureHPa.contains(in.pressureHPa), "spa.pressure",
          "pressure " + num(in.pressureHPa) + " hPa is not within " + limits::text(limits::pressureHPa));
    check(
        p, !limits::temperatureC.contains(in.temperatureC), "spa.temperature",
        "temperature " + num(in.temperatureC) + " degC is not within " + limits::text(limits::temperatureC));
    check(p, !(std::fabs(in.slopeDeg) <= 360.0), "spa.slope",
          "slope " + num(in.slopeDeg) + " deg is not within -360..360");
    check(p, !(std::fabs(in.azimuthRotationDeg) <= 360.0), "spa.azimuth_rotation",
          "azimuth rotation " + num(in.azimuthRotationDeg) + " deg is not within -360..360");
    check(p, !(std::fabs(in.atmosRefractDeg) <= 5.0), "spa.atmos_refract",
          "refraction at the horizon " + num(in.atmosRefractDeg) + " deg is not within -5..5");
    return p;
}

SpaResult solarPosition(const SpaInput& in) {
    throwIfInvalid(in);
    SpaResult out;
    const double dayFraction =
        in.day + (in.hour - in.timezoneH + (in.minute + (in.second + in.deltaUt1S) / 60.0) / 60.0) / 24.0;
    const double jd = julianDay(in.year, in.month, dayFraction);
    const double jc = (jd - 2451545.0) / 36525.0;  // eq. 5
    const double jde = jd + in.deltaTS / 86400.0;  // eq. 5
    out.julianDay = jd;
    out.julianEphemerisDay = jde;

    const Geocentric g = geocentric(jde);
    const double nu = siderealTime(jd, jc, g.dPsi, g.eps);
    out.rightAscensionDeg = g.alpha;
    out.declinationDeg = g.delta;
    const double h = limit360(nu + in.longitudeDeg - g.alpha);  // eq. 34
    out.hourAngleDeg = h;

    // Topocentric corrections (eqs. 35-40).
    const double xi = rad(8.794 / (3600.0 * g.r));
    const double phi = rad(in.latitudeDeg);
    const double u = std::atan(0.99664719 * std::tan(phi));
    const double x = std::cos(u) + in.elevationM / 6378140.0 * std::cos(phi);
    const double y = 0.99664719 * std::sin(u) + in.elevationM / 6378140.0 * std::sin(phi);
    const double hr = rad(h), dr = rad(g.delta);
    const double denom = std::cos(dr) - x * std::sin(xi) * std::cos(hr);
    const double dAlpha = std::atan2(-x * std::sin(xi) * std::sin(hr), denom);
    const double deltaP = std::atan2((std::sin(dr) - y * std::sin(xi)) * std::cos(dAlpha), denom);
    const double hP = hr - dAlpha;

    // Elevation, refraction and zenith (eqs. 41-44).
    const double e0 =
        deg(std::asin(std::sin(phi) * std::sin(deltaP) + std::cos(phi) * std::cos(deltaP) * std::cos(hP)));
    double de = 0.0;
    constexpr double kSunRadiusDeg = 0.26667;  // the sun's apparent radius, as the report's sunrise criterion
    if (e0 >= -(kSunRadiusDeg + in.atmosRefractDeg))
        de = in.pressureHPa / 1010.0 * 283.0 / (273.0 + in.temperatureC) * 1.02 /
             (60.0 * std::tan(rad(e0 + 10.3 / (e0 + 5.11))));
    out.geometricElevationDeg = e0;
    out.refractionDeg = de;
    out.elevationDeg = e0 + de;
    out.zenithDeg = 90.0 - out.elevationDeg;

    // Azimuth (eqs. 45-46).
    const double gamma = limit360(
        deg(std::atan2(std::sin(hP), std::cos(hP) * std::sin(phi) - std::tan(deltaP) * std::cos(phi))));
    out.azimuthAstroDeg = gamma;
    out.azimuthDeg = limit360(gamma + 180.0);

    // Incidence on a surface (eq. 47).
    const double zr = rad(out.zenithDeg), w = rad(in.slopeDeg);
    out.incidenceDeg =
        deg(std::acos(std::cos(zr) * std::cos(w) +
                      std::sin(w) * std::sin(zr) * std::cos(rad(gamma - in.azimuthRotationDeg))));

    // Equation of time (appendix A.1, eqs. A1-A2).
    const double jme = g.jme;
    const double m =
        limit360(280.4664567 + 360007.6982779 * jme + 0.03032028 * jme * jme + jme * jme * jme / 49931.0 -
                 std::pow(jme, 4) / 15300.0 - std::pow(jme, 5) / 2000000.0);
    double e = m - 0.0057183 - g.alpha + g.dPsi * std::cos(rad(g.eps));
    e = limit180(e) * 4.0;  // minutes; |E| stays below 20 min
    out.equationOfTimeMin = e;
    return out;
}

SpaRiseTransitSet riseTransitSet(const SpaInput& in) {
    throwIfInvalid(in);
    SpaRiseTransitSet out;
    constexpr double kH0Prime = -0.8333;  // sun's upper limb at the horizon with standard refraction (A.2.4)
    // A.2.1: apparent sidereal time at Greenwich at 0 UT of the date.
    const double jd0 = julianDay(in.year, in.month, in.day);
    const double jc0 = (jd0 - 2451545.0) / 36525.0;
    const Geocentric g0 = geocentric(jd0);
    const double nu = siderealTime(jd0, jc0, g0.dPsi, g0.eps);
    // A.2.2: alpha and delta at 0 TT (delta T = 0) of the day before, the day and the day after.
    const Geocentric gm = geocentric(jd0 - 1.0);
    const Geocentric gp = geocentric(jd0 + 1.0);
    const double alpha[3] = {gm.alpha, g0.alpha, gp.alpha};
    const double delta[3] = {gm.delta, g0.delta, gp.delta};

    const double sigma = in.longitudeDeg;
    const double phi = rad(in.latitudeDeg);
    double m0 = (alpha[1] - sigma - nu) / 360.0;  // A.2.3
    const double cosH0 = (std::sin(rad(kH0Prime)) - std::sin(phi) * std::sin(rad(delta[1]))) /
                         (std::cos(phi) * std::cos(rad(delta[1])));  // A.2.4
    out.regularDay = std::fabs(cosH0) <= 1.0;
    const double h0 = out.regularDay ? deg(std::acos(cosH0)) : 0.0;  // in [0, 180]

    double m[3] = {limit01(m0), limit01(m0 - h0 / 360.0), limit01(m0 + h0 / 360.0)};  // A.2.5-A.2.7

    // A.2.10: interpolation differences, limited to [0, 1) when larger than 2 (a wrap of alpha at 360).
    auto limitIf = [](double v) { return std::fabs(v) > 2.0 ? limit01(v) : v; };
    const double a = limitIf(alpha[1] - alpha[0]), b = limitIf(alpha[2] - alpha[1]);
    const double ap = limitIf(delta[1] - delta[0]), bp = limitIf(delta[2] - delta[1]);
    const double c = b - a, cp = bp - ap;

    double hPrime[3], hAlt[3], deltaPrime[3];
    for (int i = 0; i < 3; ++i) {
        const double nuI = nu + 360.985647 * m[i];                   // A.2.8
        const double n = m[i] + in.deltaTS / 86400.0;                // A.2.9
        const double alphaI = alpha[1] + n * (a + b + c * n) / 2.0;  // A.2.10
        const double deltaI = delta[1] + n * (ap + bp + cp * n) / 2.0;
        hPrime[i] = limit180(nuI + sigma - alphaI);  // A.2.11
        deltaPrime[i] = deltaI;
        hAlt[i] = deg(std::asin(std::sin(phi) * std::sin(rad(deltaI)) +
                                std::cos(phi) * std::cos(rad(deltaI)) * std::cos(rad(hPrime[i]))));  // A.2.12
    }
    const double transit = m[0] - hPrime[0] / 360.0;  // A.2.13
    auto toLocal = [&](double dayFraction) { return 24.0 * limit01(dayFraction + in.timezoneH / 24.0); };
    out.transitH = toLocal(transit);
    out.transitAltitudeDeg = hAlt[0];
    if (!out.regularDay) {
        out.sunriseH = out.sunsetH = std::nan("");
        return out;
    }
    auto riseSet = [&](int i) {  // A.2.14-A.2.15
        return m[i] + (hAlt[i] - kH0Prime) /
                          (360.0 * std::cos(rad(deltaPrime[i])) * std::cos(phi) * std::sin(rad(hPrime[i])));
    };
    out.sunriseH = toLocal(riseSet(1));
    out.sunsetH = toLocal(riseSet(2));
    return out;
}

}  // namespace citytwin::newtown
