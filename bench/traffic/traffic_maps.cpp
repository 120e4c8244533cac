// The maps of sim/traffic/README.md, drawn from runs of the traffic study on the Jamsil demo (the viewer
// draws the same layers interactively; this program only makes the README's pictures reproducible without a
// display):
//
//   citytwin_traffic_maps <repository root> <output folder>
//
// writes traffic_jamsil_vc.png (the morning peak: V/C colours, width by flow), traffic_jamsil_closure.png
// (the Olympic-ro carriageway 59097459 closed: flow change from the morning peak, red more, blue less, the
// closed links black) and traffic_jamsil_select_link.png (who uses that carriageway in the morning peak:
// their flow in purple). A minimal PNG writer (zlib) keeps it free of image libraries.

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "study.h"

using namespace citytwin;
using namespace citytwin::traffic;

namespace {

struct Rgb {
    unsigned char r, g, b;
};

class Canvas {
public:
    Canvas(const core::Box& box, int width) : box_(box), w_(width) {
        scale_ = (width - 2 * kMargin) / box.width();
        h_ = static_cast<int>(box.height() * scale_) + 2 * kMargin;
        pixels_.assign(static_cast<std::size_t>(w_ * h_), Rgb{255, 255, 255});
    }
    /// A line of `widthPx` pixels along a line string in map coordinates.
    void line(const core::LineString& l, double widthPx, Rgb c) {
        const double r = std::max(0.5, widthPx / 2);
        for (std::size_t k = 0; k + 1 < l.size(); ++k) {
            const double x0 = px(l[k].x), y0 = py(l[k].y), x1 = px(l[k + 1].x), y1 = py(l[k + 1].y);
            const double len = std::hypot(x1 - x0, y1 - y0);
            const int steps = std::max(1, static_cast<int>(len / 0.5));
            for (int s = 0; s <= steps; ++s) {
                const double t = static_cast<double>(s) / steps;
                disc(x0 + t * (x1 - x0), y0 + t * (y1 - y0), r, c);
            }
        }
    }
    bool writePng(const std::string& path) const {
        std::vector<unsigned char> raw;
        raw.reserve(static_cast<std::size_t>(h_ * (1 + 3 * w_)));
        for (int y = 0; y < h_; ++y) {
            raw.push_back(0);  // filter: none
            for (int x = 0; x < w_; ++x) {
                const Rgb& p = pixels_[static_cast<std::size_t>(y * w_ + x)];
                raw.insert(raw.end(), {p.r, p.g, p.b});
            }
        }
        uLongf size = compressBound(static_cast<uLong>(raw.size()));
        std::vector<unsigned char> z(size);
        if (compress2(z.data(), &size, raw.data(), static_cast<uLong>(raw.size()), 9) != Z_OK) return false;
        z.resize(size);
        std::ofstream out(path, std::ios::binary);
        const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
        out.write(reinterpret_cast<const char*>(sig), 8);
        const auto be32 = [](std::vector<unsigned char>& v, std::uint32_t n) {
            for (int s = 24; s >= 0; s -= 8)
                v.push_back(static_cast<unsigned char>(n >> s));
        };
        const auto chunk = [&](const char* type, const std::vector<unsigned char>& data) {
            std::vector<unsigned char> c;
            be32(c, static_cast<std::uint32_t>(data.size()));
            c.insert(c.end(), type, type + 4);
            c.insert(c.end(), data.begin(), data.end());
            const uLong crc = crc32(crc32(0L, Z_NULL, 0), c.data() + 4, static_cast<uInt>(c.size() - 4));
            be32(c, static_cast<std::uint32_t>(crc));
            out.write(reinterpret_cast<const char*>(c.data()), static_cast<std::streamsize>(c.size()));
        };
        std::vector<unsigned char> ihdr;
        be32(ihdr, static_cast<std::uint32_t>(w_));
        be32(ihdr, static_cast<std::uint32_t>(h_));
        ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8 bits, RGB, deflate, no filter, no interlace
        chunk("IHDR", ihdr);
        chunk("IDAT", z);
        chunk("IEND", {});
        return static_cast<bool>(out);
    }

private:
    static constexpr int kMargin = 20;
    double px(double x) const { return kMargin + (x - box_.minX) * scale_; }
    double py(double y) const { return h_ - kMargin - (y - box_.minY) * scale_; }
    void disc(double cx, double cy, double r, Rgb c) {
        for (int y = static_cast<int>(std::floor(cy - r)); y <= static_cast<int>(std::ceil(cy + r)); ++y)
            for (int x = static_cast<int>(std::floor(cx - r)); x <= static_cast<int>(std::ceil(cx + r)); ++x)
                if (x >= 0 && y >= 0 && x < w_ && y < h_ &&
                    (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                    pixels_[static_cast<std::size_t>(y * w_ + x)] = c;
    }
    core::Box box_;
    int w_, h_;
    double scale_;
    std::vector<Rgb> pixels_;
};

/// Green - yellow - red over V/C 0 .. 1.2 (the viewer's rdylgn_r for the links layer).
Rgb vcColour(double v) {
    const Rgb stops[] = {{26, 152, 80}, {145, 207, 96}, {254, 224, 139}, {252, 141, 89}, {215, 48, 39}};
    const double at[] = {0.0, 0.5, 0.8, 1.0, 1.2};
    if (!(v > 0)) return stops[0];
    for (int k = 1; k < 5; ++k)
        if (v <= at[k]) {
            const double t = (v - at[k - 1]) / (at[k] - at[k - 1]);
            return {static_cast<unsigned char>(stops[k - 1].r + t * (stops[k].r - stops[k - 1].r)),
                    static_cast<unsigned char>(stops[k - 1].g + t * (stops[k].g - stops[k - 1].g)),
                    static_cast<unsigned char>(stops[k - 1].b + t * (stops[k].b - stops[k - 1].b))};
        }
    return stops[4];
}

/// The two directions of a two-way road side by side (as the plug-in draws them), 4 m to the right.
core::LineString offset(const core::LineString& line, double d) {
    core::LineString out;
    const std::size_t n = line.size();
    for (std::size_t i = 0; i < n; ++i) {
        double nx = 0.0, ny = 0.0;
        for (std::size_t s : {i == 0 ? 0 : i - 1, std::min(i, n - 2)}) {
            const double dx = line[s + 1].x - line[s].x, dy = line[s + 1].y - line[s].y,
                         len = std::hypot(dx, dy);
            if (len > 0) {
                nx += dy / len;
                ny += -dx / len;
            }
        }
        const double len = std::hypot(nx, ny);
        out.push_back(len > 0 ? core::Point{line[i].x + d * nx / len, line[i].y + d * ny / len} : line[i]);
    }
    return out;
}

StudyOptions jamsilOptions() {
    StudyOptions o;
    o.city.trips.occupancy = core::defaultOccupancyRules();
    o.city.cordon = true;
    o.city.cordonOptions.defaults = defaultCordonDefaults();
    o.city.cordonOptions.continuity = 50.0;
    o.city.connectors.connectorsPerZone = 4;
    o.junctions = true;
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <repository root> <output folder>\n", argv[0]);
        return 2;
    }
    const std::string root = argv[1], dir = argv[2];
    const std::string closed = "59097459";  // Olympic-ro, westbound carriageway
    try {
        const core::CityModel model =
            core::buildCityModel(core::loadScenario(root + "/data/seoul_songpa/scenario.json"));
        StudyOptions o = jamsilOptions();
        o.selectLinks = {closed};
        const StudyResult base = runStudy(model, o, {});
        StudyOptions c = jamsilOptions();
        c.closedLinks = {closed};
        const StudyResult after = runStudy(model, c, {});
        const StudyNetwork& s = base.net;
        core::Box box;
        for (std::size_t a = 0; a < s.geometry.size(); ++a)
            if (!s.network.links[a].access) box.expand(core::bounds(s.geometry[a]));
        double maxFlow = 0.0;
        for (std::size_t a = 0; a < s.geometry.size(); ++a)
            if (!s.network.links[a].access) maxFlow = std::max(maxFlow, base.mainLinks.flow[a]);
        std::vector<std::size_t> order;
        for (std::size_t a = 0; a < s.geometry.size(); ++a)
            if (!s.network.links[a].access) order.push_back(a);
        const auto drawn = [&](std::size_t a) { return offset(s.geometry[a], 4.0); };
        const Rgb grey{215, 215, 215}, black{0, 0, 0};

        Canvas vc(box, 1400);
        for (std::size_t a : order)
            vc.line(drawn(a), 1.0, grey);
        std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return base.mainLinks.flow[x] < base.mainLinks.flow[y];
        });
        for (std::size_t a : order)
            if (base.mainLinks.flow[a] > 0)
                vc.line(drawn(a), 1.5 + 10.0 * base.mainLinks.flow[a] / maxFlow,
                        vcColour(base.mainLinks.volumeCapacity[a]));
        vc.writePng(dir + "/traffic_jamsil_vc.png");

