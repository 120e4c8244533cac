#pragma once
/// @file ground_risk.h
/// Ground risk of an overflight by JARUS SORA 2.5 (Main Body, Table 3): the intrinsic ground risk class
/// (iGRC) from the population density band and the aircraft's size and speed column, the table read from data
/// (data/uam/sora_2_5_igrc.csv); and the expected ground casualties per flight hour from a failure rate.

#include <string>
#include <vector>

namespace citytwin::uam {

/// The iGRC table.
struct SoraTable {
    /// An aircraft column: UA with characteristic dimension <= maxDimensionM and maximum speed <=
    /// maxSpeedMps.
    struct Column {
        double maxDimensionM = 0.0;
        double maxSpeedMps = 0.0;
        std::string header;
    };
    /// A row. Density rows apply to densities in [previous bound, densityBelow); the first row may be the
    /// controlled ground area (chosen explicitly, not by density).
    struct Band {
        std::string name;
        bool controlled = false;
        double densityBelow = 0.0;  ///< people/km², exclusive upper bound; +inf for the last band
        std::vector<int> igrc;      ///< per column; -1: not part of SORA
    };
    std::vector<Column> columns;
    std::vector<Band> bands;
    std::string source;
};

/// Reads the table (header band,density_below_per_km2,igrc_<D>m_<V>mps...). Checks: columns ordered by
/// increasing dimension and speed, density bounds increasing with "inf" last, iGRC integers 1..10 or "none".
/// @throws core::Error(FileNotFound / FileFormat) naming the file, line and column.
SoraTable readSoraTable(const std::string& path);

/// Column of an aircraft: the first whose dimension AND speed limits both cover it (a limit is inclusive:
/// 3 m falls in the "3 m" column). -1 when the aircraft exceeds the last column.
int soraColumn(const SoraTable& table, double dimensionM, double maxSpeedMps);

/// Density band index (into table.bands) for a population density [people/km²]: the first density row whose
/// bound is above the density (bounds are exclusive: exactly 5 people/km² is in the "< 50" band). -1 for a
/// negative or non-finite density.
int soraBand(const SoraTable& table, double densityPerKm2);

/// iGRC for a density and an aircraft column; -1 when not part of SORA or out of the table.
int intrinsicGrc(const SoraTable& table, double densityPerKm2, int column);

/// A simple critical area [m²] for a rotorcraft falling vertically: a disc of the aircraft's half dimension
/// grown by a person's radius 0.3 m (the person size of JARUS SORA Annex F): π (D/2 + 0.3)². A lower bound
/// (no glide, slide or debris); give the manufacturer's value instead when known.
double verticalFallCriticalAreaM2(double dimensionM);

/// Expected ground casualties per flight hour over a uniform density: λ · A_c · ρ, with λ the rate of
/// failures ending in an uncontrolled ground impact [1/flight hour], A_c the critical area [m²] and ρ the
/// density [people/m²] (from people/km²). Sheltering is not credited.
double casualtiesPerFlightHour(double failureRatePerHour, double criticalAreaM2, double densityPerKm2);

}  // namespace citytwin::uam
