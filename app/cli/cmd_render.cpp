// citytwin-cli render: a briefing image of a scenario, optionally with the results of a run, rendered off
// screen (an X display is needed: Xvfb will do).

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/camera.h"
#include "citytwin/render/results.h"
#include "citytwin/render/scene.h"
#include "citytwin/render/vtk_log.h"
#include "citytwin/core/text.h"
#include "commands.h"
#include "progress_bar.h"

namespace citytwin::cli {

namespace {

void parseSize(const std::string& text, int& w, int& h) {
    const auto x = text.find('x');
    char* end = nullptr;
    if (x != std::string::npos) {
        const long a = std::strtol(text.substr(0, x).c_str(), &end, 10);
        const bool okA = end && *end == '\0';
        const long b = std::strtol(text.substr(x + 1).c_str(), &end, 10);
        if (okA && end && *end == '\0' && a >= 16 && b >= 16 && a <= 16384 && b <= 16384) {
            w = static_cast<int>(a);
            h = static_cast<int>(b);
            return;
        }
    }
    usageError("--size expects WIDTHxHEIGHT with 16 to 16384 pixels a side, e.g. 3840x2160; got '" + text +
               "'");
}

}  // namespace

int cmdRender(const Args& args) {
    std::string scenarioPath, resultsDir, camera = "default", out, title, attribution, timeText = "last",
                                          saveCamera;
    std::vector<std::string> show, hide;
    int width = 1920, height = 1080;
    double exaggeration = 1.0;
    bool decorations = true, titleSet = false, attributionSet = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--results")
            resultsDir = optionValue(args, i);
        else if (a == "--camera")
            camera = optionValue(args, i);
        else if (a == "--size")
            parseSize(optionValue(args, i), width, height);
        else if (a == "--out")
            out = optionValue(args, i);
        else if (a == "--title") {
            title = optionValue(args, i);
            titleSet = true;
        } else if (a == "--attribution") {
            attribution = optionValue(args, i);
            attributionSet = true;
        } else if (a == "--time")
            timeText = optionValue(args, i);
        else if (a == "--show")
            show = core::splitList(optionValue(args, i));
        else if (a == "--hide")
            hide = core::splitList(optionValue(args, i));
        else if (a == "--exaggeration") {
            const std::string& v = optionValue(args, i);
            char* end = nullptr;
            exaggeration = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(exaggeration > 0) || exaggeration > 100)
                usageError("--exaggeration expects a number in (0, 100], got '" + v + "'");
        } else if (a == "--no-decorations")
            decorations = false;
        else if (a == "--save-camera")
            saveCamera = optionValue(args, i);
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for render");
        else if (scenarioPath.empty())
            scenarioPath = a;
        else
            usageError("render takes one scenario, got '" + scenarioPath + "' and '" + a + "'");
    }
    if (scenarioPath.empty()) usageError("render needs a scenario file");
    if (out.empty()) usageError("render needs --out image.png");
    if (std::getenv("DISPLAY") == nullptr || std::string(std::getenv("DISPLAY")).empty())
        throw core::Error(core::ErrorCode::Usage,
                          "render needs an X display for OpenGL; without one run it under Xvfb: "
                          "xvfb-run -a -s \"-screen 0 1920x1080x24\" citytwin-cli render ...");

    // VTK's messages go to stderr with our prefix; errors fail the command.
    std::mutex vtkMutex;
    std::vector<std::string> vtkErrors;
    render::routeVtkMessages([&](render::VtkMessageLevel level, const std::string& msg) {
        std::lock_guard<std::mutex> lock(vtkMutex);
        if (level == render::VtkMessageLevel::Error) vtkErrors.push_back(msg);
        if (level != render::VtkMessageLevel::Text) std::cerr << "citytwin-cli: VTK: " << msg << "\n";
    });

    std::optional<render::CameraPreset> preset = render::cameraPresetFromName(camera);
    std::optional<render::CameraState> cameraFile;
    if (!preset) {
        if (!std::filesystem::exists(camera)) {
            std::string names;
            for (const std::string& n : render::cameraPresetNames())
                names += (names.empty() ? "" : ", ") + n;
            usageError("--camera '" + camera + "' is neither a preset (" + names +
                       ") nor an existing camera file");
        }
        cameraFile = render::readCameraFile(camera);
    }

    const core::Scenario scenario = core::loadScenario(scenarioPath);
    std::vector<render::RunResults> runs;
    if (!resultsDir.empty()) runs = render::readRunDirectory(resultsDir);
    ProgressBar bar("city model");
    core::BuildOptions bo;
    bo.progress = [&](double f, const std::string& stage) {
        bar.update(f * 0.6, stage);
        return true;
    };
    auto model = std::make_shared<const core::CityModel>(core::buildCityModel(scenario, bo));
    render::SceneContent content = render::buildSceneContent(model, [&](double f, const std::string& stage) {
        bar.update(0.6 + 0.4 * f, stage);
        return true;
    });
    bar.finish("loaded");

    render::Scene scene;
    scene.setContent(content);
    std::string shownLabel;
    for (const render::RunResults& run : runs) {
        const std::vector<bool> visible = render::defaultVisibility(run);
        for (std::size_t k = 0; k < run.outputs.size(); ++k) {
            const render::OutputData& o = run.outputs[k];
            if (!render::isDrawable(o)) continue;
            const std::string id = run.simulator + "." + o.decl.id;
            bool on = visible[k];
            if (!show.empty()) on = std::find(show.begin(), show.end(), id) != show.end();
            scene.addLayer(render::buildLayer(content, id, o.decl.label.empty() ? o.decl.id : o.decl.label,
                                              run.label, o),
                           on);
            if (on && shownLabel.empty() && o.decl.kind != sdk::OutputKind::Vector)
                shownLabel = o.decl.label.empty() ? o.decl.id : o.decl.label;
        }
    }
    for (const std::string& id : show)
        if (!scene.layerInfo(id)) usageError("--show '" + id + "': no such output in " + resultsDir);
    for (const std::string& id : hide) {
        if (!scene.layerInfo(id)) {
            std::string ids;
            for (const render::LayerInfo& l : scene.layers())
                ids += (ids.empty() ? "" : ", ") + l.id;
            usageError("--hide '" + id + "': no such layer (layers: " + ids + ")");
        }
        render::LayerStyle st = scene.style(id);
        st.visible = false;
        scene.setStyle(id, st);
    }

    const std::vector<double> times = scene.frameTimes();
    if (!times.empty()) {
        double t = times.back();
        if (timeText != "last") {
            char* end = nullptr;
            t = std::strtod(timeText.c_str(), &end);
            if (timeText.empty() || *end != '\0')
                usageError("--time expects seconds or 'last', got '" + timeText + "'");
        }
        scene.setTime(t);
    }
    scene.setVerticalExaggeration(exaggeration);
    if (cameraFile)
        scene.setCameraState(*cameraFile);
    else
        scene.applyCameraPreset(*preset, static_cast<double>(width) / height);
    if (!titleSet) title = model->name + (shownLabel.empty() ? "" : " — " + shownLabel);
    if (!attributionSet) {
        attribution = render::dataAttribution(scenarioPath);
        attribution =
            "CityTwin · " + model->crs.describe() + (attribution.empty() ? "" : " · " + attribution);
    }
    scene.setTitle(title);
    scene.setAttribution(attribution);
    scene.setDecorations(decorations, decorations, decorations);
    if (!saveCamera.empty()) render::writeCameraFile(scene.cameraState(), saveCamera);

    std::string error;
    if (!render::renderToPng(scene, out, width, height, &error))
        throw core::Error(core::ErrorCode::Output, error);
    if (!vtkErrors.empty())
        throw core::Error(core::ErrorCode::Internal,
                          "VTK reported " + std::to_string(vtkErrors.size()) +
                              " error(s) while rendering; first: " + vtkErrors.front());
    std::cout << "wrote " << out << " (" << width << " x " << height << ")\n";
    return 0;
}

}  // namespace citytwin::cli
