#include "citytwin/core/cityjson.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "citytwin/core/error.h"
#include "gdal_util.h"
#include "json_util.h"

namespace citytwin::core {

using json = nlohmann::json;

namespace {

struct V3 {
    double x, y, z;
};

/// One surface: rings of vertex indices (first = exterior) and its semantic type ("" if none).
struct Surface {
    std::vector<std::vector<std::size_t>> rings;
    std::string semantic;
};

class Decoder {
public:
    Decoder(const json& doc, std::string path) : path_(std::move(path)) {
        double scale[3] = {1, 1, 1}, translate[3] = {0, 0, 0};
        if (auto t = doc.find("transform"); t != doc.end()) {
            for (int i = 0; i < 3; ++i) {
                scale[i] = t->at("scale").at(static_cast<std::size_t>(i)).get<double>();
                translate[i] = t->at("translate").at(static_cast<std::size_t>(i)).get<double>();
            }
        }
        const json& verts = doc.at("vertices");
        vertices_.reserve(verts.size());
        for (const json& v : verts) {
            if (!v.is_array() || v.size() < 3) fail("a vertex is not an array of 3 numbers");
            vertices_.push_back(V3{v[0].get<double>() * scale[0] + translate[0],
                                   v[1].get<double>() * scale[1] + translate[1],
                                   v[2].get<double>() * scale[2] + translate[2]});
        }
    }

    const V3& vertex(const json& index, const std::string& object) const {
        if (!index.is_number_integer()) fail("object '" + object + "': a boundary holds a non-integer index");
        const auto i = index.get<long long>();
        if (i < 0 || static_cast<std::size_t>(i) >= vertices_.size())
            fail("object '" + object + "': vertex index " + std::to_string(i) + " is out of range (" +
                 std::to_string(vertices_.size()) + " vertices)");
        return vertices_[static_cast<std::size_t>(i)];
    }

    /// A vertex whose index was already range-checked.
    const V3& at(std::size_t i) const { return vertices_[i]; }

