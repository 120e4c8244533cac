#include "citytwin/core/vector_io.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "citytwin/core/error.h"
#include "citytwin/core/text_encoding.h"
#include "gdal_util.h"
#include "osm_buildings.h"
#include "text_util.h"

namespace citytwin::core {

using detail::DatasetPtr;
using detail::ErrorCapture;
using detail::FeaturePtr;

namespace {

using detail::lower;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Ring toRing(const OGRLinearRing* r) {
    Ring ring;
    if (!r) return ring;
    const int n = r->getNumPoints();
    ring.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        ring.push_back(Point{r->getX(i), r->getY(i)});
    return ring;
}

void appendGeometry(const OGRGeometry* g, VectorFeature& f) {
    if (!g || g->IsEmpty()) return;
    if (g->hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        appendGeometry(linear.get(), f);
        return;
    }
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            const auto* p = g->toPoint();
            f.points.push_back(Point{p->getX(), p->getY()});
            break;
        }
        case wkbLineString: {
            const auto* l = g->toLineString();
            LineString line;
            line.reserve(static_cast<std::size_t>(l->getNumPoints()));
            for (int i = 0; i < l->getNumPoints(); ++i)
                line.push_back(Point{l->getX(i), l->getY(i)});
            if (l->Is3D()) {
                // Altitudes of 3D lines (routes in the air); earlier 2D lines of the feature get NaN.
                f.lineZ.resize(f.lines.size());
                for (std::size_t k = 0; k < f.lines.size(); ++k)
                    if (f.lineZ[k].size() != f.lines[k].size()) f.lineZ[k].assign(f.lines[k].size(), NAN);
                std::vector<double> z(static_cast<std::size_t>(l->getNumPoints()));
                for (int i = 0; i < l->getNumPoints(); ++i)
                    z[static_cast<std::size_t>(i)] = l->getZ(i);
                f.lineZ.push_back(std::move(z));
            } else if (!f.lineZ.empty()) {
                f.lineZ.emplace_back(line.size(), NAN);
            }
            f.lines.push_back(std::move(line));
            break;
        }
        case wkbPolygon: {
            const auto* p = g->toPolygon();
            Polygon poly;
            poly.outer = toRing(p->getExteriorRing());
            for (int i = 0; i < p->getNumInteriorRings(); ++i)
                poly.inners.push_back(toRing(p->getInteriorRing(i)));
            f.polygons.push_back(std::move(poly));
            break;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const auto* c = g->toGeometryCollection();
            for (int i = 0; i < c->getNumGeometries(); ++i)
                appendGeometry(c->getGeometryRef(i), f);
            break;
        }
        default:
            break;  // TINs, polyhedral surfaces: not footprints or lines
    }
}

void settleKind(VectorFeature& f, VectorRole role) {
    if (role == VectorRole::Buildings) {
        f.kind = f.polygons.empty() ? GeometryKind::None : GeometryKind::Polygon;
    } else if (role == VectorRole::Roads) {
        f.kind = f.lines.empty() ? GeometryKind::None : GeometryKind::Line;
    } else if (!f.polygons.empty()) {
        f.kind = GeometryKind::Polygon;
    } else if (!f.lines.empty()) {
        f.kind = GeometryKind::Line;
    } else if (!f.points.empty()) {
        f.kind = GeometryKind::Point;
    }
    // Keep only the chosen kind.
    if (f.kind != GeometryKind::Polygon) f.polygons.clear();
    if (f.kind != GeometryKind::Line) {
        f.lines.clear();
        f.lineZ.clear();
    }
    if (f.kind != GeometryKind::Point) f.points.clear();
}

bool isPolygonLayer(OGRLayer* l) {
    const auto t = wkbFlatten(l->GetGeomType());
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}
bool isLineLayer(OGRLayer* l) {
    const auto t = wkbFlatten(l->GetGeomType());
    return t == wkbLineString || t == wkbMultiLineString || t == wkbCompoundCurve || t == wkbMultiCurve;
}

std::string layerList(GDALDataset& ds) {
    std::string s;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        if (i) s += ", ";
        s += ds.GetLayer(i)->GetName();
    }
    return s.empty() ? "(none)" : s;
}

