// Font files with Hangul for the map's text: an override, the environment, fontconfig, a search list.

#include "citytwin/render/fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <vtkOutputWindow.h>
#include <vtkTextProperty.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>

#include "text_style.h"

namespace citytwin::render {

namespace {

namespace fs = std::filesystem;

struct FontState {
    std::mutex mutex;
    std::optional<MapFonts> fonts;
    std::string overrideRegular, overrideBold;
    bool warned = false;
};

FontState& state() {
    static FontState s;
    return s;
}

/// Hangul syllables: U+AC00 (가) and U+D7A3 (힣) at both ends, U+C2E4 (실) in the middle.
bool charsetHasHangul(FcCharSet* cs) {
    return cs && FcCharSetHasChar(cs, 0xAC00) && FcCharSetHasChar(cs, 0xD7A3) && FcCharSetHasChar(cs, 0xC2E4);
}

/// The fonts fontconfig offers for a pattern, best first.
std::vector<std::string> fontconfigFiles(const std::string& family, bool bold) {
    std::vector<std::string> out;
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY,
                       reinterpret_cast<const FcChar8*>(family.empty() ? "sans-serif" : family.c_str()));
    FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>("ko"));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    if (FcFontSet* set = FcFontSort(nullptr, pat, FcTrue, nullptr, &result)) {
        for (int i = 0; i < set->nfont; ++i) {
            FcChar8* file = nullptr;
            FcChar8* fam = nullptr;
            FcCharSet* cs = nullptr;
            int weight = 0;
            if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
                FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) != FcResultMatch ||
                FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch ||
                !charsetHasHangul(cs))
                continue;
            // A named family: only that family (fontconfig always answers with something).
            if (!family.empty() && family != reinterpret_cast<const char*>(fam)) continue;
            FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
            if (bold != (weight >= FC_WEIGHT_DEMIBOLD)) continue;
            out.emplace_back(reinterpret_cast<const char*>(file));
        }
        FcFontSetDestroy(set);
    }
    FcPatternDestroy(pat);
    return out;
}

/// A font of `family` (or, for "", any font for Korean) that VTK can draw Hangul with, through fontconfig.
std::optional<MapFonts> viaFontconfig(const std::string& family) {
    for (const std::string& file : fontconfigFiles(family, false)) {
        if (!fontHasHangul(file)) continue;
        MapFonts f;
        f.regular = file;
        f.hangul = true;
        f.source = "fontconfig";
        // The bold face of the same family when VTK can use it; else the regular one.
        FcPattern* p = FcFreeTypeQuery(reinterpret_cast<const FcChar8*>(file.c_str()), 0, nullptr, nullptr);
        FcChar8* fam = nullptr;
        std::string familyName = family;
        if (p && FcPatternGetString(p, FC_FAMILY, 0, &fam) == FcResultMatch)
            familyName = reinterpret_cast<const char*>(fam);
        if (p) FcPatternDestroy(p);
        for (const std::string& b : fontconfigFiles(familyName, true))
            if (fontHasHangul(b)) {
                f.bold = b;
                break;
            }
        return f;
    }
    return std::nullopt;
}

MapFonts fromFiles(const std::string& regular, const std::string& bold, const std::string& source) {
    MapFonts f;
    f.source = source;
    std::error_code ec;
    if (!fs::exists(regular, ec)) {
        f.warning = "the map font '" + regular + "' (" + source +
                    ") does not exist: map text uses VTK's Arial, and Korean text will be drawn as boxes";
        return f;
    }
    f.regular = regular;
    f.hangul = fontHasHangul(regular);
    if (!f.hangul)
        f.warning =
            "the map font '" + regular + "' (" + source +
            ") has no Hangul that VTK can draw (none, or not in its first character map): Korean text "
            "will be drawn as boxes; use a font such as NanumBarunGothic (Debian package fonts-nanum)";
    if (!bold.empty() && fs::exists(bold, ec)) f.bold = bold;
    return f;
}

