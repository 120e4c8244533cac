#include "citytwin/traffic/periods.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"

namespace citytwin::traffic {

namespace {

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

}  // namespace

std::vector<Problem> validate(const std::vector<Period>& periods) {
    std::vector<Problem> out;
    if (periods.empty()) out.push_back({"periods", "no period"});
    std::set<std::string> ids;
    double hours = 0.0, share = 0.0;
    for (const Period& p : periods) {
        const std::string name = "period '" + p.id + "'";
        if (p.id.empty()) out.push_back({"periods", "a period has no id"});
        if (!ids.insert(p.id).second) out.push_back({"periods", name + " is given twice"});
        if (!(std::isfinite(p.hours) && p.hours > 0 && p.hours <= 24))
            out.push_back({"periods", name + ": " + number(p.hours) + " hours is not within (0, 24]"});
        if (!(std::isfinite(p.dailyShare) && p.dailyShare >= 0 && p.dailyShare <= 1))
            out.push_back(
                {"periods", name + ": daily share " + number(p.dailyShare) + " is not within 0..1"});
        if (p.direction != "am" && p.direction != "pm" && p.direction != "daily")
            out.push_back({"periods", name + ": direction '" + p.direction + "' is not am, pm or daily"});
        hours += p.hours;
        share += p.dailyShare;
    }
    if (hours > 24.0 + 1e-9)
        out.push_back({"periods", "the periods last " + number(hours) + " hours, more than a day"});
    if (share > 1.0 + 1e-9)
        out.push_back({"periods", "the daily shares add up to " + number(share) + ", more than 1"});
    return out;
}

std::vector<Period> readPeriods(const std::string& path) {
    const CsvTable t = readCsvTable(path);
    const int ic = t.require({"period"}), hc = t.require({"hours"}), sc = t.require({"daily_share"});
    const int dc = t.column({"direction"});
    std::vector<Period> out;
    for (const CsvRow& row : t.rows) {
        Period p;
        p.id = t.cell(row, ic);
        p.hours = t.number(row, hc);
        p.dailyShare = t.number(row, sc);
        if (dc >= 0 && !t.cell(row, dc).empty()) p.direction = t.cell(row, dc);
        std::vector<Problem> one = validate({p});
        if (!one.empty()) throw t.error(row, -1, one.front().message);
        out.push_back(p);
    }
    const std::vector<Problem> all = validate(out);
    if (!all.empty()) throw core::Error(core::ErrorCode::FileFormat, all.front().message, {path, {}, {}});
    return out;
}

std::vector<Period> defaultPeriods() {
    return readPeriods(core::dataDirectory() + "/traffic/time_of_day.csv");
}

PeriodResults assignPeriods(const Network& network, const std::vector<std::vector<ClassDemand>>& hourlyDemand,
                            const std::vector<Period>& periods, const AssignmentOptions& options,
                            const ProgressFunction& progress, const CancelFunction& cancel) {
    std::vector<Problem> problems = validate(periods);
    if (hourlyDemand.size() != periods.size())
        problems.push_back({"periods", std::to_string(periods.size()) + " periods, " +
                                           std::to_string(hourlyDemand.size()) + " demand sets"});
    if (!problems.empty())
        throw core::Error(core::ErrorCode::Validation, problems.front().message,
                          {{}, {}, problems.front().parameter});
    PeriodResults out;
    out.periods = periods;
    out.dailyFlow.assign(network.links.size(), 0.0);
    out.results.resize(periods.size());
    AssignmentOptions o = options;
    o.keepOriginFlows = true;
    // Solved from the busiest period down, each from the solved period whose demand is nearest its own (the
    // AM peak for the PM peak, the PM peak for the inter-peak, ...): the closer the demand, the fewer the
    // iterations a warm start needs.
    std::vector<double> total(periods.size(), 0.0);
    for (std::size_t p = 0; p < periods.size(); ++p)
        for (const ClassDemand& c : hourlyDemand[p])
            total[p] += c.demand.total() * c.vehicleClass.pce;
    std::vector<std::size_t> order(periods.size());
    for (std::size_t p = 0; p < order.size(); ++p)
        order[p] = p;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return total[a] > total[b]; });
    const double n = static_cast<double>(periods.size());
    std::vector<std::size_t> solved;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t p = order[k];
        const Period& per = periods[p];
        ProgressFunction stage;
        if (progress)
            stage = [&, k](double f, const std::string& s) {
                progress((static_cast<double>(k) + f) / n, "period " + per.id + ": " + s);
            };
        o.warmStart.reset();
        double nearest = std::numeric_limits<double>::infinity();
        for (std::size_t q : solved) {
            const double d = total[q] > 0 && total[p] > 0 ? std::abs(std::log(total[q] / total[p]))
                                                          : std::numeric_limits<double>::max();
            if (d < nearest) {
                nearest = d;
                o.warmStart = out.results[q].origins;
            }
        }
        out.results[p] = assign(network, hourlyDemand[p], o, stage, cancel);
        solved.push_back(p);
        if (out.results[p].status == AssignmentStatus::Cancelled) {
            out.cancelled = true;
            return out;
        }
    }
    for (std::size_t p = 0; p < periods.size(); ++p) {
        const AssignmentResult& r = out.results[p];
        const double h = periods[p].hours;
        for (std::size_t c = 0; c < r.classFlow.size(); ++c)
            for (std::size_t a = 0; a < out.dailyFlow.size(); ++a)
                out.dailyFlow[a] += h * r.classFlow[c][a];
        out.dailyTravelTime += h * r.totalTravelTime;
        out.dailyRoadTravelTime += h * r.roadTravelTime;
        out.dailyAccessTravelTime += h * r.accessTravelTime;
        out.dailyDistance += h * r.vehicleDistance;
        out.dailyRoadDistance += h * r.roadDistance;
        out.dailyAccessDistance += h * r.accessDistance;
        out.dailyDemand += h * r.demandTotal;
        out.dailyAssigned += h * r.demandAssigned;
        if (!options.keepOriginFlows) out.results[p].origins.reset();
    }
    return out;
}

}  // namespace citytwin::traffic
