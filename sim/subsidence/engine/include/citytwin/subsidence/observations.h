#pragma once
/// @file observations.h
/// Observed ground motion: reading levelling/extensometer points from CSV, calendar dates, and the conversion
/// of InSAR line-of-sight values to settlement.

#include <string>
#include <vector>

#include "citytwin/subsidence/scenario.h"

namespace citytwin::subsidence {

/// Days from 1970-01-01 of a proleptic Gregorian date "YYYY-MM-DD".
/// @return false when the text is not such a date (month 1-12, day valid in that month).
bool parseIsoDate(const std::string& text, long& daysSinceEpoch);

/// Reads levelling points from CSV. Columns (header names, any order, extra columns ignored):
///   id, x, y                  - point name and position [m, project CRS]
///   t_days | date             - observation time: days from the scenario origin, or an ISO date (needs
///                               `originDate`, the date of t = 0)
///   settlement_mm | displacement_mm - settlement positive down, or vertical displacement positive up [mm]
///   reference_t_days | reference_date (optional) - the zero reading; default t = 0
/// Lines starting with '#' and empty lines are skipped.
/// @throws core::Error(FileNotFound) when unreadable; core::Error(FileFormat) naming the file, line and
/// column of a missing column, a bad number or date, or a non-finite coordinate.
std::vector<LevellingObservation> readLevellingCsv(const std::string& path,
                                                   const std::string& originDate = "");

/// Settlement [m, positive down] from a line-of-sight value `los` (in the band's units) and an incidence
/// angle [deg], assuming purely vertical motion: vertical = LOS / cos θ.
double losToSettlementM(double los, double incidenceDeg, const InsarBand& band);

}  // namespace citytwin::subsidence
