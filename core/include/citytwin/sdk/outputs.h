#pragma once
/// @file outputs.h
/// Simulator outputs, declared as data, and the result types a simulator emits. Results are named layers with
/// units in the model's CRS and grid; a simulator never picks colours in code and never writes files.

#include <string>
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

/// How the host should draw an output: a colour map by name and a value range; the host picks the colours.
struct StyleHint {
    std::string colorMap;  ///< "viridis", "blues", "water" (flood depth), "magma", "rdylgn_r" (hazard,
                           ///< congestion), "rdbu" (diverging), "categorical"; "" = host default
    double min = 0.0;      ///< value at the low end of the colour map (ignored when min == max)
    double max = 0.0;
    std::string attribute;             ///< for vectors: the attribute to colour by
    double transparentBelow = -1e300;  ///< values below this are not drawn (e.g. depths under 1 cm)
    std::string widthAttribute;  ///< for line vectors: the attribute that scales line width (e.g. a flow)
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

}  // namespace citytwin::sdk
