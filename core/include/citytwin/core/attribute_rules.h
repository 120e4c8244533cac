#pragma once
/// @file attribute_rules.h
/// How building heights and road attributes are normalised from whatever the source data calls them.
/// The rules and field names are documented in docs/city-model.md.

#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/export.h"
#include "citytwin/core/vector_layer.h"

namespace citytwin::core {

/// Parameters of the height rules.
struct HeightRules {
    double storeyHeightM = 3.0;   ///< height of one storey [m]
    double defaultHeightM = 9.0;  ///< height when a building has no usable height or floor count [m]
    std::string heightField;      ///< explicit height field; empty = look for the known names
    std::string levelsField;      ///< explicit floor-count field; empty = look for the known names
};

/// Field names recognised as a height in metres, in priority order (case-insensitive).
CITYTWIN_CORE_API const std::vector<std::string>& knownHeightFields();
/// Field names recognised as a count of floors above ground, in priority order (case-insensitive).
CITYTWIN_CORE_API const std::vector<std::string>& knownLevelsFields();

/// Parses a height: "12", "12.5", "12 m", "12,5 m", "40 ft", "40'", "12'6\"". Returns metres; nullopt when
/// the text is not a length. Does not judge plausibility.
CITYTWIN_CORE_API std::optional<double> parseHeight(const std::string& text);
/// Parses a floor count: "3", "3.5", "3;4" (first value), "12층". nullopt when not a number.
CITYTWIN_CORE_API std::optional<double> parseLevels(const std::string& text);

/// The height and floor-count columns of one layer, resolved once.
struct HeightFields {
    std::vector<int> height;  ///< indices of height columns, in priority order
    std::vector<int> levels;  ///< indices of floor-count columns, in priority order
};
/// @throws Error(ErrorCode::Data, parameter "height_field"/"levels_field") when an explicitly named field is
///         missing from `fields`.
CITYTWIN_CORE_API HeightFields resolveHeightFields(const FieldList& fields, const HeightRules& rules);

struct HeightResult {
    double heightM = 0.0;
    HeightSource source = HeightSource::Default;
    double levels = NAN;    ///< floors when a floor count was found (even if a height attribute won)
    int invalidValues = 0;  ///< height/levels values that were present but unusable (text, <= 0, > 1000 m)
};

/// Applies the rules: a valid height attribute (0 < h <= 1000 m), else floors x storey height, else the
/// default. `geometryHeight` (measured from 3D geometry, NaN if none) wins over attributes when positive.
CITYTWIN_CORE_API HeightResult normaliseHeight(const std::vector<AttributeValue>& attributes,
                                               const HeightFields& fields, const HeightRules& rules,
                                               double geometryHeight = NAN);

/// Default lanes, speed and one-way rule of a road class (OSM highway values).
struct RoadClassDefaults {
    std::string roadClass;
    int lanes = 2;
    double speedKmh = 40.0;
    bool oneway = false;
    bool motorised = true;  ///< false for footways, cycleways, paths, steps
};
/// Defaults for a class; the "unknown class" row (2 lanes, 40 km/h) when the class is not in the table.
CITYTWIN_CORE_API const RoadClassDefaults& roadClassDefaults(const std::string& roadClass);
/// The whole table, for documentation and tests.
CITYTWIN_CORE_API const std::vector<RoadClassDefaults>& roadClassTable();

/// "50", "50 km/h", "30 mph", "KR:urban", "walk", "none" -> km/h; nullopt when unreadable or "none".
CITYTWIN_CORE_API std::optional<double> parseMaxspeed(const std::string& text);
/// "2", "2;3" (first value) -> lanes; nullopt when unreadable or < 1.
CITYTWIN_CORE_API std::optional<int> parseLanes(const std::string& text);
/// "yes"/"true"/"1"/"F" -> Forward, "-1"/"reverse"/"T" -> Backward, "no"/"false"/"0"/"B" -> No.
CITYTWIN_CORE_API std::optional<Oneway> parseOneway(const std::string& text);

}  // namespace citytwin::core
