#pragma once
/// @file outputs.h
/// Simulator outputs, declared as data with typed handles, and the result types a simulator emits. Results
/// are named layers with units in the model's CRS and grid; a simulator never picks colours in code and never
/// writes files. How an output is drawn is declared (DrawAs), so the viewer never guesses from names.
///
///     struct MyOutputs {
///         sdk::OutputList list;
///         sdk::RasterOutput depth = list.raster("max_depth").label("Maximum depth").unit("m")
///             .description("Deepest water in each cell.")
///             .style(sdk::Style::waterSurface("water", 0.0, 1.0).hideBelow(0.02));
///         sdk::ScalarOutput area = list.scalar("flooded_area").label("Flooded area").unit("m2");
///     };
///     ...
///     ctx.output(out.depth, raster);

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/vector_layer.h"

namespace citytwin::sdk {

enum class OutputKind {
    Raster,        ///< one grid (core::Raster), e.g. maximum depth
    RasterSeries,  ///< grids over time, emitted frame by frame, e.g. depth every 5 minutes
    Vector,  ///< a feature layer with attributes (core::VectorLayer), e.g. buildings with their max depth
    Table,   ///< rows and columns (sdk::Table), e.g. a gauge time series or a mass balance
    Scalar,  ///< one number, e.g. total flooded volume
};

/// "raster", "raster_series", "vector", "table", "scalar".
CITYTWIN_CORE_API const char* toString(OutputKind kind);

/// How the host draws an output. Declared by the simulator; the host never infers it from an output's name.
enum class DrawAs {
    Default,       ///< rasters draped on the terrain, polygons draped, lines as ribbons, points as markers
    DrapedRaster,  ///< a raster coloured and draped on the terrain
    WaterSurface,  ///< a depth raster drawn as a translucent water surface at terrain + value
    ExtrudedPolygons,  ///< polygons extruded to a height (StyleHint::heightAttribute, or the model building
                       ///< of the same id), coloured by StyleHint::attribute
    FlatPolygons,      ///< polygons draped on the terrain, coloured by an attribute
    Lines,             ///< lines draped on the terrain as ribbons; StyleHint::widthAttribute scales the width
    Lines3D,  ///< lines at their own altitudes (VectorFeature::lineZ, metres above the datum): routes in
              ///< the air, drawn as tubes StyleHint::widthM across
    Points,   ///< point markers of StyleHint::symbol
    Hidden,   ///< not drawn (tables and scalars always are)
};

/// "default", "draped_raster", "water_surface", "extruded_polygons", "flat_polygons", "lines", "lines_3d",
/// "points", "hidden".
CITYTWIN_CORE_API const char* toString(DrawAs drawAs);
/// The value of a toString(DrawAs) text; false when unknown.
CITYTWIN_CORE_API bool drawAsFromString(const std::string& text, DrawAs& out);

/// A table's shape, so hosts can chart it without code per simulator.
enum class TableRole {
    Plain,       ///< rows and columns
    TimeSeries,  ///< StyleHint::xColumn is time [s]; one line per StyleHint::groupColumn value (e.g. per
                 ///< gauge)
    Profile,     ///< StyleHint::xColumn is a distance [m] along a line
    Matrix,      ///< an OD matrix in long format: StyleHint::xColumn names the origin column, groupColumn the
             ///< destination column, every other numeric column is a matrix (the host also writes the table
             ///< as an OMX file when it can)
};
CITYTWIN_CORE_API const char* toString(TableRole role);
CITYTWIN_CORE_API bool tableRoleFromString(const std::string& text, TableRole& out);

/// How the host should draw an output: what it is (DrawAs), a colour map by name and a value range; the host
/// picks the actual colours.
struct StyleHint {
    DrawAs drawAs = DrawAs::Default;
    std::string colorMap;  ///< "viridis", "blues", "water" (flood depth), "magma", "rdylgn_r" (hazard,
                           ///< congestion), "rdbu" (diverging), "categorical"; "" = host default
    double min = 0.0;      ///< value at the low end of the colour map (ignored when min == max)
    double max = 0.0;
    std::string attribute;             ///< vectors: the attribute to colour by
    double transparentBelow = -1e300;  ///< values below this are not drawn (e.g. depths under 1 cm)
    std::string widthAttribute;        ///< Lines: the attribute that scales line width (e.g. a flow)
    std::string heightAttribute;       ///< ExtrudedPolygons: the attribute holding the height [m]
    std::string baseAttribute;   ///< ExtrudedPolygons: the attribute holding the bottom [m above ground]
                                 ///< ("" = standing on the ground): floating solids, e.g. airspace volumes
    double opacity = 1.0;        ///< 0 (invisible) to 1 (opaque): translucent volumes over the city
    std::string labelAttribute;  ///< the attribute to label features with ("" = no labels)
    std::string symbol;          ///< Points: "circle", "square", "triangle", "diamond", "cross", "star"
    double widthM = 0.0;         ///< Lines3D: tube diameter [m] (0 = host default)
    /// Categorical values: the name of class k (value k), e.g. {"none", "low", "moderate", ...}.
    std::vector<std::string> classNames;
    TableRole tableRole = TableRole::Plain;  ///< tables only
    std::string xColumn;                     ///< TimeSeries / Profile: the x column
    std::string groupColumn;                 ///< one line per value of this column ("" = one line)
};

/// Named constructors for the usual styles.
struct Style {
    static StyleHint draped(std::string colorMap, double min = 0.0, double max = 0.0) {
        StyleHint s;
        s.drawAs = DrawAs::DrapedRaster;
        s.colorMap = std::move(colorMap);
        s.min = min;
        s.max = max;
        return s;
    }
    static StyleHint waterSurface(std::string colorMap, double min, double max) {
        StyleHint s = draped(std::move(colorMap), min, max);
        s.drawAs = DrawAs::WaterSurface;
        return s;
    }
    static StyleHint categories(std::vector<std::string> classNames) {
        StyleHint s = draped("categorical", 0.0, static_cast<double>(classNames.size()) - 1.0);
        s.classNames = std::move(classNames);
        return s;
    }
    static StyleHint extruded(std::string attribute, std::string colorMap, double min = 0.0,
                              double max = 0.0) {
        StyleHint s = draped(std::move(colorMap), min, max);
        s.drawAs = DrawAs::ExtrudedPolygons;
        s.attribute = std::move(attribute);
        return s;
    }
    static StyleHint polygons(std::string attribute, std::string colorMap, double min = 0.0,
                              double max = 0.0) {
        StyleHint s = extruded(std::move(attribute), std::move(colorMap), min, max);
        s.drawAs = DrawAs::FlatPolygons;
        return s;
    }
    static StyleHint lines(std::string attribute, std::string colorMap, double min = 0.0, double max = 0.0) {
        StyleHint s = extruded(std::move(attribute), std::move(colorMap), min, max);
        s.drawAs = DrawAs::Lines;
        return s;
    }
    static StyleHint lines3d(std::string colorAttribute, std::string colorMap, double widthM = 0.0) {
        StyleHint s = extruded(std::move(colorAttribute), std::move(colorMap));
        s.drawAs = DrawAs::Lines3D;
        s.widthM = widthM;
        return s;
    }
    static StyleHint points(std::string symbol, std::string attribute = {}, std::string colorMap = {}) {
        StyleHint s = extruded(std::move(attribute), std::move(colorMap));
        s.drawAs = DrawAs::Points;
        s.symbol = std::move(symbol);
        return s;
    }
    static StyleHint timeSeries(std::string timeColumn, std::string groupColumn = {}) {
        StyleHint s;
        s.drawAs = DrawAs::Hidden;
        s.tableRole = TableRole::TimeSeries;
        s.xColumn = std::move(timeColumn);
        s.groupColumn = std::move(groupColumn);
        return s;
    }
    /// An origin-destination matrix in long format (one row per cell; cells left out are 0).
    static StyleHint matrix(std::string originColumn, std::string destinationColumn) {
        StyleHint s;
        s.drawAs = DrawAs::Hidden;
        s.tableRole = TableRole::Matrix;
        s.xColumn = std::move(originColumn);
        s.groupColumn = std::move(destinationColumn);
        return s;
    }
    static StyleHint profile(std::string distanceColumn, std::string groupColumn = {}) {
        StyleHint s = timeSeries(std::move(distanceColumn), std::move(groupColumn));
        s.tableRole = TableRole::Profile;
        return s;
    }
};

struct OutputDecl {
    std::string id;     ///< snake_case, stable; files are named after it
    std::string label;  ///< "Maximum depth"
    OutputKind kind = OutputKind::Raster;
    std::string unit;         ///< "m", "m/s", "" for tables (columns carry units)
    std::string description;  ///< one or two sentences
    StyleHint style;
};

/// A table: typed columns with units, rows of values.
struct TableColumn {
    std::string name;
    std::string unit;
};
struct Table {
    std::vector<TableColumn> columns;
    std::vector<std::vector<core::AttributeValue>> rows;  ///< each row has one value per column
};

// ---- typed output handles -------------------------------------------------------------------------------

/// A handle on a declared output of kind K; RunContext::output() takes it, so a wrong kind does not compile.
template <OutputKind K>
class OutputHandle {
public:
    OutputHandle() = default;
    explicit OutputHandle(std::string id) : id_(std::move(id)) {}
    const std::string& id() const { return id_; }

private:
    std::string id_;
};
using RasterOutput = OutputHandle<OutputKind::Raster>;
using SeriesOutput = OutputHandle<OutputKind::RasterSeries>;
using VectorOutput = OutputHandle<OutputKind::Vector>;
using TableOutput = OutputHandle<OutputKind::Table>;
using ScalarOutput = OutputHandle<OutputKind::Scalar>;

class OutputList;

/// Builds one output declaration in an OutputList; converts to the typed handle.
template <OutputKind K>
class OutputBuilder {
public:
    OutputBuilder(OutputList* list, std::size_t index) : list_(list), index_(index) {}
    OutputBuilder& label(std::string text);
    OutputBuilder& unit(std::string text);
    OutputBuilder& description(std::string text);
    OutputBuilder& style(StyleHint hint);
    /// Values below this are not drawn (e.g. depths under 1 cm).
    OutputBuilder& hideBelow(double value);
    OutputBuilder& labelBy(std::string attribute);
    operator OutputHandle<K>() const;  // NOLINT(google-explicit-constructor)

private:
    OutputList* list_;
    std::size_t index_;
};

/// The outputs of one simulator, in declaration order.
class OutputList {
public:
    OutputBuilder<OutputKind::Raster> raster(std::string id) {
        return add<OutputKind::Raster>(std::move(id));
    }
    OutputBuilder<OutputKind::RasterSeries> rasterSeries(std::string id) {
        return add<OutputKind::RasterSeries>(std::move(id));
    }
    OutputBuilder<OutputKind::Vector> vector(std::string id) {
        return add<OutputKind::Vector>(std::move(id));
    }
    OutputBuilder<OutputKind::Table> table(std::string id) {
        auto b = add<OutputKind::Table>(std::move(id));
        decls_.back().style.drawAs = DrawAs::Hidden;
        return b;
    }
    OutputBuilder<OutputKind::Scalar> scalar(std::string id) {
        auto b = add<OutputKind::Scalar>(std::move(id));
        decls_.back().style.drawAs = DrawAs::Hidden;
        return b;
    }
    const std::vector<OutputDecl>& declarations() const { return decls_; }
    OutputDecl& at(std::size_t index) { return decls_.at(index); }

private:
    template <OutputKind K>
    OutputBuilder<K> add(std::string id) {
        OutputDecl d;
        d.id = std::move(id);
        d.kind = K;
        decls_.push_back(std::move(d));
        return OutputBuilder<K>(this, decls_.size() - 1);
    }
    std::vector<OutputDecl> decls_;
};

template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::label(std::string text) {
    list_->at(index_).label = std::move(text);
    return *this;
}
template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::unit(std::string text) {
    list_->at(index_).unit = std::move(text);
    return *this;
}
template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::description(std::string text) {
    list_->at(index_).description = std::move(text);
    return *this;
}
template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::style(StyleHint hint) {
    list_->at(index_).style = std::move(hint);
    return *this;
}
template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::hideBelow(double value) {
    list_->at(index_).style.transparentBelow = value;
    return *this;
}
template <OutputKind K>
OutputBuilder<K>& OutputBuilder<K>::labelBy(std::string attribute) {
    list_->at(index_).style.labelAttribute = std::move(attribute);
    return *this;
}
template <OutputKind K>
OutputBuilder<K>::operator OutputHandle<K>() const {
    return OutputHandle<K>(list_->at(index_).id);
}

}  // namespace citytwin::sdk
