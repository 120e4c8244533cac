#pragma once
/// @file parameters.h
/// Simulator parameters, declared once as typed handles. The GUI form, the CLI's --set, `describe --json`, the
/// scenario's simulator block and the README parameter table are all generated from these declarations; the
/// host checks every value against them (type, range, choices) before the simulator sees it.
///
///     enum class Mode { Fast, Exact };
///     struct MyParams {
///         sdk::ParamList list;
///         sdk::RealParam cell = list.group("Grid").real("cell_m").label("Cell size").unit("m")
///                                   .help("Side of a grid cell.").range({0.5, 100.0}).byDefault(5.0);
///         sdk::ChoiceParam<Mode> mode = list.choice<Mode>("mode", {{Mode::Fast, "fast", "Quick estimate."},
///                                                                  {Mode::Exact, "exact", "Full model."}})
///                                           .label("Mode").byDefault(Mode::Fast);
///     };
///     ...
///     const double cell = params[p.cell];   // typed, no string look-up, no cast
///     const Mode mode = params[p.mode];

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/range.h"

namespace citytwin::sdk {

enum class ParamType {
    Bool,     ///< true / false
    Integer,  ///< whole number (64-bit)
    Real,     ///< real number
    String,   ///< free text
    Choice,   ///< one of `choices`
    Series,   ///< time series [[t_s, value], ...] with strictly increasing t; e.g. a hyetograph or hydrograph
    Points,   ///< positions [[x, y], ...] in the project CRS [m]; e.g. gauges or inflow points
    Layer,    ///< name of a city model layer ("terrain", "buildings", "roads", a scenario layer, or an earlier
              ///< simulator's output "<sim>.<output>")
    File,     ///< path of an input file (a table, a network). The host makes it absolute before validate() and
              ///< run(): relative to the scenario file's folder for values in the scenario, to the current folder
              ///< for --set and the form; it checks that the file exists and records it (size, SHA-256) in the
              ///< run manifest. "" = none.
};

/// Stable lowercase name: "bool", "integer", "real", "string", "choice", "series", "points", "layer", "file".
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
    core::Range range;        ///< inclusive bounds for Integer/Real and for Series values
    std::vector<std::string> choices;     ///< for Choice: the values
    std::vector<std::string> choiceHelp;  ///< for Choice: one sentence per value (aligned; may be empty)
    std::string layerKind;                ///< for Layer: "raster", "vector" or "" (either)
    std::string fileFilter;  ///< for File: what a file dialog offers, e.g. "TNTP networks (*.tntp);;CSV (*.csv)"
    std::string group;                    ///< form group ("Rainfall", "Numerics")
    bool advanced = false;                ///< shown collapsed in the GUI

    bool required() const { return std::holds_alternative<std::monostate>(defaultValue); }
};

/// One problem found while checking parameters or inputs (simulator id, parameter id, message).
using Problem = core::Problem;

// ---- typed handles ----------------------------------------------------------------------------------------

/// A handle on a declared parameter: its id and its position in the declaration list. Reading a value through
/// it (ParameterSet::operator[]) is typed and needs no string look-up.
template <class Value, ParamType Type>
class ParamHandle {
public:
    ParamHandle() = default;
    ParamHandle(std::string id, std::size_t index) : id_(std::move(id)), index_(index) {}
    const std::string& id() const { return id_; }
    std::size_t index() const { return index_; }

private:
    std::string id_;
    std::size_t index_ = 0;
};

using BoolParam = ParamHandle<bool, ParamType::Bool>;
using IntParam = ParamHandle<std::int64_t, ParamType::Integer>;
using RealParam = ParamHandle<double, ParamType::Real>;
using TextParam = ParamHandle<std::string, ParamType::String>;
using LayerParam = ParamHandle<std::string, ParamType::Layer>;
using FileParam = ParamHandle<std::string, ParamType::File>;
using SeriesParam = ParamHandle<std::vector<TimeValue>, ParamType::Series>;
using PointsParam = ParamHandle<std::vector<core::Point>, ParamType::Points>;

/// One value of a choice parameter: the enum value, its stable text and one sentence of help.
template <class E>
struct Choice {
    E value;
    std::string name;
    std::string help;
};

