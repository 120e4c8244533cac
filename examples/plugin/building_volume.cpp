// Building volume statistics: a tiny but real CityTwin simulator, and the example of how to write one.
//
// For every building: footprint area, height and volume (area x height) and gross floor area
// (area x floors, floors = recorded levels or height / storey height). Outputs the buildings as a vector
// layer coloured by volume, a table of buildings per height class, and city totals as scalars.

#include <cmath>
#include <vector>

#include "citytwin/sdk/sdk.h"

namespace {

using namespace citytwin;

class BuildingVolume : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = "building_volume";
        d.info.name = "Building volume statistics";
        d.info.version = "1.0.0";
        d.info.summary = "Volume and gross floor area of every building, by height class and in total.";
        d.info.references = {
            "Gross floor area as in the Korean Building Act enforcement decree, art. 119 (simplified)"};

        sdk::ParamDecl storey;
        storey.id = "storey_height_m";
        storey.label = "Storey height";
        storey.help = "Height of one floor, to count floors where the data have none.";
        storey.type = sdk::ParamType::Real;
        storey.unit = "m";
        storey.defaultValue = 3.0;
        storey.min = 2.0;
        storey.max = 10.0;

        sdk::ParamDecl classes;
        classes.id = "class_width_m";
        classes.label = "Height class width";
        classes.help = "Width of the height classes of the summary table.";
        classes.type = sdk::ParamType::Real;
        classes.unit = "m";
        classes.defaultValue = 10.0;
        classes.min = 1.0;
        classes.max = 500.0;

        sdk::ParamDecl minHeight;
        minHeight.id = "min_height_m";
        minHeight.label = "Minimum height";
        minHeight.help = "Buildings lower than this are left out.";
        minHeight.type = sdk::ParamType::Real;
        minHeight.unit = "m";
        minHeight.defaultValue = 0.0;
        minHeight.min = 0.0;
        minHeight.max = 1000.0;
        minHeight.advanced = true;
        d.parameters = {storey, classes, minHeight};

        d.outputs = {
            {"buildings",
             "Buildings by volume",
             sdk::OutputKind::Vector,
             "m3",
             "Footprints with area_m2, height_m, floors, volume_m3 and floor_area_m2.",
             {"magma", 0, 0, "volume_m3", -1e300, ""}},
            {"height_classes",
             "Buildings per height class",
             sdk::OutputKind::Table,
             "",
             "Count, footprint area and volume per height class.",
             {}},
            {"total_volume",
             "Total building volume",
             sdk::OutputKind::Scalar,
             "m3",
             "Sum of all volumes.",
             {}},
            {"total_floor_area",
             "Total gross floor area",
             sdk::OutputKind::Scalar,
             "m2",
             "Sum of all floor areas.",
             {}},
        };
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet&) const override {
        if (model.buildings.empty()) return {{"building_volume", {}, "the city model has no buildings"}};
        return {};
    }

    void run(const core::CityModel& model, const sdk::ParameterSet& params,
             sdk::RunContext& ctx) const override {
        const double storey = params.getReal("storey_height_m");
        const double width = params.getReal("class_width_m");
        const double minHeight = params.getReal("min_height_m");

        core::VectorLayer layer;
        layer.crs = model.crs;
        for (const char* f : {"id"})
            layer.fields.ensure(f, core::FieldType::String);
        for (const char* f : {"area_m2", "height_m", "floors", "volume_m3", "floor_area_m2"})
            layer.fields.ensure(f, core::FieldType::Real);

        std::vector<std::int64_t> count;
        std::vector<double> areaByClass, volumeByClass;
        double totalVolume = 0.0, totalFloor = 0.0;
        const std::size_t n = model.buildings.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 1000 == 0) {
                if (ctx.isCancelled()) return;
                ctx.progress(static_cast<double>(i) / static_cast<double>(n), "measuring buildings");
            }
            const core::Building& b = model.buildings[i];
            if (b.heightM < minHeight) continue;
            const double area = core::area(b.footprint);
            const double floors =
                std::isfinite(b.levels) ? b.levels : std::max(1.0, std::round(b.heightM / storey));
            const double volume = area * b.heightM;
            const double floorArea = area * floors;
            totalVolume += volume;
            totalFloor += floorArea;
            const auto cls = static_cast<std::size_t>(b.heightM / width);
            if (cls >= count.size()) {
                count.resize(cls + 1, 0);
                areaByClass.resize(cls + 1, 0.0);
                volumeByClass.resize(cls + 1, 0.0);
            }
            ++count[cls];
            areaByClass[cls] += area;
            volumeByClass[cls] += volume;

            core::VectorFeature f;
            f.kind = core::GeometryKind::Polygon;
            f.polygons = b.footprint;
            f.attributes = {b.id, area, b.heightM, floors, volume, floorArea};
            layer.features.push_back(std::move(f));
        }
        if (!ctx.emitVector("buildings", layer)) return;

        sdk::Table t;
        t.columns = {{"height_from", "m"},
                     {"height_to", "m"},
                     {"buildings", ""},
                     {"footprint_area", "m2"},
                     {"volume", "m3"}};
        for (std::size_t c = 0; c < count.size(); ++c)
            t.rows.push_back({static_cast<double>(c) * width, static_cast<double>(c + 1) * width, count[c],
                              areaByClass[c], volumeByClass[c]});
        if (!ctx.emitTable("height_classes", t)) return;
        ctx.emitScalar("total_volume", totalVolume);
        ctx.emitScalar("total_floor_area", totalFloor);
        ctx.progress(1.0, "done");
    }
};

}  // namespace

CITYTWIN_PLUGIN(BuildingVolume)
