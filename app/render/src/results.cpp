// What the viewer adds to core's results model.

#include "citytwin/render/results.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace citytwin::render {

namespace fs = std::filesystem;

std::vector<RunResults> readRunDirectory(const std::string& dir) {
    return core::readRunDirectory(dir).runs;
}

std::string dataAttribution(const std::string& scenarioFile) {
    const fs::path file = fs::path(scenarioFile).parent_path() / "ATTRIBUTION.md";
    std::ifstream in(file);
    if (!in) return {};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto clean = [](std::string s) {
        std::string out;
        for (char c : s)
            if (c != '*' && c != '`' && c != '\n') out += c;
        while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
            out.pop_back();
        return out;
    };
    const auto copy = text.find("©");
    if (copy != std::string::npos) {
        const auto end = text.find_first_of(".\n", copy);
        return clean(text.substr(copy, end == std::string::npos ? std::string::npos : end - copy));
    }
    const auto by = text.find("provided by the ");
    if (by != std::string::npos) {
        const auto start = by + 16;
        auto end = text.find(',', start);
        if (end != std::string::npos) end = text.find(',', end + 1);
        return "Data: " + clean(text.substr(start, end == std::string::npos ? 80 : end - start));
    }
    return {};
}

std::vector<bool> defaultVisibility(const RunResults& run) {
    std::vector<bool> show(run.outputs.size(), false);
    bool water = false, any = false;
    // Draped flat polygons (a flood's extent outlines) would cover a water surface on the same ground: shown
    // at first only when there is none (they stay in the layer tree).
    bool hasWater = false;
    for (const OutputData& o : run.outputs)
        hasWater = hasWater || (isDrawable(o) && o.decl.style.drawAs == sdk::DrawAs::WaterSurface);
    for (std::size_t i = 0; i < run.outputs.size(); ++i) {
        const OutputData& o = run.outputs[i];
        if (!isDrawable(o)) continue;
        if (o.decl.kind == sdk::OutputKind::Vector) {
            if (hasWater && o.decl.style.drawAs == sdk::DrawAs::FlatPolygons) continue;
            show[i] = true;
            any = true;
        } else if (!water && o.decl.style.drawAs == sdk::DrawAs::WaterSurface) {
            show[i] = true;
            water = any = true;
        }
    }
    if (!any)
        for (std::size_t i = 0; i < run.outputs.size(); ++i)
            if (isDrawable(run.outputs[i])) {
                show[i] = true;
                break;
            }
    return show;
}

}  // namespace citytwin::render
