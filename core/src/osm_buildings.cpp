#include "osm_buildings.h"
#include <cpl_conv.h>
#include <algorithm>
#include <cstdio>
#include <boost/geometry.hpp>
#include <boost/geometry/algorithms/point_on_surface.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <sstream>
#include "citytwin/core/atomic_file.h"
#include "citytwin/core/attribute_rules.h"
#include "citytwin/core/geometry_boost.h"

namespace citytwin::core::detail {
namespace bg = boost::geometry;
namespace fs = std::filesystem;

namespace {

std::string text(const VectorFeature& f, int field) {
    if (field < 0 || static_cast<std::size_t>(field) >= f.attributes.size()) return {};
    if (const auto* s = std::get_if<std::string>(&f.attributes[static_cast<std::size_t>(field)])) return *s;
    return {};
}

bool isPart(const VectorFeature& f, int partField) {
    const std::string v = text(f, partField);
    return !v.empty() && v != "no";
}

/// Appends `key` to a comma-separated `name=` line unless it is there already.
std::string withKey(const std::string& line, const std::string& key) {
    const std::string list = line.substr(line.find('=') + 1);
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (item == key) return line;
    return line + "," + key;
}

/// A number tag of a feature (height, levels), or nullopt.
std::optional<double> tagValue(const VectorFeature& f, int field, bool levels) {
    if (field < 0 || static_cast<std::size_t>(field) >= f.attributes.size()) return std::nullopt;
    const AttributeValue& v = f.attributes[static_cast<std::size_t>(field)];
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v)) return levels ? parseLevels(*s) : parseHeight(*s);
    return std::nullopt;
}

/// Parts stand on the ground in the city model (a prism from the ground to the top). Where parts overlap in plan
/// (the tiers of a tapering tower, crown pieces on its top), the taller part keeps its footprint and the lower
/// one keeps only what lies outside it, so that the silhouette is unchanged and no floor is counted twice.
/// Parts raised off the ground (min_height or building:min_level above 0: a sky bridge, an overhang) cut
/// nothing. Drops parts covered entirely; returns how many parts were cut and how many dropped.
std::pair<std::size_t, std::size_t> cutOverlappingParts(VectorLayer& layer, std::vector<std::size_t>& parts) {
    const int heightField = layer.fields.indexOf("height");
    const int levelsField = layer.fields.indexOf("building:levels");
    const int minHeightField = layer.fields.indexOf("min_height");
    const int minLevelField = layer.fields.indexOf("building:min_level");
    struct Item {
        std::size_t index;
        double top;     // for ordering only: the height tag, else 3 m a floor, else 0 (unknown: lowest)
        bool raised;
        Box box;
    };
    std::vector<Item> items;
    for (std::size_t i : parts) {
        VectorFeature& f = layer.features[i];
        bg::correct(f.polygons);
        if (!bg::is_valid(f.polygons)) continue;  // left as read: the model's footprint repair sees to it
        double top = 0.0;
        if (auto h = tagValue(f, heightField, false))
            top = *h;
        else if (auto l = tagValue(f, levelsField, true))
            top = 3.0 * *l;
        const bool raised = tagValue(f, minHeightField, false).value_or(0.0) > 0.0 ||
                            tagValue(f, minLevelField, true).value_or(0.0) > 0.0;
        items.push_back({i, top, raised, bounds(f.polygons)});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.top > b.top; });
    std::size_t cut = 0, covered = 0;
    std::vector<bool> gone(layer.features.size(), false);
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (items[k].raised) continue;  // off the ground: kept whole (the model extrudes it from the ground)
        VectorFeature& f = layer.features[items[k].index];
        bool wasCut = false;
        const double original = area(f.polygons);
        for (std::size_t j = 0; j < k; ++j) {
            if (items[j].raised || gone[items[j].index] || !items[j].box.intersects(items[k].box)) continue;
            const MultiPolygon& taller = layer.features[items[j].index].polygons;
            if (!bg::intersects(f.polygons, taller)) continue;
            MultiPolygon rest;
            bg::difference(f.polygons, taller, rest);
            // A shared edge is no overlap: only a real loss of area counts as a cut. Relative measures: the
            // coordinates may be degrees (OSM) or metres.
            const double before = area(f.polygons);
            if (before - area(rest) < 1e-6 * before) continue;
            f.polygons = std::move(rest);
            wasCut = true;
            if (f.polygons.empty() || area(f.polygons) < 1e-4 * original) {
                gone[items[k].index] = true;
                ++covered;
                break;
            }
        }
        if (wasCut && !gone[items[k].index]) ++cut;
    }
    if (covered) {
        std::size_t w = 0;
        for (std::size_t i = 0; i < layer.features.size(); ++i)
            if (!gone[i]) {
                if (w != i) layer.features[w] = std::move(layer.features[i]);  // never self-move: it empties
                ++w;
            }
        layer.features.resize(w);
    }
    return {cut, covered};
}

}  // namespace

