#include "citytwin/uam/acoustics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "csv.h"

namespace citytwin::uam {

namespace {

constexpr double kLn10 = 2.302585092994046;

// 4-point Gauss-Legendre nodes and weights on [-1, 1].
constexpr double kGlX[4] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526};
constexpr double kGlW[4] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538};

/// ∫_{φ0}^{φ1} exp(-c / cos φ) dφ for |φ| < π/2, c >= 0, on panels of at most 0.05 rad. The integrand is
/// smooth and bounded by exp(-c); panels where it stays below exp(-c - 50) relative to its peak are skipped.
double angleIntegral(double phi0, double phi1, double c) {
    if (c == 0.0) return phi1 - phi0;
    const double span = phi1 - phi0;
    if (span <= 0.0) return 0.0;
    const int panels = std::max(1, static_cast<int>(std::ceil(span / 0.05)));
    const double h = span / panels;
    // The integrand peaks where |φ| is smallest over the segment.
    const double phiPeak = (phi0 <= 0.0 && phi1 >= 0.0) ? 0.0 : std::min(std::fabs(phi0), std::fabs(phi1));
    const double ePeak = c / std::cos(phiPeak);
    double sum = 0.0;
    for (int p = 0; p < panels; ++p) {
        const double a = phi0 + p * h;
        const double b = a + h;
        // Skip panels whose nearest point to φ = 0 is already negligible.
        const double near = (a <= 0.0 && b >= 0.0) ? 0.0 : std::min(std::fabs(a), std::fabs(b));
        if (c / std::cos(near) - ePeak > 50.0) continue;
        const double mid = 0.5 * (a + b);
        double s = 0.0;
        for (int q = 0; q < 4; ++q)
            s += kGlW[q] * std::exp(-c / std::cos(mid + 0.5 * h * kGlX[q]));
        sum += 0.5 * h * s;
    }
    return sum;
}

}  // namespace

double isoAbsorptionDbPerKm(double f, const Atmosphere& air) {
    // ISO 9613-1:1993. Reference values: T0 = 293.15 K, T01 = 273.16 K (triple point of water),
    // p_r = 101.325 kPa.
    const double T = air.temperatureC + 273.15;
    const double T0 = 293.15;
    const double T01 = 273.16;
    const double pa = air.pressureKPa / 101.325;  // p_a / p_r
    // Saturation vapour pressure, Annex B eq. (B.1)-(B.2): p_sat/p_r = 10^C, C = -6.8346 (T01/T)^1.261
    // + 4.6151.
    const double C = -6.8346 * std::pow(T01 / T, 1.261) + 4.6151;
    const double psat = std::pow(10.0, C);
    // Molar concentration of water vapour [%], eq. (B.3).
    const double h = air.relativeHumidityPct * psat / pa;
    // Relaxation frequencies of oxygen and nitrogen [Hz], eqs. (3) and (4).
    const double frO = pa * (24.0 + 4.04e4 * h * (0.02 + h) / (0.391 + h));
    const double tr = T / T0;
    const double frN =
        pa * std::pow(tr, -0.5) * (9.0 + 280.0 * h * std::exp(-4.170 * (std::pow(tr, -1.0 / 3.0) - 1.0)));
    // Attenuation coefficient [dB/m], eq. (5).
    const double f2 = f * f;
    const double alpha = 8.686 * f2 *
                         (1.84e-11 / pa * std::sqrt(tr) +
                          std::pow(tr, -2.5) * (0.01275 * std::exp(-2239.1 / T) / (frO + f2 / frO) +
                                                0.1068 * std::exp(-3352.0 / T) / (frN + f2 / frN)));
    return alpha * 1000.0;
}

double octaveMidbandHz(int n) {
    return 1000.0 * std::pow(10.0, 3.0 * n / 10.0);
}

NoiseSource noiseSourceFor(const Atmosphere& air, double referenceLevelDbA, double referenceDistanceM,
                           double frequencyHz) {
    NoiseSource s;
    s.referenceLevelDbA = referenceLevelDbA;
    s.referenceDistanceM = referenceDistanceM;
    s.absorptionDbPerKm = isoAbsorptionDbPerKm(frequencyHz, air);
    return s;
}

