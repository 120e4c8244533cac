// citytwin-cli report: the briefing PDF of one or more run folders (docs/report.md).

#include <QGuiApplication>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "citytwin/render/vtk_log.h"
#include "citytwin/report/briefing.h"
#include "commands.h"
#include "progress_bar.h"

namespace citytwin::cli {

int cmdReport(const Args& args) {
    report::BriefingOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out") {
            o.output = optionValue(args, i);
        } else if (a == "--lang") {
            const std::string& v = optionValue(args, i);
            const auto lang = report::languageFromName(v);
            if (!lang) usageError("--lang expects ko or en, got '" + v + "'");
            o.language = *lang;
        } else if (a == "--page") {
            const std::string& v = optionValue(args, i);
            const auto page = report::pageSizeFromName(v);
            if (!page) usageError("--page expects A4 or A3, got '" + v + "'");
            o.pageSize = *page;
        } else if (a == "--scenario") {
            o.scenarioFile = optionValue(args, i);
        } else if (a == "--no-maps") {
            o.maps = false;
        } else if (a == "--maps") {
            const std::string& v = optionValue(args, i);
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 0 || n > 20)
                usageError("--maps expects a number of maps per simulator from 0 to 20, got '" + v + "'");
            o.mapsPerSimulator = static_cast<int>(n);
        } else if (a == "--dpi") {
            const std::string& v = optionValue(args, i);
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(d >= 20 && d <= 600))
                usageError("--dpi expects the map resolution from 20 to 600 dots per inch, got '" + v + "'");
            o.mapDpi = d;
        } else if (a == "--date") {
            o.reportDate = optionValue(args, i);
        } else if (a.rfind("--", 0) == 0) {
            usageError("unknown option '" + a + "' for report");
        } else {
            o.runDirs.push_back(a);
        }
    }
    if (o.runDirs.empty())
        usageError("report needs at least one run folder (from citytwin-cli run --out DIR)");
    if (o.output.empty()) usageError("report needs --out briefing.pdf");
    if (o.maps && (std::getenv("DISPLAY") == nullptr || std::string(std::getenv("DISPLAY")).empty()))
        throw core::Error(
            core::ErrorCode::Usage,
            "report renders its maps with OpenGL and needs an X display; run it under Xvfb "
            "(xvfb-run -a -s \"-screen 0 1920x1080x24\" citytwin-cli report ...) or pass --no-maps");

    // Qt draws the PDF and loads the fonts; it needs no display (VTK opens its own for the maps).
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "citytwin-cli";
    static char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    std::mutex vtkMutex;
    std::vector<std::string> vtkErrors;
    render::routeVtkMessages([&](render::VtkMessageLevel level, const std::string& msg) {
        std::lock_guard<std::mutex> lock(vtkMutex);
        if (level == render::VtkMessageLevel::Error) vtkErrors.push_back(msg);
        if (level != render::VtkMessageLevel::Text) std::cerr << "citytwin-cli: VTK: " << msg << "\n";
    });

    ProgressBar bar("report");
    o.progress = [&](double f, const std::string& stage) {
        bar.update(f, stage);
        return true;
    };
    report::BriefingResult r;
    try {
        r = report::writeBriefing(o);
    } catch (...) {
        bar.finish("failed");
        throw;
    }
    bar.finish("done");
    for (const std::string& n : r.notes)
        std::cerr << "citytwin-cli: note: " << n << "\n";
    if (!vtkErrors.empty())
        std::cerr << "citytwin-cli: VTK reported " << vtkErrors.size()
                  << " error(s) while rendering maps; first: " << vtkErrors.front() << "\n";
    std::cout << "wrote " << o.output << " (" << r.pages << " pages, " << r.maps << " maps, " << r.charts
              << " charts, " << report::toString(o.language) << ", " << report::toString(o.pageSize)
              << " landscape)\n";
    return 0;
}

}  // namespace citytwin::cli
