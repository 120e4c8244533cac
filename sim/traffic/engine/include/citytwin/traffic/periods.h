#pragma once
/// @file periods.h
/// Time of day: the day split into periods (AM peak, inter-peak, PM peak, off-peak, or hours), each assigned
/// as a static equilibrium of its mean hourly demand, with results per period and a daily total
/// (flow x hours summed over the periods). Periods come from a table (data/traffic/time_of_day.csv): a daily
/// matrix is factored by each period's share of daily trips, or each period gets its own matrix. Every
/// period but the busiest starts from the solution of the period nearest it in demand (warm start), which is
/// where most of the saving of several periods over as many separate assignments comes from.

#include <string>
#include <vector>

#include "citytwin/traffic/assignment.h"

namespace citytwin::traffic {

struct Period {
    std::string id;           ///< e.g. "am"
    double hours = 1.0;       ///< length [h], > 0
    double dailyShare = 0.0;  ///< share of the daily trips made in the period, 0..1
    std::string direction =
        "daily";  ///< am | pm | daily: which way trips from homes go (city trip generation)
    /// Hourly demand of the period as a factor of the daily matrix: dailyShare / hours.
    double hourlyFactor() const { return dailyShare / hours; }
};

/// Reads periods: CSV columns period, hours, daily_share and optional direction (am | pm | daily). Checks:
/// distinct ids, hours > 0, shares within 0..1, hours adding up to at most 24 and shares to at most 1.
/// @throws core::Error(FileNotFound | FileFormat) naming the line and column.
std::vector<Period> readPeriods(const std::string& path);
/// The shipped table, <dataDirectory()>/traffic/time_of_day.csv.
std::vector<Period> defaultPeriods();
/// Every problem of a list of periods (never throws), with the parameter "periods".
std::vector<Problem> validate(const std::vector<Period>& periods);

struct PeriodResults {
    std::vector<Period> periods;
    std::vector<AssignmentResult> results;  ///< per period: hourly flows [veh/h]
    /// Daily totals: sum over periods of hours x the period's hourly value.
    std::vector<double> dailyFlow;  ///< per link [veh/day] (vehicles, all classes)
    double dailyTravelTime = 0.0;   ///< [time unit x veh]
    double dailyRoadTravelTime = 0.0, dailyAccessTravelTime = 0.0;
    double dailyDistance = 0.0;  ///< [length unit x veh]
    double dailyRoadDistance = 0.0, dailyAccessDistance = 0.0;
    double dailyDemand = 0.0, dailyAssigned = 0.0;  ///< [veh/day]
    bool cancelled = false;
};

/// Assigns every period: `hourlyDemand[p]` is period p's demand per hour (one entry per class). The periods
/// are solved from the busiest down, each starting from the solved period whose total demand is nearest its
/// own; results are in the order of `periods`.
/// @throws core::Error(Validation) as assign(), and for periods that do not match the demand list.
PeriodResults assignPeriods(const Network& network, const std::vector<std::vector<ClassDemand>>& hourlyDemand,
                            const std::vector<Period>& periods, const AssignmentOptions& options,
                            const ProgressFunction& progress = {}, const CancelFunction& cancel = {});

}  // namespace citytwin::traffic
