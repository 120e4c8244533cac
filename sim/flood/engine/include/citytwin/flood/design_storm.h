#pragma once
/// @file design_storm.h
/// Design storms as practice writes them, and the sewer capacity they imply: probability rainfall by return
/// period and duration (a station's or a region's table, read from data), temporal patterns (Huff's quartile
/// mass curves, the alternating block method, a user's mass curve), the areal reduction factor, rain series
/// read from files, and the capacity of a sewer network designed for a return period. Plain data and
/// functions, no GIS: the plug-in (and sim/flood/storm_adapter.h) turn parameters and layers into these calls
/// and the result into Setup::rain and Setup::drainage. Equations and sources: sim/flood/README.md, "Design
/// storms and drainage by design frequency"; the tables: data/flood/README.md and data/flood/rainfall/README.md.
///
///     RainfallTable seoul = readRainfallTable(dataDirectory() + "/flood/rainfall/stations/seoul.csv");
///     const double p = seoul.depthMm(100.0, 60.0);                       // 110 mm
///     HuffCurves huff = readHuffCurves(dataDirectory() + "/flood/rainfall/huff_isws_median.csv");
///     Hyetograph h = massCurveHyetograph(huff.quartile[2], p, 3600.0, 600.0);   // 3rd quartile, 10-min
///     blocks setup.rain.hyetograph = h.toSeries(0.0);
///
/// Readers throw core::Error(FileNotFound) for a missing file and core::Error(FileFormat) naming the file,
/// the line and the column for anything malformed. Look-ups outside a table throw core::Error(Validation)
/// saying what the table covers (never extrapolated). Everything here is thread-safe (no shared state).

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// Probability rainfall of one station or region: design depth [mm] by return period [years] and duration
/// [min]. Read from a CSV with header comments stating at least `source`, `method` and `date` (data/flood/
/// README.md), columns `duration_min`, `return_period_years`, `depth_mm` (one row per pair; the table may be
/// sparse: not every duration needs every return period).
struct RainfallTable {
    /// One tabulated value.
    struct Entry {
        double durationMin = 0.0;        ///< [min], > 0
        double returnPeriodYears = 0.0;  ///< [years], > 1
        double depthMm = 0.0;            ///< [mm], > 0
        int line = 0;                    ///< line in the file (for messages)
    };

    std::string file;            ///< where it was read from
    std::string station;         ///< `# station:` id (the file name's stem when absent)
    std::string name;            ///< `# name:` human name
    std::string source;          ///< `# source:` citation
    std::string method;          ///< `# method:` how the values were obtained
    std::string date;            ///< `# date:` when the values were published / compiled
    std::vector<Entry> entries;  ///< sorted by return period, then duration

    /// The return periods tabulated [years], ascending.
    std::vector<double> returnPeriods() const;
    /// The durations tabulated for one return period [min], ascending (empty when T is not tabulated).
    std::vector<double> durations(double returnPeriodYears) const;

    /// Design depth [mm] for return period T [years] and duration d [min]. Exact where tabulated; between
    /// tabulated durations of one return period log-log linear (depth as a power of duration between the two,
    /// the form of the Sherman-type IDF relation, Chow, Maidment & Mays 1988, sect. 14.2); between return
    /// periods linear in the Gumbel reduced variate y = -ln(-ln(1 - 1/T)) (the EV1 quantile is linear in y,
    /// Chow et al. 1988, sect. 12.2), using the nearest return periods on either side whose durations cover
    /// d. Never extrapolated. @throws core::Error(Validation) when (T, d) lies outside what the table covers,
    /// saying what it covers.
    double depthMm(double returnPeriodYears, double durationMin) const;
};

/// Reads a probability-rainfall table (see RainfallTable). Checks: the header keys source, method, date; the
/// three columns; every value a number > 0 (return periods > 1 year); no (T, d) pair twice; at each return
/// period the depth does not fall as the duration grows, and at each duration the depth does not fall as
/// the return period grows (both are properties of annual maxima). @throws core::Error(FileNotFound) /
/// (FileFormat) naming file, line and column.
RainfallTable readRainfallTable(const std::string& path);
/// As readRainfallTable, from text; `name` stands for the file in messages.
RainfallTable parseRainfallTable(const std::string& text, const std::string& name);

