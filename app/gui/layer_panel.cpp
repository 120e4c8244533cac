// The layer tree and style editor.

#include "layer_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "citytwin/render/color_map.h"
#include "citytwin/render/scene.h"

namespace citytwin::gui {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kGroupRole = Qt::UserRole + 2;

QString kindText(render::LayerKind k) {
    switch (k) {
        case render::LayerKind::Terrain:
            return LayerPanel::tr("terrain");
        case render::LayerKind::Buildings:
            return LayerPanel::tr("buildings");
        case render::LayerKind::Roads:
            return LayerPanel::tr("roads");
        case render::LayerKind::Raster:
            return LayerPanel::tr("raster");
        case render::LayerKind::RasterSeries:
            return LayerPanel::tr("raster series");
        case render::LayerKind::Vector:
            return LayerPanel::tr("vector");
    }
    return QString::fromUtf8(render::toString(k));
}

/// Names of the city model's own layers, translated for display (other layers keep the names they were
/// given).
QString layerText(const render::LayerInfo& l) {
    if (l.id == "terrain")
        return l.name.rfind("Ground", 0) == 0 ? LayerPanel::tr("Ground (no terrain in the scenario)")
                                              : LayerPanel::tr("Terrain");
    if (l.id == "buildings" && l.name == "Buildings") return LayerPanel::tr("Buildings");
    if (l.id == "roads" && l.name == "Roads") return LayerPanel::tr("Roads");
    return QString::fromStdString(l.name);
}

/// Group names the viewer itself gives, translated for display (the keys stay as they are).
QString groupText(const std::string& g) {
    if (g == "City model") return LayerPanel::tr("City model");
    if (g == "Data") return LayerPanel::tr("Data");
    if (g == "Comparisons") return LayerPanel::tr("Comparisons");
    return QString::fromStdString(g);
}
}  // namespace