OGRLayer* chooseLayer(GDALDataset& ds, const std::string& path, const VectorReadOptions& o) {
    if (!o.layer.empty()) {
        OGRLayer* l = ds.GetLayerByName(o.layer.c_str());
        if (!l)
            throw Error(ErrorCode::Data, "no layer '" + o.layer + "' (layers: " + layerList(ds) + ")",
                        Error::Context{path, o.layer, {}});
        return l;
    }
    const int n = ds.GetLayerCount();
    if (n == 0) throw fileError(ErrorCode::Data, path, "has no vector layers");
    if (n == 1) return ds.GetLayer(0);
    std::vector<OGRLayer*> byName, byType;
    for (int i = 0; i < n; ++i) {
        OGRLayer* l = ds.GetLayer(i);
        const std::string name = lower(l->GetName());
        if (o.role == VectorRole::Buildings) {
            if (name.find("build") != std::string::npos) byName.push_back(l);
            if (isPolygonLayer(l)) byType.push_back(l);
        } else if (o.role == VectorRole::Roads) {
            if (name.find("road") != std::string::npos || name.find("street") != std::string::npos ||
                name.find("highway") != std::string::npos)
                byName.push_back(l);
            if (isLineLayer(l)) byType.push_back(l);
        }
    }
    if (byName.size() == 1) return byName.front();
    if (byType.size() == 1) return byType.front();
    throw fileError(ErrorCode::Data, path,
                    "has several layers (" + layerList(ds) + "); name the one to use with \"layer\"");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parseHstore(const std::string& text) {
    // "k"=>"v","k2"=>"v2" with backslash escapes inside the quotes.
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    auto quoted = [&](std::string& s) -> bool {
        while (i < text.size() && text[i] != '"')
            ++i;
        if (i >= text.size()) return false;
        ++i;
        s.clear();
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            s += text[i++];
        }
        if (i >= text.size()) return false;
        ++i;
        return true;
    };
    while (i < text.size()) {
        std::string k, v;
        if (!quoted(k)) break;
        const std::size_t arrow = text.find("=>", i);
        if (arrow == std::string::npos) break;
        i = arrow + 2;
        if (!quoted(v)) break;
        out.emplace_back(std::move(k), std::move(v));
    }
    return out;
}

std::vector<std::string> listVectorLayers(const std::string& path) {
    DatasetPtr ds = detail::openDataset(path, GDAL_OF_VECTOR, "a vector dataset");
    std::vector<std::string> names;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        names.push_back(ds->GetLayer(i)->GetName());
    return names;
}

bool isOsmFile(const std::string& path) {
    const std::string l = lower(path);
    return endsWith(l, ".osm") || endsWith(l, ".pbf") || endsWith(l, ".osm.xml");
}

