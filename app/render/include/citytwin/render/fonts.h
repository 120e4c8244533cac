#pragma once
/// @file fonts.h
/// The font files the map draws its text with (titles, legends, labels, attribution, time stamps). VTK's own
/// fonts (Arial, Courier, Times) have no Hangul: Korean would be drawn as empty boxes. So the map uses a font
/// file that has Hangul, found at run time, in this order:
///  1. setMapFont() (the viewer's setting, the CLI's --font);
///  2. the environment variable CITYTWIN_MAP_FONT (a .ttf/.otf/.ttc file; CITYTWIN_MAP_FONT_BOLD for bold);
///  3. fontconfig: NanumBarunGothic, NanumGothic, NanumSquare, Noto Sans CJK KR, Noto Sans KR, UnDotum, then
///     any font fontconfig has for Korean (lang=ko) - each only when VTK can draw its Hangul (fontHasHangul);
///  4. the files of fontSearchList() (Debian's fonts-nanum and fonts-noto-cjk paths).
/// When none has Hangul, VTK's Arial is used and MapFonts::warning says so, naming what was looked for; the
/// warning is also sent once to VTK's output window (routeVtkMessages), so it reaches the log - Korean text
/// is never turned into boxes silently. Plain C++: no VTK types.
///
/// Thread safety: all functions are safe from any thread.

#include <string>
#include <vector>

namespace citytwin::render {

/// The fonts in use.
struct MapFonts {
    std::string regular;  ///< font file for normal text; "" = VTK's built-in Arial (no Hangul)
    std::string bold;     ///< font file for bold text; "" = the regular file, emboldened by VTK if it can
    bool hangul = false;  ///< the regular font has Hangul syllables
    std::string source;   ///< where it came from: "setMapFont", "CITYTWIN_MAP_FONT", "fontconfig", "search
                          ///< list", or "VTK built-in Arial"
    std::string warning;  ///< why Korean text will be drawn as boxes; "" when it will not
};

/// The fonts, looked up on first use (and again after setMapFont()).
MapFonts mapFonts();

/// Uses these font files from now on (e.g. a user setting). An empty `regular` goes back to the automatic
/// lookup; an empty `bold` uses the regular file for bold text. A file that does not exist or has no Hangul
/// is still used when it exists, with a warning in mapFonts().warning.
void setMapFont(const std::string& regular, const std::string& bold = {});

/// True when the font file exists, FreeType can read it and VTK can draw its Hangul syllables
/// (U+AC00..U+D7A3): VTK 9.1 looks characters up in a face's first character map only, so that map must be
/// Unicode and have them. (NanumGothic.ttf lists a Mac Roman map first: it has Hangul, but VTK draws nothing
/// for it.)
bool fontHasHangul(const std::string& file);

/// The font files tried when fontconfig finds nothing, in order.
std::vector<std::string> fontSearchList();

}  // namespace citytwin::render