LayerPanel::LayerPanel(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    tree_ = new QTreeWidget;
    tree_->setObjectName("layerTree");
    tree_->setHeaderLabels({tr("Layer"), tr("Kind")});
    tree_->setToolTip(
        tr("The layers of the city model, of added data and of each run. A check box shows or hides a "
           "layer; a group's check box all its layers. Double-click to fly to a layer, right-click "
           "for more."));
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->setRootIsDecorated(true);
    v->addWidget(tree_, 2);

    editor_ = new QGroupBox(tr("Style"));
    editor_->setObjectName("styleEditor");
    auto* form = new QFormLayout(editor_);
    info_ = new QLabel;
    info_->setWordWrap(true);
    info_->setStyleSheet("color: palette(mid);");
    form->addRow(info_);
    opacity_ = new QSlider(Qt::Horizontal);
    opacity_->setObjectName("opacitySlider");
    opacity_->setRange(0, 100);
    opacity_->setToolTip(tr("Opacity of the selected layer (0 % invisible, 100 % opaque)"));
    form->addRow(tr("Opacity"), opacity_);
    attribute_ = new QComboBox;
    attribute_->setObjectName("attributeCombo");
    attribute_->setToolTip(
        tr("The attribute whose values colour the features (numbers with a colour bar, "
           "text as classes)"));
    form->addRow(tr("Colour by"), attribute_);
    colorMap_ = new QComboBox;
    colorMap_->setObjectName("colorMapCombo");
    for (const std::string& n : render::ColorMap::names())
        colorMap_->addItem(QString::fromStdString(n), QString::fromStdString(n));
    colorMap_->setToolTip(tr("The colours the values are drawn with"));
    form->addRow(tr("Colour map"), colorMap_);
    autoRange_ = new QCheckBox(tr("Range from the data"));
    autoRange_->setObjectName("autoRangeCheck");
    autoRange_->setToolTip(tr("Stretch the colour map from the smallest to the largest value of the layer"));
    form->addRow(autoRange_);
    auto* range = new QWidget;
    auto* rh = new QHBoxLayout(range);
    rh->setContentsMargins(0, 0, 0, 0);
    min_ = new QDoubleSpinBox;
    max_ = new QDoubleSpinBox;
    for (QDoubleSpinBox* s : {min_, max_}) {
        s->setRange(-1e9, 1e9);
        s->setDecimals(3);
    }
    min_->setObjectName("rangeMin");
    max_->setObjectName("rangeMax");
    min_->setToolTip(tr("The value drawn with the first colour of the map"));
    max_->setToolTip(tr("The value drawn with the last colour of the map"));
    rh->addWidget(min_);
    rh->addWidget(new QLabel(tr("to")));
    rh->addWidget(max_);
    form->addRow(tr("Range"), range);
    water_ = new QCheckBox(tr("Draw as water surface"));
    water_->setObjectName("waterCheck");
    water_->setToolTip(tr("Draw the values (metres) as a translucent water surface at terrain + value"));
    form->addRow(water_);
    auto* buttons = new QHBoxLayout;
    zoom_ = new QPushButton(tr("Zoom to"));
    zoom_->setObjectName("zoomLayerButton");
    zoom_->setToolTip(tr("Frame the selected layer in the view (F)"));
    export_ = new QPushButton(tr("Export…"));
    export_->setObjectName("exportLayerButton");
    export_->setToolTip(
        tr("Write the layer's data: rasters as GeoTIFF, series as GeoTIFF frames, vectors as "
           "GeoPackage"));
    table_ = new QPushButton(tr("Table…"));
    table_->setObjectName("layerTableButton");
    table_->setToolTip(tr("Open the layer's attribute table (sortable, exportable as CSV)"));
    remove_ = new QPushButton(tr("Remove"));
    remove_->setObjectName("removeLayerButton");
    remove_->setToolTip(tr("Remove the layer from the view (the city model's own layers stay)"));
    buttons->addWidget(zoom_);
    buttons->addWidget(export_);
    buttons->addWidget(table_);
    buttons->addWidget(remove_);
    form->addRow(buttons);
    v->addWidget(editor_, 1);
    editor_->setEnabled(false);

    connect(tree_, &QTreeWidget::currentItemChanged, this, [this] {
        loadEditor();
        emit currentLayerChanged(currentLayer());
    });
    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (loading_ || column != 0 || !scene_) return;
        const std::string id = item->data(0, kIdRole).toString().toStdString();
        if (id.empty()) {
            const std::string group = item->data(0, kGroupRole).toString().toStdString();
            if (!group.empty()) emit groupShownChanged(group, item->checkState(0) != Qt::Unchecked);
            return;
        }
        const render::LayerStyle before = scene_->style(id);
        render::LayerStyle s = before;
        const bool on = item->checkState(0) == Qt::Checked;
        if (s.visible == on) return;
        s.visible = on;
        scene_->setStyle(id, s);
        emit styleEdited(id, before, s);
        emit styleChanged();
    });
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const std::string id = item->data(0, kIdRole).toString().toStdString();
        if (!id.empty()) emit zoomToRequested(id);
    });
    connect(tree_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QTreeWidgetItem* item = tree_->itemAt(pos);
        if (!item) return;
        const std::string id = item->data(0, kIdRole).toString().toStdString();
        if (id.empty()) return;
        QMenu menu(this);
        menu.addAction(tr("Zoom to layer"), this, [this, id] { emit zoomToRequested(id); });
        menu.addAction(tr("Export layer…"), this, [this, id] { emit exportRequested(id); });
        const render::OutputData* data = scene_ ? scene_->layerData(id) : nullptr;
        if (data && data->vector)
            menu.addAction(tr("Open attribute table…"), this, [this, id] { emit tableRequested(id); });
        if (id != "terrain" && id != "buildings" && id != "roads")
            menu.addAction(tr("Remove"), this, [this, id] { emit removeRequested(id); });
        menu.exec(tree_->viewport()->mapToGlobal(pos));
    });
    connect(opacity_, &QSlider::valueChanged, this, [this] { applyEditor(); });
    connect(attribute_, &QComboBox::currentIndexChanged, this, [this] { applyEditor(); });
    connect(colorMap_, &QComboBox::currentIndexChanged, this, [this] { applyEditor(); });
    connect(autoRange_, &QCheckBox::toggled, this, [this] { applyEditor(); });
    connect(min_, &QDoubleSpinBox::editingFinished, this, [this] { applyEditor(); });
    connect(max_, &QDoubleSpinBox::editingFinished, this, [this] { applyEditor(); });
    connect(water_, &QCheckBox::toggled, this, [this] { applyEditor(); });
    connect(zoom_, &QPushButton::clicked, this, [this] { emit zoomToRequested(currentLayer()); });
    connect(export_, &QPushButton::clicked, this, [this] { emit exportRequested(currentLayer()); });
    connect(remove_, &QPushButton::clicked, this, [this] { emit removeRequested(currentLayer()); });
    connect(table_, &QPushButton::clicked, this, [this] { emit tableRequested(currentLayer()); });
}

