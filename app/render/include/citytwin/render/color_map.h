#pragma once
/// @file color_map.h
/// Named colour maps: the names of sdk::StyleHint::colorMap plus the viewer's own (terrain, greys).
/// Plain C++: no VTK types. Thread safety: all functions are safe to call from any thread.

#include <string>
#include <vector>

namespace citytwin::render {

/// A colour with components in [0, 1].
struct Rgb {
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
};

/// A colour map: continuous (linear interpolation between stops) or categorical (distinct colours by index).
class ColorMap {
public:
    /// The map with this name ("viridis", "blues", "water", "magma", "rdylgn_r", "rdbu", "categorical",
    /// "terrain", "buildings", "greys"; case-insensitive). An empty or unknown name gives "viridis"; `known`
    /// (when given) tells which.
    static const ColorMap& byName(const std::string& name, bool* known = nullptr);
    /// Every name byName() knows, in a stable order.
    static std::vector<std::string> names();

    const std::string& name() const { return name_; }
    /// True for maps of distinct colours ("categorical").
    bool categorical() const { return categorical_; }
    /// True for diverging maps centred on zero ("rdbu").
    bool diverging() const { return diverging_; }
    /// Colour at t in [0, 1] (clamped). For categorical maps t picks a class evenly.
    Rgb at(double t) const;
    /// Colour of class i (categorical maps cycle; continuous maps spread classes over the ramp).
    Rgb category(int index, int count) const;
    /// Colour stops as given (used for shaders and legends).
    const std::vector<Rgb>& stops() const { return stops_; }

    ColorMap(std::string name, std::vector<Rgb> stops, bool categorical, bool diverging);

private:
    std::string name_;
    std::vector<Rgb> stops_;
    bool categorical_;
    bool diverging_;
};

}  // namespace citytwin::render