VectorReadResult readVector(const std::string& path, const VectorReadOptions& options) {
    const bool osm = isOsmFile(path);
    ErrorCapture capture;
    VectorReadResult result;
    // Text encoding: Shapefiles take it as an open option (declared, from the .cpg, or detected when the file
    // declares none: GDAL would read such a file as ISO-8859-1 and turn Korean text into mojibake); other
    // formats are UTF-8 by their specifications, and a declared encoding recodes what is not.
    const std::string lowerPath = lower(path);
    const bool shapefile = endsWith(lowerPath, ".shp") || endsWith(lowerPath, ".dbf");
    if (!options.encoding.empty() && !isKnownEncoding(options.encoding))
        throw Error(ErrorCode::Scenario, "unknown text encoding \"" + options.encoding + "\"",
                    Error::Context{path, options.layer, "encoding"});
    std::vector<std::string> openOptions;
    std::string recodeFrom;
    if (shapefile) {
        std::string encoding = options.encoding;
        if (encoding.empty()) {
            const ShapefileEncoding detected = detectShapefileEncoding(path);
            encoding = detected.encoding;
            if (!encoding.empty())
                result.warnings.push_back("text read as " + encoding + " (" + detected.reason +
                                          "); declare \"encoding\" in the scenario if that is wrong");
        }
        if (!encoding.empty()) openOptions.push_back("ENCODING=" + encoding);
    } else if (!options.encoding.empty()) {
        const std::string e = lower(options.encoding);
        if (e != "utf-8" && e != "utf8") recodeFrom = options.encoding;
    }
    std::size_t notRecoded = 0;
    auto text = [&](const char* raw) {
        std::string s(raw);
        if (recodeFrom.empty() || isValidUtf8(s)) return s;
        if (std::optional<std::string> u = recodeToUtf8(s, recodeFrom)) return *u;
        ++notRecoded;
        return s;
    };
    // Buildings from OSM: building:part ways are read too (Simple 3D Buildings; see osm_buildings.h).
    const bool osmBuildings = osm && options.role == VectorRole::Buildings && options.layer.empty();
    const std::string osmConfig = osmBuildings ? detail::osmConfigWithBuildingParts() : std::string{};
    if (!osmConfig.empty()) openOptions.push_back("CONFIG_FILE=" + osmConfig);
    if (osmBuildings && osmConfig.empty())
        result.warnings.push_back("GDAL's osmconf.ini was not found: building:part ways (the heights of the parts "
                                  "of tall buildings) are not read");
    DatasetPtr ds = detail::openDataset(path, GDAL_OF_VECTOR, "a vector dataset", openOptions);

    VectorReadOptions o = options;
    std::string roleFilter;
    if (osm && o.layer.empty()) {
        if (o.role == VectorRole::Buildings) {
            o.layer = "multipolygons";
            roleFilter = "building";
        } else if (o.role == VectorRole::Roads) {
            o.layer = "lines";
            roleFilter = "highway";
        }
    }
    OGRLayer* layer = chooseLayer(*ds, path, o);
    const std::string layerName = layer->GetName();

    std::string where = o.where;
    if (roleFilter == "building" && layer->GetLayerDefn()->GetFieldIndex("building_part") >= 0)
        roleFilter = "(building IS NOT NULL OR building_part IS NOT NULL)";
    else if (!roleFilter.empty())
        roleFilter += " IS NOT NULL";
    if (!roleFilter.empty())
        where = where.empty() ? roleFilter : "(" + roleFilter + ") AND (" + where + ")";
    if (!where.empty() && layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
        throw Error(ErrorCode::Scenario,
                    "invalid attribute filter \"" + o.where + "\": " + capture.lastError(),
                    Error::Context{path, layerName, "where"});

    VectorLayer& out = result.layer;
    out.name = layerName;
    if (!o.crsOverride.empty()) {
        try {
            out.crs = Crs::fromUserInput(o.crsOverride);
        } catch (const Error& e) {
            throw Error(ErrorCode::Crs, e.detail(), Error::Context{path, layerName, "crs"});
        }
    } else {
        out.crs = detail::crsFromSrs(layer->GetSpatialRef());
    }
    if (out.crs.empty())
        throw Error(ErrorCode::Crs,
                    "layer has no coordinate reference system; give one with \"crs\" for this dataset in the "
                    "scenario",
                    Error::Context{path, layerName, {}});

    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int nFields = defn->GetFieldCount();
    int otherTags = -1;
    std::vector<int> fieldMap(static_cast<std::size_t>(nFields), -1);
    for (int i = 0; i < nFields; ++i) {
        OGRFieldDefn* fd = defn->GetFieldDefn(i);
        if (osm && std::string(fd->GetNameRef()) == "other_tags") {
            otherTags = i;
            continue;
        }
        FieldType t = FieldType::String;
        switch (fd->GetType()) {
            case OFTInteger:
            case OFTInteger64:
                t = FieldType::Integer;
                break;
            case OFTReal:
                t = FieldType::Real;
                break;
            default:
                t = FieldType::String;
                break;
        }
        fieldMap[static_cast<std::size_t>(i)] = out.fields.ensure(text(fd->GetNameRef()), t);
    }

    auto take = [&](OGRFeature& feat) {
        VectorFeature f;
        f.fid = feat.GetFID();
        appendGeometry(feat.GetGeometryRef(), f);
        settleKind(f, o.role);
        if (f.kind == GeometryKind::None) {
            ++result.withoutGeometry;
            return;
        }
        f.attributes.resize(out.fields.size());
        for (int i = 0; i < nFields; ++i) {
            const int target = fieldMap[static_cast<std::size_t>(i)];
            if (target < 0 || !feat.IsFieldSetAndNotNull(i)) continue;
            AttributeValue& v = f.attributes[static_cast<std::size_t>(target)];
            switch (out.fields[static_cast<std::size_t>(target)].type) {
                case FieldType::Integer:
                    v = static_cast<std::int64_t>(feat.GetFieldAsInteger64(i));
                    break;
                case FieldType::Real:
                    v = feat.GetFieldAsDouble(i);
                    break;
                case FieldType::String:
                    v = text(feat.GetFieldAsString(i));
                    break;
            }
        }
        if (otherTags >= 0 && feat.IsFieldSetAndNotNull(otherTags)) {
            for (auto& [k, val] : parseHstore(feat.GetFieldAsString(otherTags))) {
                const int idx = out.fields.ensure(k, FieldType::String);
                if (f.attributes.size() <= static_cast<std::size_t>(idx))
                    f.attributes.resize(out.fields.size());
                f.attributes[static_cast<std::size_t>(idx)] = std::move(val);
            }
        }
        out.features.push_back(std::move(f));
    };

    if (osm) {
        // The OSM driver delivers features of all layers interleaved; reading through the dataset works for
        // any file size (the per-layer API buffers the other layers).
        ds->ResetReading();
        OGRLayer* from = nullptr;
        while (FeaturePtr feat{ds->GetNextFeature(&from, nullptr, nullptr, nullptr)}) {
            if (from != layer) continue;
            take(*feat);
        }
    } else {
        layer->ResetReading();
        while (FeaturePtr feat{layer->GetNextFeature()})
            take(*feat);
    }
    if (!capture.lastError().empty() && out.features.empty())
        throw Error(ErrorCode::FileFormat, "cannot read features: " + capture.lastError(),
                    Error::Context{path, layerName, {}});
    if (capture.isOutermost())
        for (const std::string& w : capture.warnings())
            result.warnings.push_back(w);
    if (!capture.lastError().empty()) result.warnings.push_back("read error: " + capture.lastError());
    if (osmBuildings)
        if (std::string note = detail::resolveOsmBuildingParts(out); !note.empty())
            result.notes.push_back(std::move(note));
    if (notRecoded)
        result.warnings.push_back(std::to_string(notRecoded) + " text value(s) are not valid " + recodeFrom +
                                  " and were kept as they are");
    return result;
}

void writeGeoPackage(const VectorLayer& layer, const std::string& path) {
    detail::ensureGdal();
    namespace fs = std::filesystem;
    const fs::path final(path);
    const fs::path tmp =
        final.parent_path() / (final.stem().string() + ".tmp-" + std::to_string(::getpid()) + ".gpkg");
    ErrorCapture capture;
    auto fail = [&](const std::string& what) {
        std::error_code ec;
        fs::remove(tmp, ec);
        return Error(ErrorCode::Output,
                     what + (capture.lastError().empty() ? "" : ": " + capture.lastError()),
                     Error::Context{path, layer.name, {}});
    };
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw Error(ErrorCode::Internal, "GDAL lacks the GeoPackage driver");
    {
        DatasetPtr ds(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw fail("cannot create GeoPackage");
        OGRSpatialReference srs;
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!layer.crs.empty() && srs.importFromWkt(layer.crs.wkt().c_str()) != OGRERR_NONE)
            throw fail("cannot express the CRS for GeoPackage");
        GeometryKind kind = GeometryKind::None;
        for (const VectorFeature& f : layer.features)
            if (f.kind != GeometryKind::None) {
                kind = f.kind;
                break;
            }
        bool lines3d = false;
        for (const VectorFeature& f : layer.features)
            lines3d = lines3d || (f.kind == GeometryKind::Line && !f.lineZ.empty());
        const OGRwkbGeometryType gtype = kind == GeometryKind::Polygon ? wkbMultiPolygon
                                         : kind == GeometryKind::Line
                                             ? (lines3d ? wkbMultiLineString25D : wkbMultiLineString)
                                         : kind == GeometryKind::Point ? wkbMultiPoint
                                                                       : wkbNone;
        OGRLayer* l = ds->CreateLayer(layer.name.empty() ? "layer" : layer.name.c_str(),
                                      layer.crs.empty() ? nullptr : &srs, gtype, nullptr);
        if (!l) throw fail("cannot create layer");
        for (const Field& fd : layer.fields) {
            OGRFieldDefn def(fd.name.c_str(), fd.type == FieldType::Integer ? OFTInteger64
                                              : fd.type == FieldType::Real  ? OFTReal
                                                                            : OFTString);
            if (l->CreateField(&def) != OGRERR_NONE) throw fail("cannot create field '" + fd.name + "'");
        }
        if (ds->StartTransaction() != OGRERR_NONE) throw fail("cannot start a transaction");
        for (const VectorFeature& f : layer.features) {
            FeaturePtr feat(OGRFeature::CreateFeature(l->GetLayerDefn()));
            for (std::size_t i = 0; i < layer.fields.size() && i < f.attributes.size(); ++i) {
                const AttributeValue& v = f.attributes[i];
                const int idx = static_cast<int>(i);
                if (std::holds_alternative<std::int64_t>(v))
                    feat->SetField(idx, static_cast<GIntBig>(std::get<std::int64_t>(v)));
                else if (std::holds_alternative<double>(v))
                    feat->SetField(idx, std::get<double>(v));
                else if (std::holds_alternative<std::string>(v))
                    feat->SetField(idx, std::get<std::string>(v).c_str());
                else
                    feat->SetFieldNull(idx);
            }
            if (f.kind == GeometryKind::Polygon) {
                auto* mp = new OGRMultiPolygon();
                for (const Polygon& p : f.polygons) {
                    auto* poly = new OGRPolygon();
                    auto addRing = [&](const Ring& r) {
                        auto* ring = new OGRLinearRing();
                        for (const Point& q : r)
                            ring->addPoint(q.x, q.y);
                        poly->addRingDirectly(ring);
                    };
                    addRing(p.outer);
                    for (const Ring& h : p.inners)
                        addRing(h);
                    mp->addGeometryDirectly(poly);
                }
                feat->SetGeometryDirectly(mp);
            } else if (f.kind == GeometryKind::Line) {
                auto* ml = new OGRMultiLineString();
                for (std::size_t k = 0; k < f.lines.size(); ++k) {
                    const LineString& line = f.lines[k];
                    const std::vector<double>* z =
                        k < f.lineZ.size() && f.lineZ[k].size() == line.size() ? &f.lineZ[k] : nullptr;
                    if (lines3d && !z) throw fail("a 3D line has no altitude for every vertex");
                    auto* ls = new OGRLineString();
                    for (std::size_t i = 0; i < line.size(); ++i) {
                        if (z)
                            ls->addPoint(line[i].x, line[i].y, (*z)[i]);
                        else
                            ls->addPoint(line[i].x, line[i].y);
                    }
                    ml->addGeometryDirectly(ls);
                }
                feat->SetGeometryDirectly(ml);
            } else if (f.kind == GeometryKind::Point) {
                auto* mpt = new OGRMultiPoint();
                for (const Point& q : f.points)
                    mpt->addGeometryDirectly(new OGRPoint(q.x, q.y));
                feat->SetGeometryDirectly(mpt);
            }
            if (l->CreateFeature(feat.get()) != OGRERR_NONE) throw fail("cannot write a feature");
        }
        if (ds->CommitTransaction() != OGRERR_NONE) throw fail("cannot commit");
    }
    if (!capture.lastError().empty()) throw fail("GeoPackage write failed");
    std::error_code ec;
    fs::rename(tmp, final, ec);
    if (ec) throw fail("cannot move the written file into place (" + ec.message() + ")");
}

}  // namespace citytwin::core
