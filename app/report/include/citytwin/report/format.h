#pragma once
/// @file format.h
/// Numbers and units as a briefing shows them. Plain C++; thread-safe.

#include <string>

namespace citytwin::report {

/// A number for people: integers and values of 1000 or more without decimals and with grouped thousands
/// ("12,675"); 100 to 1000 with one decimal ("391.7"); smaller values with three significant digits
/// ("0.669", "5.44"); very small or very large ones as "8.5 × 10⁻¹⁵"; "—" for NaN; "0" for zero.
std::string formatNumber(double value);

/// A unit for display: "m2" -> "m²", "m3" -> "m³" (also inside "m3/day"), "1" (dimensionless) -> "".
std::string displayUnit(const std::string& unit);

/// A byte count as "277 kB", "1.2 MB".
std::string formatBytes(double bytes);

}  // namespace citytwin::report
