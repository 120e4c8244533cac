#pragma once
/// @file text.h
/// Small text helpers that hosts and simulators share (one copy, here): number formatting, case, trimming,
/// list splitting. Header-only.

#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace citytwin::core {

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

/// ASCII lower case (bytes outside ASCII, such as UTF-8 Hangul, are kept as they are).
inline std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Without leading and trailing blanks (space, tab, CR, LF).
inline std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

/// The items of a separated list, trimmed, empty items dropped ("a, b,,c" -> a, b, c).
inline std::vector<std::string> splitList(const std::string& text, char separator = ',') {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, separator)) {
        item = trim(item);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

}  // namespace citytwin::core