/// A dimensionless cumulative mass curve of a storm: the fraction of the storm's depth fallen by each
/// fraction of its duration, from (0, 0) to (1, 1), non-decreasing; linear between the points.
struct MassCurve {
    std::string name;
    std::vector<double> timeFraction;   ///< [0, 1], strictly increasing, first 0, last 1
    std::vector<double> depthFraction;  ///< [0, 1], non-decreasing, first 0, last 1

    /// Depth fraction at time fraction t in [0, 1] (linear between points).
    double at(double t) const;
};

/// Checks a mass curve; "" when valid, else what is wrong (the point's index and values).
std::string checkMassCurve(const MassCurve& curve);

/// Huff's four quartile curves (first- to fourth-quartile storms: the quarter of the duration in which most
/// of the rain falls) at one probability level.
struct HuffCurves {
    std::array<MassCurve, 4> quartile;  ///< [0] = first quartile ... [3] = fourth
    std::string source;                 ///< `# source:` of the file
};

/// Reads Huff curves: columns `time_fraction`, `q1`, `q2`, `q3`, `q4` (cumulative depth fractions), header
/// keys source, method, date. @throws core::Error(FileNotFound) / (FileFormat) naming file, line and column
/// (also for a curve that does not start at 0, end at 1 or falls).
HuffCurves readHuffCurves(const std::string& path);
HuffCurves parseHuffCurves(const std::string& text, const std::string& name);

/// Reads a user's mass curve: columns `time_fraction`, `depth_fraction` (a station's own Huff curve, a
/// published design profile). @throws as readHuffCurves.
MassCurve readMassCurve(const std::string& path);
MassCurve parseMassCurve(const std::string& text, const std::string& name);

/// A design hyetograph: consecutive blocks of equal length, each with a constant intensity.
struct Hyetograph {
    double stepS = 0.0;                   ///< block length [s]
    std::vector<double> intensityMmPerH;  ///< one per block [mm/h]

    double durationS() const { return stepS * static_cast<double>(intensityMmPerH.size()); }
    /// Total depth [mm] (sum of block depths).
    double totalDepthMm() const;
    /// Largest block intensity [mm/h].
    double peakMmPerH() const;
    /// Index of the block with the largest intensity (the first when tied).
    std::size_t peakBlock() const;
    /// Multiplies every intensity by `factor` (an areal reduction factor).
    void scale(double factor);
    /// The engine's form: a step series starting at `startS` [s], ending with a 0 at the end of the last
    /// block (Interpolation::Step, Extrapolation::Zero), so that its integral is exactly totalDepthMm() /
    /// 3600 per hour.
    TimeSeries toSeries(double startS) const;
};

/// Distributes `depthMm` over `durationS` in blocks of `stepS` following a mass curve: block k (from t_k to
/// t_k+1) receives depth × (F(t_k+1 / D) − F(t_k / D)) (Huff 1967; Huff 1990, "Use of the curves"). The
/// depths telescope, so the total is `depthMm` to round-off. @throws core::Error(Validation) when the
/// duration is not a whole number of steps (to 1e-6) or a value is not positive.
Hyetograph massCurveHyetograph(const MassCurve& curve, double depthMm, double durationS, double stepS);

/// The alternating block method (Chow, Maidment & Mays 1988, sect. 14.4): with P(d) the design depth for
/// duration d, block increments ΔP_j = P(jΔt) − P((j−1)Δt), j = 1..n; the largest is placed in the block
/// containing `peakPosition` × duration (0.5 = the middle; the block index is floor(r n), the last block for
/// r = 1), and the others in descending order alternately after and before it (after first; when one side is
/// full the rest go to the other). The total is P(nΔt) (telescoping) and the peak block's depth is P(Δt).
/// `depthOfDuration` maps a duration [min] to a depth [mm] (a station's table at one return period); it may
/// throw (durations it does not cover). @throws core::Error(Validation) for a duration that is not a whole
/// number of steps, `peakPosition` outside [0, 1], or depths that fall with duration.
Hyetograph alternatingBlockHyetograph(const std::function<double(double durationMin)>& depthOfDuration,
                                      double durationS, double stepS, double peakPosition);

/// One area band of the areal reduction factor ARF = 1 − b·D^(−a) (D in hours), with a = a0 − a1·g(x) and
/// b = bCoef·A^bExp (A in km²). `aForm` names g and x: "ln_pivot_minus_lnA" (g = ln(pivot − ln A)),
/// "sq_pivot_minus_lnA" (g = (pivot − ln A)²), "ln_lnA_minus_pivot" (g = ln(ln A − pivot)).
struct ArfBand {
    double areaFromKm2 = 0.0;  ///< band applies for areaFrom <= A < areaTo
    double areaToKm2 = 0.0;
    std::string aForm;
    double a0 = 0.0, a1 = 0.0, pivot = 0.0;
    double bCoef = 0.0, bExp = 0.0;
    int line = 0;
};