    [[noreturn]] void fail(const std::string& what) const {
        throw fileError(ErrorCode::FileFormat, path_, what);
    }

private:
    std::string path_;
    std::vector<V3> vertices_;
};

std::string semanticOf(const json& geom, const std::vector<std::size_t>& path) {
    auto sem = geom.find("semantics");
    if (sem == geom.end() || !sem->is_object()) return {};
    const json* values = &sem->at("values");
    for (std::size_t p : path) {
        if (!values->is_array() || p >= values->size()) return {};
        values = &(*values)[p];
    }
    if (!values->is_number_integer()) return {};
    const auto& surfaces = sem->at("surfaces");
    const auto idx = values->get<std::size_t>();
    if (idx >= surfaces.size()) return {};
    return surfaces[idx].value("type", "");
}

/// Flattens a geometry's boundaries into surfaces, whatever its type.
std::vector<Surface> surfacesOf(const json& geom, const Decoder& dec, const std::string& id) {
    std::vector<Surface> out;
    const std::string type = geom.value("type", "");
    const json& b = geom.at("boundaries");
    auto readSurface = [&](const json& s, const std::vector<std::size_t>& semPath) {
        if (!s.is_array() || s.empty() || !s[0].is_array())
            dec.fail("object '" + id + "': malformed " + type + " boundaries");
        Surface surf;
        for (const json& ring : s) {
            std::vector<std::size_t> r;
            for (const json& idx : ring) {
                dec.vertex(idx, id);  // range check
                r.push_back(idx.get<std::size_t>());
            }
            surf.rings.push_back(std::move(r));
        }
        surf.semantic = semanticOf(geom, semPath);
        out.push_back(std::move(surf));
    };
    if (type == "MultiSurface" || type == "CompositeSurface") {
        for (std::size_t i = 0; i < b.size(); ++i)
            readSurface(b[i], {i});
    } else if (type == "Solid") {
        for (std::size_t sh = 0; sh < b.size(); ++sh)
            for (std::size_t i = 0; i < b[sh].size(); ++i)
                readSurface(b[sh][i], {sh, i});
    } else if (type == "MultiSolid" || type == "CompositeSolid") {
        for (std::size_t so = 0; so < b.size(); ++so)
            for (std::size_t sh = 0; sh < b[so].size(); ++sh)
                for (std::size_t i = 0; i < b[so][sh].size(); ++i)
                    readSurface(b[so][sh][i], {so, sh, i});
    }
    return out;
}

double lodValue(const json& geom) {
    auto l = geom.find("lod");
    if (l == geom.end()) return 0.0;
    if (l->is_number()) return l->get<double>();
    if (l->is_string()) {
        try {
            return std::stod(l->get<std::string>());
        } catch (...) {
            return 0.0;
        }
    }
    return 0.0;
}

/// Newell normal of a ring (not normalised).
V3 newell(const std::vector<std::size_t>& ring, const Decoder& dec) {
    V3 n{0, 0, 0};
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const V3& a = dec.at(ring[i]);
        const V3& c = dec.at(ring[(i + 1) % ring.size()]);
        n.x += (a.y - c.y) * (a.z + c.z);
        n.y += (a.z - c.z) * (a.x + c.x);
        n.z += (a.x - c.x) * (a.y + c.y);
    }
    return n;
}

Ring planRing(const std::vector<std::size_t>& ring, const Decoder& dec) {
    Ring r;
    for (std::size_t i : ring) {
        const V3& v = dec.at(i);
        r.push_back(Point{v.x, v.y});
    }
    if (!r.empty()) r.push_back(r.front());
    return r;
}

void addAttribute(VectorLayer& layer, VectorFeature& f, const std::string& key, const json& value) {
    AttributeValue v;
    FieldType type = FieldType::String;
    if (value.is_number_integer()) {
        v = value.get<std::int64_t>();
        type = FieldType::Integer;
    } else if (value.is_number()) {
        v = value.get<double>();
        type = FieldType::Real;
    } else if (value.is_boolean()) {
        v = static_cast<std::int64_t>(value.get<bool>() ? 1 : 0);
        type = FieldType::Integer;
    } else if (value.is_string()) {
        v = value.get<std::string>();
    } else {
        return;  // objects and arrays (e.g. a copy of the footprint) are not attributes
    }
    const int idx = layer.fields.ensure(key, type);
    if (layer.fields[static_cast<std::size_t>(idx)].type != type) {
        // Mixed types across objects: keep text.
        layer.fields[static_cast<std::size_t>(idx)].type = FieldType::String;
    }
    if (f.attributes.size() <= static_cast<std::size_t>(idx)) f.attributes.resize(layer.fields.size());
    f.attributes[static_cast<std::size_t>(idx)] = std::move(v);
}

Crs crsFromReferenceSystem(const std::string& text, const std::string& path) {
    // "urn:ogc:def:crs:EPSG::7415", "https://www.opengis.net/def/crs/EPSG/0/7415", "EPSG:7415"
    const auto epsg = text.find("EPSG");
    if (epsg != std::string::npos) {
        const auto lastDigitEnd = text.find_last_of("0123456789");
        if (lastDigitEnd != std::string::npos && lastDigitEnd > epsg) {
            auto start = lastDigitEnd;
            while (start > 0 && std::isdigit(static_cast<unsigned char>(text[start - 1])))
                --start;
            const std::string digits = text.substr(start, lastDigitEnd - start + 1);
            // EPSG codes have at most 6 digits; anything longer is not one (and would overflow an int).
            if (digits.size() > 6)
                throw Error(ErrorCode::Crs, "metadata.referenceSystem '" + text + "': '" + digits +
                                                "' is not an EPSG code",
                            Error::Context{path, {}, "metadata.referenceSystem"});
            try {
                return Crs::fromEpsg(std::stoi(digits));
            } catch (const Error& e) {
                throw Error(ErrorCode::Crs, "metadata.referenceSystem '" + text + "': " + e.detail(),
                            Error::Context{path, {}, {}});
            }
        }
    }
    try {
        return Crs::fromUserInput(text);
    } catch (const Error& e) {
        throw Error(ErrorCode::Crs, "metadata.referenceSystem '" + text + "': " + e.detail(),
                    Error::Context{path, {}, {}});
    }
}

/// The metadata object. Some writers emit it as a one-element array; accept that with a warning.
const json* metadataOf(const json& doc, std::vector<std::string>& warnings) {
    auto it = doc.find("metadata");
    if (it == doc.end()) return nullptr;
    if (it->is_object()) return &*it;
    if (it->is_array() && !it->empty() && (*it)[0].is_object()) {
        warnings.push_back(
            "\"metadata\" is an array, not an object as CityJSON requires; its first element was used");
        return &(*it)[0];
    }
    return nullptr;
}

}  // namespace

