#pragma once
/// @file shader_source.h
/// GLSL from shaders/ (embedded at build time) split into the snippets spliced into VTK's shaders.

#include <string>

namespace citytwin::render {

/// The four snippets of a shader file: declarations and code for the vertex and fragment stages.
struct ShaderSnippets {
    std::string vertexDec;
    std::string vertexImpl;
    std::string fragmentDec;
    std::string fragmentImpl;
};

/// Splits text with sections introduced by lines "// @@ vertex-dec", "// @@ vertex-impl", "// @@
/// fragment-dec",
/// "// @@ fragment-impl". Text before the first section is a comment header and is dropped.
/// @throws core::Error(Internal) when a section is missing or unknown.
ShaderSnippets splitShaderSections(const std::string& text, const std::string& fileName);

/// The water surface shader (shaders/water_surface.glsl).
const ShaderSnippets& waterSurfaceShader();

}  // namespace citytwin::render
