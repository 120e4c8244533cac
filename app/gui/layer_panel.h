#pragma once
// The layer tree: groups (city model, data, each run) with their layers, visibility check boxes, and a style
// editor for the current layer (opacity, colour by, colour map, range, water surface), zoom-to, export,
// remove.

#include <QWidget>
#include <map>
#include <string>

#include "citytwin/render/scene.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

namespace citytwin::gui {

/// The layer tree and the style editor of the selected layer; edits go straight to the scene.
class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(QWidget* parent = nullptr);
    void setScene(render::Scene* scene);
    /// Rebuilds the tree from the scene, keeping the current layer.
    void refresh();
    /// The selected layer id ("" when none).
    std::string currentLayer() const;
    void setCurrentLayer(const std::string& id);
    QTreeWidget* tree() const { return tree_; }
    /// The tree item of a layer, or null.
    QTreeWidgetItem* itemFor(const std::string& id) const;
    /// The tree item of a group, or null.
    QTreeWidgetItem* groupItem(const std::string& group) const;
    /// Titles shown for groups instead of their keys (a run's name instead of "flood #1").
    void setGroupTitles(std::map<std::string, QString> titles);
    /// Reloads the style editor from the scene (after an undo).
    void reloadEditor() { loadEditor(); }
    /// Sets a layer's check box (and its group's) from the scene at once, without reporting an edit.
    void syncVisibility(const std::string& id);

signals:
    /// A style changed: the view needs a redraw.
    void styleChanged();
    void zoomToRequested(const std::string& id);
    void exportRequested(const std::string& id);
    void removeRequested(const std::string& id);
    void tableRequested(const std::string& id);
    void currentLayerChanged(const std::string& id);
    /// The user changed a layer's style (editor or check box): before and after, already applied to the
    /// scene.
    void styleEdited(const std::string& id, const citytwin::render::LayerStyle& before,
                     const citytwin::render::LayerStyle& after);
    /// The user ticked or cleared a group's check box: show or hide all its layers (not applied yet).
    void groupShownChanged(const std::string& group, bool shown);

private:
    void loadEditor();
    void applyEditor();

    render::Scene* scene_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QGroupBox* editor_ = nullptr;
    QLabel* info_ = nullptr;
    QSlider* opacity_ = nullptr;
    QComboBox* attribute_ = nullptr;
    QComboBox* colorMap_ = nullptr;
    QCheckBox* autoRange_ = nullptr;
    QDoubleSpinBox* min_ = nullptr;
    QDoubleSpinBox* max_ = nullptr;
    QCheckBox* water_ = nullptr;
    QPushButton* zoom_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* remove_ = nullptr;
    QPushButton* table_ = nullptr;
    std::map<std::string, QString> groupTitles_;
    bool loading_ = false;
};

}  // namespace citytwin::gui
