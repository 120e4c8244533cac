// Splitting the embedded GLSL files into VTK shader replacement snippets.

#include "citytwin/render/shader_source.h"

#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/render/shaders.h"

namespace citytwin::render {

ShaderSnippets splitShaderSections(const std::string& text, const std::string& fileName) {
    ShaderSnippets s;
    std::string* current = nullptr;
    bool seen[4] = {false, false, false, false};
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find("// @@ ");
        if (at != std::string::npos && line.find_first_not_of(" \t") == at) {
            std::string name = line.substr(at + 6);
            while (!name.empty() && (name.back() == ' ' || name.back() == '\r'))
                name.pop_back();
            const char* names[4] = {"vertex-dec", "vertex-impl", "fragment-dec", "fragment-impl"};
            std::string* targets[4] = {&s.vertexDec, &s.vertexImpl, &s.fragmentDec, &s.fragmentImpl};
            current = nullptr;
            for (int i = 0; i < 4; ++i)
                if (name == names[i]) {
                    current = targets[i];
                    seen[i] = true;
                }
            if (!current)
                throw core::Error(core::ErrorCode::Internal,
                                  fileName + ": unknown shader section '" + name + "'");
            continue;
        }
        if (current) *current += line + "\n";
    }
    for (bool b : seen)
        if (!b)
            throw core::Error(
                core::ErrorCode::Internal,
                fileName + ": needs the sections vertex-dec, vertex-impl, fragment-dec, fragment-impl");
    return s;
}

const ShaderSnippets& waterSurfaceShader() {
    static const ShaderSnippets s =
        splitShaderSections(shaders::kWaterSurfaceGlsl, "shaders/water_surface.glsl");
    return s;
}

}  // namespace citytwin::render