std::string osmConfigWithBuildingParts() {
    static std::once_flag once;
    static std::string path;
    std::call_once(once, [] {
        const char* base = CPLFindFile("gdal", "osmconf.ini");
        if (!base) return;
        std::ifstream in(base);
        if (!in) return;
        std::ostringstream out;
        std::string section;
        bool closedWays = false, attributes = false;
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.front() == '[') section = line;
            if (section.empty() && line.rfind("closed_ways_are_polygons=", 0) == 0) {
                line = withKey(line, "building:part");
                closedWays = true;
            } else if (section == "[multipolygons]" && line.rfind("attributes=", 0) == 0) {
                line = withKey(line, "building:part");
                attributes = true;
            }
            out << line << '\n';
        }
        if (!closedWays || !attributes) return;  // a layout we do not know: leave GDAL's own file alone
        const std::string content = out.str();
        std::error_code ec;
        const fs::path dir = fs::temp_directory_path(ec);
        if (ec) return;
        // Named by its content, so that concurrent processes write (atomically) the same file.
        const fs::path file =
            dir / ("citytwin-osmconf-" + std::to_string(std::hash<std::string>{}(content)) + ".ini");
        try {
            if (!fs::exists(file, ec)) writeFileAtomically(file.string(), content);
            path = file.string();
        } catch (...) {
            path.clear();
        }
    });
    return path;
}