/// An areal reduction formula read from data (data/flood/rainfall/arf_feh.csv: the Flood Studies Report /
/// Flood Estimation Handbook form of Keers & Wescott 1977), with the range of areas and durations outside
/// which it only warns (`# warn_area_km2: from to`, `# warn_duration_h: from to`).
struct ArealReduction {
    std::vector<ArfBand> bands;  ///< ascending, contiguous
    std::string source;
    double warnAreaFromKm2 = 0.0, warnAreaToKm2 = 0.0;
    double warnDurationFromH = 0.0, warnDurationToH = 0.0;

    /// ARF for a catchment of `areaKm2` [km²] and a storm of `durationH` [h], in (0, 1].
    /// @throws core::Error(Validation) when the area is not > 0, no band covers it, or the formula leaves
    /// (0, 1] there. `warning` (when given) receives a sentence when outside the warn ranges, else "".
    double factor(double areaKm2, double durationH, std::string* warning = nullptr) const;
};

/// Reads an areal reduction formula: columns `area_from_km2`, `area_to_km2` ("inf" allowed), `a_form`, `a0`,
/// `a1`, `pivot`, `b_coef`, `b_exp`. @throws core::Error(FileNotFound) / (FileFormat) naming line and column.
ArealReduction readArealReduction(const std::string& path);
ArealReduction parseArealReduction(const std::string& text, const std::string& name);

/// A rain series read from a CSV with named columns: a time column (`time_s`, `time_min`, `time_h`, or
/// `time` as an ISO date-time "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS]", counted from the first row)
/// and one value column:
/// - `intensity_mm_per_h`: holds from its row's time to the next row's; the last row ends the series and must
///   be 0;
/// - `depth_mm`: the rain of the interval ending at its row's time (gauge and radar accumulations); the first
///   row starts the series and must be 0;
/// - `cumulative_mm`: the depth fallen by its row's time, non-decreasing.
/// Times strictly increasing. The result is an engine step series (Extrapolation::Zero) in mm/h, shifted by
/// `startS` [s]. @throws core::Error(FileNotFound) / (FileFormat) naming file, line and column.
TimeSeries readRainSeries(const std::string& path, double startS = 0.0);
TimeSeries parseRainSeries(const std::string& text, const std::string& name, double startS = 0.0);

/// One class of a sewer network's design standard.
struct SewerClass {
    std::string name;                  ///< e.g. "branch", "trunk"
    int code = 0;                      ///< code in a land-use / class raster
    double returnPeriodYears = 0.0;    ///< design frequency [years]
    double durationMin = 0.0;          ///< design duration [min]; 0 = the run's default
    double inletCapacityMmPerH = 0.0;  ///< inlet capacity [mm/h]; 0 = not limited
    int line = 0;
};

/// Design frequencies by sewer class (data/flood/drainage/sewer_design_frequency.csv: KDS 61 10 00:2022).
struct SewerClassTable {
    std::vector<SewerClass> classes;
    std::string source;
    /// The class of a name (case-insensitive) or code; nullptr when absent.
    const SewerClass* find(const std::string& name) const;
    const SewerClass* find(int code) const;
};

/// Reads a sewer class table: columns `class`, `code`, `design_return_period_years`, optional
/// `design_duration_min` and `inlet_capacity_mm_per_h`; header keys source, method, date.
/// @throws core::Error(FileNotFound) / (FileFormat) naming file, line and column (also for a name or code
/// given twice).
SewerClassTable readSewerClasses(const std::string& path);
SewerClassTable parseSewerClasses(const std::string& text, const std::string& name);

/// The capacity a sewer designed for return period T [years] and design duration d [min] can take from the
/// surface [mm/h]: the design storm's mean intensity P(T, d) / d, as the rational method sizes a sewer for
/// the mean intensity over the time of concentration (Chow, Maidment & Mays 1988, ch. 15), capped by the
/// inlet capacity when `inletCapacityMmPerH` > 0. @throws as RainfallTable::depthMm.
double designDrainageRateMmPerH(const RainfallTable& table, double returnPeriodYears, double durationMin,
                                double inletCapacityMmPerH = 0.0);

}  // namespace citytwin::flood
