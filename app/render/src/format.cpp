// Numbers, quantities, durations and legend ticks for the map.

#include "citytwin/render/format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <locale>
#include <mutex>

namespace citytwin::render {

namespace {

std::mutex& localeMutex() {
    static std::mutex m;
    return m;
}

NumberLocale& currentLocale() {
    static NumberLocale l;
    return l;
}

std::string lowerAscii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// The UTF-8 bytes of a code point (the separators of a C++ locale come as single chars of its encoding;
/// only the common non-ASCII ones are mapped).
std::string separatorFromChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0xA0) return "\u00A0";
    if (u < 0x80 && u >= 0x20) return std::string(1, c);
    return {};
}

std::string noData(const NumberLocale& loc) {
    return loc.language == "ko" ? "자료 없음" : "no data";
}

std::string infinity(bool negative, const NumberLocale& loc) {
    return negative ? loc.minusSign + "∞" : "∞";
}

/// Inserts the group separator every three digits of an unsigned integer text.
std::string group(const std::string& digits, const std::string& sep) {
    if (sep.empty() || digits.size() <= 3) return digits;
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[i];
        const std::size_t left = n - 1 - i;
        if (left > 0 && left % 3 == 0) out += sep;
    }
    return out;
}

/// "%.*f" of |value| split into its integer digits and fraction digits.
void fixedParts(double magnitude, int decimals, std::string& intPart, std::string& fracPart) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, magnitude);
    const std::string s = buf;
    const auto dot = s.find('.');
    intPart = dot == std::string::npos ? s : s.substr(0, dot);
    fracPart = dot == std::string::npos ? std::string() : s.substr(dot + 1);
}

bool allZero(const std::string& a, const std::string& b) {
    return std::all_of(a.begin(), a.end(), [](char c) { return c == '0'; }) &&
           std::all_of(b.begin(), b.end(), [](char c) { return c == '0'; });
}

std::string assemble(bool negative, const std::string& intPart, const std::string& fracPart,
                     const NumberLocale& loc) {
    std::string out;
    if (negative && !allZero(intPart, fracPart)) out += loc.minusSign;
    out += group(intPart, loc.groupSeparator);
    if (!fracPart.empty()) out += loc.decimalPoint + fracPart;
    return out;
}

std::string scientific(double value, int significant, const NumberLocale& loc) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", std::clamp(significant - 1, 0, 15), std::fabs(value));
    std::string s = buf;
    const auto e = s.find('e');
    std::string mant = s.substr(0, e);
    const int exponent = std::atoi(s.c_str() + e + 1);
    if (mant.find('.') != std::string::npos) {
        while (!mant.empty() && mant.back() == '0')
            mant.pop_back();
        if (!mant.empty() && mant.back() == '.') mant.pop_back();
    }
    const auto dot = mant.find('.');
    if (dot != std::string::npos) mant.replace(dot, 1, loc.decimalPoint);
    return (value < 0 ? loc.minusSign : std::string()) + mant + "e" + std::to_string(exponent);
}

// Nice steps of durations [s]: seconds, minutes, hours, days.
const double kDurationSteps[] = {1,     2,     5,      10,     15,     30,      60,     120,
                                 300,   600,   900,    1800,   3600,   7200,    10800,  21600,
                                 43200, 86400, 172800, 432000, 604800, 1209600, 2592000};

}  // namespace

// ---- locale -----------------------------------------------------------------------------------------------

