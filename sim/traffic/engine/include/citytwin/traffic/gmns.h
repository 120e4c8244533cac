#pragma once
/// @file gmns.h
/// Reader for road networks in the General Modeling Network Specification (GMNS, Zephyr Foundation / FHWA,
/// https://github.com/zephyr-data-specs/GMNS): node.csv and link.csv (and config.csv for units when it sits
/// beside link.csv).
///
/// node.csv: node_id, x_coord, y_coord (required), zone_id (the zone whose trips start and end at the node),
/// ctrl_type (none | yield | stop | 4_stop | signal). link.csv: link_id, from_node_id, to_node_id (required),
/// directed (false: one link each way; absent: true), length [long_length units], lanes (in the direction of
/// travel; absent: 1), capacity [PCE/h per lane], free_speed [speed units], toll, and the assignment-ready
/// extensions vdf_fftt [min], vdf_alpha, vdf_beta (also VDF_fftt, fftt, free_flow_time; alpha, beta).
///
/// Zones become the first nodes of the network: each zone id gets a centroid node joined to every node that
/// carries that zone_id by two access links of zero cost (Link::access), so trips start and end there and
/// through traffic still passes the physical nodes; zone centroids carry no through traffic. Network units:
/// minutes and km.

#include <string>
#include <vector>

#include "citytwin/traffic/network.h"

namespace citytwin::traffic {

struct GmnsOptions {
    /// km per link length unit; 0 = from config.csv's long_length (km, mi, m, ft; default km).
    double lengthUnitKm = 0.0;
    /// km/h per free_speed unit; 0 = from config.csv's speed (kph, km/h, mph; default km/h).
    double speedUnitKmh = 0.0;
    double defaultAlpha = 0.15;  ///< BPR alpha where the file gives none (BPR 1964)
    double defaultBeta = 4.0;    ///< BPR power where the file gives none
};

struct GmnsNetwork {
    Network network;
    std::vector<std::string> zoneIds;   ///< zone z's id (zone_id values, in order of first appearance)
    std::vector<std::string> nodeIds;   ///< per network node: the GMNS node_id ("" for zone centroids)
    std::vector<std::string> linkIds;   ///< per network link: the GMNS link_id ("" for access links)
    std::vector<std::string> ctrlType;  ///< per network node: ctrl_type as written ("" when absent)
    std::vector<std::string> messages;  ///< what was assumed (units, defaults)
};

/// Reads node.csv and link.csv. Errors name the file, the line and the column: unknown node ids, duplicate
/// ids, non-numeric or negative values, missing required columns, no zones.
/// @throws core::Error(FileNotFound | FileFormat).
GmnsNetwork readGmns(const std::string& nodePath, const std::string& linkPath,
                     const GmnsOptions& options = {});

}  // namespace citytwin::traffic
