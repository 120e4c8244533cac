#include "citytwin/newtown/population.h"

#include <cmath>
#include <cstdio>

#include "citytwin/newtown/limits.h"

namespace citytwin::newtown {

namespace {
std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}
}  // namespace

const char* toString(PeakPeriod peak) {
    switch (peak) {
        case PeakPeriod::Morning:
            return "am";
        case PeakPeriod::Evening:
            return "pm";
        case PeakPeriod::Daily:
            return "daily";
    }
    return "am";
}

Load& Load::operator+=(const Load& o) {
    gfaResidentialM2 += o.gfaResidentialM2;
    gfaNonResidentialM2 += o.gfaNonResidentialM2;
    households += o.households;
    population += o.population;
    jobs += o.jobs;
    dailyTripEnds += o.dailyTripEnds;
    peakProductions += o.peakProductions;
    peakAttractions += o.peakAttractions;
    waterM3PerDay += o.waterM3PerDay;
    pupilsElementary += o.pupilsElementary;
    pupilsMiddle += o.pupilsMiddle;
    pupilsHigh += o.pupilsHigh;
    return *this;
}

Load operator-(Load a, const Load& b) {
    Load n = b;
    n.gfaResidentialM2 = -n.gfaResidentialM2;
    n.gfaNonResidentialM2 = -n.gfaNonResidentialM2;
    n.households = -n.households;
    n.population = -n.population;
    n.jobs = -n.jobs;
    n.dailyTripEnds = -n.dailyTripEnds;
    n.peakProductions = -n.peakProductions;
    n.peakAttractions = -n.peakAttractions;
    n.waterM3PerDay = -n.waterM3PerDay;
    n.pupilsElementary = -n.pupilsElementary;
    n.pupilsMiddle = -n.pupilsMiddle;
    n.pupilsHigh = -n.pupilsHigh;
    a += n;
    return a;
}

Load loadOf(double gfaRes, double gfaNonRes, LandUse use, double unitGrossM2, const NewtownTables& tables,
            const PopulationOptions& o) {
    Load l;
    l.gfaResidentialM2 = gfaRes;
    l.gfaNonResidentialM2 = gfaNonRes;
    l.households = unitGrossM2 > 0.0 ? gfaRes / unitGrossM2 : 0.0;
    l.population = l.households * o.personsPerHousehold;
    const LandUseRate& r = tables.rate(use);
    l.jobs = r.gfaM2PerJob > 0.0 ? gfaNonRes / r.gfaM2PerJob : 0.0;
    const double homeEnds =
        gfaRes / 100.0 * tables.rate(LandUse::Residential).dailyTripEndsPer100M2 * o.carShare;
    const double otherEnds = gfaNonRes / 100.0 * r.dailyTripEndsPer100M2 * o.carShare;
    l.dailyTripEnds = homeEnds + otherEnds;
    const double homePeak = homeEnds * o.peakHourFactor, otherPeak = otherEnds * o.peakHourFactor;
    double homeOut = 0.5, otherIn = 0.5;
    if (o.peak == PeakPeriod::Morning) {
        homeOut = o.peakDirectionShare;
        otherIn = o.peakDirectionShare;
    } else if (o.peak == PeakPeriod::Evening) {
        homeOut = 1.0 - o.peakDirectionShare;
        otherIn = 1.0 - o.peakDirectionShare;
    }
    l.peakProductions = homePeak * homeOut + otherPeak * (1.0 - otherIn);
    l.peakAttractions = homePeak * (1.0 - homeOut) + otherPeak * otherIn;
    const PerCapitaRates& pc = tables.perCapita;
    l.waterM3PerDay = l.population * pc.waterLPerPersonDay / 1000.0;
    l.pupilsElementary = l.population * pc.shareElementary;
    l.pupilsMiddle = l.population * pc.shareMiddle;
    l.pupilsHigh = l.population * pc.shareHigh;
    return l;
}

std::vector<core::Problem> validate(const PopulationOptions& o) {
    std::vector<core::Problem> p;
    auto range = [&](double v, const core::Range& r, const std::string& id, const std::string& what) {
        if (!r.contains(v))
            p.push_back({"newtown", id, what + " " + num(v) + " is outside " + limits::text(r)});
    };
    range(o.personsPerHousehold, limits::personsPerHousehold, "persons_per_household",
          "persons per household");
    range(o.carShare, limits::share, "car_share", "car share");
    range(o.peakHourFactor, limits::share, "peak_hour_factor", "peak-hour factor");
    range(o.peakDirectionShare, limits::share, "peak_direction_share", "peak direction share");
    range(o.existingStoreyHeightM, limits::existingStoreyHeightM, "existing_storey_height_m",
          "storey height [m]");
    range(o.existingUnitGrossM2, limits::existingUnitGrossM2, "existing_unit_gfa_m2",
          "floor area per existing home [m2]");
    range(o.planningAreaHa, limits::planningAreaHa, "planning_area_ha", "planning area [ha]");
    return p;
}

}  // namespace citytwin::newtown
