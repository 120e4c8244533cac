// Off-screen renders of a scene: PNG images at any size and animations of series.

#include <vtkOggTheoraWriter.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "citytwin/render/scene.h"

namespace citytwin::render {

namespace {

bool checkSize(int width, int height, std::string* error) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384) {
        if (error)
            *error = "image size must be 16 to 16384 pixels a side, got " + std::to_string(width) + " x " +
                     std::to_string(height);
        return false;
    }
    return true;
}

/// An off-screen window with a copy of the scene, decorations scaled to the image height.
struct OffscreenRender {
    vtkSmartPointer<vtkRenderWindow> window = vtkSmartPointer<vtkRenderWindow>::New();
    Scene scene;
    vtkSmartPointer<vtkWindowToImageFilter> grab = vtkSmartPointer<vtkWindowToImageFilter>::New();

    OffscreenRender(const Scene& source, int width, int height) {
        window->SetOffScreenRendering(1);
        window->SetMultiSamples(0);
        window->SetSize(width, height);
        scene.copyFrom(source);
        scene.attach(window);
        scene.renderer()->UseFXAAOn();
        scene.setDecorationScale(std::clamp(height / 820.0, 0.45, 12.0));
        grab->SetInput(window);
        grab->SetInputBufferTypeToRGB();
        grab->ReadFrontBufferOff();
    }
    void render() {
        scene.prepareFinalRender();
        window->Render();
        grab->Modified();
        grab->Update();
    }
};

bool writePng(vtkWindowToImageFilter* grab, const std::string& path, std::string* error) {
    const std::string tmp = path + ".tmp.png";
    auto writer = vtkSmartPointer<vtkPNGWriter>::New();
    writer->SetFileName(tmp.c_str());
    writer->SetInputConnection(grab->GetOutputPort());
    writer->Write();
    std::error_code ec;
    if (writer->GetErrorCode() != 0 || !std::filesystem::exists(tmp, ec)) {
        std::filesystem::remove(tmp, ec);
        if (error) *error = path + ": cannot write the image";
        return false;
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        if (error) *error = path + ": cannot write the image (" + ec.message() + ")";
        return false;
    }
    return true;
}

}  // namespace

bool renderToPng(const Scene& scene, const std::string& path, int width, int height, std::string* error) {
    if (!checkSize(width, height, error)) return false;
    try {
        OffscreenRender r(scene, width, height);
        r.render();
        int dims[3] = {0, 0, 0};
        r.grab->GetOutput()->GetDimensions(dims);
        if (dims[0] != width || dims[1] != height) {
            if (error)
                *error = "the off-screen render came back at " + std::to_string(dims[0]) + " x " +
                         std::to_string(dims[1]) + " instead of the size asked for";
            return false;
        }
        return writePng(r.grab, path, error);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
}

bool renderAnimation(const Scene& scene, const std::string& path, int width, int height,
                     const std::vector<double>& times, int framesPerSecond,
                     const std::function<bool(double)>& progress, std::string* error) {
    if (!checkSize(width, height, error)) return false;
    if (times.empty()) {
        if (error) *error = "no frames to render: the scene has no time series";
        return false;
    }
    const bool ogv = path.size() > 4 && path.substr(path.size() - 4) == ".ogv";
    if (!ogv && path.find("%04d") == std::string::npos) {
        if (error) *error = "an animation is written to a .ogv file or to PNG frames named with %04d";
        return false;
    }
    try {
        // Theora needs even sizes.
        if (ogv) {
            width -= width % 2;
            height -= height % 2;
        }
        OffscreenRender r(scene, width, height);
        vtkSmartPointer<vtkOggTheoraWriter> video;
        if (ogv) {
            video = vtkSmartPointer<vtkOggTheoraWriter>::New();
            video->SetInputConnection(r.grab->GetOutputPort());
            video->SetFileName(path.c_str());
            video->SetRate(std::clamp(framesPerSecond, 1, 60));
            video->SetQuality(2);
            video->Start();
        }
        for (std::size_t i = 0; i < times.size(); ++i) {
            if (progress && !progress(static_cast<double>(i) / times.size())) {
                if (video) video->End();
                if (error) *error = "cancelled";
                return false;
            }
            r.scene.setTime(times[i]);
            r.render();
            if (video) {
                video->Write();
            } else {
                char name[4096];
                std::snprintf(name, sizeof name, path.c_str(), static_cast<int>(i));
                if (!writePng(r.grab, name, error)) return false;
            }
        }
        if (video) {
            video->End();
            if (video->GetErrorCode() != 0) {
                if (error) *error = path + ": cannot write the video";
                return false;
            }
        }
        if (progress) progress(1.0);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
}

}  // namespace citytwin::render