bool looksLikeCityJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto pos = head.find("\"CityJSON\"");
    if (pos == std::string::npos) return false;
    const auto type = head.rfind("\"type\"", pos);
    return type != std::string::npos && pos - type < 32;
}

CityJsonReadResult readCityJson(const std::string& path, const std::string& crsOverride) {
    if (!detail::pathExists(path)) throw fileError(ErrorCode::FileNotFound, path, "file not found");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(ErrorCode::FileNotFound, path, "cannot open file");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Depth-limited (a 100,000-deep document once overflowed the stack), numbers out of range named.
    const json doc = detail::parseJson(text, path, ErrorCode::FileFormat);
    if (!doc.is_object() || doc.value("type", "") != "CityJSON")
        throw fileError(ErrorCode::FileFormat, path,
                        "not a CityJSON document (\"type\" is not \"CityJSON\")");

    CityJsonReadResult r;
    try {
        r.version = doc.value("version", "");
        if (r.version != "1.0" && r.version != "1.1" && r.version != "2.0")
            r.warnings.push_back("CityJSON version '" + r.version +
                                 "' is not one of 1.0, 1.1, 2.0; read as 2.0");

        if (!crsOverride.empty()) {
            try {
                r.layer.crs = Crs::fromUserInput(crsOverride);
            } catch (const Error& e) {
                throw Error(ErrorCode::Crs, e.detail(), Error::Context{path, {}, "crs"});
            }
        } else if (const json* meta = metadataOf(doc, r.warnings);
                   meta && meta->contains("referenceSystem")) {
            const json& rs = meta->at("referenceSystem");
            if (!rs.is_string())
                throw fileError(ErrorCode::FileFormat, path, "metadata.referenceSystem is not a string");
            r.layer.crs = crsFromReferenceSystem(rs.get<std::string>(), path);
        } else {
            throw fileError(
                ErrorCode::Crs, path,
                "CityJSON has no metadata.referenceSystem; give one with \"crs\" for this dataset in "
                "the scenario");
        }
        r.layer.name = "buildings";
        r.layer.fields.ensure("cityjson_id", FieldType::String);
        r.layer.fields.ensure("cityjson_type", FieldType::String);
        r.layer.fields.ensure("lod", FieldType::String);

        const Decoder dec(doc, path);
        const json& objects = doc.at("CityObjects");
        r.cityObjects = objects.size();

        for (auto it = objects.begin(); it != objects.end(); ++it) {
            const std::string& id = it.key();
            const json& obj = it.value();
            const std::string type = obj.value("type", "");

            if (type == "TINRelief") {
                const auto gi = obj.find("geometry");
                if (gi != obj.end() && gi->is_array())
                for (const json& geom : *gi) {
                    for (const Surface& s : surfacesOf(geom, dec, id)) {
                        const auto& ring = s.rings.front();
                        for (std::size_t k = 1; k + 1 < ring.size(); ++k) {  // fan over the exterior ring
                            const V3& a = dec.at(ring[0]);
                            const V3& b = dec.at(ring[k]);
                            const V3& c = dec.at(ring[k + 1]);
                            r.terrainTriangles.push_back({a.x, a.y, a.z, b.x, b.y, b.z, c.x, c.y, c.z});
                        }
                    }
                }
                continue;
            }
            if (type != "Building" && type != "BuildingPart") continue;

            static const json noGeometry = json::array();
            const auto gi = obj.find("geometry");
            const json& geoms = gi != obj.end() ? *gi : noGeometry;
            const json* best = nullptr;
            for (const json& g : geoms) {
                const std::string gt = g.value("type", "");
                if (gt == "GeometryInstance") continue;
                if (!best || lodValue(g) > lodValue(*best)) best = &g;
            }
            if (!best) {
                if (type == "Building" && !obj.contains("children")) ++r.buildingsWithoutGeometry;
                continue;
            }
            const std::vector<Surface> surfaces = surfacesOf(*best, dec, id);
            double zmin = std::numeric_limits<double>::infinity(), zmax = -zmin;
            for (const Surface& s : surfaces)
                for (const auto& ring : s.rings)
                    for (std::size_t i : ring) {
                        const double z = dec.at(i).z;
                        zmin = std::min(zmin, z);
                        zmax = std::max(zmax, z);
                    }
            if (surfaces.empty() || !std::isfinite(zmin)) {
                ++r.buildingsWithoutGeometry;
                continue;
            }

            VectorFeature f;
            f.fid = static_cast<std::int64_t>(r.layer.features.size());
            f.kind = GeometryKind::Polygon;
            auto addFace = [&](const Surface& s) {
                Polygon p;
                p.outer = planRing(s.rings[0], dec);
                for (std::size_t k = 1; k < s.rings.size(); ++k)
                    p.inners.push_back(planRing(s.rings[k], dec));
                f.polygons.push_back(std::move(p));
            };
            for (const Surface& s : surfaces)
                if (s.semantic == "GroundSurface") addFace(s);
            if (f.polygons.empty()) {
                const double tol = 0.01 + 1e-9 * std::abs(zmin);
                for (const Surface& s : surfaces) {
                    bool low = true;
                    for (std::size_t i : s.rings[0])
                        low = low && dec.at(i).z <= zmin + tol;
                    const V3 n = newell(s.rings[0], dec);
                    const double len = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
                    if (low && len > 0 && std::abs(n.z) / len > 0.9) addFace(s);
                }
            }
            if (f.polygons.empty()) {
                for (const Surface& s : surfaces) {
                    const V3 n = newell(s.rings[0], dec);
                    const double len = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
                    if (len > 0 && std::abs(n.z) / len > 0.05) addFace(s);
                }
                if (!f.polygons.empty()) ++r.footprintsFromProjection;
            }
            if (f.polygons.empty()) {
                ++r.buildingsWithoutGeometry;
                continue;
            }

            f.attributes.resize(r.layer.fields.size());
            f.attributes[0] = id;
            f.attributes[1] = type;
            char lod[16];
            std::snprintf(lod, sizeof lod, "%g", lodValue(*best));
            f.attributes[2] = std::string(lod);
            // Parts inherit their parent's attributes; their own win.
            if (type == "BuildingPart" && obj.contains("parents")) {
                for (const json& parent : obj["parents"]) {
                    const std::string pid = parent.get<std::string>();
                    if (objects.contains(pid) && objects[pid].contains("attributes"))
                        for (auto& [k, v] : objects[pid]["attributes"].items())
                            addAttribute(r.layer, f, k, v);
                }
            }
            if (obj.contains("attributes") && obj["attributes"].is_object())
                for (auto& [k, v] : obj["attributes"].items())
                    addAttribute(r.layer, f, k, v);

            r.layer.features.push_back(std::move(f));
            r.heightM.push_back(zmax - zmin);
            r.groundM.push_back(zmin);
        }
    } catch (const json::exception& e) {
        throw fileError(ErrorCode::FileFormat, path, std::string("malformed CityJSON: ") + e.what());
    }
    return r;
}

}  // namespace citytwin::core
