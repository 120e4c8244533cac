#include "citytwin/report/format.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace citytwin::report {

namespace {

std::string grouped(double rounded) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(rounded));
    std::string digits = buf, out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[static_cast<std::size_t>(i)];
    }
    return (rounded < 0 ? "-" : "") + out;
}

std::string superscript(int exponent) {
    static const char* const digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string s = exponent < 0 ? "⁻" : "";
    const std::string d = std::to_string(std::abs(exponent));
    for (char c : d)
        s += digits[c - '0'];
    return s;
}

}  // namespace

std::string formatNumber(double v) {
    if (std::isnan(v)) return "—";
    if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
    if (v == 0) return "0";
    const double a = std::fabs(v);
    if (a >= 1e12 || a < 1e-3) {
        const int e = static_cast<int>(std::floor(std::log10(a)));
        double m = v / std::pow(10.0, e);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2g", m);
        return std::string(buf) + " × 10" + superscript(e);
    }
    if (a >= 1000 || (std::fabs(v - std::round(v)) < 1e-9 * std::max(1.0, a))) return grouped(std::round(v));
    char buf[32];
    if (a >= 100)
        std::snprintf(buf, sizeof buf, "%.1f", v);
    else
        std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string displayUnit(const std::string& unit) {
    if (unit == "1" || unit == "-") return {};
    std::string out;
    for (std::size_t i = 0; i < unit.size(); ++i) {
        const char c = unit[i];
        const bool afterLetter = i > 0 && std::isalpha(static_cast<unsigned char>(unit[i - 1]));
        const bool endOfWord = i + 1 == unit.size() || !std::isalnum(static_cast<unsigned char>(unit[i + 1]));
        if ((c == '2' || c == '3') && afterLetter && endOfWord)
            out += c == '2' ? "²" : "³";
        else
            out += c;
    }
    return out;
}

std::string formatBytes(double bytes) {
    char buf[32];
    if (bytes >= 1e6)
        std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else if (bytes >= 1e3)
        std::snprintf(buf, sizeof buf, "%.0f kB", bytes / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    return buf;
}

}  // namespace citytwin::report
