#pragma once
/// @file spa.h
/// Solar position by the NREL Solar Position Algorithm (SPA): Reda, I. and Andreas, A. (2004), "Solar
/// position algorithm for solar radiation applications", Solar Energy 76(5), 577-589; NREL/TP-560-34302 (rev.
/// 2008). Valid for the years -2000 to 6000 with an uncertainty of +/-0.0003 deg. Implemented here from the
/// paper's equations; the periodic-term tables (its Tables A4.2 and A4.3) are carried over as published.
///
/// All functions are pure and thread-safe.

#include <vector>

#include "citytwin/core/problem.h"

namespace citytwin::newtown {

/// Inputs of one SPA evaluation. Dates are in the proleptic Gregorian calendar from 1582-10-15 on, Julian
/// before (as the paper's eq. 4).
struct SpaInput {
    int year = 2000;              ///< -2000 .. 6000
    int month = 1;                ///< 1 .. 12
    int day = 1;                  ///< 1 .. 31
    int hour = 0;                 ///< 0 .. 24 (local time of `timezoneH`)
    int minute = 0;               ///< 0 .. 59
    double second = 0.0;          ///< 0 .. < 60
    double timezoneH = 0.0;       ///< hours east of UTC (Korean Standard Time: +9), -18 .. 18
    double deltaUt1S = 0.0;       ///< UT1 - UTC [s], -1 .. 1
    double deltaTS = 0.0;         ///< TT - UT1 [s], -8000 .. 8000 (about 69 s in 2024)
    double longitudeDeg = 0.0;    ///< east positive, -180 .. 180
    double latitudeDeg = 0.0;     ///< north positive, -90 .. 90
    double elevationM = 0.0;      ///< observer elevation [m], >= -6500000
    double pressureHPa = 1010.0;  ///< annual mean local pressure [hPa], 0 .. 5000 (refraction)
    double temperatureC = 10.0;   ///< annual mean local temperature [degC], -273 .. 6000 (refraction)
    double slopeDeg = 0.0;        ///< surface slope from the horizontal [deg], -360 .. 360 (incidence)
    double azimuthRotationDeg =
        0.0;  ///< surface azimuth rotation from south, west positive [deg] (incidence)
    double atmosRefractDeg = 0.5667;  ///< refraction at sunrise/sunset [deg], -5 .. 5
};

/// Result of solarPosition(). Angles in degrees.
struct SpaResult {
    double julianDay = 0.0;              ///< JD (UT)
    double julianEphemerisDay = 0.0;     ///< JDE (TT)
    double rightAscensionDeg = 0.0;      ///< geocentric alpha
    double declinationDeg = 0.0;         ///< geocentric delta
    double hourAngleDeg = 0.0;           ///< observer local hour angle H (geocentric)
    double zenithDeg = 0.0;              ///< topocentric zenith angle, refraction applied (theta, eq. 44)
    double azimuthDeg = 0.0;             ///< topocentric azimuth, eastward from north (Phi, eq. 46)
    double azimuthAstroDeg = 0.0;        ///< topocentric azimuth, westward from south (Gamma, eq. 45)
    double elevationDeg = 0.0;           ///< apparent (refracted) elevation e = e0 + delta_e (eq. 43)
    double geometricElevationDeg = 0.0;  ///< elevation without refraction e0 (eq. 41)
    double refractionDeg = 0.0;          ///< delta_e (eq. 42); 0 when the sun is below the horizon
    double incidenceDeg = 0.0;           ///< incidence angle on the surface (eq. 47)
    double equationOfTimeMin = 0.0;      ///< equation of time [min] (appendix A.1)
};

/// Sunrise, transit and sunset of the day given in SpaInput (appendix A.2), in local hours [0, 24) of
/// `timezoneH`; rise and set are NaN on days when the sun does not cross the horizon (polar day or night).
struct SpaRiseTransitSet {
    bool regularDay = true;
    double sunriseH = 0.0;
    double transitH = 0.0;
    double sunsetH = 0.0;
    double transitAltitudeDeg = 0.0;  ///< sun altitude at transit [deg]
};

/// Every out-of-range input at once, naming the field and the value (never throws). A date outside
/// -2000..6000 is such a problem.
std::vector<core::Problem> validate(const SpaInput& input);

/// The solar position. @throws core::Error(ErrorCode::Validation) naming the first bad input.
SpaResult solarPosition(const SpaInput& input);

/// Sunrise, transit and sunset (refraction at the horizon -0.8333 deg, appendix A.2). Uses the date of
/// `input` at 0 h UT (as NREL's spa.c: the date's 0 UT with the time zone applied to the output).
/// @throws core::Error(ErrorCode::Validation) naming the first bad input.
SpaRiseTransitSet riseTransitSet(const SpaInput& input);

/// Julian day (eq. 4) of a calendar date and day fraction (UT), for tests.
double julianDay(int year, int month, double dayWithFraction);

}  // namespace citytwin::newtown
