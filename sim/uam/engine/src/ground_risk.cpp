#include "citytwin/uam/ground_risk.h"

#include <cmath>
#include <limits>

#include "csv.h"

namespace citytwin::uam {

namespace {

/// Parses a header "igrc_<D>m_<V>mps".
bool parseColumn(const std::string& h, double& dim, double& speed) {
    if (h.rfind("igrc_", 0) != 0) return false;
    const std::size_t m = h.find("m_", 5);
    if (m == std::string::npos || h.size() < m + 5 || h.compare(h.size() - 3, 3, "mps") != 0) return false;
    return detail::parseDouble(h.substr(5, m - 5), dim) &&
           detail::parseDouble(h.substr(m + 2, h.size() - 3 - (m + 2)), speed) && dim > 0 && speed > 0;
}

}  // namespace

SoraTable readSoraTable(const std::string& path) {
    const detail::CsvTable t = detail::readCsv(path);
    const std::size_t cBand = t.column("band");
    const std::size_t cDensity = t.column("density_below_per_km2");
    SoraTable table;
    table.source = path;
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        if (c == cBand || c == cDensity) continue;
        SoraTable::Column col;
        col.header = t.header[c];
        if (!parseColumn(col.header, col.maxDimensionM, col.maxSpeedMps))
            throw core::Error(core::ErrorCode::FileFormat,
                              "column " + std::to_string(c + 1) + " '" + col.header +
                                  "' does not name an aircraft class as igrc_<dimension>m_<speed>mps",
                              {path, {}, {}});
        if (!table.columns.empty() && (col.maxDimensionM <= table.columns.back().maxDimensionM ||
                                       col.maxSpeedMps <= table.columns.back().maxSpeedMps))
            throw core::Error(core::ErrorCode::FileFormat,
                              "column '" + col.header + "' must have a larger dimension and speed than '" +
                                  table.columns.back().header + "'",
                              {path, {}, {}});
        table.columns.push_back(col);
    }
    if (table.columns.empty())
        throw core::Error(core::ErrorCode::FileFormat, "the table has no aircraft columns", {path, {}, {}});
    double previous = 0.0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        SoraTable::Band band;
        band.name = t.text(row, cBand);
        const std::string d = t.text(row, cDensity);
        if (d == "controlled") {
            if (r != 0)
                throw detail::formatError(path, row.line, cDensity, "density_below_per_km2",
                                          "only the first row may be the controlled ground area");
            band.controlled = true;
        } else {
            band.densityBelow =
                d == "inf" ? std::numeric_limits<double>::infinity() : t.number(row, cDensity);
            if (!(band.densityBelow > previous))
                throw detail::formatError(path, row.line, cDensity, "density_below_per_km2",
                                          "density bounds must increase, got " + detail::quote(d));
            previous = band.densityBelow;
        }
        for (std::size_t c = 0; c < t.header.size(); ++c) {
            if (c == cBand || c == cDensity) continue;
            const std::string v = t.text(row, c);
            if (v == "none") {
                band.igrc.push_back(-1);
                continue;
            }
            long long g = 0;
            if (!detail::parseInt(v, g) || g < 1 || g > 10)
                throw detail::formatError(path, row.line, c, t.header[c],
                                          "expected an iGRC 1..10 or 'none', got " + detail::quote(v));
            band.igrc.push_back(static_cast<int>(g));
        }
        table.bands.push_back(band);
    }
    if (!std::isinf(table.bands.back().densityBelow))
        throw core::Error(core::ErrorCode::FileFormat, "the last density band must end at 'inf'",
                          {path, {}, {}});
    return table;
}

int soraColumn(const SoraTable& table, double dimensionM, double maxSpeedMps) {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (dimensionM <= table.columns[c].maxDimensionM && maxSpeedMps <= table.columns[c].maxSpeedMps)
            return static_cast<int>(c);
    return -1;
}

int soraBand(const SoraTable& table, double density) {
    if (!(density >= 0.0) || !std::isfinite(density)) return -1;
    for (std::size_t b = 0; b < table.bands.size(); ++b)
        if (!table.bands[b].controlled && density < table.bands[b].densityBelow) return static_cast<int>(b);
    return -1;
}

int intrinsicGrc(const SoraTable& table, double density, int column) {
    const int b = soraBand(table, density);
    if (b < 0 || column < 0 || column >= static_cast<int>(table.columns.size())) return -1;
    return table.bands[b].igrc[column];
}

double verticalFallCriticalAreaM2(double dimensionM) {
    const double r = 0.5 * dimensionM + 0.3;
    return 3.14159265358979323846 * r * r;
}

double casualtiesPerFlightHour(double failureRatePerHour, double criticalAreaM2, double densityPerKm2) {
    return failureRatePerHour * criticalAreaM2 * densityPerKm2 * 1e-6;
}

}  // namespace citytwin::uam