void LayerPanel::setScene(render::Scene* scene) {
    scene_ = scene;
    refresh();
}

std::string LayerPanel::currentLayer() const {
    QTreeWidgetItem* item = tree_->currentItem();
    return item ? item->data(0, kIdRole).toString().toStdString() : std::string();
}

QTreeWidgetItem* LayerPanel::groupItem(const std::string& group) const {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        if (tree_->topLevelItem(i)->data(0, kGroupRole).toString().toStdString() == group)
            return tree_->topLevelItem(i);
    return nullptr;
}

void LayerPanel::setGroupTitles(std::map<std::string, QString> titles) {
    groupTitles_ = std::move(titles);
    loading_ = true;
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* g = tree_->topLevelItem(i);
        const std::string key = g->data(0, kGroupRole).toString().toStdString();
        const auto it = groupTitles_.find(key);
        g->setText(0, it != groupTitles_.end() && !it->second.isEmpty() ? it->second : groupText(key));
    }
    loading_ = false;
}

void LayerPanel::syncVisibility(const std::string& id) {
    QTreeWidgetItem* item = itemFor(id);
    if (!item || !scene_) return;
    const bool was = loading_;
    loading_ = true;
    item->setCheckState(0, scene_->style(id).visible ? Qt::Checked : Qt::Unchecked);
    if (QTreeWidgetItem* g = item->parent()) {
        int shown = 0;
        for (int k = 0; k < g->childCount(); ++k)
            shown += g->child(k)->checkState(0) == Qt::Checked ? 1 : 0;
        g->setCheckState(0, shown == 0                 ? Qt::Unchecked
                            : shown == g->childCount() ? Qt::Checked
                                                       : Qt::PartiallyChecked);
    }
    loading_ = was;
}

QTreeWidgetItem* LayerPanel::itemFor(const std::string& id) const {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* g = tree_->topLevelItem(i);
        for (int k = 0; k < g->childCount(); ++k)
            if (g->child(k)->data(0, kIdRole).toString().toStdString() == id) return g->child(k);
    }
    return nullptr;
}

void LayerPanel::setCurrentLayer(const std::string& id) {
    if (QTreeWidgetItem* item = itemFor(id)) tree_->setCurrentItem(item);
}

void LayerPanel::refresh() {
    const std::string current = currentLayer();
    loading_ = true;
    tree_->clear();
    if (scene_) {
        std::vector<render::LayerInfo> layers = scene_->layers();
        std::vector<std::string> groups;
        for (const render::LayerInfo& l : layers)
            if (std::find(groups.begin(), groups.end(), l.group) == groups.end()) groups.push_back(l.group);
        // Newest first: results above data above the model, as in a GIS.
        std::reverse(groups.begin(), groups.end());
        for (const std::string& g : groups) {
            const auto title = groupTitles_.find(g);
            auto* gi = new QTreeWidgetItem(
                tree_,
                {title != groupTitles_.end() && !title->second.isEmpty() ? title->second : groupText(g)});
            QFont f = gi->font(0);
            f.setBold(true);
            gi->setFont(0, f);
            gi->setData(0, kGroupRole, QString::fromStdString(g));
            // A group's check box shows or hides all its layers together (partly checked: some are shown).
            gi->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            gi->setToolTip(0, tr("Tick or clear to show or hide all the layers of %1").arg(gi->text(0)));
            int shown = 0, count = 0;
            for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
                if (it->group != g) continue;
                auto* li = new QTreeWidgetItem(gi, {layerText(*it), kindText(it->kind)});
                li->setData(0, kIdRole, QString::fromStdString(it->id));
                li->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
                const bool visible = scene_->style(it->id).visible;
                li->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
                shown += visible ? 1 : 0;
                ++count;
                QString tip = QString::fromStdString(it->description);
                if (!it->unit.empty()) tip += "\n" + tr("Unit: %1").arg(QString::fromStdString(it->unit));
                tip += "\n" + tr("Id: %1").arg(QString::fromStdString(it->id));
                li->setToolTip(0, tip.trimmed());
            }
            gi->setCheckState(0, shown == 0       ? Qt::Unchecked
                                 : shown == count ? Qt::Checked
                                                  : Qt::PartiallyChecked);
            gi->setExpanded(true);
        }
    }
    loading_ = false;
    if (QTreeWidgetItem* item = itemFor(current))
        tree_->setCurrentItem(item);
    else
        loadEditor();
}