std::string resolveOsmBuildingParts(VectorLayer& layer) {
    const int partField = layer.fields.indexOf("building_part");
    const int useField = layer.fields.indexOf("building");
    if (partField < 0) return {};
    // building:part=no without a building tag is no building at all: the filter let it through.
    {
        std::size_t w = 0;
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const VectorFeature& f = layer.features[i];
            if (!isPart(f, partField) && text(f, useField).empty()) continue;
            if (w != i) layer.features[w] = std::move(layer.features[i]);  // never self-move: it empties
            ++w;
        }
        layer.features.resize(w);
    }
    std::vector<std::size_t> parts, outlines;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const VectorFeature& f = layer.features[i];
        if (f.polygons.empty()) continue;
        if (isPart(f, partField))
            parts.push_back(i);
        else
            outlines.push_back(i);
    }
    if (parts.empty()) return {};

    std::vector<Box> outlineBox(outlines.size());
    std::vector<double> outlineArea(outlines.size());
    for (std::size_t k = 0; k < outlines.size(); ++k) {
        outlineBox[k] = bounds(layer.features[outlines[k]].polygons);
        outlineArea[k] = area(layer.features[outlines[k]].polygons);
    }
    // Inherited where the part has none: the use, the name and the address.
    std::vector<int> inherited;
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const std::string& name = layer.fields[i].name;
        if (static_cast<int>(i) == useField || name == "name" || name.rfind("name:", 0) == 0 ||
            name.rfind("addr:", 0) == 0)
            inherited.push_back(static_cast<int>(i));
    }

    std::vector<bool> dropOutline(outlines.size(), false);
    std::size_t orphans = 0;
    for (std::size_t pi : parts) {
        VectorFeature& part = layer.features[pi];
        Point inside{};
        bg::point_on_surface(part.polygons.front(), inside);
        std::size_t best = outlines.size();
        double bestArea = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < outlines.size(); ++k) {
            if (!outlineBox[k].contains(inside)) continue;
            if (outlineArea[k] < bestArea && bg::covered_by(inside, layer.features[outlines[k]].polygons)) {
                best = k;
                bestArea = outlineArea[k];
            }
        }
        if (part.attributes.size() < layer.fields.size()) part.attributes.resize(layer.fields.size());
        if (best == outlines.size()) {
            ++orphans;
            if (useField >= 0 && text(part, useField).empty())
                part.attributes[static_cast<std::size_t>(useField)] = std::string("yes");
            continue;
        }
        dropOutline[best] = true;
        const VectorFeature& outline = layer.features[outlines[best]];
        for (int field : inherited)
            if (std::holds_alternative<std::monostate>(part.attributes[static_cast<std::size_t>(field)]) &&
                static_cast<std::size_t>(field) < outline.attributes.size())
                part.attributes[static_cast<std::size_t>(field)] =
                    outline.attributes[static_cast<std::size_t>(field)];
        if (useField >= 0 && text(part, useField).empty())
            part.attributes[static_cast<std::size_t>(useField)] = std::string("yes");
    }

    // Roof pieces (building:part=roof: a crown, fins, a spire base) are no floors: one that stands on another part
    // raises that part to its own top instead of standing alone as a sliver of a building.
    const std::size_t partCount = parts.size();
    std::vector<bool> drop(layer.features.size(), false);
    std::size_t roofsMerged = 0;
    {
        const int heightField = layer.fields.ensure("height", FieldType::String);
        const int levelsField = layer.fields.indexOf("building:levels");
        std::vector<std::size_t> kept;
        for (std::size_t pi : parts) {
            VectorFeature& roof = layer.features[pi];
            if (text(roof, partField) != "roof") {
                kept.push_back(pi);
                continue;
            }
            const std::optional<double> roofTop = tagValue(roof, heightField, false);
            Point inside{};
            bg::point_on_surface(roof.polygons.front(), inside);
            std::size_t host = layer.features.size();
            double hostArea = std::numeric_limits<double>::infinity();
            for (std::size_t qi : parts) {
                const VectorFeature& q = layer.features[qi];
                if (qi == pi || text(q, partField) == "roof" || !bounds(q.polygons).contains(inside)) continue;
                const double a = area(q.polygons);
                if (a < hostArea && bg::covered_by(inside, q.polygons)) {
                    host = qi;
                    hostArea = a;
                }
            }
            if (host == layer.features.size() || !roofTop) {
                kept.push_back(pi);
                continue;
            }
            VectorFeature& h = layer.features[host];
            if (h.attributes.size() < layer.fields.size()) h.attributes.resize(layer.fields.size());
            const double hostTop = tagValue(h, heightField, false)
                                       .value_or(3.0 * tagValue(h, levelsField, true).value_or(0.0));
            if (*roofTop > hostTop) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%g", *roofTop);
                h.attributes[static_cast<std::size_t>(heightField)] = std::string(buf);
            }
            drop[pi] = true;
            ++roofsMerged;
        }
        parts = std::move(kept);
    }

    // Cut the overlaps first (indices still valid), then drop the outlines.
    std::size_t dropped = 0;
    for (std::size_t k = 0; k < outlines.size(); ++k)
        if (dropOutline[k]) {
            drop[outlines[k]] = true;
            ++dropped;
        }
    std::size_t w = 0;
    std::vector<std::size_t> newIndex(layer.features.size(), 0);
    for (std::size_t i = 0; i < layer.features.size(); ++i)
        if (!drop[i]) {
            newIndex[i] = w;
            if (w != i) layer.features[w] = std::move(layer.features[i]);  // never self-move: it empties
            ++w;
        }
    layer.features.resize(w);
    for (std::size_t& i : parts)
        i = newIndex[i];
    const auto [cut, covered] = cutOverlappingParts(layer, parts);

    std::string note = std::to_string(partCount) + " building parts (OSM building:part, Simple 3D Buildings) " +
                       "stand for " + std::to_string(dropped) + " building outlines that contain them";
    if (orphans) note += "; " + std::to_string(orphans) + " parts lie inside no outline and stand alone";
    if (roofsMerged)
        note += "; " + std::to_string(roofsMerged) + " roof pieces raise the parts they stand on to their top";
    if (cut || covered)
        note += "; where parts overlap in plan the taller keeps its footprint (" + std::to_string(cut) +
                " lower parts cut, " + std::to_string(covered) + " covered entirely and left out), so no floor " +
                "is counted twice";
    return note;
}

}  // namespace citytwin::core::detail