MapFonts lookUp(const std::string& overrideRegular, const std::string& overrideBold) {
    if (!overrideRegular.empty()) return fromFiles(overrideRegular, overrideBold, "setMapFont");
    if (const char* env = std::getenv("CITYTWIN_MAP_FONT"); env && *env) {
        const char* bold = std::getenv("CITYTWIN_MAP_FONT_BOLD");
        return fromFiles(env, bold ? bold : "", "CITYTWIN_MAP_FONT");
    }
    if (FcInit()) {
        for (const char* family : {"NanumBarunGothic", "NanumGothic", "NanumSquare", "Noto Sans CJK KR",
                                   "Noto Sans KR", "UnDotum", ""})
            if (auto f = viaFontconfig(family)) return *f;
    }
    const std::vector<std::string> list = fontSearchList();
    for (std::size_t i = 0; i < list.size(); ++i)
        if (fontHasHangul(list[i])) {
            MapFonts f;
            f.regular = list[i];
            f.hangul = true;
            f.source = "search list";
            // The list pairs regular files with their bold files where there is one.
            const std::string& r = list[i];
            const auto dot = r.rfind('.');
            const std::string bold = r.substr(0, dot) + "Bold" + r.substr(dot);
            std::error_code ec;
            if (fs::exists(bold, ec)) f.bold = bold;
            return f;
        }
    MapFonts f;
    f.source = "VTK built-in Arial";
    std::string tried;
    for (const std::string& p : list)
        tried += (tried.empty() ? "" : ", ") + p;
    f.warning =
        "no font with Hangul that VTK can draw was found (asked fontconfig for NanumBarunGothic, "
        "NanumGothic, "
        "NanumSquare, Noto Sans CJK KR, Noto Sans KR, UnDotum and any Korean font; tried " +
        tried +
        "): map text uses VTK's Arial and Korean text will be drawn as boxes. Install fonts-nanum or set "
        "CITYTWIN_MAP_FONT to a .ttf file with Hangul";
    return f;
}

}  // namespace

std::vector<std::string> fontSearchList() {
    return {"/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
            "/usr/share/fonts/truetype/nanum/NanumSquareR.ttf",
            "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
            "/usr/local/share/fonts/NanumGothic.ttf"};
}

bool fontHasHangul(const std::string& file) {
    std::error_code ec;
    if (file.empty() || !fs::is_regular_file(file, ec)) return false;
    // VTK's FreeType cache looks every character up in a face's *first* character map (index 0). Some fonts
    // (NanumGothic.ttf) list a Mac Roman map first and Unicode later: they have Hangul, yet VTK draws nothing
    // for it. So the test is on the first map, as VTK will use it.
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) != 0) return false;
    bool ok = false;
    FT_Face face = nullptr;
    if (FT_New_Face(lib, file.c_str(), 0, &face) == 0) {
        if (face->num_charmaps > 0 && face->charmaps[0]->encoding == FT_ENCODING_UNICODE &&
            FT_Set_Charmap(face, face->charmaps[0]) == 0)
            ok = FT_Get_Char_Index(face, 0xAC00) != 0 && FT_Get_Char_Index(face, 0xC2E4) != 0 &&
                 FT_Get_Char_Index(face, 0xD7A3) != 0;
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    return ok;
}

MapFonts mapFonts() {
    FontState& s = state();
    std::string warning;
    MapFonts out;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        if (!s.fonts) s.fonts = lookUp(s.overrideRegular, s.overrideBold);
        out = *s.fonts;
        if (!out.warning.empty() && !s.warned) {
            s.warned = true;
            warning = out.warning;
        }
    }
    // Once, outside the lock: the output window may log from here.
    if (!warning.empty())
        vtkOutputWindow::GetInstance()->DisplayWarningText(("CityTwin map fonts: " + warning).c_str());
    return out;
}

void setMapFont(const std::string& regular, const std::string& bold) {
    FontState& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.overrideRegular = regular;
    s.overrideBold = bold;
    s.fonts.reset();
    s.warned = false;
}

void applyMapFont(vtkTextProperty* p, bool bold) {
    const MapFonts f = mapFonts();
    if (f.regular.empty()) {
        p->SetFontFamilyToArial();
        p->SetBold(bold);
        return;
    }
    p->SetFontFamily(VTK_FONT_FILE);
    if (bold && !f.bold.empty()) {
        p->SetFontFile(f.bold.c_str());
        p->SetBold(false);
    } else {
        p->SetFontFile(f.regular.c_str());
        p->SetBold(bold);
    }
}

}  // namespace citytwin::render
