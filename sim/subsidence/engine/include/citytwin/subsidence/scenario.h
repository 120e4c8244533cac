#pragma once
/// @file scenario.h
/// Everything the subsidence engine needs for one run: the output grid, the sources of settlement
/// (excavations, tunnels, soft ground, reservoirs, drawdown rasters), the buildings to assess, the
/// observations to compare with and the run options. Plain data: build it by hand (tests, benchmarks) or from
/// the city model (the plug-in's adapter). Every source is optional and there may be any number of each;
/// their displacements are superposed.
///
/// Conventions used throughout the engine:
/// - lengths in metres in the project CRS (projected, metres), easting/northing;
/// - times in days from the scenario's time origin (t = 0), which the adapter ties to a calendar date;
/// - settlement is positive downward, heave negative; horizontal displacements are vectors (east, north);
/// - horizontal strain is positive in tension;
/// - stresses in kPa, pressures of reservoirs and moduli in MPa.
/// The ids quoted in the comments (`axis_depth_m`, ...) are the ones validation problems name.

#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/crs.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/raster.h"

namespace citytwin::subsidence {

/// Not a number: marks optional numeric inputs that were not given.
constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

/// The output grid: north-up, row 0 at the north, as core::Raster. Cell (col, row) has its centre at
/// (originX + (col + 0.5) cellWidth, originY - (row + 0.5) cellHeight).
struct Grid {
    core::GeoTransform transform;  ///< top-left corner and cell sizes [m]
    int nx = 0;                    ///< columns
    int ny = 0;                    ///< rows
    core::Crs crs;                 ///< project CRS (may be empty in tests)

