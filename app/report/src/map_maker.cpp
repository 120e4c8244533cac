#include "map_maker.h"

#include <QTemporaryDir>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/results.h"
#include "citytwin/render/scene.h"

namespace citytwin::report::detail {

MapMaker::MapMaker(const std::string& scenarioFile) {
    const core::Scenario scenario = core::loadScenario(scenarioFile);
    auto model =
        std::make_shared<const core::CityModel>(core::buildCityModel(scenario, core::BuildOptions{}));
    crs_ = model->crs.describe();
    content_ = std::make_unique<render::SceneContent>(render::buildSceneContent(model));
    attribution_ = render::dataAttribution(scenarioFile);
}

MapMaker::~MapMaker() = default;

QImage MapMaker::render(const std::vector<MapLayer>& layers, int width, int height,
                        const std::string& attribution, std::string* error) const {
    try {
        render::Scene scene;
        scene.setContent(*content_);
        for (const MapLayer& l : layers)
            scene.addLayer(render::buildLayer(*content_, l.id, l.name, l.group, *l.output), true);
        const std::vector<double> times = scene.frameTimes();
        if (!times.empty()) scene.setTime(times.back());
        scene.applyCameraPreset(render::CameraPreset::Top, static_cast<double>(width) / height);
        // The page carries the title in the report's language; the image keeps legend, scale and credit.
        scene.setTitle("");
        scene.setAttribution(attribution);
        scene.setDecorations(true, true, true);
        QTemporaryDir dir;
        if (!dir.isValid()) {
            if (error) *error = "cannot make a temporary folder for the map image";
            return {};
        }
        const std::string png = dir.filePath("map.png").toStdString();
        if (!render::renderToPng(scene, png, width, height, error)) return {};
        QImage img(QString::fromStdString(png));
        if (img.isNull() && error) *error = "the rendered map image could not be read back";
        return img;
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return {};
    }
}

}  // namespace citytwin::report::detail
