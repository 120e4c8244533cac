#pragma once
// Private text helpers shared by core's sources.

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace citytwin::core::detail {

/// Fixed-point text with `digits` decimals: fixed(12.345, 1) == "12.3".
inline std::string fixed(double v, int digits = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

/// Shortest readable text for a number, up to `significant` digits: 2.5 -> "2.5", 1e-5 -> "1e-05"; "" for
/// NaN.
inline std::string number(double v, int significant = 10) {
    if (std::isnan(v)) return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", significant, v);
    return buf;
}

inline std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

}  // namespace citytwin::core::detail
