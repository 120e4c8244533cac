#pragma once
/// @file acoustics.h
/// Flyover noise of an eVTOL as a moving point source: spherical spreading and ISO 9613-1 atmospheric
/// absorption; per flight the maximum A-weighted level L_Amax and the sound exposure level SEL at a receiver;
/// for a day's schedule L_eq per period and L_den. See sim/uam/README.md, "Noise", for the equations.

#include <string>
#include <vector>

#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// Air for ISO 9613-1.
struct Atmosphere {
    double temperatureC = 20.0;       ///< air temperature [°C], ISO 9613-1 range -20..50
    double relativeHumidityPct = 70;  ///< relative humidity [%], 10..100
    double pressureKPa = 101.325;     ///< ambient pressure [kPa]
};

/// Pure-tone atmospheric absorption coefficient α [dB/km] at frequency f [Hz] (ISO 9613-1:1993, eqs. 3-5
/// and Annex B eqs. B.1-B.3). Pure function, thread-safe.
double isoAbsorptionDbPerKm(double frequencyHz, const Atmosphere& air);

/// Exact mid-band frequency of the base-10 octave band n (ISO 266): 1000 · 10^(3n/10) Hz; n = -1 is the
/// "500 Hz" band at 501.19 Hz.
double octaveMidbandHz(int n);

/// The A-weighted single-number source: a reference level at a reference distance and one absorption
/// coefficient standing for the A-weighted spectrum (README, "A single number for absorption").
struct NoiseSource {
    double referenceLevelDbA = 67.0;  ///< L_A at the reference distance [dBA] (`noise_reference_level_dba`)
    double referenceDistanceM =
        76.2;                        ///< reference slant distance [m] (250 ft) (`noise_reference_distance_m`)
    double absorptionDbPerKm = 0.0;  ///< α_A [dB/km]; noiseSourceFor() fills it from ISO 9613-1
    /// Receivers closer than this to the flight path are taken at this distance [m]: the point-source model
    /// does not hold in the near field (`noise_min_distance_m`).
    double minDistanceM = 10.0;
};

/// A source with α_A = α(frequency, air) by ISO 9613-1 (the default frequency is the exact mid-band of the
/// 500 Hz octave, which reproduces the shared eVTOL spreading example).
NoiseSource noiseSourceFor(const Atmosphere& air, double referenceLevelDbA = 67.0,
                           double referenceDistanceM = 76.2, double frequencyHz = 501.18723362727224);

/// L_A at slant distance r [dBA]: L_ref - 20 log10(r / r_ref) - α_A (r - r_ref) / 1000, r clamped to the
/// minimum distance.
double levelAtDistance(const NoiseSource& source, double distanceM);

/// One flight's path: a 3D polyline [m] and the ground speed on each segment [m/s] (speeds.size() ==
/// points.size() - 1, each > 0).
struct FlightPath {
    std::vector<Point3> points;
    std::vector<double> speedsMps;
};

/// Noise of one flight at one receiver.
struct FlightNoise {
    double lamaxDbA = -1e300;  ///< maximum level [dBA]
    double selDbA = -1e300;    ///< sound exposure level, re 1 s [dBA]
};

/// L_Amax and SEL of one flight at a receiver. SEL = 10 log10(∫ 10^(L_A(t)/10) dt / 1 s), integrated
/// segment by segment: along a straight segment at speed V the integrand in the angle φ seen from the
/// receiver is smooth, ∫ ds e^(-βr)/r² = (1/d) ∫ e^(-β d / cos φ) dφ (d: distance to the segment's line),
/// evaluated in closed form without absorption and by 4-point Gauss-Legendre on panels of at most 0.05 rad
/// with it.
FlightNoise flightNoise(const NoiseSource& source, const FlightPath& path, const Point3& receiver);

/// Exposure of one straight segment, E = ∫ 10^(L_A/10) dt [s] (so that SEL = 10 log10 E).
double segmentExposure(const NoiseSource& source, const Point3& a, const Point3& b, double speedMps,
                       const Point3& receiver);

/// One period of the day for L_den (data: data/uam/lden_periods_kr.csv).
struct DayPeriod {
    std::string name;        ///< "day", "evening", "night"
    double hours = 0.0;      ///< duration [h]; the three sum to 24
    double penaltyDb = 0.0;  ///< penalty added to the period's level [dB]
    std::string span;        ///< clock times, for reports ("07-19")
};

/// The L_den definition: day, evening and night, in that order.
struct LdenDefinition {
    std::vector<DayPeriod> periods;
    std::string source;  ///< where the definition comes from (file)
};

/// Reads the L_den periods table (columns period,start,end,hours,penalty_db; rows day, evening, night).
/// @throws core::Error(FileNotFound / FileFormat) naming the file, line and column.
LdenDefinition readLdenDefinition(const std::string& path);

/// Flights of one route in each period of one day.
struct FlightsPerDay {
    double day = 0.0;
    double evening = 0.0;
    double night = 0.0;
};

/// Equivalent level of n events of exposure SEL over a period of `hours`: SEL + 10 log10(n) - 10 log10(3600
/// h).
double leqFromSel(double selDbA, double count, double hours);

/// L_den of a schedule from per-route SELs: 10 log10( Σ_r Σ_p N_rp 10^((SEL_r + P_p)/10) / 86400 s ).
double ldenFromSel(const std::vector<double>& selDbA, const std::vector<FlightsPerDay>& flights,
                   const LdenDefinition& definition);

/// L_den from the three period levels: 10 log10( (1/24) Σ_p T_p 10^((L_p + P_p)/10) ) (EU END 2002/49/EC
/// Annex I form, with the definition's period lengths).
double ldenFromPeriodLevels(double lday, double levening, double lnight, const LdenDefinition& definition);

/// A noise zone class (data: data/uam/noise_classes_kr.csv): L_den in [lowerDb, upperDb).
struct NoiseClass {
    std::string name;
    double lowerDb = 0.0;
    double upperDb = 0.0;  ///< +inf for the top class
    std::string description;
};

/// Reads the noise classes table (columns class,lower_db,upper_db,description; upper_db may be "inf").
/// Classes must not overlap. @throws core::Error(FileNotFound / FileFormat) naming file, line and column.
std::vector<NoiseClass> readNoiseClasses(const std::string& path);

/// Index of the class holding `lden` (lower bound inclusive, upper exclusive), -1 for none.
int noiseClassOf(const std::vector<NoiseClass>& classes, double lden);

}  // namespace citytwin::uam
