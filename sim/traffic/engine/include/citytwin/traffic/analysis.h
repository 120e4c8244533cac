#pragma once
/// @file analysis.h
/// What planners ask of an assignment: who uses this road (select-link analysis), where the trips of this
/// zone go (select-zone analysis), how the assigned flows compare with traffic counts (GEH statistic, R2,
/// share of counts with GEH < 5), and the adjustment of a matrix to counts (Spiess 1990).
///
/// Select-link, select-zone and the adjustment read the solution by origin (AssignmentResult::origins, kept
/// with AssignmentOptions::keepOriginFlows). An origin's bush says how its flow splits at every node, not
/// which destination each share goes to; as usual for origin-based solutions, trips are taken to split at a
/// node in the shares of the origin's flow there, whatever their destination or the links they came by
/// (the proportionality assumption, Bar-Gera 2010). Where every OD pair has a single route the results are
/// exact.

#include <string>
#include <vector>

#include "citytwin/traffic/assignment.h"

namespace citytwin::traffic {

// ---------------------------------------------------------------------------------------------------------
// Select link and select zone

/// The trips that use at least one of the selected links.
struct SelectLinkResult {
    OdMatrix demand;           ///< their origin-destination matrix [veh/h], all classes
    std::vector<double> flow;  ///< per link of the network: their flow [veh/h]
    double total = 0.0;        ///< their number [veh/h]
};

/// Select-link analysis on a solution kept with keepOriginFlows.
/// @throws core::Error(Validation, "select_links") when the result has no origin flows or a link does not
///         exist.
SelectLinkResult selectLink(const AssignmentResult& result, const std::vector<int>& links);

enum class ZoneDirection {
    From,  ///< trips that start in the zone
    To,    ///< trips that end in the zone
    Both,  ///< either
};

/// The trips that start or end in one zone: their flow on every link and their matrix.
struct SelectZoneResult {
    OdMatrix demand;           ///< [veh/h]
    std::vector<double> flow;  ///< per link [veh/h]
};

/// Select-zone analysis on a solution kept with keepOriginFlows.
/// @throws core::Error(Validation, "select_zone") when the result has no origin flows or the zone does not
///         exist.
SelectZoneResult selectZone(const AssignmentResult& result, int zone, ZoneDirection direction);

// ---------------------------------------------------------------------------------------------------------
// Counts

/// A traffic count: on one link of the network, or on several counted together (both directions of a road).
struct CountObservation {
    std::string id;          ///< as the source names it (a station, a road id)
    std::vector<int> links;  ///< 0-based links whose flows add up to what was counted
    double count = 0.0;      ///< [veh/h], >= 0
};

/// The GEH statistic of a modelled flow M against a count C (both per hour):
///   GEH = sqrt(2 (M - C)^2 / (M + C))
/// (G. E. Havers' statistic, as used by the UK Design Manual for Roads and Bridges, vol. 12, and DfT TAG unit
/// M3.1 (May 2020), section 3.3). 0 when M = C = 0.
double geh(double modelled, double counted);

struct CountComparison {
    struct Row {
        std::string id;
        std::vector<int> links;
        double count = 0.0;
        double modelled = 0.0;
        double geh = 0.0;
    };
    std::vector<Row> rows;
    double gehBelow5Share = 0.0;  ///< share of counts with GEH < 5 (TAG M3.1: more than 85 % of counts)
    double meanGeh = 0.0;
    /// Linear regression of the modelled flows on the counts (least squares with an intercept): slope,
    /// intercept [veh/h] and coefficient of determination R2 (the squared correlation). NaN with fewer than
    /// two counts or counts all equal.
    double slope = 0.0;
    double intercept = 0.0;
    double r2 = 0.0;
    double rmsePercent = 0.0;  ///< root mean square error / mean count x 100
};

/// Compares flows (per link, veh/h) with counts.
/// @throws core::Error(Validation, "counts") for a count on no link or a link that does not exist, or a
///         negative count.
CountComparison compareCounts(const std::vector<double>& flow, const std::vector<CountObservation>& counts);

// ---------------------------------------------------------------------------------------------------------
// Matrix adjustment

struct MatrixAdjustmentOptions {
    int iterations = 10;  ///< gradient steps, each after a new equilibrium assignment, 1..1000
};

struct MatrixAdjustmentResult {
    OdMatrix adjusted;            ///< [veh/h]
    CountComparison before;       ///< the prior matrix assigned
    CountComparison after;        ///< the adjusted matrix assigned
    AssignmentResult assignment;  ///< of the adjusted matrix
    /// Objective 1/2 sum (v_a - c_a)^2 over counted links, at the start and after each step [(veh/h)^2].
    std::vector<double> objective;
    int iterations = 0;
    bool cancelled = false;
};

/// Adjusts a matrix to counts by the gradient method of Spiess (1990): minimise
///   Z(g) = 1/2 sum_{a counted} (v_a(g) - c_a)^2
/// with multiplicative steps g_i <- g_i (1 - lambda dZ/dg_i), dZ/dg_i the mean over the OD pair's routes of
/// sum_{a on route, counted} (v_a - c_a) (route shares from the equilibrium's bushes), and the optimal step
/// lambda* = sum_a v'_a (c_a - v_a) / sum_a v'_a^2, v'_a = -sum_i g_i dZ/dg_i p_ia, bounded so that no cell
/// becomes negative. Cells that are 0 stay 0 (the prior's structure is kept); the equilibrium is solved again
/// (warm-started) before every step. One class (the network's PCE 1).
/// @throws core::Error(Validation) as assign() and compareCounts(), and for iterations outside 1..1000.
MatrixAdjustmentResult adjustToCounts(const Network& network, const OdMatrix& prior,
                                      const std::vector<CountObservation>& counts,
                                      const AssignmentOptions& options,
                                      const MatrixAdjustmentOptions& adjustment,
                                      const ProgressFunction& progress = {},
                                      const CancelFunction& cancel = {});

}  // namespace citytwin::traffic