NumberLocale NumberLocale::fromName(const std::string& name) {
    NumberLocale l;
    std::string n = lowerAscii(name);
    if (n.empty() || n == "c" || n == "posix" || n.rfind("c.", 0) == 0) return l;
    std::replace(n.begin(), n.end(), '-', '_');
    const std::string lang = n.substr(0, n.find_first_of("_.@"));
    l.language = lang;
    static const char* dotComma[] = {"en", "ko", "ja", "zh", "th", "he", "hi", "ms", "fil", "ga"};
    static const char* commaDot[] = {"de", "nl", "it", "es", "pt", "id", "tr",
                                     "da", "el", "ro", "hr", "sl", "sr", "vi"};
    static const char* commaSpace[] = {"fr", "ru", "pl", "cs", "sk", "sv", "fi", "nb", "nn",
                                       "no", "uk", "bg", "hu", "et", "lv", "lt", "kk", "be"};
    for (const char* c : dotComma)
        if (lang == c) return l;
    for (const char* c : commaDot)
        if (lang == c) {
            l.decimalPoint = ",";
            l.groupSeparator = ".";
            if (n.rfind("de_ch", 0) == 0 || n.rfind("it_ch", 0) == 0) {
                l.decimalPoint = ".";
                l.groupSeparator = "\u2019";
            }
            return l;
        }
    for (const char* c : commaSpace)
        if (lang == c) {
            l.decimalPoint = ",";
            // French typography uses a narrow no-break space; the others a no-break space.
            l.groupSeparator = lang == "fr" ? "\u202F" : "\u00A0";
            return l;
        }
    // Another language: ask the C++ library when that locale is installed.
    try {
        const std::locale cxx(name);
        const auto& np = std::use_facet<std::numpunct<char>>(cxx);
        const std::string dp = separatorFromChar(np.decimal_point());
        if (!dp.empty()) l.decimalPoint = dp;
        l.groupSeparator = np.grouping().empty() ? std::string() : separatorFromChar(np.thousands_sep());
    } catch (const std::exception&) {
        // Not installed: English separators.
    }
    return l;
}