/// A handle on a choice parameter whose values map to the enum E.
template <class E>
class ChoiceParam {
public:
    ChoiceParam() = default;
    ChoiceParam(std::string id, std::size_t index, std::vector<std::pair<E, std::string>> items)
        : id_(std::move(id)), index_(index), items_(std::move(items)) {}
    const std::string& id() const { return id_; }
    std::size_t index() const { return index_; }
    /// The enum value of a choice's text. @throws core::Error(Validation) for text that is not a choice.
    E fromName(const std::string& name) const {
        for (const auto& [value, text] : items_)
            if (text == name) return value;
        throw core::Error(core::ErrorCode::Validation, "'" + name + "' is not one of the choices",
                          core::Error::Context{{}, {}, id_});
    }
    /// The text of an enum value ("" when it is not among the choices).
    std::string name(E value) const {
        for (const auto& [v, text] : items_)
            if (v == value) return text;
        return {};
    }

private:
    std::string id_;
    std::size_t index_ = 0;
    std::vector<std::pair<E, std::string>> items_;
};

class ParamList;

/// Builds one declaration in a ParamList; converts to the matching typed handle. Obtain from ParamList.
template <class Handle>
class ParamBuilder {
public:
    ParamBuilder(ParamList* list, std::size_t index) : list_(list), index_(index) {}
    ParamBuilder& label(std::string text);
    ParamBuilder& help(std::string text);
    ParamBuilder& unit(std::string text);
    /// Inclusive bounds for numbers and series values.
    ParamBuilder& range(core::Range r);
    ParamBuilder& group(std::string name);
    ParamBuilder& advanced(bool yes = true);
    /// For layers: "raster", "vector" or "" (either).
    ParamBuilder& layerKind(std::string kind);
    /// For files: the file dialog's filter, e.g. "CSV tables (*.csv)".
    ParamBuilder& fileFilter(std::string filter);
    /// The default value. Without one the parameter is required (except layers, series and points, which
    /// default to "none").
    template <class T>
    ParamBuilder& byDefault(T value);
    /// No default: the scenario or the user must give a value.
    ParamBuilder& required();
    operator Handle() const;  // NOLINT(google-explicit-constructor): the point of a builder

private:
    ParamDecl& decl() const;
    ParamList* list_;
    std::size_t index_;
};

/// The parameters of one simulator, in declaration order. Declare handles as members initialised from it
/// (see the example at the top of this file); `declarations()` is what describe() returns.
class ParamList {
public:
    /// The group given to the declarations that follow (a form section: "Rainfall", "Numerics").
    ParamList& group(std::string name) {
        group_ = std::move(name);
        return *this;
    }
    ParamBuilder<BoolParam> boolean(std::string id) { return add<BoolParam>(std::move(id), ParamType::Bool, false); }
    ParamBuilder<IntParam> integer(std::string id) { return add<IntParam>(std::move(id), ParamType::Integer, {}); }
    ParamBuilder<RealParam> real(std::string id) { return add<RealParam>(std::move(id), ParamType::Real, {}); }
    ParamBuilder<TextParam> text(std::string id) {
        return add<TextParam>(std::move(id), ParamType::String, std::string());
    }
    /// An optional layer ("" = none).
    ParamBuilder<LayerParam> layer(std::string id) {
        return add<LayerParam>(std::move(id), ParamType::Layer, std::string());
    }
    /// An optional input file ("" = none); the host resolves and checks the path (ParamType::File).
    ParamBuilder<FileParam> file(std::string id) {
        return add<FileParam>(std::move(id), ParamType::File, std::string());
    }
    /// An optional time series (empty = none).
    ParamBuilder<SeriesParam> series(std::string id) {
        return add<SeriesParam>(std::move(id), ParamType::Series, std::vector<TimeValue>{});
    }
    /// An optional list of points in the project CRS (empty = none).
    ParamBuilder<PointsParam> points(std::string id) {
        auto b = add<PointsParam>(std::move(id), ParamType::Points, std::vector<core::Point>{});
        b.unit("m");
        return b;
    }
    /// One of `items`; the first is the default unless byDefault() says otherwise.
    template <class E>
    ParamBuilder<ChoiceParam<E>> choice(std::string id, std::vector<Choice<E>> items) {
        ParamDecl d;
        d.id = std::move(id);
        d.type = ParamType::Choice;
        d.group = group_;
        std::vector<std::pair<E, std::string>> map;
        for (Choice<E>& c : items) {
            d.choices.push_back(c.name);
            d.choiceHelp.push_back(c.help);
            map.emplace_back(c.value, c.name);
        }
        if (!d.choices.empty()) d.defaultValue = d.choices.front();
        decls_.push_back(std::move(d));
        choiceMaps_.push_back(std::make_shared<ChoiceMap<E>>(std::move(map)));
        choiceIndex_[decls_.size() - 1] = choiceMaps_.size() - 1;
        return ParamBuilder<ChoiceParam<E>>(this, decls_.size() - 1);
    }

