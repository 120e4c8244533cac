#pragma once
// Text on the map: the font with Hangul (fonts.h), sizes, measuring and wrapping. Internal to
// citytwin_render.

#include <string>
#include <vector>

#include "citytwin/render/color_map.h"

class vtkTextProperty;

namespace citytwin::render {

/// Sets the map font (fonts.h) on a text property: the bold file for bold text when there is one.
void applyMapFont(vtkTextProperty* p, bool bold);

/// Font, size [pixels at 72 dpi, i.e. points], weight and colour of map text; no shadow, no frame, no
/// background.
void styleText(vtkTextProperty* p, double size, bool bold, const Rgb& colour = Rgb{0.1f, 0.1f, 0.12f});

/// Width and height [pixels] of a text (one or more lines) drawn with `p` at `dpi`. {0, 0} for "".
struct TextExtent {
    double width = 0.0;
    double height = 0.0;
};
TextExtent measureText(vtkTextProperty* p, const std::string& text, int dpi = 72);

/// Breaks a text into lines no wider than `maxWidth` pixels, at spaces where it can and between characters
/// (never inside a UTF-8 sequence) where a word alone is too wide. Existing line breaks are kept.
std::vector<std::string> wrapText(vtkTextProperty* p, const std::string& text, double maxWidth, int dpi = 72);

/// The lines joined with '\n'.
std::string joinLines(const std::vector<std::string>& lines);

}  // namespace citytwin::render
