#include "citytwin/core/city_model.h"

namespace citytwin::core {

const char* toString(HeightSource source) {
    switch (source) {
        case HeightSource::HeightAttribute:
            return "height attribute";
        case HeightSource::Levels:
            return "levels x storey height";
        case HeightSource::SourceGeometry:
            return "3D geometry";
        case HeightSource::Default:
            return "default height";
    }
    return "?";
}

const char* toString(Oneway oneway) {
    switch (oneway) {
        case Oneway::No:
            return "no";
        case Oneway::Forward:
            return "yes";
        case Oneway::Backward:
            return "-1";
    }
    return "?";
}

std::size_t ImportReport::warningCount() const {
    std::size_t n = 0;
    for (const ImportMessage& m : messages)
        if (m.severity == ImportMessage::Severity::Warning) ++n;
    return n;
}

Box CityModel::buildingExtent() const {
    Box b;
    for (const Building& building : buildings)
        b.expand(bounds(building.footprint));
    return b;
}

Box CityModel::roadExtent() const {
    Box b;
    for (const Road& road : roads)
        b.expand(bounds(road.line));
    return b;
}

}  // namespace citytwin::core
