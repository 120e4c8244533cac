#include "citytwin/traffic/periods.h"

#include <cmath>
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
            out.push_back({"periods", name + ": daily share " + number(p.dailyShare) + " is not within 0..1"});
        if (p.direction != "am" && p.direction != "pm" && p.direction != "daily")
            out.push_back({"periods", name + ": direction '" + p.direction + "' is not am, pm or daily"});
        hours += p.hours;
        share += p.dailyShare;
    }
    if (hours > 24.0 + 1e-9) out.push_back({"periods", "the periods last " + number(hours) + " hours, more than a day"});
    if (share > 1.0 + 1e-9) out.push_back({"periods", "the daily shares add up to " + number(share) + ", more than 1"});
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
        throw core::Error(core::ErrorCode::Validation, problems.front().message, {{}, {}, problems.front().parameter});
    PeriodResults out;
    out.periods = periods;
    out.dailyFlow.assign(network.links.size(), 0.0);
    AssignmentOptions o = options;
    o.keepOriginFlows = true;
    const double n = static_cast<double>(periods.size());
    for (std::size_t p = 0; p < periods.size(); ++p) {
        const Period& per = periods[p];
        ProgressFunction stage;
        if (progress)
            stage = [&, p](double f, const std::string& s) {
                progress((static_cast<double>(p) + f) / n, "period " + per.id + ": " + s);
            };
        AssignmentResult r = assign(network, hourlyDemand[p], o, stage, cancel);
        if (r.status == AssignmentStatus::Cancelled) {
            out.cancelled = true;
            out.results.push_back(std::move(r));
            return out;
        }
        const double h = per.hours;
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
        o.warmStart = r.origins;  // the next period starts from this one
        out.results.push_back(std::move(r));
        // Kept only as long as the next period needs them, unless the caller asked for them.
        if (!options.keepOriginFlows && p > 0) out.results[p - 1].origins.reset();
    }
    if (!options.keepOriginFlows && !out.results.empty()) out.results.back().origins.reset();
    return out;
}

}  // namespace citytwin::traffic
