#pragma once
/// @file format.h
/// Numbers, quantities and times as the map shows them: formatted by magnitude and unit ("3,303 m",
/// "1.4 m", "0.012 m", "1:30" for 5400 s, "365 d" for a year), with the decimal point and digit grouping of a
/// locale, and the tick values of a legend. Plain C++ (no Qt, no VTK): the viewer sets the locale from the
/// user's (QLocale) once, the CLI from --locale or the environment.
///
/// Thread safety: the formatting functions are safe from any thread; setNumberLocale() should be called
/// before rendering starts (it is guarded by a mutex, but a change half-way through a render shows both).

#include <string>
#include <vector>

namespace citytwin::render {

/// How numbers are written: decimal point, digit grouping, and the language of the few words used (days).
struct NumberLocale {
    std::string decimalPoint = ".";
    std::string groupSeparator = ",";  ///< "" = no grouping
    std::string minusSign = "\u2212";  ///< U+2212 MINUS SIGN: a hyphen looks short next to digits
    std::string language = "en";       ///< "en", "ko", ...: picks the day suffix ("d", "일")

    /// From a locale name as Qt, POSIX or BCP 47 write it ("ko_KR", "de_DE.UTF-8", "fr-FR", "C", "").
    /// Languages it knows (en, ko, ja, zh, de, fr, es, it, nl, pt, ru, pl, sv, ...) get their usual
    /// separators; others get those of the C++ locale of that name when it is installed, else English.
    static NumberLocale fromName(const std::string& name);
    /// From the environment (LC_ALL, LC_NUMERIC, LANG, in that order); English when none is set.
    static NumberLocale fromEnvironment();
};

/// The locale used by the map (legends, labels, time stamps, scale bar). Default: English.
void setNumberLocale(const NumberLocale& locale);
NumberLocale numberLocale();

/// A number with about `significant` significant digits but never fewer integer digits than it has
/// (3303.2 -> "3,303", 1.401 -> "1.4", 0.012345 -> "0.0123"), grouped by thousands, trailing zeros dropped.
/// NaN -> "no data"; infinities -> "∞" / "−∞"; magnitudes of 1e15 and more in scientific notation ("1.2e18").
std::string formatNumber(double value, int significant = 3);
std::string formatNumber(double value, int significant, const NumberLocale& locale);

/// A number with exactly `decimals` decimals (0..9), grouped ("1,250.50"). NaN and infinities as above.
std::string formatFixed(double value, int decimals);
std::string formatFixed(double value, int decimals, const NumberLocale& locale);

/// A number as plain digits with up to `significant` digits, no grouping, "." as decimal point (ids,
/// coordinates): 382300.5 -> "382300.5".
std::string formatPlain(double value, int significant = 10);

/// A duration [s] as a clock or in days. `span` [s] is the longest duration shown beside it (a series'
/// last frame, a legend's maximum) and picks the form so that labels of one legend or video agree:
/// span under ten minutes: "h:mm:ss"; under two days: "h:mm" (hours may pass 24);
/// otherwise days: "3 d" when whole, "3 d 06:00" when not ("3일 06:00" in Korean). `span` <= 0: from
/// `seconds` itself. NaN -> "no data".
std::string formatDuration(double seconds, double span = 0.0);
std::string formatDuration(double seconds, double span, const NumberLocale& locale);

/// A value with its unit, formatted for the unit: seconds ("s") as durations, others as formatNumber()
/// followed by the unit ("1.4 m", "3,303 veh/h", "35 %"); no unit -> the number alone.
std::string formatQuantity(double value, const std::string& unit, int significant = 3);

/// The text of a unit in a legend title: "s" becomes "h:mm" (or "days") to say how the labels read;
/// others unchanged.
std::string unitForTitle(const std::string& unit, double span);

/// Ticks of a legend or axis over [lo, hi]: round values (1, 2 or 5 times a power of ten; for durations
/// round minutes, hours or days), at most `maxCount` of them, all inside the range, labelled with one
/// consistent number of decimals. A degenerate or non-finite range gives its one finite end (or none).
struct Ticks {
    std::vector<double> values;
    std::vector<std::string> labels;
};
Ticks niceTicks(double lo, double hi, const std::string& unit, int maxCount = 6);

}  // namespace citytwin::render