    const std::vector<ParamDecl>& declarations() const { return decls_; }
    ParamDecl& at(std::size_t index) { return decls_.at(index); }

    /// The enum <-> text table of a choice declared here (for the ParamBuilder's conversion).
    template <class E>
    const std::vector<std::pair<E, std::string>>& choiceMap(std::size_t index) const {
        return static_cast<const ChoiceMap<E>&>(*choiceMaps_.at(choiceIndex_.at(index))).items;
    }

private:
    struct ChoiceMapBase {
        virtual ~ChoiceMapBase() = default;
    };
    template <class E>
    struct ChoiceMap : ChoiceMapBase {
        explicit ChoiceMap(std::vector<std::pair<E, std::string>> i) : items(std::move(i)) {}
        std::vector<std::pair<E, std::string>> items;
    };

    template <class Handle>
    ParamBuilder<Handle> add(std::string id, ParamType type, ParamValue defaultValue) {
        ParamDecl d;
        d.id = std::move(id);
        d.type = type;
        d.group = group_;
        d.defaultValue = std::move(defaultValue);
        decls_.push_back(std::move(d));
        return ParamBuilder<Handle>(this, decls_.size() - 1);
    }

    std::vector<ParamDecl> decls_;
    std::vector<std::shared_ptr<ChoiceMapBase>> choiceMaps_;
    std::map<std::size_t, std::size_t> choiceIndex_;
    std::string group_;
};

// ---- values -------------------------------------------------------------------------------------------------

/// Values of all parameters of one simulator run, in declaration order (the host resolves them from the
/// declarations: defaults, then the scenario, then --set or the form, all checked).
/// Reading through a typed handle is the normal way; the by-id getters remain for hand-written plug-ins.
/// Getters throw core::Error(Validation) naming the parameter when it is missing or of another type.
class CITYTWIN_CORE_API ParameterSet {
public:
    void set(const std::string& id, ParamValue value);
    bool has(const std::string& id) const;
    const ParamValue& get(const std::string& id) const;

    bool getBool(const std::string& id) const;
    std::int64_t getInteger(const std::string& id) const;
    /// Integer values are accepted too.
    double getReal(const std::string& id) const;
    /// String, Choice, Layer and File values.
    const std::string& getString(const std::string& id) const;
    const std::vector<TimeValue>& getSeries(const std::string& id) const;
    const std::vector<core::Point>& getPoints(const std::string& id) const;

    bool operator[](const BoolParam& p) const { return std::get<bool>(typed(p.id(), p.index(), 1)); }
    std::int64_t operator[](const IntParam& p) const {
        return std::get<std::int64_t>(typed(p.id(), p.index(), 2));
    }
    double operator[](const RealParam& p) const {
        const ParamValue& v = typed(p.id(), p.index(), 3);
        return std::holds_alternative<double>(v) ? std::get<double>(v)
                                                 : static_cast<double>(std::get<std::int64_t>(v));
    }
    const std::string& operator[](const TextParam& p) const {
        return std::get<std::string>(typed(p.id(), p.index(), 4));
    }
    const std::string& operator[](const LayerParam& p) const {
        return std::get<std::string>(typed(p.id(), p.index(), 4));
    }
    /// An absolute path, or "" when none was given.
    const std::string& operator[](const FileParam& p) const {
        return std::get<std::string>(typed(p.id(), p.index(), 4));
    }
    const std::vector<TimeValue>& operator[](const SeriesParam& p) const {
        return std::get<std::vector<TimeValue>>(typed(p.id(), p.index(), 5));
    }
    const std::vector<core::Point>& operator[](const PointsParam& p) const {
        return std::get<std::vector<core::Point>>(typed(p.id(), p.index(), 6));
    }
    template <class E>
    E operator[](const ChoiceParam<E>& p) const {
        return p.fromName(std::get<std::string>(typed(p.id(), p.index(), 4)));
    }

