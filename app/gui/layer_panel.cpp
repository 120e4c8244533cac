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

QString kindText(render::LayerKind k) {
    return QString::fromUtf8(render::toString(k));
}
}  // namespace

LayerPanel::LayerPanel(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    tree_ = new QTreeWidget;
    tree_->setObjectName("layerTree");
    tree_->setHeaderLabels({"Layer", "Kind"});
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->setRootIsDecorated(true);
    v->addWidget(tree_, 2);

    editor_ = new QGroupBox("Style");
    editor_->setObjectName("styleEditor");
    auto* form = new QFormLayout(editor_);
    info_ = new QLabel;
    info_->setWordWrap(true);
    info_->setStyleSheet("color: palette(mid);");
    form->addRow(info_);
    opacity_ = new QSlider(Qt::Horizontal);
    opacity_->setObjectName("opacitySlider");
    opacity_->setRange(0, 100);
    form->addRow("Opacity", opacity_);
    attribute_ = new QComboBox;
    attribute_->setObjectName("attributeCombo");
    form->addRow("Colour by", attribute_);
    colorMap_ = new QComboBox;
    colorMap_->setObjectName("colorMapCombo");
    for (const std::string& n : render::ColorMap::names())
        colorMap_->addItem(QString::fromStdString(n), QString::fromStdString(n));
    form->addRow("Colour map", colorMap_);
    autoRange_ = new QCheckBox("Range from the data");
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
    rh->addWidget(min_);
    rh->addWidget(new QLabel("to"));
    rh->addWidget(max_);
    form->addRow("Range", range);
    water_ = new QCheckBox("Draw as water surface");
    water_->setObjectName("waterCheck");
    water_->setToolTip("Draw the values (metres) as a translucent water surface at terrain + value");
    form->addRow(water_);
    auto* buttons = new QHBoxLayout;
    zoom_ = new QPushButton("Zoom to");
    export_ = new QPushButton("Export…");
    remove_ = new QPushButton("Remove");
    buttons->addWidget(zoom_);
    buttons->addWidget(export_);
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
        if (id.empty()) return;
        render::LayerStyle s = scene_->style(id);
        const bool on = item->checkState(0) == Qt::Checked;
        if (s.visible == on) return;
        s.visible = on;
        scene_->setStyle(id, s);
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
        menu.addAction("Zoom to layer", this, [this, id] { emit zoomToRequested(id); });
        menu.addAction("Export layer…", this, [this, id] { emit exportRequested(id); });
        if (id != "terrain" && id != "buildings" && id != "roads")
            menu.addAction("Remove", this, [this, id] { emit removeRequested(id); });
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
}

void LayerPanel::setScene(render::Scene* scene) {
    scene_ = scene;
    refresh();
}

std::string LayerPanel::currentLayer() const {
    QTreeWidgetItem* item = tree_->currentItem();
    return item ? item->data(0, kIdRole).toString().toStdString() : std::string();
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
            auto* gi = new QTreeWidgetItem(tree_, {QString::fromStdString(g)});
            QFont f = gi->font(0);
            f.setBold(true);
            gi->setFont(0, f);
            gi->setFlags(Qt::ItemIsEnabled);
            for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
                if (it->group != g) continue;
                auto* li = new QTreeWidgetItem(gi, {QString::fromStdString(it->name), kindText(it->kind)});
                li->setData(0, kIdRole, QString::fromStdString(it->id));
                li->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
                li->setCheckState(0, scene_->style(it->id).visible ? Qt::Checked : Qt::Unchecked);
                QString tip = QString::fromStdString(it->description);
                if (!it->unit.empty()) tip += "\nUnit: " + QString::fromStdString(it->unit);
                tip += "\nId: " + QString::fromStdString(it->id);
                li->setToolTip(0, tip.trimmed());
            }
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
    QString text = QString::fromStdString(info->name) + " — " + kindText(info->kind);
    if (!info->unit.empty()) text += " [" + QString::fromStdString(info->unit) + "]";
    if (!info->frameTimes.empty()) text += ", " + QString::number(info->frameTimes.size()) + " frames";
    info_->setText(text);
    opacity_->setValue(static_cast<int>(s.opacity * 100 + 0.5));
    attribute_->clear();
    attribute_->addItem("(one colour)", QString());
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
    export_->setEnabled(scene_->layerData(id) != nullptr);
    loading_ = false;
}

void LayerPanel::applyEditor() {
    if (loading_ || !scene_) return;
    const std::string id = currentLayer();
    if (id.empty() || !scene_->layerInfo(id)) return;
    render::LayerStyle s = scene_->style(id);
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
    emit styleChanged();
}

}  // namespace citytwin::gui