double levelAtDistance(const NoiseSource& s, double r) {
    r = std::max(r, s.minDistanceM);
    return s.referenceLevelDbA - 20.0 * std::log10(r / s.referenceDistanceM) -
           s.absorptionDbPerKm * (r - s.referenceDistanceM) / 1000.0;
}

double segmentExposure(const NoiseSource& s, const Point3& a, const Point3& b, double speedMps,
                       const Point3& rcv) {
    const double dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
    const double len = std::sqrt(dx * dx + dy * dy + dz * dz);
    if (len <= 0.0 || speedMps <= 0.0) return 0.0;
    const double ux = dx / len, uy = dy / len, uz = dz / len;
    const double ax = a.x - rcv.x, ay = a.y - rcv.y, az = a.z - rcv.z;
    const double s0 =
        ax * ux + ay * uy + az * uz;  // along-track position of a, from the foot of the perpendicular
    const double s1 = s0 + len;
    const double d2 = ax * ax + ay * ay + az * az - s0 * s0;
    const double d = std::max(std::sqrt(std::max(d2, 0.0)), s.minDistanceM);
    // β [1/m]: α [dB/km] as a natural-log decay of the mean-square pressure.
    const double beta = s.absorptionDbPerKm * kLn10 / 10.0 / 1000.0;
    const double phi0 = std::atan2(s0, d);
    const double phi1 = std::atan2(s1, d);
    // p²/p0² at distance r: 10^(L_ref/10) (r_ref/r)² e^(-β (r - r_ref)); dt = ds / V.
    const double pref = std::pow(10.0, s.referenceLevelDbA / 10.0) * s.referenceDistanceM *
                        s.referenceDistanceM * std::exp(beta * s.referenceDistanceM);
    return pref / speedMps * angleIntegral(phi0, phi1, beta * d) / d;
}

FlightNoise flightNoise(const NoiseSource& s, const FlightPath& path, const Point3& rcv) {
    FlightNoise out;
    double e = 0.0;
    double rmin = std::numeric_limits<double>::infinity();
    for (std::size_t n = 1; n < path.points.size(); ++n) {
        const Point3& a = path.points[n - 1];
        const Point3& b = path.points[n];
        e += segmentExposure(s, a, b, path.speedsMps[n - 1], rcv);
        // Closest distance from the receiver to the segment.
        const double dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
        const double l2 = dx * dx + dy * dy + dz * dz;
        double t = l2 > 0 ? ((rcv.x - a.x) * dx + (rcv.y - a.y) * dy + (rcv.z - a.z) * dz) / l2 : 0.0;
        t = std::clamp(t, 0.0, 1.0);
        const double px = a.x + t * dx - rcv.x, py = a.y + t * dy - rcv.y, pz = a.z + t * dz - rcv.z;
        rmin = std::min(rmin, std::sqrt(px * px + py * py + pz * pz));
    }
    if (std::isfinite(rmin)) out.lamaxDbA = levelAtDistance(s, rmin);
    if (e > 0.0) out.selDbA = 10.0 * std::log10(e);
    return out;
}

double leqFromSel(double sel, double count, double hours) {
    if (count <= 0.0 || hours <= 0.0) return -std::numeric_limits<double>::infinity();
    return sel + 10.0 * std::log10(count) - 10.0 * std::log10(3600.0 * hours);
}

double ldenFromSel(const std::vector<double>& sel, const std::vector<FlightsPerDay>& flights,
                   const LdenDefinition& def) {
    double e = 0.0;
    for (std::size_t r = 0; r < sel.size() && r < flights.size(); ++r) {
        const double n[3] = {flights[r].day, flights[r].evening, flights[r].night};
        for (std::size_t p = 0; p < 3 && p < def.periods.size(); ++p)
            e += n[p] * std::pow(10.0, (sel[r] + def.periods[p].penaltyDb) / 10.0);
    }
    if (e <= 0.0) return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(e / 86400.0);
}

