#pragma once
/// @file population.h
/// Households, population and jobs from floor area; trips, water and school-age children from them; densities
/// per block and in total, compared with reference towns. All rates come from the tables (land_use_rates.csv,
/// per_capita_rates.csv, reference_towns.csv). Pure functions.

#include <string>
#include <vector>

#include "citytwin/core/problem.h"
#include "citytwin/newtown/tables.h"

namespace citytwin::newtown {

/// Which way the peak-hour trips go.
enum class PeakPeriod { Morning, Evening, Daily };
const char* toString(PeakPeriod peak);

struct PopulationOptions {
    /// [persons_per_household] population = households x this. Default 2.5, the planning practice of Korean
    /// new-town plans (e.g. Changneung 86,000 people in ~37,000 homes is 2.3); the census mean is about 2.2.
    double personsPerHousehold = 2.5;
    double carShare = 0.3;        ///< [car_share] share of ITE trip ends made by car, 0..1 (as sim/traffic)
    double peakHourFactor = 0.1;  ///< [peak_hour_factor] share of daily trips in the peak hour, 0..1
    PeakPeriod peak = PeakPeriod::Morning;  ///< [peak_period]
    double peakDirectionShare = 0.7;  ///< [peak_direction_share] homes send this share in the morning peak
    double existingStoreyHeightM =
        3.0;  ///< [existing_storey_height_m] floors of existing buildings without a count
    double existingUnitGrossM2 = 100.0;  ///< [existing_unit_gfa_m2] gross floor area per existing home [m2]
    double planningAreaHa =
        0.0;  ///< [planning_area_ha] for the gross density; 0 = convex hull of the parcels
};

/// The load of one building's floor area.
struct Load {
    double gfaResidentialM2 = 0.0;
    double gfaNonResidentialM2 = 0.0;
    double households = 0.0;
    double population = 0.0;
    double jobs = 0.0;
    double dailyTripEnds = 0.0;    ///< vehicle trip ends per day (after the car share) [veh/day]
    double peakProductions = 0.0;  ///< peak-hour vehicle trips leaving [veh/h]
    double peakAttractions = 0.0;  ///< peak-hour vehicle trips arriving [veh/h]
    double waterM3PerDay = 0.0;
    double pupilsElementary = 0.0;
    double pupilsMiddle = 0.0;
    double pupilsHigh = 0.0;
    Load& operator+=(const Load& o);
};
Load operator-(Load a, const Load& b);

/// Households = residential GFA / mean unit gross area; population = households x persons per household;
/// jobs = non-residential GFA / GFA per job of its use; trip ends = GFA / 100 x daily rate x car share, the
/// peak hour = x peak-hour factor, split by the peak (morning: homes produce `peakDirectionShare`, other uses
/// attract it; evening the reverse; daily half each way); water and pupils = population x per-capita rates.
Load loadOf(double gfaResidentialM2, double gfaNonResidentialM2, LandUse nonResidentialUse,
            double unitGrossM2, const NewtownTables& tables, const PopulationOptions& options);

/// Every problem of the options at once (never throws).
std::vector<core::Problem> validate(const PopulationOptions& options);

struct ReferenceComparison {
    std::string name;
    double referenceDensityPerHa = 0.0;
    double referenceFarPct = 0.0;  ///< 0 = not given
    double densityRatio = 0.0;     ///< ours / reference (gross)
};

}  // namespace citytwin::newtown
