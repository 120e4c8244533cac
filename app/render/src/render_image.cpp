// Off-screen renders of a scene: PNG images at any size (alone or side by side) and animations of series
// (MP4 through the ffmpeg program, Ogg Theora through VTK, PNG frames).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vtkImageData.h>
#include <vtkOggTheoraWriter.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "citytwin/render/format.h"
#include "citytwin/render/scene.h"

extern char** environ;

namespace citytwin::render {

namespace {

namespace fs = std::filesystem;

bool checkSize(int width, int height, std::string* error) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384) {
        if (error)
            *error = "image size must be 16 to 16384 pixels a side, got " + std::to_string(width) + " x " +
                     std::to_string(height);
        return false;
    }
    return true;
}

void setError(std::string* error, const std::string& text) {
    if (error) *error = text;
}

/// An off-screen window with copies of one or two scenes (side by side), decorations scaled for the image.
struct OffscreenRender {
    vtkSmartPointer<vtkRenderWindow> window = vtkSmartPointer<vtkRenderWindow>::New();
    std::vector<std::unique_ptr<Scene>> scenes;
    vtkSmartPointer<vtkWindowToImageFilter> grab = vtkSmartPointer<vtkWindowToImageFilter>::New();

    OffscreenRender(const std::vector<const Scene*>& sources, const ExportOptions& o) {
        window->SetOffScreenRendering(1);
        window->SetMultiSamples(0);
        window->SetSize(o.width, o.height);
        const double scale = exportScale(o);
        const double n = static_cast<double>(sources.size());
        for (std::size_t i = 0; i < sources.size(); ++i) {
            auto s = std::make_unique<Scene>();
            s->copyFrom(*sources[i]);
            s->attach(window);
            s->renderer()->SetViewport(i / n, 0.0, (i + 1) / n, 1.0);
            s->renderer()->UseFXAAOn();
            s->setDecorationScale(scale);
            // This image's title and attribution: the scene shown in the view keeps its own.
            if (o.title && i == 0) s->setTitle(*o.title);
            if (o.attribution) s->setAttribution(i + 1 == sources.size() ? *o.attribution : std::string());
            scenes.push_back(std::move(s));
        }
        for (std::size_t i = 1; i < scenes.size(); ++i)
            scenes[0]->linkCamera(*scenes[i]);
        grab->SetInput(window);
        grab->SetInputBufferTypeToRGB();
        grab->ReadFrontBufferOff();
    }
    Scene& scene() { return *scenes.front(); }
    bool prepare(const core::Progress& progress) {
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            if (progress.cancelled()) return false;
            scenes[i]->prepareFinalRender(progress.sub(static_cast<double>(i) / scenes.size(),
                                                       static_cast<double>(i + 1) / scenes.size()));
        }
        return !progress.cancelled();
    }
    void render() {
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
    if (writer->GetErrorCode() != 0 || !fs::exists(tmp, ec)) {
        fs::remove(tmp, ec);
        setError(error, path + ": cannot write the image");
        return false;
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        setError(error, path + ": cannot write the image (" + ec.message() + ")");
        return false;
    }
    return true;
}

bool renderScenes(const std::vector<const Scene*>& scenes, const std::string& path, const ExportOptions& o,
                  std::string* error, const core::Progress& progress) {
    if (!checkSize(o.width, o.height, error)) return false;
    try {
        OffscreenRender r(scenes, o);
        if (!r.prepare(progress.sub(0.0, 0.6, "building terrain detail"))) {
            setError(error, "cancelled");
            return false;
        }
        progress(0.6, "rendering");
        r.render();
        if (progress.cancelled()) {
            setError(error, "cancelled");
            return false;
        }
        int dims[3] = {0, 0, 0};
        r.grab->GetOutput()->GetDimensions(dims);
        if (dims[0] != o.width || dims[1] != o.height) {
            setError(error, "the off-screen render came back at " + std::to_string(dims[0]) + " x " +
                                std::to_string(dims[1]) + " instead of the size asked for");
            return false;
        }
        if (o.layout) {
            o.layout->clear();
            for (const auto& sc : r.scenes) {
                const double x0 = sc->renderer()->GetViewport()[0] * o.width;
                for (OverlayBox b : sc->overlayLayout()) {
                    b.x0 += x0;
                    b.x1 += x0;
                    o.layout->push_back(b);
                }
            }
        }
        progress(0.9, "writing");
        const bool ok = writePng(r.grab, path, error);
        progress(1.0, "done");
        return ok;
    } catch (const std::exception& e) {
        setError(error, e.what());
        return false;
    }
}