    /// Every value, in declaration order.
    const std::vector<std::pair<std::string, ParamValue>>& entries() const { return entries_; }

private:
    /// The value at `index` when it carries `id` (the normal case), else by id; checked to hold the variant
    /// alternative `alternative` (3 = double also accepts 2 = int64). @throws core::Error(Validation).
    const ParamValue& typed(const std::string& id, std::size_t index, std::size_t alternative) const;

    std::vector<std::pair<std::string, ParamValue>> entries_;
    std::map<std::string, std::size_t> index_;
};

/// A value as JSON text: true, 12, 2.5, "text", [[0,0],[3600,50]].
CITYTWIN_CORE_API std::string toJson(const ParamValue& value);

/// Parses JSON text (e.g. a series held in a layer attribute) as a value of `decl` and checks it against the
/// declaration (type, range, increasing times), exactly as the host checks scenario values. Returns monostate
/// and sets `problem` when it is not acceptable.
CITYTWIN_CORE_API ParamValue parseValue(const ParamDecl& decl, const std::string& json, std::string& problem);

// ---- ParamBuilder ---------------------------------------------------------------------------------------------

template <class H>
ParamDecl& ParamBuilder<H>::decl() const {
    return list_->at(index_);
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::label(std::string text) {
    decl().label = std::move(text);
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::help(std::string text) {
    decl().help = std::move(text);
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::unit(std::string text) {
    decl().unit = std::move(text);
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::range(core::Range r) {
    decl().range = r;
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::group(std::string name) {
    decl().group = std::move(name);
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::advanced(bool yes) {
    decl().advanced = yes;
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::fileFilter(std::string filter) {
    decl().fileFilter = std::move(filter);
    return *this;
}

template <class H>
ParamBuilder<H>& ParamBuilder<H>::layerKind(std::string kind) {
    decl().layerKind = std::move(kind);
    return *this;
}
template <class H>
ParamBuilder<H>& ParamBuilder<H>::required() {
    decl().defaultValue = std::monostate{};
    return *this;
}

namespace detail {
template <class H>
struct ChoiceEnum {};
template <class E>
struct ChoiceEnum<ChoiceParam<E>> {
    using type = E;
};
template <class H>
struct IsChoice : std::false_type {};
template <class E>
struct IsChoice<ChoiceParam<E>> : std::true_type {};
}  // namespace detail

template <class H>
template <class T>
ParamBuilder<H>& ParamBuilder<H>::byDefault(T value) {
    if constexpr (detail::IsChoice<H>::value) {
        using E = typename detail::ChoiceEnum<H>::type;
        for (const auto& [v, text] : list_->template choiceMap<E>(index_))
            if (v == static_cast<E>(value)) decl().defaultValue = text;
    } else if constexpr (std::is_same_v<H, IntParam>) {
        decl().defaultValue = static_cast<std::int64_t>(value);
    } else if constexpr (std::is_same_v<H, RealParam>) {
        decl().defaultValue = static_cast<double>(value);
    } else if constexpr (std::is_same_v<H, TextParam> || std::is_same_v<H, LayerParam>) {
        decl().defaultValue = std::string(value);
    } else {
        decl().defaultValue = std::move(value);
    }
    return *this;
}

template <class H>
ParamBuilder<H>::operator H() const {
    if constexpr (detail::IsChoice<H>::value) {
        using E = typename detail::ChoiceEnum<H>::type;
        return H(decl().id, index_, list_->template choiceMap<E>(index_));
    } else {
        return H(decl().id, index_);
    }
}

}  // namespace citytwin::sdk
