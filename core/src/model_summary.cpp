#include "citytwin/core/model_summary.h"
#include "text_util.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace citytwin::core {

namespace {

std::string fmt(double v, int digits = 1) {
    return detail::fixed(v, digits);
}

ValueStats statsOf(std::vector<double> v) {
    ValueStats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.count = v.size();
    s.min = v.front();
    s.max = v.back();
    double sum = 0.0;
    for (double x : v)
        sum += x;
    s.mean = sum / static_cast<double>(v.size());
    const std::size_t n = v.size();
    s.median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return s;
}

}  // namespace

ModelSummary summarise(const CityModel& model) {
    ModelSummary s;
    std::vector<double> heights;
    heights.reserve(model.buildings.size());
    for (const Building& b : model.buildings) {
        heights.push_back(b.heightM);
        s.footprintAreaM2 += area(b.footprint);
    }
    s.buildingHeights = statsOf(std::move(heights));
    for (const Road& r : model.roads) {
        const double len = length(r.line);
        s.roadLengthByClass[r.roadClass.empty() ? "(none)" : r.roadClass] += len;
        s.roadLengthM += len;
    }
    if (model.hasTerrain()) s.terrain = model.terrain.stats();
    return s;
}

std::string formatModelReport(const CityModel& m) {
    const ModelSummary s = summarise(m);
    std::ostringstream o;
    const char* pad = "             ";
    if (!m.name.empty()) o << "City model:  " << m.name << "\n";
    o << "CRS:         " << m.crs.describe() << "\n" << pad << m.crsReason << "\n";
    if (!m.extent.empty())
        o << "Extent:      (" << fmt(m.extent.minX) << ", " << fmt(m.extent.minY) << ") - ("
          << fmt(m.extent.maxX) << ", " << fmt(m.extent.maxY) << ")  " << fmt(m.extent.width()) << " m x "
          << fmt(m.extent.height()) << " m\n";

    if (m.hasTerrain()) {
        const GeoTransform& g = m.terrain.geoTransform();
        o << "Terrain:     " << m.terrain.width() << " x " << m.terrain.height() << " cells at "
          << fmt(g.cellWidth, 2) << (g.cellWidth != g.cellHeight ? " x " + fmt(g.cellHeight, 2) : "") << " m";
        if (s.terrain.validCount)
            o << "; elevation " << fmt(s.terrain.min, 2) << " to " << fmt(s.terrain.max, 2) << " m (mean "
              << fmt(s.terrain.mean, 2) << " m)";
        o << "; " << s.terrain.noDataCount << " NoData cells\n";
    } else {
        o << "Terrain:     none\n";
    }

    const auto& h = m.report.heights;
    const auto& r = m.report.repairs;
    const auto& bs = m.report.bases;
    o << "Buildings:   " << m.buildings.size();
    if (s.buildingHeights.count)
        o << "; height min " << fmt(s.buildingHeights.min) << ", median " << fmt(s.buildingHeights.median)
          << ", mean " << fmt(s.buildingHeights.mean) << ", max " << fmt(s.buildingHeights.max) << " m";
    o << "\n";
    if (!m.buildings.empty() || r.degenerate || r.unrepairable || r.outsideExtent) {
        o << pad << "height from: height attribute " << h.fromAttribute << ", levels x storey height "
          << h.fromLevels << ", 3D geometry " << h.fromGeometry << ", default " << h.fromDefault << "\n";
        o << pad << "base elevation from: terrain " << bs.fromTerrain << ", source " << bs.fromSource
          << ", unknown " << bs.unknown << "\n";
        o << pad << "footprints: " << r.valid << " valid, " << r.reoriented << " reoriented, " << r.repaired
          << " repaired, " << r.duplicates << " duplicates dropped, " << r.degenerate << " degenerate, "
          << r.unrepairable << " unrepairable, " << r.outsideExtent << " outside the extent";
        if (r.reprojectionFailed) o << ", " << r.reprojectionFailed << " not reprojectable";
        o << "\n" << pad << "total footprint area " << fmt(s.footprintAreaM2, 0) << " m²\n";
    }

    bool roadSources = false;
    for (const DataSource& d : m.sources)
        roadSources = roadSources || d.role == "roads";
    if (roadSources || !m.roads.empty())
        o << "Roads:       " << m.roads.size() << " segments, " << fmt(s.roadLengthM / 1000.0, 2) << " km\n";
    else
        o << "Roads:       none\n";
    if (!m.roads.empty()) {
        std::vector<std::pair<std::string, double>> byClass(s.roadLengthByClass.begin(),
                                                            s.roadLengthByClass.end());
        std::sort(byClass.begin(), byClass.end(),
                  [](const auto& a, const auto& b) { return a.second > b.second; });
        for (const auto& [cls, len] : byClass) {
            char line[128];
            std::snprintf(line, sizeof line, "%-16s %9.2f km", cls.c_str(), len / 1000.0);
            o << pad << line << "\n";
        }
        o << pad << "defaults used: lanes for " << m.report.roads.lanesDefaulted << ", speed for "
          << m.report.roads.speedDefaulted << " segments\n";
    }

    if (!m.rasters.empty() || !m.vectors.empty()) {
        o << "Layers:\n";
        for (const auto& [name, raster] : m.rasters) {
            const RasterStats st = raster.stats();
            o << pad << name << ": raster " << raster.width() << " x " << raster.height();
            if (!raster.unit.empty()) o << " [" << raster.unit << "]";
            if (st.validCount) o << ", values " << fmt(st.min, 3) << " to " << fmt(st.max, 3);
            o << "\n";
        }
        for (const auto& [name, v] : m.vectors)
            o << pad << name << ": vector, " << v.features.size() << " features, " << v.fields.size()
              << " attributes\n";
    }

    o << "Sources:\n";
    for (const DataSource& d : m.sources) {
        o << pad << d.role << ": " << d.file;
        if (!d.layer.empty()) o << " (" << d.layer << ")";
        o << "\n" << pad << "    " << d.crs;
        if (!d.raster) o << "; " << d.read << " read, " << d.kept << " kept";
        o << "\n";
    }

    const std::size_t nWarn = m.report.warningCount();
    o << "Warnings:    " << nWarn << "\n";
    for (const ImportMessage& msg : m.report.messages)
        if (msg.severity == ImportMessage::Severity::Warning)
            o << "  - " << (msg.source.empty() ? "" : msg.source + ": ") << msg.text << "\n";
    bool anyInfo = false;
    for (const ImportMessage& msg : m.report.messages) {
        if (msg.severity != ImportMessage::Severity::Info) continue;
        if (!anyInfo) o << "Notes:\n";
        anyInfo = true;
        o << "  - " << (msg.source.empty() ? "" : msg.source + ": ") << msg.text << "\n";
    }
    return o.str();
}

}  // namespace citytwin::core