// ---- ffmpeg -----------------------------------------------------------------------------------------------

bool executable(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

/// `name` as given when it has a slash, else the first executable of that name on the PATH.
std::string resolveProgram(const std::string& name) {
    if (name.empty()) return {};
    if (name.find('/') != std::string::npos) return executable(name) ? name : std::string();
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t colon = dirs.find(':', start);
        const std::string dir =
            dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (executable(candidate)) return candidate;
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return {};
}

/// An ffmpeg encoding raw RGB frames from a pipe into an MP4 (H.264, yuv420p).
class FfmpegPipe {
public:
    FfmpegPipe() = default;
    FfmpegPipe(const FfmpegPipe&) = delete;
    FfmpegPipe& operator=(const FfmpegPipe&) = delete;
    ~FfmpegPipe() { abort(); }

    bool start(const std::string& program, const std::string& out, int w, int h, int fps,
               std::string* error) {
        log_ = out + ".ffmpeg.log";
        int fds[2];
        if (::pipe(fds) != 0) {
            setError(error, std::string("cannot start ffmpeg: ") + std::strerror(errno));
            return false;
        }
        ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        const std::string rate = std::to_string(fps);
        std::vector<std::string> args = {
            program,    "-hide_banner", "-loglevel", "error",     "-y",         "-f",     "rawvideo",
            "-pix_fmt", "rgb24",        "-s",        size,        "-r",         rate,     "-i",
            "-",        "-an",          "-c:v",      "libx264",   "-preset",    "medium", "-crf",
            "20",       "-pix_fmt",     "yuv420p",   "-movflags", "+faststart", out};
        std::vector<char*> argv;
        for (std::string& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[0]);
        if (rc != 0) {
            ::close(fds[1]);
            pid_ = -1;
            setError(error, "cannot start " + program + ": " + std::strerror(rc));
            return false;
        }
        fd_ = fds[1];
        return true;
    }

    /// Writes one frame (rows from the bottom, as VTK gives them; ffmpeg wants them from the top).
    bool write(vtkImageData* image, int w, int h, std::string* error) {
        const auto* src = static_cast<const unsigned char*>(image->GetScalarPointer());
        const int comps = image->GetNumberOfScalarComponents();
        row_.resize(static_cast<std::size_t>(w) * 3);
        // A dead ffmpeg must not kill us with SIGPIPE: block it on this thread while writing.
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        bool ok = true;
        for (int y = h - 1; y >= 0 && ok; --y) {
            const unsigned char* line =
                src + static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * comps;
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < 3; ++c)
                    row_[static_cast<std::size_t>(x) * 3 + c] = line[static_cast<std::size_t>(x) * comps + c];
            ok = writeAll(row_.data(), row_.size());
        }
        // Drop a SIGPIPE raised meanwhile, then restore the mask.
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE)) {
            const timespec zero{0, 0};
            sigtimedwait(&block, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old, nullptr);
        if (!ok) setError(error, "ffmpeg stopped taking frames: " + logTail());
        return ok;
    }

    /// Closes the pipe and waits for ffmpeg. False (with its messages) when it failed.
    bool finish(std::string* error) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        int status = 0;
        if (pid_ > 0) ::waitpid(pid_, &status, 0);
        pid_ = -1;
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok) setError(error, "ffmpeg failed: " + logTail());
        std::error_code ec;
        fs::remove(log_, ec);
        return ok;
    }

    /// Stops ffmpeg at once (cancel, errors).
    void abort() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        pid_ = -1;
        if (!log_.empty()) {
            std::error_code ec;
            fs::remove(log_, ec);
        }
    }

