// Camera presets and camera files.

#include "citytwin/render/camera.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/error.h"

namespace citytwin::render {

namespace {
const std::pair<CameraPreset, const char*> kPresets[] = {
    {CameraPreset::Default, "default"}, {CameraPreset::Top, "top"},   {CameraPreset::North, "north"},
    {CameraPreset::South, "south"},     {CameraPreset::East, "east"}, {CameraPreset::West, "west"},
};
}  // namespace

std::optional<CameraPreset> cameraPresetFromName(const std::string& name) {
    for (const auto& [preset, text] : kPresets)
        if (name == text) return preset;
    return std::nullopt;
}

const char* toString(CameraPreset preset) {
    for (const auto& [p, text] : kPresets)
        if (p == preset) return text;
    return "default";
}

std::vector<std::string> cameraPresetNames() {
    std::vector<std::string> out;
    for (const auto& [p, text] : kPresets)
        out.emplace_back(text);
    return out;
}

CameraState readCameraFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the camera file");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const std::exception& e) {
        throw core::fileError(core::ErrorCode::FileFormat, path, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw core::fileError(core::ErrorCode::FileFormat, path, "a camera file is a JSON object");
    const auto vec3 = [&](const char* key, bool required, std::array<double, 3> fallback) {
        if (!j.contains(key)) {
            if (required)
                throw core::fileError(core::ErrorCode::FileFormat, path,
                                      std::string("'") + key + "' is missing");
            return fallback;
        }
        const auto& v = j.at(key);
        if (!v.is_array() || v.size() != 3 || !v[0].is_number() || !v[1].is_number() || !v[2].is_number())
            throw core::fileError(core::ErrorCode::FileFormat, path,
                                  std::string("'") + key + "' must be an array of three numbers");
        return std::array<double, 3>{v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
    };
    for (const auto& [key, value] : j.items()) {
        (void)value;
        if (key != "position" && key != "focal_point" && key != "view_up" && key != "view_angle" &&
            key != "vertical_exaggeration")
            throw core::fileError(
                core::ErrorCode::FileFormat, path,
                "unknown key '" + key +
                    "' (known: position, focal_point, view_up, view_angle, vertical_exaggeration)");
    }
    CameraState c;
    c.position = vec3("position", true, {});
    c.focalPoint = vec3("focal_point", true, {});
    c.viewUp = vec3("view_up", false, {0, 0, 1});
    if (j.contains("view_angle")) {
        if (!j["view_angle"].is_number() || j["view_angle"].get<double>() <= 1 ||
            j["view_angle"].get<double>() >= 120)
            throw core::fileError(core::ErrorCode::FileFormat, path,
                                  "'view_angle' must be a number of degrees in (1, 120)");
        c.viewAngle = j["view_angle"].get<double>();
    }
    if (j.contains("vertical_exaggeration")) {
        if (!j["vertical_exaggeration"].is_number() || j["vertical_exaggeration"].get<double>() <= 0)
            throw core::fileError(core::ErrorCode::FileFormat, path,
                                  "'vertical_exaggeration' must be a positive number");
        c.verticalExaggeration = j["vertical_exaggeration"].get<double>();
    }
    if (c.position == c.focalPoint)
        throw core::fileError(core::ErrorCode::FileFormat, path,
                              "'position' and 'focal_point' are the same point");
    return c;
}

std::string cameraToJson(const CameraState& c) {
    nlohmann::ordered_json j;
    j["position"] = c.position;
    j["focal_point"] = c.focalPoint;
    j["view_up"] = c.viewUp;
    j["view_angle"] = c.viewAngle;
    if (c.verticalExaggeration) j["vertical_exaggeration"] = *c.verticalExaggeration;
    return j.dump(2) + "\n";
}

void writeCameraFile(const CameraState& camera, const std::string& path) {
    core::writeFileAtomically(path, cameraToJson(camera));
}

}  // namespace citytwin::render
