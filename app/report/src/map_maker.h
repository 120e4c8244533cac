#pragma once
// Map images for the briefing, drawn by the render library (citytwin/render/scene.h) on the scenario's city
// model: the layers asked for plus the model's own (terrain, buildings, roads), north up from above, with the
// render library's legend, scale bar, north arrow and data credit.

#include <QImage>
#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/results.h"

namespace citytwin::render {
struct SceneContent;
}

namespace citytwin::report::detail {

/// One layer of a map: a unique id and the output it shows.
struct MapLayer {
    std::string id;
    std::string name;
    std::string group;
    const core::OutputData* output = nullptr;
};

class MapMaker {
public:
    /// Loads the scenario and builds its city model and scene content.
    /// @throws core::Error as core::loadScenario / buildCityModel.
    explicit MapMaker(const std::string& scenarioFile);
    ~MapMaker();

    /// Renders the layers over the model at width x height pixels (series at their last frame). Null image
    /// with a message in `error` on failure.
    QImage render(const std::vector<MapLayer>& layers, int width, int height, const std::string& attribution,
                  std::string* error) const;
    /// The scenario's data credit line ("" when none).
    const std::string& attribution() const { return attribution_; }
    const std::string& crs() const { return crs_; }

private:
    std::unique_ptr<render::SceneContent> content_;
    std::string attribution_;
    std::string crs_;
};

}  // namespace citytwin::report::detail
