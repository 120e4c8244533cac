#pragma once
/// @file style_file.h
/// Layer styles as JSON: the style keys a scenario's viewer settings, a project file or `citytwin-cli render
/// --style FILE` give for layers. Plain C++: no VTK types.
///
///     {
///       "citytwin_styles": 1,
///       "layers": {
///         "roads":           {"label": "name"},
///         "buildings":       {"attribute": "height_source", "label": "id"},
///         "flood.max_depth": {"color_map": "blues", "range": [0, 2], "hide_below": 0.05, "opacity": 0.8},
///         "flood.gauges":    {"label": "name", "visible": true}
///       }
///     }
///
/// Keys of a layer (all optional): `visible` (bool), `opacity` (0..1), `color_map` (a colour map name),
/// `attribute` (what to colour by, "" for one colour), `range` ([min, max], or "auto"), `hide_below` (values
/// below are not drawn; null for none), `water` (draw a raster in metres as a water surface), `label` (the
/// attribute features are labelled with, "" for none). A layer key matches the layer of that id, and also
/// every run's layer whose id ends in "/<key>" (so "flood.max_depth" styles that output of every run).

#include <string>
#include <vector>

#include "citytwin/render/scene.h"

namespace citytwin::render {

/// One layer's style as a JSON object (every key written).
std::string styleToJson(const LayerStyle& style);

/// Applies the keys of a JSON object to `base`. `layer` (when given) checks attribute and label names against
/// the layer. @throws core::Error(FileFormat) naming `where`, the key and the bad value (unknown keys, wrong
/// types, unknown colour maps or attributes, an opacity outside 0..1, a range that is not [min < max]).
LayerStyle styleFromJson(const std::string& json, const LayerStyle& base, const LayerInfo* layer,
                         const std::string& where);

/// Applies a style file to the scene's layers. Returns the layer keys that matched no layer (the caller
/// decides whether that is an error). @throws core::Error: FileNotFound, FileFormat (the file, the key and
/// the problem, as styleFromJson).
std::vector<std::string> applyStyleFile(Scene& scene, const std::string& path);

/// Every layer's style as a style file (JSON text).
std::string styleFileText(const Scene& scene);

}  // namespace citytwin::render
