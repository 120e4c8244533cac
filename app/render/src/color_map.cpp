// Colour maps. Stops: matplotlib's viridis and magma (11 samples), ColorBrewer Blues (9), RdYlGn (11,
// reversed) and RdBu (11), Tableau 10 for categories, and a hypsometric ramp for terrain.

#include "citytwin/render/color_map.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace citytwin::render {

namespace {

Rgb hex(unsigned v) {
    return {static_cast<float>((v >> 16) & 0xff) / 255.0f, static_cast<float>((v >> 8) & 0xff) / 255.0f,
            static_cast<float>(v & 0xff) / 255.0f};
}

std::vector<Rgb> hexes(std::initializer_list<unsigned> values) {
    std::vector<Rgb> out;
    for (unsigned v : values)
        out.push_back(hex(v));
    return out;
}

const std::vector<ColorMap>& all() {
    static const std::vector<ColorMap> maps = [] {
        std::vector<ColorMap> m;
        m.emplace_back("viridis",
                       hexes({0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70,
                              0x7ad151, 0xbddf26, 0xfde725}),
                       false, false);
        m.emplace_back(
            "blues", hexes({0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b}),
            false, false);
        // Flood water: saturated from the first centimetres (a pale start reads as dry ground over terrain),
        // cyan-blue for shallow water to navy for deep water.
        m.emplace_back(
            "water", hexes({0x5ec4f0, 0x3aa6e6, 0x228bd8, 0x1670c4, 0x0f58a8, 0x0b4389, 0x08316a, 0x05204a}),
            false, false);
        m.emplace_back("magma",
                       hexes({0x000004, 0x140e36, 0x3b0f70, 0x641a80, 0x8c2981, 0xb73779, 0xde4968, 0xf7705c,
                              0xfe9f6d, 0xfecf92, 0xfcfdbf}),
                       false, false);
        m.emplace_back("rdylgn_r",
                       hexes({0x006837, 0x1a9850, 0x66bd63, 0xa6d96a, 0xd9ef8b, 0xffffbf, 0xfee08b, 0xfdae61,
                              0xf46d43, 0xd73027, 0xa50026}),
                       false, false);
        m.emplace_back("rdbu",
                       hexes({0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de,
                              0x4393c3, 0x2166ac, 0x053061}),
                       false, true);
        m.emplace_back("categorical",
                       hexes({0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7,
                              0x9c755f, 0xbab0ac}),
                       true, false);
        m.emplace_back(
            "terrain",
            hexes({0x4f7f4a, 0x6f9654, 0x9aae68, 0xc6c184, 0xd2b489, 0xb58f6a, 0x9c7b63, 0xc9bcae, 0xf2efe9}),
            false, false);
        m.emplace_back("buildings", hexes({0xf7f3ea, 0xeee2cc, 0xe2cca7, 0xd2af82, 0xbb8d62, 0x9b6b4a}),
                       false, false);
        m.emplace_back("greys", hexes({0xf7f7f7, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252, 0x252525}),
                       false, false);
        return m;
    }();
    return maps;
}

}  // namespace

ColorMap::ColorMap(std::string name, std::vector<Rgb> stops, bool categorical, bool diverging)
    : name_(std::move(name)), stops_(std::move(stops)), categorical_(categorical), diverging_(diverging) {}

const ColorMap& ColorMap::byName(const std::string& name, bool* known) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const ColorMap& m : all())
        if (m.name() == lower) {
            if (known) *known = true;
            return m;
        }
    if (known) *known = false;
    return all().front();
}

std::vector<std::string> ColorMap::names() {
    std::vector<std::string> out;
    for (const ColorMap& m : all())
        out.push_back(m.name());
    return out;
}

Rgb ColorMap::at(double t) const {
    if (!std::isfinite(t)) t = 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const std::size_t n = stops_.size();
    if (categorical_) return stops_[std::min(n - 1, static_cast<std::size_t>(t * static_cast<double>(n)))];
    const double x = t * static_cast<double>(n - 1);
    const std::size_t i = std::min(n - 2, static_cast<std::size_t>(x));
    const float f = static_cast<float>(x - static_cast<double>(i));
    const Rgb& a = stops_[i];
    const Rgb& b = stops_[i + 1];
    return {a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f};
}

Rgb ColorMap::category(int index, int count) const {
    if (index < 0) index = 0;
    if (categorical_) return stops_[static_cast<std::size_t>(index) % stops_.size()];
    return at(count <= 1 ? 0.5 : static_cast<double>(index) / static_cast<double>(count - 1));
}

}  // namespace citytwin::render