private:
    bool writeAll(const unsigned char* data, std::size_t n) {
        while (n > 0) {
            const ssize_t k = ::write(fd_, data, n);
            if (k < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            data += k;
            n -= static_cast<std::size_t>(k);
        }
        return true;
    }
    std::string logTail() const {
        std::ifstream in(log_);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
            text.pop_back();
        if (text.size() > 600) text = "..." + text.substr(text.size() - 600);
        return text.empty() ? "no message (see that the program is ffmpeg and has libx264)" : text;
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    std::string log_;
    std::vector<unsigned char> row_;
};

bool endsWith(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    std::string tail = s.substr(s.size() - suffix.size());
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return tail == suffix;
}

}  // namespace

double exportScale(const ExportOptions& o) {
    double s = 0.0;
    if (o.scale > 0 && std::isfinite(o.scale))
        s = o.scale;
    else if (o.dpi > 0 && std::isfinite(o.dpi))
        s = o.dpi / 96.0;
    else
        s = std::sqrt(std::max(1.0, static_cast<double>(o.width) * o.height)) / std::sqrt(1280.0 * 720.0);
    return std::clamp(s, 0.3, 12.0);
}

bool renderToPng(const Scene& scene, const std::string& path, const ExportOptions& options,
                 std::string* error, const core::Progress& progress) {
    return renderScenes({&scene}, path, options, error, progress);
}

bool renderToPng(const Scene& scene, const std::string& path, int width, int height, std::string* error) {
    ExportOptions o;
    o.width = width;
    o.height = height;
    return renderToPng(scene, path, o, error);
}

bool renderSideBySide(const Scene& a, const Scene& b, const std::string& path, const ExportOptions& options,
                      std::string* error, const core::Progress& progress) {
    return renderScenes({&a, &b}, path, options, error, progress);
}

std::string findFfmpeg(const std::string& requested, std::string* error) {
    std::string tried;
    if (!requested.empty()) {
        if (std::string p = resolveProgram(requested); !p.empty()) return p;
        tried = "'" + requested + "' (as asked)";
    } else if (const char* env = std::getenv("CITYTWIN_FFMPEG"); env && *env) {
        if (std::string p = resolveProgram(env); !p.empty()) return p;
        tried = "'" + std::string(env) + "' (CITYTWIN_FFMPEG)";
    } else {
        if (std::string p = resolveProgram("ffmpeg"); !p.empty()) return p;
        tried = "'ffmpeg' on the PATH";
    }
    setError(error,
             "MP4 export needs the ffmpeg program, and none was found (tried " + tried +
                 "). Install it (Debian: apt install ffmpeg), set CITYTWIN_FFMPEG to its path, or export "
                 "Ogg Theora (.ogv) or PNG frames instead");
    return {};
}

