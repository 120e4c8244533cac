#pragma once
// What the inspector shows for a picked object: a title and rows of attribute, value, unit. Identity is
// exact: integer ids print as integers (OSM id 367771707, not 3.67772e+08) and a feature is named by its fid
// (the id in its file), not by its position in the layer.

#include <QString>
#include <vector>

#include "citytwin/render/scene.h"

class QTreeWidget;

namespace citytwin::gui {

struct InspectorRow {
    QString name;
    QString value;
    QString unit;
};

struct InspectorContent {
    QString title;
    QString layerName;  ///< the layer hit ("" for the ground)
    std::vector<InspectorRow> rows;
};

/// The inspector's content for a pick in `scene` (whose content holds the model).
InspectorContent inspectorContent(const render::Scene& scene, const render::PickResult& pick);

/// Fills the inspector tree (title row in bold, then "layer", then the rows).
void showInspector(QTreeWidget* tree, const InspectorContent& content);

}  // namespace citytwin::gui
