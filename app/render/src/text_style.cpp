// Map text: styling, measuring and wrapping.

#include "text_style.h"

#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <cmath>
#include <mutex>
#include <unordered_map>

namespace citytwin::render {

void styleText(vtkTextProperty* p, double size, bool bold, const Rgb& colour) {
    applyMapFont(p, bold);
    p->SetFontSize(std::max(4, static_cast<int>(std::lround(size))));
    p->SetItalic(false);
    p->SetShadow(false);
    p->SetFrame(false);
    p->SetBackgroundOpacity(0.0);
    p->SetColor(colour.r, colour.g, colour.b);
    p->SetOpacity(1.0);
    p->SetLineSpacing(1.1);
}

namespace {
TextExtent measureUncached(vtkTextProperty* p, const std::string& text, int dpi);
}  // namespace

TextExtent measureText(vtkTextProperty* p, const std::string& text, int dpi) {
    if (text.empty()) return {};
    // Layouts measure the same texts every frame (legend titles, ticks, labels): remember them. The key holds
    // everything that changes the size.
    static std::mutex mutex;
    static std::unordered_map<std::string, TextExtent> cache;
    const char* file = p->GetFontFile();
    const std::string key = std::to_string(p->GetFontFamily()) + '\x1f' + (file ? file : "") + '\x1f' +
                            std::to_string(p->GetFontSize()) + '\x1f' + std::to_string(p->GetBold()) +
                            '\x1f' + std::to_string(p->GetLineSpacing()) + '\x1f' + std::to_string(dpi) +
                            '\x1f' + text;
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = cache.find(key);
        if (it != cache.end()) return it->second;
    }
    const TextExtent e = measureUncached(p, text, dpi);
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.size() > 50000) cache.clear();
    cache.emplace(key, e);
    return e;
}

namespace {

TextExtent measureUncached(vtkTextProperty* p, const std::string& text, int dpi) {
    vtkTextRenderer* tr = vtkTextRenderer::GetInstance();
    int bbox[4] = {0, 0, 0, 0};
    if (!tr || !tr->GetBoundingBox(p, vtkStdString(text), bbox, dpi)) {
        // No text renderer (no FreeType factory): a rough estimate keeps layouts sane.
        const double size = p->GetFontSize();
        return {0.6 * size * static_cast<double>(text.size()), 1.2 * size};
    }
    return {static_cast<double>(bbox[1] - bbox[0] + 1), static_cast<double>(bbox[3] - bbox[2] + 1)};
}

}  // namespace

namespace {

/// Byte length of the UTF-8 sequence starting with `c`.
std::size_t sequenceLength(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xE) return 3;
    if ((c >> 3) == 0x1E) return 4;
    return 1;
}

void wrapLine(vtkTextProperty* p, const std::string& line, double maxWidth, int dpi,
              std::vector<std::string>& out) {
    if (line.empty() || measureText(p, line, dpi).width <= maxWidth) {
        out.push_back(line);
        return;
    }
    // Words (kept with their following space).
    std::vector<std::string> words;
    std::string cur;
    for (char c : line) {
        cur += c;
        if (c == ' ') {
            words.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) words.push_back(cur);
    std::string row;
    auto flush = [&] {
        while (!row.empty() && row.back() == ' ')
            row.pop_back();
        if (!row.empty()) out.push_back(row);
        row.clear();
    };
    for (const std::string& w : words) {
        std::string trial = row + w;
        std::string trimmed = trial;
        while (!trimmed.empty() && trimmed.back() == ' ')
            trimmed.pop_back();
        if (measureText(p, trimmed, dpi).width <= maxWidth) {
            row = trial;
            continue;
        }
        flush();
        std::string word = w;
        while (!word.empty() && word.back() == ' ')
            word.pop_back();
        if (measureText(p, word, dpi).width <= maxWidth) {
            row = w;
            continue;
        }
        // A word wider than the line: break between characters.
        std::string piece;
        for (std::size_t i = 0; i < word.size();) {
            const std::size_t n =
                std::min(sequenceLength(static_cast<unsigned char>(word[i])), word.size() - i);
            const std::string ch = word.substr(i, n);
            if (!piece.empty() && measureText(p, piece + ch, dpi).width > maxWidth) {
                out.push_back(piece);
                piece.clear();
            }
            piece += ch;
            i += n;
        }
        row = piece + (w.back() == ' ' ? " " : "");
    }
    flush();
}

}  // namespace

std::vector<std::string> wrapText(vtkTextProperty* p, const std::string& text, double maxWidth, int dpi) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        wrapLine(p, text.substr(start, nl == std::string::npos ? std::string::npos : nl - start), maxWidth,
                 dpi, out);
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return out;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += (i ? "\n" : "") + lines[i];
    return out;
}

}  // namespace citytwin::render
