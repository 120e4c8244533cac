#pragma once
/// @file camera.h
/// Camera presets and camera files. Plain C++: no VTK types.
///
/// A camera file is JSON in the project CRS (easting, northing, elevation [m]; elevations as displayed, i.e.
/// multiplied by the vertical exaggeration):
///     {"position": [382300, 6354100, 650], "focal_point": [382410, 6354450, 30],
///      "view_up": [0, 0, 1], "view_angle": 30, "vertical_exaggeration": 1.0}
/// `view_up` (default [0,0,1]), `view_angle` (default 30 degrees) and `vertical_exaggeration` (default: keep)
/// are optional.

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::render {

/// Where the camera is, in the project CRS [m].
struct CameraState {
    std::array<double, 3> position{0, 0, 1};
    std::array<double, 3> focalPoint{0, 0, 0};
    std::array<double, 3> viewUp{0, 0, 1};
    double viewAngle = 30.0;                     ///< vertical field of view [degrees]
    std::optional<double> verticalExaggeration;  ///< set when the file names one
};

/// Standard views framing the whole scene.
enum class CameraPreset {
    Default,  ///< oblique view from the south-south-west, 35 degrees above the horizon
    Top,      ///< straight down, north up
    North,    ///< oblique, from the north looking south
    South,    ///< oblique, from the south looking north
    East,     ///< oblique, from the east looking west
    West,     ///< oblique, from the west looking east
};

/// "default", "top", "north", "south", "east", "west" (and back); nullopt for other names.
std::optional<CameraPreset> cameraPresetFromName(const std::string& name);
const char* toString(CameraPreset preset);
/// All preset names, for usage texts.
std::vector<std::string> cameraPresetNames();

/// Reads a camera file. @throws core::Error: FileNotFound, FileFormat (naming the file and the key).
CameraState readCameraFile(const std::string& path);
/// Writes a camera file (atomically). @throws core::Error(Output).
void writeCameraFile(const CameraState& camera, const std::string& path);
/// The camera as JSON text (the camera-file format).
std::string cameraToJson(const CameraState& camera);

}  // namespace citytwin::render
