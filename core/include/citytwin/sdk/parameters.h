#pragma once
/// @file parameters.h
/// Simulator parameters, declared as data. The GUI form, the CLI's --set, `describe --json`, the scenario's
/// simulator block and the README parameter table are all generated from these declarations.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"

namespace citytwin::sdk {

enum class ParamType {
    Bool,     ///< true / false
    Integer,  ///< whole number (64-bit)
    Real,     ///< real number
    String,   ///< free text
    Choice,   ///< one of `choices`
    Series,   ///< time series [[t_s, value], ...] with strictly increasing t; e.g. a hyetograph or hydrograph
    Points,   ///< positions [[x, y], ...] in the project CRS [m]; e.g. gauges or inflow points
    Layer,    ///< name of a city model layer ("terrain", "buildings", "roads" or a scenario layer)
};

/// Stable lowercase name: "bool", "integer", "real", "string", "choice", "series", "points", "layer".
CITYTWIN_CORE_API const char* toString(ParamType type);

/// One sample of a time series.
struct TimeValue {
    double timeS = 0.0;  ///< time since the start of the run [s]
    double value = 0.0;  ///< in the parameter's unit
};

/// A parameter value. The alternative in use follows the parameter's type: Bool -> bool, Integer -> int64,
/// Real -> double, String/Choice/Layer -> string, Series -> vector<TimeValue>, Points -> vector<Point>.
using ParamValue = std::variant<std::monostate, bool, std::int64_t, double, std::string,
                                std::vector<TimeValue>, std::vector<core::Point>>;

/// Declaration of one parameter.
struct ParamDecl {
    std::string id;     ///< snake_case, stable: used in scenario files and --set sim.id=value
    std::string label;  ///< short human label ("Rainfall intensity")
    std::string help;   ///< one or two sentences, shown as tooltip and in --help
    ParamType type = ParamType::Real;
    std::string unit;         ///< unit of the value ("mm/h", "m", "s"); for Series, of the values (time is s)
    ParamValue defaultValue;  ///< monostate = no default: the parameter is required
    std::optional<double> min;  ///< inclusive bounds for Integer/Real and for Series values
    std::optional<double> max;
    std::vector<std::string> choices;  ///< for Choice
    std::string layerKind;             ///< for Layer: "raster", "vector" or "" (either)
    std::string group;                 ///< form group ("Rainfall", "Numerics")
    bool advanced = false;             ///< shown collapsed in the GUI

    bool required() const { return std::holds_alternative<std::monostate>(defaultValue); }
};

/// One problem found while checking parameters or inputs (simulator id, parameter id, message).
using Problem = core::Problem;

/// Values of all parameters of one simulator run (defaults filled in by the host).
/// Getters throw core::Error(Validation) naming the parameter when it is missing or of another type.
class CITYTWIN_CORE_API ParameterSet {
public:
    void set(const std::string& id, ParamValue value) { values_[id] = std::move(value); }
    bool has(const std::string& id) const;
    const ParamValue& get(const std::string& id) const;

    bool getBool(const std::string& id) const;
    std::int64_t getInteger(const std::string& id) const;
    /// Integer values are accepted too.
    double getReal(const std::string& id) const;
    /// String, Choice and Layer values.
    const std::string& getString(const std::string& id) const;
    const std::vector<TimeValue>& getSeries(const std::string& id) const;
    const std::vector<core::Point>& getPoints(const std::string& id) const;

    const std::map<std::string, ParamValue>& values() const { return values_; }

private:
    std::map<std::string, ParamValue> values_;
};

/// A value as JSON text: true, 12, 2.5, "text", [[0,0],[3600,50]].
CITYTWIN_CORE_API std::string toJson(const ParamValue& value);

}  // namespace citytwin::sdk
