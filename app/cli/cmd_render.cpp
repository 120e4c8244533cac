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
#include "citytwin/core/text.h"
#include "citytwin/render/camera.h"
#include "citytwin/render/fonts.h"
#include "citytwin/render/format.h"
#include "citytwin/render/results.h"
#include "citytwin/render/scene.h"
#include "citytwin/render/style_file.h"
#include "citytwin/render/vtk_log.h"
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

double parseNumber(const std::string& option, const std::string& text, double lo, double hi) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= lo && v <= hi))
        usageError(option + " expects a number from " + render::formatPlain(lo) + " to " +
                   render::formatPlain(hi) + ", got '" + text + "'");
    return v;
}

/// LAYER=ATTRIBUTE
std::pair<std::string, std::string> parseAssignment(const std::string& option, const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        usageError(option + " expects LAYER=ATTRIBUTE (e.g. roads=name), got '" + text + "'");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

/// Adds the drawable outputs of run folders to a scene; returns the label of the first raster shown.
std::string addRuns(render::Scene& scene, const render::SceneContent& content,
                    const std::vector<render::RunResults>& runs, const std::vector<std::string>& show,
                    const std::string& resultsDir) {
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
    return shownLabel;
}

}  // namespace

int cmdRender(const Args& args) {
    std::string scenarioPath, resultsDir, compareDir, camera = "default", out, title, attribution,
                                                      timeText = "last", saveCamera, styleFile, animation,
                                                      font, locale, subtitle;
    std::vector<std::string> show, hide;
    std::vector<std::pair<std::string, std::string>> labels;
    int width = 1920, height = 1080, fps = 4;
    double exaggeration = 1.0, scale = 0.0, dpi = 0.0, titleCard = 2.0;
    bool decorations = true, titleSet = false, attributionSet = false, mapMode = false, inset = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--results")
            resultsDir = optionValue(args, i);
        else if (a == "--compare")
            compareDir = optionValue(args, i);
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
        else if (a == "--exaggeration")
            exaggeration = parseNumber(a, optionValue(args, i), 0.01, 100.0);
        else if (a == "--no-decorations")
            decorations = false;
        else if (a == "--save-camera")
            saveCamera = optionValue(args, i);
        else if (a == "--map")
            mapMode = true;
        else if (a == "--inset")
            inset = true;
        else if (a == "--label")
            labels.push_back(parseAssignment(a, optionValue(args, i)));
        else if (a == "--style")
            styleFile = optionValue(args, i);
        else if (a == "--scale")
            scale = parseNumber(a, optionValue(args, i), 0.3, 12.0);
        else if (a == "--dpi")
            dpi = parseNumber(a, optionValue(args, i), 30.0, 1200.0);
        else if (a == "--font")
            font = optionValue(args, i);
        else if (a == "--locale")
            locale = optionValue(args, i);
        else if (a == "--animate")
            animation = optionValue(args, i);
        else if (a == "--fps")
            fps = static_cast<int>(parseNumber(a, optionValue(args, i), 1, 60));
        else if (a == "--title-card")
            titleCard = parseNumber(a, optionValue(args, i), 0, 30);
        else if (a == "--subtitle")
            subtitle = optionValue(args, i);
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for render");
        else if (scenarioPath.empty())
            scenarioPath = a;
        else
            usageError("render takes one scenario, got '" + scenarioPath + "' and '" + a + "'");
    }
    if (scenarioPath.empty()) usageError("render needs a scenario file");
    if (out.empty() && animation.empty()) usageError("render needs --out image.png (or --animate video.mp4)");
    if (!compareDir.empty() && resultsDir.empty()) usageError("--compare needs --results (A) as well (B)");
    if (!compareDir.empty() && !animation.empty())
        usageError("--compare draws one image; it cannot be animated");
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

    render::setNumberLocale(locale.empty() ? render::NumberLocale::fromEnvironment()
                                           : render::NumberLocale::fromName(locale));
    if (!font.empty()) {
        if (!std::filesystem::exists(font)) usageError("--font '" + font + "': no such file");
        render::setMapFont(font);
    }
    if (const render::MapFonts f = render::mapFonts(); !f.warning.empty())
        std::cerr << "citytwin-cli: warning: " << f.warning << "\n";

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
    const std::string shownLabel = addRuns(scene, content, runs, show, resultsDir);
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

    for (const auto& [layer, attr] : labels) {
        const render::LayerInfo* info = scene.layerInfo(layer);
        if (!info) usageError("--label '" + layer + "': no such layer");
        if (!attr.empty() && std::find(info->labelAttributes.begin(), info->labelAttributes.end(), attr) ==
                                 info->labelAttributes.end()) {
            std::string names;
            for (const std::string& n : info->labelAttributes)
                names += (names.empty() ? "" : ", ") + n;
            usageError("--label " + layer + "=" + attr +
                       ": the layer has no such attribute (it has: " + names + ")");
        }
        render::LayerStyle st = scene.style(layer);
        st.labelAttribute = attr;
        scene.setStyle(layer, st);
    }
    if (!styleFile.empty())
        for (const std::string& key : render::applyStyleFile(scene, styleFile))
            std::cerr << "citytwin-cli: warning: " << styleFile << ": no layer '" << key
                      << "' in this scene\n";

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
    if (!animation.empty() && times.empty())
        usageError("--animate: nothing changes over time (no raster series is shown)");
    scene.setVerticalExaggeration(exaggeration);
    scene.setMapMode(mapMode);
    scene.setInset(inset);
    const double aspect = static_cast<double>(width) / (compareDir.empty() ? height : 2.0 * height);
    if (cameraFile)
        scene.setCameraState(*cameraFile);
    else
        scene.applyCameraPreset(*preset, aspect);
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

    render::ExportOptions options;
    options.width = width;
    options.height = height;
    options.scale = scale;
    options.dpi = dpi;
    std::string error;
    if (!animation.empty()) {
        render::AnimationOptions a;
        a.image = options;
        a.times = times;
        a.framesPerSecond = fps;
        a.titleCardSeconds = titleCard;
        a.subtitle = subtitle.empty()
                         ? (runs.empty() ? model->name : runs.front().label + " · " + model->name)
                         : subtitle;
        ProgressBar frames("animation");
        const core::Progress progress([&](double f, const std::string& stage) { frames.update(f, stage); },
                                      {});
        if (!render::renderAnimation(scene, animation, a, &error, progress))
            throw core::Error(core::ErrorCode::Output, error);
        frames.finish("written");
        std::cout << "wrote " << animation << " (" << times.size() << " frames at " << fps << " frames/s)\n";
    }
    if (!out.empty()) {
        if (!compareDir.empty()) {
            // B beside A, the same camera, each with its own legends.
            const std::vector<render::RunResults> runsB = render::readRunDirectory(compareDir);
            render::Scene b;
            b.setContent(content);
            const std::string labelB = addRuns(b, content, runsB, show, compareDir);
            for (const std::string& id : hide)
                if (b.layerInfo(id)) {
                    render::LayerStyle st = b.style(id);
                    st.visible = false;
                    b.setStyle(id, st);
                }
            if (!styleFile.empty()) render::applyStyleFile(b, styleFile);
            if (!times.empty()) b.setTime(scene.time());
            b.setVerticalExaggeration(exaggeration);
            b.setMapMode(mapMode);
            b.setInset(inset);
            b.setTitle((runsB.empty() ? std::string("B") : runsB.front().label) +
                       (labelB.empty() ? "" : " — " + labelB));
            scene.setTitle((runs.empty() ? std::string("A") : runs.front().label) +
                           (shownLabel.empty() ? "" : " — " + shownLabel));
            b.setDecorations(decorations, false, false);
            b.setAttribution(attribution);
            scene.setAttribution("");
            if (!render::renderSideBySide(scene, b, out, options, &error))
                throw core::Error(core::ErrorCode::Output, error);
        } else if (!render::renderToPng(scene, out, options, &error)) {
            throw core::Error(core::ErrorCode::Output, error);
        }
    }
    if (!vtkErrors.empty())
        throw core::Error(core::ErrorCode::Internal,
                          "VTK reported " + std::to_string(vtkErrors.size()) +
                              " error(s) while rendering; first: " + vtkErrors.front());
    if (!out.empty()) std::cout << "wrote " << out << " (" << width << " x " << height << ")\n";
    return 0;
}

}  // namespace citytwin::cli