NumberLocale NumberLocale::fromEnvironment() {
    for (const char* var : {"LC_ALL", "LC_NUMERIC", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return fromName(v);
    }
    return NumberLocale{};
}

void setNumberLocale(const NumberLocale& locale) {
    std::lock_guard<std::mutex> lock(localeMutex());
    currentLocale() = locale;
}

NumberLocale numberLocale() {
    std::lock_guard<std::mutex> lock(localeMutex());
    return currentLocale();
}

// ---- numbers ----------------------------------------------------------------------------------------------

std::string formatFixed(double value, int decimals) {
    return formatFixed(value, decimals, numberLocale());
}

std::string formatFixed(double value, int decimals, const NumberLocale& loc) {
    if (std::isnan(value)) return noData(loc);
    if (std::isinf(value)) return infinity(value < 0, loc);
    decimals = std::clamp(decimals, 0, 9);
    if (std::fabs(value) >= 1e15) return scientific(value, 3, loc);
    std::string i, f;
    fixedParts(std::fabs(value), decimals, i, f);
    return assemble(value < 0, i, f, loc);
}

std::string formatNumber(double value, int significant) {
    return formatNumber(value, significant, numberLocale());
}

std::string formatNumber(double value, int significant, const NumberLocale& loc) {
    if (std::isnan(value)) return noData(loc);
    if (std::isinf(value)) return infinity(value < 0, loc);
    significant = std::clamp(significant, 1, 15);
    const double a = std::fabs(value);
    if (a == 0.0) return "0";
    if (a >= 1e15 || a < 1e-6) return scientific(value, significant, loc);
    const int magnitude = static_cast<int>(std::floor(std::log10(a)));
    const int decimals = std::clamp(significant - 1 - magnitude, 0, 9);
    std::string i, f;
    fixedParts(a, decimals, i, f);
    while (!f.empty() && f.back() == '0')
        f.pop_back();
    return assemble(value < 0, i, f, loc);
}

std::string formatPlain(double value, int significant) {
    if (std::isnan(value)) return "no data";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", std::clamp(significant, 1, 17), value);
    return buf;
}

// ---- durations --------------------------------------------------------------------------------------------

std::string formatDuration(double seconds, double span) {
    return formatDuration(seconds, span, numberLocale());
}

std::string formatDuration(double seconds, double span, const NumberLocale& loc) {
    if (std::isnan(seconds)) return noData(loc);
    if (std::isinf(seconds)) return infinity(seconds < 0, loc);
    const bool negative = seconds < 0;
    const double s = std::fabs(seconds);
    const double sp = span > 0 && std::isfinite(span) ? std::max(span, s) : s;
    char buf[96];
    std::string text;
    if (sp >= 2 * 86400.0) {
        if (s >= 1e15) return scientific(seconds / 86400.0, 3, loc) + (loc.language == "ko" ? "일" : " d");
        const long long minutes = std::llround(s / 60.0);
        const long long days = minutes / 1440;
        const long long hh = (minutes % 1440) / 60, mm = minutes % 60;
        text = group(std::to_string(days), loc.groupSeparator) + (loc.language == "ko" ? "일" : " d");
        if (hh != 0 || mm != 0) {
            std::snprintf(buf, sizeof buf, " %02lld:%02lld", hh, mm);
            text += buf;
        }
    } else if (sp < 600.0) {
        const long long total = std::llround(s);
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
        text = buf;
    } else {
        const long long minutes = std::llround(s / 60.0);
        std::snprintf(buf, sizeof buf, "%lld:%02lld", minutes / 60, minutes % 60);
        text = buf;
    }
    const bool zero = text.find_first_not_of("0:") == std::string::npos;
    return (negative && !zero ? loc.minusSign : std::string()) + text;
}

std::string unitForTitle(const std::string& unit, double span) {
    if (unit != "s") return unit;
    if (span >= 2 * 86400.0) return numberLocale().language == "ko" ? "일" : "days";
    return span < 600.0 ? "h:mm:ss" : "h:mm";
}

std::string formatQuantity(double value, const std::string& unit, int significant) {
    if (unit == "s") return formatDuration(value);
    const std::string n = formatNumber(value, significant);
    if (unit.empty() || !std::isfinite(value)) return n;
    return n + (unit == "%" || unit == "°" ? "" : " ") + unit;
}

// ---- ticks ------------------------------------------------------------------------------------------------

Ticks niceTicks(double lo, double hi, const std::string& unit, int maxCount) {
    Ticks t;
    const bool duration = unit == "s";
    auto label = [&](double v, int decimals) {
        return duration ? formatDuration(v, std::max(std::fabs(lo), std::fabs(hi)))
                        : formatFixed(v, decimals);
    };
    if (!std::isfinite(lo) && !std::isfinite(hi)) return t;
    if (!std::isfinite(lo)) lo = hi;
    if (!std::isfinite(hi)) hi = lo;
    if (hi < lo) std::swap(lo, hi);
    maxCount = std::max(maxCount, 2);
    const double range = hi - lo;
    if (!(range > 1e-12 * std::max(1.0, std::max(std::fabs(lo), std::fabs(hi))))) {
        t.values.push_back(lo);
        t.labels.push_back(duration ? formatDuration(lo) : formatNumber(lo, 4));
        return t;
    }
    auto countFor = [&](double step) {
        return std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1.0;
    };
    double step = 0.0;
    if (duration && range >= 2.0) {
        for (double s : kDurationSteps)
            if (countFor(s) <= maxCount) {
                step = s;
                break;
            }
        // Longer than the table: whole days in 1-2-5 steps.
        if (step == 0.0) {
            const double days = range / 86400.0 / maxCount;
            const double p = std::pow(10.0, std::floor(std::log10(days)));
            for (double m : {1.0, 2.0, 5.0, 10.0})
                if (countFor(m * p * 86400.0) <= maxCount) {
                    step = m * p * 86400.0;
                    break;
                }
        }
    }
    if (step == 0.0) {
        // The smallest round step (1, 2, 2.5 or 5 times a power of ten) that gives at most maxCount ticks.
        const double p = std::pow(10.0, std::floor(std::log10(range / maxCount)));
        for (double m : {1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0})
            if (countFor(m * p) <= maxCount) {
                step = m * p;
                break;
            }
    }
    if (!(step > 0.0) || !std::isfinite(step)) return t;
    // Decimals enough for the step (0.25 needs two, 0.5 one, 250 none).
    int decimals = 0;
    while (decimals < 9) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
        ++decimals;
    }
    const double first = std::ceil(lo / step - 1e-9);
    const double last = std::floor(hi / step + 1e-9);
    for (double k = first; k <= last && t.values.size() < static_cast<std::size_t>(maxCount) + 1; k += 1.0) {
        double v = k * step;
        if (std::fabs(v) < step * 1e-9) v = 0.0;
        t.values.push_back(v);
        t.labels.push_back(label(v, decimals));
    }
    return t;
}

}  // namespace citytwin::render