    std::size_t cellCount() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
    double centreX(int col) const { return transform.originX + (col + 0.5) * transform.cellWidth; }
    double centreY(int row) const { return transform.originY - (row + 0.5) * transform.cellHeight; }
    double cellArea() const { return transform.cellWidth * transform.cellHeight; }
    std::size_t index(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(col);
    }
    /// The grid of a raster (same placement and CRS).
    static Grid of(const core::Raster& raster);
};

/// How the drainage path of a compressible layer follows from its thickness H.
enum class Drainage {
    Double,  ///< drained at top and bottom: drainage path H/2
    Single,  ///< drained at one face only: drainage path H
};

/// Compressibility of a clay: either a coefficient of volume compressibility m_v, or compression indices.
/// Exactly one form must be given (validation checks).
struct Compressibility {
    double mvPerKPa = kUnset;             ///< m_v [1/kPa] (`mv_per_kpa`), linear: settlement = m_v Δσ' H
    double compressionIndex = kUnset;     ///< Cc [-] (`cc`), virgin compression
    double recompressionIndex = kUnset;   ///< Cr [-] (`cr`), below the preconsolidation stress and in rebound
    double initialVoidRatio = kUnset;     ///< e0 [-] (`e0`)
    double overconsolidationRatio = 1.0;  ///< OCR = σ'p / σ'0 [-] (`ocr`), >= 1; > 1 needs Cr
    /// True when m_v is not given (the indices are used).
    bool usesIndices() const { return std::isnan(mvPerKPa); }
};

/// A compressible layer that consolidates by Terzaghi's 1D theory (uniform excess pore pressure, drained
/// faces).
struct SoilLayer {
    std::string name;                 ///< shown in problems ("upper marine clay")
    double thicknessM = 0.0;          ///< H [m] (`thickness_m`) > 0
    Compressibility compressibility;  ///< m_v, or Cc/Cr/e0/OCR
    double initialEffectiveStressKPa =
        kUnset;                  ///< σ'0 at mid-layer [kPa] (`initial_effective_stress_kpa`), needed with Cc
    double cvM2PerDay = kUnset;  ///< c_v [m²/day] (`cv_m2_per_day`) > 0
    Drainage drainage = Drainage::Double;  ///< (`drainage`)
};

/// A set of equal delay interbeds as in MODFLOW 6 CSUB (Hughes et al. 2022): fine-grained lenses of thickness
/// b inside an aquifer, drained through both faces, whose heads lag the aquifer head; solved by 1D diffusion
/// across the interbed. Compaction is elastic (Ske) while the head stays above the preconsolidation head,
/// inelastic (Skv) below it.
struct DelayInterbeds {
    std::string name;
    double count = 1.0;         ///< equivalent number of interbeds n [-] (`count`) >= 1
    double thicknessM = 0.0;    ///< b of one interbed [m] (`thickness_m`) > 0
    double kvMPerDay = kUnset;  ///< vertical hydraulic conductivity [m/day] (`kv_m_per_day`) > 0
    double elasticSpecificStoragePerM = kUnset;    ///< Ske [1/m] (`ske_per_m`) > 0
    double inelasticSpecificStoragePerM = kUnset;  ///< Skv [1/m] (`skv_per_m`) > 0
    /// Head decline from the initial head down to the preconsolidation head [m]
    /// (`preconsolidation_margin_m`): 0 = the interbed is at its preconsolidation head, so any decline is
    /// inelastic.
    double preconsolidationMarginM = 0.0;
    int cells = 40;  ///< finite-difference cells across half the interbed (`cells`), >= 4
};

/// The compressible layers under a drawdown: each consolidates under Δσ' = γ_w × drawdown.
struct LayerStack {
    std::vector<SoilLayer> layers;
    std::vector<DelayInterbeds> interbeds;
    bool empty() const { return layers.empty() && interbeds.empty(); }
};

/// Aquifer type for the drawdown cone around a dewatered excavation.
enum class AquiferType {
    Confined,    ///< Thiem: drawdown linear in ln r
    Unconfined,  ///< Dupuit-Thiem: squared saturated thickness linear in ln r (needs `saturated_thickness_m`)
};

/// A deep excavation: retaining-wall movement settlement beside the pit and, if dewatered, the drawdown cone
/// outside the wall and the consolidation it causes.
struct Excavation {
    std::string id;
    core::Ring outline;    ///< closed ring (first point == last) [m], any orientation, may be concave
    double depthM = 0.0;   ///< excavation depth H [m] (`depth_m`) > 0
    std::string wallType;  ///< id in wall_types.csv (`wall_type`)
    std::string envelope;  ///< id in excavation_envelopes.csv (`envelope`): soil type / method
    double maxSettlementRatio = kUnset;  ///< δvm / H [-] (`max_settlement_ratio`); unset: the envelope's
    double startDay = 0.0;               ///< start of excavation [day] (`start_day`)
    double constructionDays =
        0.0;  ///< wall settlement grows linearly to full over this time (`construction_days`)
    // Dewatering
    double drawdownInsideM = 0.0;  ///< groundwater lowering inside the pit [m] (`drawdown_inside_m`) >= 0
    double leakageFactor =
        kUnset;  ///< fraction of it felt outside the wall [0, 1] (`leakage_factor`); unset: wall type's
    double radiusOfInfluenceM =
        kUnset;  ///< R measured from the wall [m] (`radius_of_influence_m`); unset: Sichardt
    double hydraulicConductivityMPerS =
        kUnset;  ///< aquifer k [m/s] (`hydraulic_conductivity_m_per_s`) for Sichardt
    AquiferType aquifer = AquiferType::Confined;
    double saturatedThicknessM = kUnset;  ///< unconfined aquifer's initial saturated thickness [m]
    double dewateringStartDay = kUnset;   ///< [day]; unset: startDay
    LayerStack layers;                    ///< compressible layers consolidating under the cone
};

/// How a tunnel's trough width i follows from its soil when no K is given.
enum class TroughWidthMethod {
    Factor,      ///< i = K z0 with the soil's K from tunnel_trough_width.csv
    Regression,  ///< O'Reilly & New (1982): i = a z0 + b with the soil's a, b
};

/// A bored tunnel: Peck's Gaussian transverse trough, with the cumulative-normal longitudinal profile of
/// Attewell & Woodman (1982) at the start and at the face.
struct Tunnel {
    std::string id;
    core::LineString alignment;  ///< centre line, in drive order [m]; >= 2 distinct points
    double axisDepthM = 0.0;     ///< z0, depth of the axis below ground [m] (`axis_depth_m`) > diameter / 2
    double diameterM = 0.0;      ///< D [m] (`diameter_m`) > 0
    double volumeLossPercent = 0.0;     ///< V_L [%] of the excavated area (`volume_loss_percent`), (0, 100]
    double troughWidthFactor = kUnset;  ///< K [-] (`trough_width_factor`); unset: from the soil type
    std::string soilType = "cohesive";  ///< id in tunnel_trough_width.csv (`soil_type`)
    TroughWidthMethod method = TroughWidthMethod::Factor;
    /// Drive timing: start day and advance rate [m/day]. Unset rate: the whole tunnel exists from startDay.
    double startDay = 0.0;
    double advanceRateMPerDay = kUnset;
};

/// Pattern of vertical drains (for the equivalent diameter of the unit cell, Barron 1948 / Hansbo 1981).
enum class DrainPattern { Square, Triangular };

/// Prefabricated vertical drains in soft ground: radial consolidation (Hansbo 1981 with smear; Barron's ideal
/// drain when smear ratio = 1), combined with vertical consolidation by Carrillo (1942).
struct VerticalDrains {
    double spacingM = 0.0;  ///< drain spacing [m] (`drain_spacing_m`) > 0
    DrainPattern pattern = DrainPattern::Triangular;
    double drainDiameterM = 0.066;   ///< equivalent drain diameter d_w [m] (`drain_diameter_m`); 0.066 m: a
                                     ///< 100 x 4 mm band drain, (a+b)/π (Hansbo 1979)
    double smearRatio = 1.0;         ///< s = d_s / d_w [-] (`smear_ratio`) >= 1 (1: no smear)
    double permeabilityRatio = 1.0;  ///< k_h / k_s [-] (`permeability_ratio`) >= 1 (1: no smear)
    double chM2PerDay = kUnset;      ///< horizontal c_h [m²/day] (`ch_m2_per_day`); unset: c_v
};

/// Soft ground that consolidates under a fill load and/or a groundwater drawdown: a polygon of uniform
/// thickness, or a raster of compressible-layer thickness (NaN or <= 0 where there is none).
struct SoftGround {
    std::string id;
    core::Polygon area;          ///< used when `thicknessRaster` is null; closed rings
    double thicknessM = kUnset;  ///< with a polygon [m] (`thickness_m`)
    std::shared_ptr<const core::Raster> thicknessRaster;  ///< [m], any grid in the project CRS
    Compressibility compressibility;
    double cvM2PerDay = kUnset;  ///< [m²/day] > 0
    Drainage drainage = Drainage::Double;
    double topEffectiveStressKPa = 0.0;          ///< σ' at the top of the layer [kPa] (for Cc)
    double effectiveUnitWeightKNPerM3 = kUnset;  ///< γ' of the layer [kN/m³] (for Cc): σ'0 = top + γ' H / 2
    double loadKPa = 0.0;                        ///< surcharge [kPa] (`load_kpa`)
    double drawdownM = 0.0;                      ///< groundwater lowering [m] (`drawdown_m`)
    double startDay = 0.0;                       ///< load applied (instantly) [day]
    bool hasDrains = false;
    VerticalDrains drains;
};

/// A producing reservoir: Geertsma's (1973) disc of uniform pressure drop in an elastic half-space.
struct Reservoir {
    std::string id;
    core::Point centre;            ///< [m]
    double depthM = 0.0;           ///< depth of the disc's centre D [m] > 0
    double radiusM = 0.0;          ///< R [m] > 0
    double thicknessM = 0.0;       ///< h [m] > 0
    double pressureDropMPa = 0.0;  ///< Δp [MPa] (positive: depletion)
    double youngModulusMPa = 0.0;  ///< E [MPa] > 0
    double poissonRatio = 0.25;    ///< ν [-] in [0, 0.5)
    double biotCoefficient = 1.0;  ///< α [-] in (0, 1]
    double startDay = 0.0;         ///< depletion starts [day]
    double rampDays = 0.0;         ///< ... and grows linearly to Δp over this time [day]
};

/// A groundwater drawdown raster (from a groundwater model or monitoring) applied to a layer stack.
struct DrawdownField {
    std::string id;
    std::shared_ptr<const core::Raster> drawdownM;  ///< head decline [m] (positive down); NaN = none
    LayerStack layers;
    double startDay = 0.0;  ///< drawdown applied (instantly) [day]
};

/// A building to assess.
struct Building {
    std::string id;
    core::MultiPolygon footprint;  ///< [m]
    double heightM = kUnset;       ///< eaves/roof height [m]; unset: Options::defaultBuildingHeightM
};

/// A levelling point or extensometer reading: settlement since `referenceDay` observed at `timeDays`.
struct LevellingObservation {
    std::string id;
    core::Point position;
    double timeDays = 0.0;
    double referenceDay = 0.0;  ///< the zero reading [day]
    double settlementMm = 0.0;  ///< positive down [mm]
    std::string origin;         ///< "file.csv:12" for messages
};

/// Sign of an InSAR line-of-sight value.
enum class LosSign {
    PositiveTowardSatellite,    ///< usual for most processors: uplift is positive
    PositiveAwayFromSatellite,  ///< subsidence is positive
};

/// What an InSAR band holds.
enum class InsarKind {
    Cumulative,  ///< displacement since referenceDay
    Velocity,    ///< mean rate over [referenceDay, timeDays], per year (365.25 days)
};

/// One InSAR band (one date) in line of sight. Vertical motion = LOS / cos(incidence), assuming no horizontal
/// motion.
struct InsarBand {
    std::string id;                           ///< "file.tif band 3"
    std::shared_ptr<const core::Raster> los;  ///< LOS value in `unitToMetres` units (per year for Velocity)
    double unitToMetres = 1e-3;               ///< 1e-3 for mm, 1e-2 for cm, 1 for m
    LosSign sign = LosSign::PositiveTowardSatellite;
    InsarKind kind = InsarKind::Cumulative;
    double incidenceDeg = kUnset;                   ///< one incidence angle [deg], or:
    std::shared_ptr<const core::Raster> incidence;  ///< per-pixel incidence [deg] (same grid as `los`)
    double timeDays = 0.0;                          ///< date of the band [day]
    double referenceDay = 0.0;                      ///< reference (zero) date [day]
};

/// A named point for the settlement-versus-time table.
struct NamedPoint {
    std::string id;
    core::Point position;
};

/// A line for a cross-section profile.
struct ProfileLine {
    std::string id;
    core::LineString line;
};

/// Run options.
struct Options {
    std::vector<double> outputTimesDays;  ///< settlement grids at these times [day] (`output_times_days`)
    double endDay = 365.0;  ///< the end of the run [day] (`end_day`), a grid is always made there
    std::vector<double> contourLevelsMm = {5.0, 10.0, 25.0, 50.0};  ///< (`contour_levels_mm`), from the issue
    std::vector<double> seriesTimesDays;   ///< times of the settlement-versus-time table; empty: frame times
    std::vector<NamedPoint> seriesPoints;  ///< points of that table
    int worstBuildings = 10;               ///< the table also follows this many worst buildings
    std::vector<ProfileLine> profiles;     ///< cross-sections along user lines
    bool tunnelCrossSections = true;       ///< also a section across the middle of each tunnel
    double profileSpacingM = kUnset;       ///< sample spacing along profiles [m]; unset: half a cell
    double unitWeightWaterKNPerM3 = 9.81;  ///< γ_w [kN/m³]
    double defaultBuildingHeightM = 7.0;   ///< for buildings with no height [m]: two storeys
    int threads = 0;                       ///< OpenMP threads; 0: OpenMP's default
};

/// One run's inputs.
struct Scenario {
    Grid grid;
    std::vector<Excavation> excavations;
    std::vector<Tunnel> tunnels;
    std::vector<SoftGround> softGround;
    std::vector<Reservoir> reservoirs;
    std::vector<DrawdownField> drawdownFields;
    std::vector<Building> buildings;
    std::vector<LevellingObservation> levelling;
    std::vector<InsarBand> insar;
    Options options;
};

}  // namespace citytwin::subsidence
