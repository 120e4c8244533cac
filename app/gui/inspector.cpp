// The inspector's content.

#include "inspector.h"

#include <QCoreApplication>
#include <QTreeWidget>
#include <cmath>

#include "citytwin/core/geometry.h"
#include "table_view.h"

namespace citytwin::gui {

namespace {

/// The translation context of the inspector's texts.
struct T {
    Q_DECLARE_TR_FUNCTIONS(Inspector)
};

/// Names of the rows the render library gives for the ground, translated where they are known.
const char* const kKnownNames[] = {
    QT_TRANSLATE_NOOP("Inspector", "easting"), QT_TRANSLATE_NOOP("Inspector", "northing"),
    QT_TRANSLATE_NOOP("Inspector", "elevation"), QT_TRANSLATE_NOOP("Inspector", "Terrain"),
    QT_TRANSLATE_NOOP("Inspector", "Ground")};

QString known(const std::string& name) {
    for (const char* k : kKnownNames)
        if (name == k) return T::tr(k);
    return QString::fromStdString(name);
}

QString number(double v, int digits) {
    if (std::isnan(v)) return T::tr("no data");
    return QString::number(v, 'g', digits);
}

}  // namespace

InspectorContent inspectorContent(const render::Scene& scene, const render::PickResult& pick) {
    InspectorContent c;
    if (!pick.hit) return c;
    const render::LayerInfo* info = scene.layerInfo(pick.layerId);
    const core::CityModel* model = scene.content().model.get();
    const auto i = static_cast<std::size_t>(std::max(0L, pick.feature));
    if (info) c.layerName = QString::fromStdString(info->name);
    if (info && pick.feature >= 0 && info->kind == render::LayerKind::Buildings && model &&
        i < model->buildings.size()) {
        const core::Building& b = model->buildings[i];
        c.title = T::tr("Building %1").arg(QString::fromStdString(b.id));
        c.rows.push_back({T::tr("id"), QString::fromStdString(b.id), {}});
        c.rows.push_back({T::tr("height"), number(b.heightM, 4), "m"});
        c.rows.push_back({T::tr("height from"), QString::fromUtf8(core::toString(b.heightSource)), {}});
        if (!std::isnan(b.levels)) c.rows.push_back({T::tr("floors"), number(b.levels, 4), {}});
        c.rows.push_back({T::tr("base elevation"), number(b.baseM, 6), "m"});
        c.rows.push_back(
            {T::tr("footprint area"), number(core::area(b.footprint), 5), QString::fromUtf8("m²")});
        for (std::size_t k = 0; k < model->buildingFields.size() && k < b.attributes.size(); ++k) {
            const QString v = attributeText(b.attributes[k]);
            if (!v.isEmpty())
                c.rows.push_back({QString::fromStdString(model->buildingFields[k].name), v, {}});
        }
        return c;
    }
    if (info && pick.feature >= 0 && info->kind == render::LayerKind::Roads && model &&
        i < model->roads.size()) {
        const core::Road& r = model->roads[i];
        c.title = T::tr("Road %1").arg(QString::fromStdString(r.name.empty() ? r.id : r.name));
        c.rows.push_back({T::tr("id"), QString::fromStdString(r.id), {}});
        if (!r.name.empty()) c.rows.push_back({T::tr("name"), QString::fromStdString(r.name), {}});
        c.rows.push_back({T::tr("class"), QString::fromStdString(r.roadClass), {}});
        c.rows.push_back({T::tr("lanes"), QString::number(r.lanes), {}});
        c.rows.push_back({T::tr("speed limit"), number(r.speedKmh, 4), "km/h"});
        c.rows.push_back({T::tr("one-way"), QString::fromUtf8(core::toString(r.oneway)), {}});
        c.rows.push_back({T::tr("length"), number(core::length(r.line), 5), "m"});
        for (std::size_t k = 0; k < model->roadFields.size() && k < r.attributes.size(); ++k) {
            const QString v = attributeText(r.attributes[k]);
            if (!v.isEmpty()) c.rows.push_back({QString::fromStdString(model->roadFields[k].name), v, {}});
        }
        return c;
    }
    const render::OutputData* data = info ? scene.layerData(pick.layerId) : nullptr;
    if (data && data->vector && pick.feature >= 0 && i < data->vector->features.size()) {
        const core::VectorLayer& v = *data->vector;
        const core::VectorFeature& f = v.features[i];
        // A feature is named by its fid, the id it has in its file (GeoPackage fids start at 1), not by where
        // it sits in the layer.
        c.title = f.fid >= 0
                      ? T::tr("%1, fid %2").arg(c.layerName).arg(static_cast<qlonglong>(f.fid))
                      : T::tr("%1, feature %2 of %3").arg(c.layerName).arg(i + 1).arg(v.features.size());
        if (f.fid >= 0) c.rows.push_back({"fid", QString::number(static_cast<qlonglong>(f.fid)), {}});
        const std::string styled = scene.style(pick.layerId).attribute;
        for (std::size_t k = 0; k < v.fields.size(); ++k) {
            const std::string& name = v.fields[k].name;
            c.rows.push_back({QString::fromStdString(name), attributeText(f.attribute(static_cast<int>(k))),
                              name == styled ? QString::fromStdString(info->unit) : QString()});
        }
        if (f.kind == core::GeometryKind::Polygon)
            c.rows.push_back({T::tr("area"), number(core::area(f.polygons), 5), QString::fromUtf8("m²")});
        return c;
    }
    // The ground and draped grids: the render library's rows (values under the point of every visible
    // raster).
    c.title = known(pick.title);
    if (pick.layerId == "terrain") c.layerName.clear();
    for (const render::PickRow& row : pick.rows)
        c.rows.push_back(
            {known(row.name), QString::fromStdString(row.value), QString::fromStdString(row.unit)});
    return c;
}

void showInspector(QTreeWidget* tree, const InspectorContent& c) {
    tree->clear();
    if (c.title.isEmpty() && c.rows.empty()) return;
    auto* title = new QTreeWidgetItem(tree, {c.title});
    QFont f = title->font(0);
    f.setBold(true);
    title->setFont(0, f);
    title->setFirstColumnSpanned(true);
    if (!c.layerName.isEmpty()) new QTreeWidgetItem(tree, {T::tr("layer"), c.layerName, {}});
    for (const InspectorRow& r : c.rows) {
        auto* item = new QTreeWidgetItem(tree, {r.name, r.value, r.unit});
        item->setToolTip(1, r.value);
    }
}

}  // namespace citytwin::gui
