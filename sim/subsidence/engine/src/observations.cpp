#include "citytwin/subsidence/observations.h"

#include <cmath>
#include <cstdlib>

#include "citytwin/core/error.h"
#include "csv.h"

namespace citytwin::subsidence {

namespace {

bool isLeap(long y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Leap years in [1, y - 1].
long leapsBefore(long y) {
    const long p = y - 1;
    return p / 4 - p / 100 + p / 400;
}

}  // namespace

bool parseIsoDate(const std::string& text, long& daysSinceEpoch) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') return false;
    const long y = std::strtol(text.substr(0, 4).c_str(), nullptr, 10);
    const int m = static_cast<int>(std::strtol(text.substr(5, 2).c_str(), nullptr, 10));
    const int d = static_cast<int>(std::strtol(text.substr(8, 2).c_str(), nullptr, 10));
    static const int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    const int monthLength = kMonthDays[m - 1] + ((m == 2 && isLeap(y)) ? 1 : 0);
    if (d > monthLength) return false;
    long days = 365 * (y - 1970) + leapsBefore(y) - leapsBefore(1970);
    for (int k = 1; k < m; ++k)
        days += kMonthDays[k - 1] + ((k == 2 && isLeap(y)) ? 1 : 0);
    daysSinceEpoch = days + d - 1;
    return true;
}

std::vector<LevellingObservation> readLevellingCsv(const std::string& path, const std::string& originDate) {
    const detail::CsvTable t = detail::CsvTable::read(path);
    const int cId = t.require("id"), cX = t.require("x"), cY = t.require("y");
    const int cT = t.find("t_days"), cDate = t.find("date");
    const int cS = t.find("settlement_mm"), cD = t.find("displacement_mm");
    const int cRefT = t.find("reference_t_days"), cRefDate = t.find("reference_date");
    detail::CsvRow header;
    header.line = t.headerLine();
    if (cT < 0 && cDate < 0) t.failRow(header, "needs a column 't_days' or 'date'");
    if (cS < 0 && cD < 0) t.failRow(header, "needs a column 'settlement_mm' or 'displacement_mm'");
    long origin = 0;
    const bool needOrigin = (cT < 0 && cDate >= 0) || (cRefT < 0 && cRefDate >= 0);
    if (needOrigin && !parseIsoDate(originDate, origin))
        t.failRow(header, "dates need the scenario's origin date (YYYY-MM-DD), got '" + originDate + "'");

    auto dateColumn = [&](const detail::CsvRow& row, int column) {
        long days = 0;
        const std::string& s = t.text(row, column);
        if (!parseIsoDate(s, days)) t.fail(row, column, "'" + s + "' is not a date YYYY-MM-DD");
        return static_cast<double>(days - origin);
    };

    std::vector<LevellingObservation> out;
    for (const detail::CsvRow& row : t.rows()) {
        LevellingObservation o;
        o.id = t.nonEmpty(row, cId);
        o.position = {t.number(row, cX), t.number(row, cY)};
        o.timeDays = cT >= 0 ? t.number(row, cT) : dateColumn(row, cDate);
        if (cRefT >= 0 && !t.text(row, cRefT).empty())
            o.referenceDay = t.number(row, cRefT);
        else if (cRefDate >= 0 && !t.text(row, cRefDate).empty())
            o.referenceDay = dateColumn(row, cRefDate);
        o.settlementMm = cS >= 0 ? t.number(row, cS) : -t.number(row, cD);
        o.origin = path + ":" + std::to_string(row.line);
        out.push_back(o);
    }
    return out;
}

double losToSettlementM(double los, double incidenceDeg, const InsarBand& band) {
    constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
    const double vertical = los * band.unitToMetres / std::cos(incidenceDeg * kDegToRad);
    // Toward the satellite is up: settlement (positive down) is its negative.
    return band.sign == LosSign::PositiveTowardSatellite ? -vertical : vertical;
}

}  // namespace citytwin::subsidence
