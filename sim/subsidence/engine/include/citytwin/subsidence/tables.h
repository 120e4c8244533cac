#pragma once
/// @file tables.h
/// The data tables of the subsidence simulator (data/subsidence/*.csv): damage categories, screening and
/// assessment coefficients, Rankin's risk (alert) categories, excavation settlement envelopes, retaining-wall
/// types and tunnel trough-width coefficients. Each file carries its source and date in '#' header lines;
/// the readers check every value and throw core::Error(FileFormat) naming the file, line and column.
///
/// Class boundaries are half-open intervals [lower, upper): a value equal to a boundary belongs to the class
/// above it. An empty upper bound means +infinity.

#include <string>
#include <vector>

namespace citytwin::subsidence {

/// One building damage category (Burland et al. 1977) with its limiting tensile strain interval
/// (Boscardin & Cording 1989) in percent.
struct DamageCategory {
    int category = 0;
    std::string name;           ///< "negligible", "very slight", ...
    double lowerPercent = 0.0;  ///< inclusive
    double upperPercent = 0.0;  ///< exclusive; +inf for the last
};

/// Damage categories sorted by strain; contiguous, starting at 0 and ending at +infinity (the reader checks).
struct DamageCategoryTable {
    std::vector<DamageCategory> rows;
    std::string file;  ///< where it was read from
    /// The row whose [lower, upper) holds `strainPercent` (values below 0 go to the first row).
    const DamageCategory& classify(double strainPercent) const;
    /// Highest category number.
    int maxCategory() const;
};

/// One of Rankin's (1988) risk categories from maximum slope and settlement of the ground at a building; used
/// as the building's alert level.
struct RiskCategory {
    int category = 1;
    std::string name;
    double slopeLower = 0.0, slopeUpper = 0.0;                ///< [-], [lower, upper)
    double settlementLowerMm = 0.0, settlementUpperMm = 0.0;  ///< [mm], [lower, upper)
    std::string description;
};

/// Rankin's categories sorted; the category of a building is the higher of its slope class and its settlement
/// class.
struct RiskCategoryTable {
    std::vector<RiskCategory> rows;
    std::string file;
    const RiskCategory& classify(double maxSlope, double maxSettlementMm) const;
};

/// Coefficients of the building assessment (assessment_parameters.csv, key/value).
struct AssessmentParameters {
    double stage1MaxSettlementMm = 0.0;  ///< Stage 1: negligible when settlement < this ...
    double stage1MaxSlope = 0.0;         ///< ... and slope < this (Rankin 1988: 10 mm, 1/500)
    double eOverG = 0.0;                 ///< E/G of the equivalent beam (Burland & Wroth 1974: 2.6)
    double poissonRatio = 0.0;           ///< ν in the combined diagonal strain (Burland 1995: 0.3)
    std::string file;
};

/// A settlement envelope beside an excavation (Clough & O'Rourke 1990, Peck 1969): settlement δvm from the
/// wall to `plateauRatio` H, then falling linearly to zero at `extentRatio` H.
struct ExcavationEnvelope {
    std::string id;
    std::string method;
    std::string soil;
    double maxSettlementRatio = 0.0;    ///< δvm / H [-]
    double plateauRatio = 0.0;          ///< [-] of H
    double extentRatio = 0.0;           ///< [-] of H, > plateau
    double horizontalToVertical = 0.0;  ///< horizontal ground movement / settlement [-]
};

/// A retaining-wall type and the share of the inside drawdown felt outside the wall by default.
struct WallType {
    std::string id;
    std::string description;
    double defaultLeakageFactor = 0.0;  ///< [0, 1]
};

/// Tunnel trough-width coefficients of one soil type.
struct TroughWidthSoil {
    std::string id;
    std::string description;
    double k = 0.0;                ///< i = K z0
    double regressionSlope = 0.0;  ///< O'Reilly & New (1982): i = slope z0 + intercept
    double regressionInterceptM = 0.0;
    double regressionMinDepthM = 0.0;  ///< depth range of the regression's data [m]
    double regressionMaxDepthM = 0.0;
};

/// All tables of one run.
struct Tables {
    DamageCategoryTable damage;
    RiskCategoryTable risk;
    AssessmentParameters assessment;
    std::vector<ExcavationEnvelope> envelopes;
    std::vector<WallType> wallTypes;
    std::vector<TroughWidthSoil> troughWidth;

    const ExcavationEnvelope* envelope(const std::string& id) const;
    const WallType* wallType(const std::string& id) const;
    const TroughWidthSoil* troughWidthSoil(const std::string& id) const;
};

/// Readers of the single files. @throws core::Error(FileNotFound) when the file cannot be opened,
/// core::Error(FileFormat) naming the file, line and column of a bad value, a missing column, overlapping or
/// non-contiguous class intervals, duplicate ids.
DamageCategoryTable readDamageCategories(const std::string& path);
RiskCategoryTable readRiskCategories(const std::string& path);
AssessmentParameters readAssessmentParameters(const std::string& path);
std::vector<ExcavationEnvelope> readExcavationEnvelopes(const std::string& path);
std::vector<WallType> readWallTypes(const std::string& path);
std::vector<TroughWidthSoil> readTroughWidth(const std::string& path);

/// Reads the six files from a directory (data/subsidence or a scenario's copy):
/// damage_categories.csv, rankin_risk_categories.csv, assessment_parameters.csv, excavation_envelopes.csv,
/// wall_types.csv, tunnel_trough_width.csv. @throws as the single readers.
Tables loadTables(const std::string& directory);

}  // namespace citytwin::subsidence