        Canvas diff(box, 1400);
        double maxChange = 0.0;
        for (std::size_t a : order)
            maxChange = std::max(maxChange, std::abs(after.mainLinks.flow[a] - base.mainLinks.flow[a]));
        for (std::size_t a : order)
            diff.line(drawn(a), 1.0, grey);
        std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return std::abs(after.mainLinks.flow[x] - base.mainLinks.flow[x]) <
                   std::abs(after.mainLinks.flow[y] - base.mainLinks.flow[y]);
        });
        for (std::size_t a : order) {
            const double d = after.mainLinks.flow[a] - base.mainLinks.flow[a];
            if (std::abs(d) < 20.0) continue;  // changes below 20 veh/h are not drawn
            diff.line(drawn(a), 1.5 + 10.0 * std::abs(d) / maxChange,
                      d > 0 ? Rgb{215, 48, 39} : Rgb{33, 102, 172});
        }
        for (std::size_t a : order)
            if (after.net.network.links[a].closed) diff.line(drawn(a), 4.0, black);
        diff.writePng(dir + "/traffic_jamsil_closure.png");

        Canvas sel(box, 1400);
        double maxSel = 0.0;
        for (std::size_t a : order)
            maxSel = std::max(maxSel, base.selectLink.flow[a]);
        for (std::size_t a : order)
            sel.line(drawn(a), 1.0, grey);
        for (std::size_t a : order)
            if (base.selectLink.flow[a] > 1.0)
                sel.line(drawn(a), 1.5 + 10.0 * base.selectLink.flow[a] / maxSel, Rgb{118, 42, 131});
        for (std::size_t a : order)
            if (s.linkLabel[a] == closed) sel.line(drawn(a), 3.0, black);
        sel.writePng(dir + "/traffic_jamsil_select_link.png");

        std::printf("morning peak: road travel time %.1f veh h, access %.1f veh h, road veh km %.0f\n",
                    base.main.roadTravelTime / 60, base.main.accessTravelTime / 60, base.main.roadDistance);
        std::printf("closed %s: road travel time %.1f veh h (x%.3f), unreachable %.1f veh/h\n",
                    closed.c_str(), after.main.roadTravelTime / 60,
                    after.main.roadTravelTime / base.main.roadTravelTime, after.main.demandUnreachable);
        std::printf("select link %s: %.0f veh/h; largest flow change %.0f veh/h\n", closed.c_str(),
                    base.selectLink.total, maxChange);
    } catch (const core::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