bool renderAnimation(const Scene& scene, const std::string& path, const AnimationOptions& options,
                     std::string* error, const core::Progress& progress) {
    ExportOptions image = options.image;
    if (!checkSize(image.width, image.height, error)) return false;
    if (options.times.empty()) {
        setError(error, "no frames to render: the scene has no time series");
        return false;
    }
    const bool mp4 = endsWith(path, ".mp4");
    const bool ogv = endsWith(path, ".ogv");
    if (!mp4 && !ogv && path.find("%04d") == std::string::npos) {
        setError(error,
                 "an animation is written to an .mp4 or .ogv file or to PNG frames named with %04d; got '" +
                     path + "'");
        return false;
    }
    std::string ffmpeg;
    if (mp4 && (ffmpeg = findFfmpeg(options.ffmpeg, error)).empty()) return false;
    const int fps = std::clamp(options.framesPerSecond, 1, 60);
    try {
        // H.264 in yuv420p and Theora need even sizes.
        if (mp4 || ogv) {
            image.width -= image.width % 2;
            image.height -= image.height % 2;
        }
        OffscreenRender r({&scene}, image);
        Scene& s = r.scene();
        const std::string part = mp4 ? path + ".part.mp4" : path;
        FfmpegPipe pipe;
        vtkSmartPointer<vtkOggTheoraWriter> theora;
        if (mp4 && !pipe.start(ffmpeg, part, image.width, image.height, fps, error)) return false;
        if (ogv) {
            theora = vtkSmartPointer<vtkOggTheoraWriter>::New();
            theora->SetInputConnection(r.grab->GetOutputPort());
            theora->SetFileName(path.c_str());
            theora->SetRate(fps);
            theora->SetQuality(2);
            theora->Start();
        }
        auto fail = [&](const std::string& message) {
            if (mp4) pipe.abort();
            if (theora) theora->End();
            std::error_code ec;
            fs::remove(mp4 ? part : path, ec);
            if (ogv) fs::remove(path, ec);
            setError(error, message);
            return false;
        };
        auto emit = [&](int copies) {
            for (int k = 0; k < copies; ++k) {
                if (mp4) {
                    if (!pipe.write(r.grab->GetOutput(), image.width, image.height, error)) return false;
                } else if (theora) {
                    theora->Write();
                }
            }
            return true;
        };
        const std::size_t n = options.times.size();
        const int cardFrames =
            (mp4 || ogv) && options.titleCardSeconds > 0
                ? std::max(1, static_cast<int>(std::lround(options.titleCardSeconds * fps)))
                : 0;
        const double total = static_cast<double>(n) + (cardFrames > 0 ? 1.0 : 0.0);
        if (!r.prepare(progress.sub(0.0, 0.05, "building terrain detail"))) return fail("cancelled");
        if (cardFrames > 0) {
            // The title card: the first frame under a white veil with the title, the subtitle and the span.
            s.setTime(options.times.front());
            const std::string title = image.title ? *image.title : s.title();
            std::string subtitle = options.subtitle;
            const double span = options.times.back();
            const std::string range =
                formatDuration(options.times.front(), span) + " – " + formatDuration(span, span);
            subtitle += (subtitle.empty() ? "" : "\n") + range;
            s.setTitleCard(title.empty() ? "CityTwin" : title, subtitle);
            r.render();
            if (!emit(cardFrames)) return fail(error ? *error : "ffmpeg failed");
            s.setTitleCard("", "");
            progress(0.05 + 0.9 / total, "title card");
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (progress.cancelled()) return fail("cancelled");
            s.setTime(options.times[i]);
            r.render();
            if (mp4 || ogv) {
                if (!emit(1)) return fail(error ? *error : "ffmpeg failed");
            } else {
                char name[4096];
                std::snprintf(name, sizeof name, path.c_str(), static_cast<int>(i));
                if (!writePng(r.grab, name, error)) return fail(error ? *error : "cannot write a frame");
            }
            progress(0.05 + 0.9 * (static_cast<double>(i) + 1.0 + (cardFrames > 0 ? 1.0 : 0.0)) / total,
                     "frames");
        }
        if (progress.cancelled()) return fail("cancelled");
        if (theora) {
            theora->End();
            if (theora->GetErrorCode() != 0) {
                setError(error, path + ": cannot write the video");
                return false;
            }
        }
        if (mp4) {
            progress(0.97, "encoding");
            if (!pipe.finish(error)) {
                std::error_code ec;
                fs::remove(part, ec);
                return false;
            }
            std::error_code ec;
            fs::rename(part, path, ec);
            if (ec) {
                fs::remove(part, ec);
                setError(error, path + ": cannot write the video (" + ec.message() + ")");
                return false;
            }
        }
        progress(1.0, "done");
        return true;
    } catch (const std::exception& e) {
        setError(error, e.what());
        return false;
    }
}

bool renderAnimation(const Scene& scene, const std::string& path, int width, int height,
                     const std::vector<double>& times, int framesPerSecond,
                     const std::function<bool(double)>& progress, std::string* error) {
    AnimationOptions o;
    o.image.width = width;
    o.image.height = height;
    o.times = times;
    o.framesPerSecond = framesPerSecond;
    bool cancelled = false;
    core::Progress p(
        [&](double f, const std::string&) {
            if (progress && !progress(f)) cancelled = true;
        },
        [&] { return cancelled; });
    return renderAnimation(scene, path, o, error, p);
}

}  // namespace citytwin::render
