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

/// Parameters, declared once as typed handles: the CLI, the viewer's form, `describe` and the README table are
/// generated from these, and the host checks every value against them before run() sees it.
struct Params {
    sdk::ParamList list;
    sdk::RealParam storey = list.real("storey_height_m").label("Storey height")
                                .help("Height of one floor, to count floors where the data have none.")
                                .unit("m").range({2.0, 10.0}).byDefault(3.0);
    sdk::RealParam classWidth = list.real("class_width_m").label("Height class width")
                                    .help("Width of the height classes of the summary table.")
                                    .unit("m").range({1.0, 500.0}).byDefault(10.0);
    sdk::RealParam minHeight = list.real("min_height_m").label("Minimum height")
                                   .help("Buildings lower than this are left out.").unit("m")
                                   .range({0.0, 1000.0}).byDefault(0.0).advanced();
};

/// Outputs, with how the viewer should draw them.
struct Outputs {
    sdk::OutputList list;
    sdk::VectorOutput buildings =
        list.vector("buildings").label("Buildings by volume").unit("m3")
            .description("Footprints with area_m2, height_m, floors, volume_m3 and floor_area_m2.")
            .style(sdk::Style::extruded("volume_m3", "magma"));
    sdk::TableOutput heightClasses = list.table("height_classes").label("Buildings per height class")
                                         .description("Count, footprint area and volume per height class.");
    sdk::ScalarOutput totalVolume =
        list.scalar("total_volume").label("Total building volume").unit("m3").description("Sum of all volumes.");
    sdk::ScalarOutput totalFloorArea = list.scalar("total_floor_area").label("Total gross floor area").unit("m2")
                                           .description("Sum of all floor areas.");
};

const Params& P() {
    static const Params p;
    return p;
}
const Outputs& O() {
    static const Outputs o;
    return o;
}

class BuildingVolume : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = "building_volume";
        d.info.name = "Building volume statistics";
        d.info.version = "1.1.0";
        d.info.summary = "Volume and gross floor area of every building, by height class and in total.";
        d.info.references = {"Gross floor area as in the Korean Building Act enforcement decree, art. 119 (simplified)"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model, const sdk::ParameterSet&) const override {
        if (model.buildings.empty()) return {{"building_volume", {}, "the city model has no buildings"}};
        return {};
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& params, sdk::RunContext& ctx) const override {
        const double storey = params[P().storey];
        const double width = params[P().classWidth];
        const double minHeight = params[P().minHeight];

        core::VectorLayer layer;
        layer.crs = model.crs;
        layer.fields.ensure("id", core::FieldType::String);
        for (const char* f : {"area_m2", "height_m", "floors", "volume_m3", "floor_area_m2"})
            layer.fields.ensure(f, core::FieldType::Real);

        std::vector<std::int64_t> count;
        std::vector<double> areaByClass, volumeByClass;
        double totalVolume = 0.0, totalFloor = 0.0;
        const std::size_t n = model.buildings.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 1000 == 0) {
                if (ctx.isCancelled()) return sdk::Outcome::Cancelled;  // say so: the host trusts this
                ctx.progress(static_cast<double>(i) / static_cast<double>(n), "measuring buildings");
            }
            const core::Building& b = model.buildings[i];
            if (b.heightM < minHeight) continue;
            const double area = core::area(b.footprint);
            const double floors = std::isfinite(b.levels) ? b.levels : std::max(1.0, std::round(b.heightM / storey));
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
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        if (!ctx.output(O().buildings, layer)) return sdk::Outcome::Completed;  // the host reports the failure

        sdk::Table t;
        t.columns = {{"height_from", "m"}, {"height_to", "m"}, {"buildings", ""}, {"footprint_area", "m2"}, {"volume", "m3"}};
        for (std::size_t c = 0; c < count.size(); ++c)
            t.rows.push_back({static_cast<double>(c) * width, static_cast<double>(c + 1) * width, count[c], areaByClass[c],
                              volumeByClass[c]});
        if (!ctx.output(O().heightClasses, t)) return sdk::Outcome::Completed;
        ctx.output(O().totalVolume, totalVolume);
        ctx.output(O().totalFloorArea, totalFloor);
        ctx.progress(1.0, "done");
        return sdk::Outcome::Completed;
    }
};

}  // namespace

CITYTWIN_PLUGIN(BuildingVolume)