void LayerPanel::loadEditor() {
    const std::string id = currentLayer();
    const render::LayerInfo* info = scene_ && !id.empty() ? scene_->layerInfo(id) : nullptr;
    editor_->setEnabled(info != nullptr);
    if (!info) {
        info_->clear();
        return;
    }
    loading_ = true;
    const render::LayerStyle s = scene_->style(id);
    QString text = layerText(*info) + " — " + kindText(info->kind);
    if (!info->unit.empty()) text += " [" + QString::fromStdString(info->unit) + "]";
    if (!info->frameTimes.empty())
        text += ", " + tr("%n frame(s)", nullptr, static_cast<int>(info->frameTimes.size()));
    info_->setText(text);
    opacity_->setValue(static_cast<int>(s.opacity * 100 + 0.5));
    attribute_->clear();
    attribute_->addItem(tr("(one colour)"), QString());
    for (const std::string& a : info->attributes)
        attribute_->addItem(QString::fromStdString(a), QString::fromStdString(a));
    attribute_->setCurrentIndex(std::max(0, attribute_->findData(QString::fromStdString(s.attribute))));
    const bool byAttribute = !info->attributes.empty();
    const bool grid =
        info->kind == render::LayerKind::Raster || info->kind == render::LayerKind::RasterSeries;
    attribute_->setEnabled(byAttribute);
    colorMap_->setEnabled(byAttribute || grid);
    colorMap_->setCurrentIndex(std::max(0, colorMap_->findData(QString::fromStdString(s.colorMap))));
    autoRange_->setEnabled(byAttribute || grid);
    autoRange_->setChecked(s.autoRange);
    min_->setEnabled(!s.autoRange && (byAttribute || grid));
    max_->setEnabled(!s.autoRange && (byAttribute || grid));
    min_->setValue(s.autoRange ? info->dataMin : s.min);
    max_->setValue(s.autoRange ? info->dataMax : s.max);
    water_->setEnabled(info->waterCapable);
    water_->setChecked(s.asWater);
    remove_->setEnabled(id != "terrain" && id != "buildings" && id != "roads");
    const render::OutputData* data = scene_->layerData(id);
    export_->setEnabled(data != nullptr);
    table_->setEnabled(data && data->vector);
    loading_ = false;
}

void LayerPanel::applyEditor() {
    if (loading_ || !scene_) return;
    const std::string id = currentLayer();
    if (id.empty() || !scene_->layerInfo(id)) return;
    const render::LayerStyle before = scene_->style(id);
    render::LayerStyle s = before;
    s.opacity = opacity_->value() / 100.0;
    s.attribute = attribute_->currentData().toString().toStdString();
    s.colorMap = colorMap_->currentData().toString().toStdString();
    s.autoRange = autoRange_->isChecked();
    s.min = min_->value();
    s.max = max_->value();
    s.asWater = water_->isChecked();
    min_->setEnabled(!s.autoRange);
    max_->setEnabled(!s.autoRange);
    scene_->setStyle(id, s);
    emit styleEdited(id, before, s);
    emit styleChanged();
}

}  // namespace citytwin::gui
