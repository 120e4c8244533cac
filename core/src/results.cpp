// The in-memory results model and differences between runs.

#include "citytwin/core/results.h"

#include <algorithm>
#include <cmath>

#include "citytwin/core/error.h"

namespace citytwin::core {

const OutputData* RunResults::find(const std::string& id) const {
    for (const OutputData& o : outputs)
        if (o.decl.id == id) return &o;
    return nullptr;
}

std::string couplingLayerName(const std::string& simulator, const std::string& output) {
    return simulator + "." + output;
}

bool isDrawable(const OutputData& o) {
    if (o.decl.style.drawAs == sdk::DrawAs::Hidden) return false;
    return o.decl.kind == sdk::OutputKind::Raster || o.decl.kind == sdk::OutputKind::RasterSeries ||
           o.decl.kind == sdk::OutputKind::Vector;
}

namespace {

std::shared_ptr<const Raster> difference(const Raster& a, const Raster& b, double& maxAbs) {
    if (!a.sameGrid(b))
        throw Error(ErrorCode::Data, "the two runs' rasters are on different grids (" + std::to_string(a.width()) +
                                         " x " + std::to_string(a.height()) + " and " +
                                         std::to_string(b.width()) + " x " + std::to_string(b.height()) + ")");
    auto d = std::make_shared<Raster>(a.width(), a.height(), a.geoTransform(), a.crs());
    auto& out = d->data();
    for (std::size_t i = 0; i < out.size(); ++i) {
        const float va = a.data()[i];
        const float vb = b.data()[i];
        out[i] = (std::isnan(va) || std::isnan(vb)) ? Raster::kNoData : vb - va;
        if (!std::isnan(out[i])) maxAbs = std::max(maxAbs, static_cast<double>(std::fabs(out[i])));
    }
    d->unit = a.unit;
    return d;
}

}  // namespace

OutputData differenceOutput(const OutputData& a, const OutputData& b, const std::string& labelA,
                            const std::string& labelB) {
    const auto isGrid = [](const OutputData& o) {
        return o.decl.kind == sdk::OutputKind::Raster || o.decl.kind == sdk::OutputKind::RasterSeries;
    };
    if (!isGrid(a) || !isGrid(b) || a.decl.kind != b.decl.kind)
        throw Error(ErrorCode::Data, "only raster and raster-series outputs of the same kind can be compared ('" +
                                         a.decl.id + "' and '" + b.decl.id + "')");
    OutputData d;
    d.simulator = a.simulator;
    d.decl = a.decl;
    d.decl.id = a.decl.id + "_difference";
    d.decl.label = "Δ " + (a.decl.label.empty() ? a.decl.id : a.decl.label) + " (" + labelB + " − " + labelA + ")";
    d.decl.description = "Difference B − A of '" + a.decl.label + "' between " + labelB + " and " + labelA + ".";
    // A difference is never a water surface: a diverging ramp draped on the terrain, centred on zero.
    d.decl.style = sdk::Style::draped("rdbu");
    double maxAbs = 0.0;
    if (a.decl.kind == sdk::OutputKind::Raster) {
        if (!a.raster || !b.raster) throw Error(ErrorCode::Data, "an output to compare has no raster");
        d.raster = difference(*a.raster, *b.raster, maxAbs);
    } else {
        bool sameTimes = a.frames.size() == b.frames.size() && !a.frames.empty();
        for (std::size_t i = 0; sameTimes && i < a.frames.size(); ++i)
            sameTimes = std::fabs(a.frames[i].timeS - b.frames[i].timeS) < 1e-6;
        if (sameTimes) {
            for (std::size_t i = 0; i < a.frames.size(); ++i)
                d.frames.push_back({a.frames[i].timeS, difference(*a.frames[i].raster, *b.frames[i].raster, maxAbs)});
        } else {
            if (a.frames.empty() || b.frames.empty()) throw Error(ErrorCode::Data, "a series to compare has no frames");
            d.decl.kind = sdk::OutputKind::Raster;
            d.decl.label += " (last frames)";
            d.raster = difference(*a.frames.back().raster, *b.frames.back().raster, maxAbs);
        }
    }
    if (maxAbs <= 0.0) maxAbs = 1.0;
    d.decl.style.min = -maxAbs;
    d.decl.style.max = maxAbs;
    return d;
}

}  // namespace citytwin::core