double ldenFromPeriodLevels(double ld, double le, double ln, const LdenDefinition& def) {
    const double l[3] = {ld, le, ln};
    double sum = 0.0;
    for (std::size_t p = 0; p < 3 && p < def.periods.size(); ++p)
        if (std::isfinite(l[p]))
            sum += def.periods[p].hours * std::pow(10.0, (l[p] + def.periods[p].penaltyDb) / 10.0);
    if (sum <= 0.0) return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(sum / 24.0);
}

LdenDefinition readLdenDefinition(const std::string& path) {
    const detail::CsvTable t = detail::readCsv(path);
    const std::size_t cPeriod = t.column("period"), cStart = t.column("start"), cEnd = t.column("end"),
                      cHours = t.column("hours"), cPenalty = t.column("penalty_db");
    static const char* kNames[3] = {"day", "evening", "night"};
    LdenDefinition def;
    def.source = path;
    if (t.rows.size() != 3)
        throw core::Error(core::ErrorCode::FileFormat,
                          "expected 3 periods (day, evening, night), got " + std::to_string(t.rows.size()),
                          {path, {}, {}});
    double total = 0.0;
    for (std::size_t r = 0; r < 3; ++r) {
        const auto& row = t.rows[r];
        DayPeriod p;
        p.name = t.text(row, cPeriod);
        if (p.name != kNames[r])
            throw detail::formatError(
                path, row.line, cPeriod, "period",
                "expected '" + std::string(kNames[r]) + "', got " + detail::quote(p.name));
        p.span = t.text(row, cStart) + "-" + t.text(row, cEnd);
        p.hours = t.number(row, cHours);
        if (p.hours <= 0.0 || p.hours > 24.0)
            throw detail::formatError(path, row.line, cHours, "hours",
                                      "must lie in (0, 24], got " + t.text(row, cHours));
        p.penaltyDb = t.number(row, cPenalty);
        if (p.penaltyDb < 0.0 || p.penaltyDb > 20.0)
            throw detail::formatError(path, row.line, cPenalty, "penalty_db",
                                      "must lie in [0, 20] dB, got " + t.text(row, cPenalty));
        total += p.hours;
        def.periods.push_back(p);
    }
    if (std::fabs(total - 24.0) > 1e-9)
        throw core::Error(core::ErrorCode::FileFormat,
                          "the period hours add up to " + std::to_string(total) + ", not 24", {path, {}, {}});
    return def;
}

std::vector<NoiseClass> readNoiseClasses(const std::string& path) {
    const detail::CsvTable t = detail::readCsv(path);
    const std::size_t cName = t.column("class"), cLo = t.column("lower_db"), cHi = t.column("upper_db"),
                      cDesc = t.column("description");
    std::vector<NoiseClass> out;
    for (const auto& row : t.rows) {
        NoiseClass c;
        c.name = t.text(row, cName);
        if (c.name.empty())
            throw detail::formatError(path, row.line, cName, "class", "the class name is empty");
        c.lowerDb = t.number(row, cLo);
        const std::string hi = t.text(row, cHi);
        c.upperDb = (hi == "inf") ? std::numeric_limits<double>::infinity() : t.number(row, cHi);
        if (!(c.upperDb > c.lowerDb))
            throw detail::formatError(
                path, row.line, cHi, "upper_db",
                "must be above lower_db " + t.text(row, cLo) + ", got " + detail::quote(hi));
        c.description = t.text(row, cDesc);
        for (const NoiseClass& o : out)
            if (c.lowerDb < o.upperDb && o.lowerDb < c.upperDb)
                throw detail::formatError(path, row.line, cLo, "lower_db",
                                          "class '" + c.name + "' overlaps class '" + o.name + "'");
        out.push_back(c);
    }
    return out;
}

int noiseClassOf(const std::vector<NoiseClass>& classes, double lden) {
    for (std::size_t c = 0; c < classes.size(); ++c)
        if (lden >= classes[c].lowerDb && lden < classes[c].upperDb) return static_cast<int>(c);
    return -1;
}

}  // namespace citytwin::uam
