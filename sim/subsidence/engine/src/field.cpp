#include "field.h"

#include <algorithm>
#include <cmath>

#include "citytwin/core/error.h"
#include "citytwin/subsidence/consolidation.h"
#include "citytwin/subsidence/excavation.h"
#include "citytwin/subsidence/geertsma.h"
#include "citytwin/subsidence/tunnel.h"

namespace citytwin::subsidence::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;

// ---------------------------------------------------------------------------------------------------------------
// Grid windows

struct Window {
    int c0 = 0, c1 = 0, r0 = 0, r1 = 0;  // [c0, c1) x [r0, r1)
    bool empty() const { return c1 <= c0 || r1 <= r0; }
    int width() const { return c1 - c0; }
    int height() const { return r1 - r0; }
    std::size_t cells() const { return empty() ? 0 : static_cast<std::size_t>(width()) * height(); }
    std::size_t local(int c, int r) const {
        return static_cast<std::size_t>(r - r0) * static_cast<std::size_t>(width()) +
               static_cast<std::size_t>(c - c0);
    }
};

// The cells whose centres lie inside the box.
Window windowOf(const Grid& g, const core::Box& b) {
    Window w;
    if (b.empty()) return w;
    const double cw = g.transform.cellWidth, ch = g.transform.cellHeight;
    const double fc0 = std::ceil((b.minX - g.transform.originX) / cw - 0.5);
    const double fc1 = std::floor((b.maxX - g.transform.originX) / cw - 0.5) + 1.0;
    const double fr0 = std::ceil((g.transform.originY - b.maxY) / ch - 0.5);
    const double fr1 = std::floor((g.transform.originY - b.minY) / ch - 0.5) + 1.0;
    w.c0 = static_cast<int>(std::clamp(fc0, 0.0, static_cast<double>(g.nx)));
    w.c1 = static_cast<int>(std::clamp(fc1, 0.0, static_cast<double>(g.nx)));
    w.r0 = static_cast<int>(std::clamp(fr0, 0.0, static_cast<double>(g.ny)));
    w.r1 = static_cast<int>(std::clamp(fr1, 0.0, static_cast<double>(g.ny)));
    return w;
}

core::Box expanded(core::Box b, double margin) {
    b.minX -= margin;
    b.minY -= margin;
    b.maxX += margin;
    b.maxY += margin;
    return b;
}

core::Box rasterBox(const core::Raster& r) {
    return r.extent();
}

const TerzaghiTable& terzaghiTable() {
    static const TerzaghiTable table;
    return table;
}

// Linear ramp from 0 at `start` to 1 at `start + ramp` (a step at `start` when ramp = 0).
double rampFraction(double t, double start, double ramp) {
    if (t < start) return 0.0;
    if (!(ramp > 0.0)) return 1.0;
    return std::min(1.0, (t - start) / ramp);
}

// ---------------------------------------------------------------------------------------------------------------
// A layer stack's consolidation under a drawdown: Terzaghi layers (degree per time, ultimate per drawdown)
// and delay interbeds (tabulated over drawdown levels).

class StackResponse {
public:
    StackResponse(const LayerStack& stack, double gammaW, const std::vector<double>& elapsedDays,
                  double minDrawdownM, double maxDrawdownM)
        : stack_(stack), gammaW_(gammaW) {
        for (const SoilLayer& l : stack_.layers) {
            const double hdr = drainagePath(l.thicknessM, l.drainage);
            std::vector<double> u(elapsedDays.size());
            for (std::size_t k = 0; k < u.size(); ++k)
                u[k] = terzaghiDegree(l.cvM2PerDay * elapsedDays[k] / (hdr * hdr));
            degree_.push_back(std::move(u));
        }
        for (const DelayInterbeds& ib : stack_.interbeds) {
            Levels lv;
            // Exact at 0, at the end of the elastic range and at the extremes; linear in between (exact where
            // the storage is one constant, close to it elsewhere: 12 levels over the inelastic range).
            if (minDrawdownM < 0.0) lv.levels.push_back(minDrawdownM);
            lv.levels.push_back(0.0);
            if (maxDrawdownM > 0.0) {
                const double m = ib.preconsolidationMarginM;
                if (m > 0.0 && maxDrawdownM > m &&
                    ib.elasticSpecificStoragePerM != ib.inelasticSpecificStoragePerM) {
                    lv.levels.push_back(m);
                    for (int j = 1; j <= 12; ++j)
                        lv.levels.push_back(m + (maxDrawdownM - m) * j / 12.0);
                } else {
                    lv.levels.push_back(maxDrawdownM);
                }
            }
            for (double s : lv.levels)
                lv.compaction.push_back(delayInterbedCompaction(ib, s, elapsedDays));
            interbeds_.push_back(std::move(lv));
        }
    }

    std::size_t layerCount() const { return stack_.layers.size(); }
    bool hasInterbeds() const { return !interbeds_.empty(); }

    double layerUltimate(std::size_t l, double drawdownM) const {
        const SoilLayer& layer = stack_.layers[l];
        const double ds = gammaW_ * drawdownM;
        double sigma0 = layer.initialEffectiveStressKPa;
        if (layer.compressibility.usesIndices()) {
            // A head rise cannot take σ' below zero: clamp at 1 % of σ'0 (documented limit).
            const double ds2 = std::max(ds, -0.99 * sigma0);
            return ultimateSettlement(layer.compressibility, layer.thicknessM, sigma0, ds2);
        }
        return ultimateSettlement(layer.compressibility, layer.thicknessM, sigma0, ds);
    }
    double layerDegree(std::size_t l, int k) const { return degree_[l][static_cast<std::size_t>(k)]; }

    double interbeds(double drawdownM, int k) const {
        double sum = 0.0;
        for (const Levels& lv : interbeds_) {
            const std::vector<double>& x = lv.levels;
            if (x.size() < 2) continue;
            std::size_t j =
                static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), drawdownM) - x.begin());
            j = std::clamp<std::size_t>(j, 1, x.size() - 1);
            const double t = (drawdownM - x[j - 1]) / (x[j] - x[j - 1]);
            const double a = lv.compaction[j - 1][static_cast<std::size_t>(k)];
            const double b = lv.compaction[j][static_cast<std::size_t>(k)];
            sum += a + t * (b - a);
        }
        return sum;
    }

    double settlement(double drawdownM, int k) const {
        double s = interbeds(drawdownM, k);
        for (std::size_t l = 0; l < stack_.layers.size(); ++l)
            s += layerUltimate(l, drawdownM) * layerDegree(l, k);
        return s;
    }

private:
    struct Levels {
        std::vector<double> levels;                   // drawdowns [m], ascending
        std::vector<std::vector<double>> compaction;  // [level][time]
    };
    LayerStack stack_;
    double gammaW_;
    std::vector<std::vector<double>> degree_;  // [layer][time]
    std::vector<Levels> interbeds_;
};

// Per-cell ultimate settlements of each Terzaghi layer plus the drawdown (for interbeds), over a window.
struct StackCells {
    std::vector<float> drawdown;
    std::vector<std::vector<float>> ultimate;  // [layer][cell]
    void resize(std::size_t cells, std::size_t layers) {
        drawdown.assign(cells, 0.0f);
        ultimate.assign(layers, std::vector<float>(cells, 0.0f));
    }
    void set(const StackResponse& st, std::size_t cell, double dd) {
        drawdown[cell] = static_cast<float>(dd);
        for (std::size_t l = 0; l < ultimate.size(); ++l)
            ultimate[l][cell] = static_cast<float>(st.layerUltimate(l, dd));
    }
    double settlement(const StackResponse& st, std::size_t cell, int k) const {
        double s = 0.0;
        for (std::size_t l = 0; l < ultimate.size(); ++l)
            s += ultimate[l][cell] * st.layerDegree(l, k);
        if (st.hasInterbeds() && drawdown[cell] != 0.0f) s += st.interbeds(drawdown[cell], k);
        return s;
    }
};

std::vector<double> elapsedSince(const TimeAxis& times, double start) {
    std::vector<double> e(times.days.size());
    for (std::size_t k = 0; k < e.size(); ++k)
        e[k] = times.days[k] - start;
    return e;
}

// ---------------------------------------------------------------------------------------------------------------
// Tunnel

class TunnelSource final : public PreparedSource {
public:
    TunnelSource(const Tunnel& t, const Tables& tables, const TimeAxis& times,
                 std::vector<std::string>& warnings) {
        double width = 0.0;
        if (!std::isnan(t.troughWidthFactor)) {
            width = t.troughWidthFactor * t.axisDepthM;
        } else {
            const TroughWidthSoil& soil = *tables.troughWidthSoil(t.soilType);
            width = troughWidth(soil, t.method, t.axisDepthM);
            if (t.method == TroughWidthMethod::Regression &&
                (t.axisDepthM < soil.regressionMinDepthM || t.axisDepthM > soil.regressionMaxDepthM))
                warnings.push_back("tunnel '" + t.id + "': axis depth " + std::to_string(t.axisDepthM) +
                                   " m is outside the O'Reilly-New regression's data range for soil '" +
                                   soil.id + "'");
        }
        trough_ = makeTrough(t.diameterM, t.axisDepthM, t.volumeLossPercent, width);
        // Beyond 6.8 i the Gaussian is below 1e-10 of its peak (and Φ within 1e-11 of 0 or 1).
        cutoff_ = 6.8 * width;
        double chainage = 0.0;
        for (std::size_t k = 0; k + 1 < t.alignment.size(); ++k) {
            const core::Point a = t.alignment[k], b = t.alignment[k + 1];
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            if (!(len > 0.0)) continue;
            segments_.push_back(Segment{a, (b.x - a.x) / len, (b.y - a.y) / len, len, chainage});
            chainage += len;
        }
        face_.resize(times.days.size());
        for (std::size_t k = 0; k < face_.size(); ++k) {
            const double t0 = times.days[k];
            if (t0 < t.startDay)
                face_[k] = 0.0;
            else if (std::isnan(t.advanceRateMPerDay))
                face_[k] = chainage;
            else
                face_[k] = std::min(chainage, t.advanceRateMPerDay * (t0 - t.startDay));
        }
    }

    void addAt(const core::Point& p, int k, PointDisplacement& d) const override {
        for (const Segment& sg : segments_) {
            const double a = active(sg, k);
            if (a <= 0.0) continue;
            addOne(sg, a, p.x, p.y, d.settlementM, d.eastM, d.northM);
        }
    }

    std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& rep) const override;

    struct Segment {
        core::Point a;
        double dx, dy, length, chainage;
    };
    double active(const Segment& sg, int k) const {
        return std::clamp(face_[static_cast<std::size_t>(k)] - sg.chainage, 0.0, sg.length);
    }
    // One straight stretch of active length `a`, in its frame: x along the left normal (-dy, dx), s along it.
    void addOne(const Segment& sg, double a, double px, double py, double& s, double& ux, double& uy) const {
        const double vx = px - sg.a.x, vy = py - sg.a.y;
        const double x = -sg.dy * vx + sg.dx * vy;
        const double along = sg.dx * vx + sg.dy * vy;
        if (std::abs(x) > cutoff_ || along < -cutoff_ || along > a + cutoff_) return;
        const TunnelPointDisplacement r = tunnelStretchDisplacement(trough_, x, along, a);
        s += r.settlementM;
        ux += r.transverseM * -sg.dy + r.longitudinalM * sg.dx;
        uy += r.transverseM * sg.dx + r.longitudinalM * sg.dy;
    }

    const std::vector<Segment>& segments() const { return segments_; }
    double cutoff() const { return cutoff_; }

private:
    Trough trough_;
    double cutoff_ = 0.0;
    std::vector<Segment> segments_;
    std::vector<double> face_;  // chainage of the face at each time [m]
};

class BoundTunnel final : public BoundSource {
public:
    BoundTunnel(const TunnelSource& src, const Grid& grid, Reporter&) : src_(src), grid_(grid) {}
    void add(int k, Field& f, Reporter& rep) const override {
        for (const TunnelSource::Segment& sg : src_.segments()) {
            const double a = src_.active(sg, k);
            if (a <= 0.0) continue;
            core::Box box;
            box.expand(sg.a);
            box.expand(core::Point{sg.a.x + a * sg.dx, sg.a.y + a * sg.dy});
            const Window w = windowOf(grid_, expanded(box, src_.cutoff()));
            if (w.empty()) continue;
            forRows(w.r0, w.r1, rep, [&](int r) {
                const double y = grid_.centreY(r);
                for (int c = w.c0; c < w.c1; ++c) {
                    const std::size_t i = grid_.index(c, r);
                    double ux = 0.0, uy = 0.0;
                    src_.addOne(sg, a, grid_.centreX(c), y, f.s[i], ux, uy);
                    if (f.horizontal) {
                        f.ux[i] += ux;
                        f.uy[i] += uy;
                    }
                }
            });
        }
    }

private:
    const TunnelSource& src_;
    Grid grid_;
};

std::unique_ptr<BoundSource> TunnelSource::bind(const Grid& grid, Reporter& rep) const {
    return std::make_unique<BoundTunnel>(*this, grid, rep);
}

// ---------------------------------------------------------------------------------------------------------------
// Excavation

class ExcavationSource final : public PreparedSource {
public:
    ExcavationSource(const Excavation& e, const Tables& tables, const TimeAxis& times, double gammaW,
                     std::vector<std::string>& warnings)
        : ring_(e.outline), depth_(e.depthM) {
        const ExcavationEnvelope& env = *tables.envelope(e.envelope);
        envelope_ = env;
        ratio_ = std::isnan(e.maxSettlementRatio) ? env.maxSettlementRatio : e.maxSettlementRatio;
        for (const core::Point& p : ring_)
            box_.expand(p);
        wall_.resize(times.days.size());
        for (std::size_t k = 0; k < wall_.size(); ++k)
            wall_[k] = rampFraction(times.days[k], e.startDay, e.constructionDays);
        influence_ = env.extentRatio * e.depthM;
        if (e.drawdownInsideM > 0.0) {
            const WallType& wall = *tables.wallType(e.wallType);
            const double leak = std::isnan(e.leakageFactor) ? wall.defaultLeakageFactor : e.leakageFactor;
            cone_.wallDrawdownM = leak * e.drawdownInsideM;
            cone_.equivalentRadiusM = std::sqrt(std::abs(core::signedArea(ring_)) / kPi);
            cone_.radiusOfInfluenceM = std::isnan(e.radiusOfInfluenceM)
                                           ? sichardtRadius(cone_.wallDrawdownM, e.hydraulicConductivityMPerS)
                                           : e.radiusOfInfluenceM;
            cone_.aquifer = e.aquifer;
            cone_.saturatedThicknessM = e.saturatedThicknessM;
            if (cone_.wallDrawdownM > 0.0 && cone_.radiusOfInfluenceM > 0.0 && !e.layers.empty()) {
                const double start = std::isnan(e.dewateringStartDay) ? e.startDay : e.dewateringStartDay;
                stack_ = std::make_unique<StackResponse>(e.layers, gammaW, elapsedSince(times, start), 0.0,
                                                         cone_.wallDrawdownM);
                influence_ = std::max(influence_, cone_.radiusOfInfluenceM);
            } else if (cone_.wallDrawdownM > 0.0 && e.layers.empty()) {
                warnings.push_back(
                    "excavation '" + e.id +
                    "': dewatered but no compressible layers given: no consolidation settlement");
            }
        }
    }

    // Settlement (time-independent parts) at distance d outside the wall.
    double envelopeAt(double d) const { return envelopeSettlement(envelope_, ratio_, depth_, d); }

    void addAt(const core::Point& p, int k, PointDisplacement& out) const override {
        if (insideRing(ring_, p)) return;
        core::Point nearest;
        const double d = distanceToRing(ring_, p, &nearest);
        if (d >= influence_) return;
        const double e = envelopeAt(d) * wall_[static_cast<std::size_t>(k)];
        out.settlementM += e;
        if (d > 0.0) {
            // Ground beside the pit moves towards it (Clough & O'Rourke 1990): horizontal = ratio x
            // settlement.
            const double h = envelope_.horizontalToVertical * e / d;
            out.eastM += h * (nearest.x - p.x);
            out.northM += h * (nearest.y - p.y);
        }
        if (stack_) out.settlementM += stack_->settlement(cone_.drawdown(d), k);
    }

    void markPit(const Grid& g, std::vector<std::uint8_t>& mask) const override {
        const Window w = windowOf(g, box_);
        for (int r = w.r0; r < w.r1; ++r)
            for (int c = w.c0; c < w.c1; ++c)
                if (insideRing(ring_, core::Point{g.centreX(c), g.centreY(r)})) mask[g.index(c, r)] = 1;
    }

    std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& rep) const override;

    const core::Ring& ring() const { return ring_; }
    core::Box influenceBox() const { return expanded(box_, influence_); }
    double influence() const { return influence_; }
    double wall(int k) const { return wall_[static_cast<std::size_t>(k)]; }
    double horizontalRatio() const { return envelope_.horizontalToVertical; }
    const StackResponse* stack() const { return stack_.get(); }
    const DrawdownCone& cone() const { return cone_; }

private:
    core::Ring ring_;
    core::Box box_;
    double depth_ = 0.0;
    ExcavationEnvelope envelope_;
    double ratio_ = 0.0;
    std::vector<double> wall_;  // share of the wall settlement reached at each time
    DrawdownCone cone_;
    std::unique_ptr<StackResponse> stack_;
    double influence_ = 0.0;
};

class BoundExcavation final : public BoundSource {
public:
    BoundExcavation(const ExcavationSource& src, const Grid& grid, Reporter& rep) : src_(src), grid_(grid) {
        w_ = windowOf(grid, src.influenceBox());
        const std::size_t n = w_.cells();
        inside_.assign(n, 0);
        envelope_.assign(n, 0.0f);
        dirX_.assign(n, 0.0f);
        dirY_.assign(n, 0.0f);
        if (src.stack()) cells_.resize(n, src.stack()->layerCount());
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            const double y = grid.centreY(r);
            for (int c = w_.c0; c < w_.c1; ++c) {
                const std::size_t i = w_.local(c, r);
                const core::Point p{grid.centreX(c), y};
                if (insideRing(src.ring(), p)) {
                    inside_[i] = 1;
                    continue;
                }
                core::Point nearest;
                const double d = distanceToRing(src.ring(), p, &nearest);
                if (d >= src.influence()) {
                    inside_[i] = 2;  // out of reach
                    continue;
                }
                envelope_[i] = static_cast<float>(src.envelopeAt(d));
                if (d > 0.0) {
                    dirX_[i] = static_cast<float>((nearest.x - p.x) / d);
                    dirY_[i] = static_cast<float>((nearest.y - p.y) / d);
                }
                if (src.stack()) cells_.set(*src.stack(), i, src.cone().drawdown(d));
            }
        });
    }

    void add(int k, Field& f, Reporter& rep) const override {
        if (w_.empty()) return;
        const double wall = src_.wall(k);
        const double hv = src_.horizontalRatio();
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            for (int c = w_.c0; c < w_.c1; ++c) {
                const std::size_t i = w_.local(c, r);
                if (inside_[i]) continue;
                const std::size_t g = grid_.index(c, r);
                const double e = wall * envelope_[i];
                double s = e;
                if (src_.stack()) s += cells_.settlement(*src_.stack(), i, k);
                f.s[g] += s;
                if (f.horizontal) {
                    f.ux[g] += hv * e * dirX_[i];
                    f.uy[g] += hv * e * dirY_[i];
                }
            }
        });
    }

private:
    const ExcavationSource& src_;
    Grid grid_;
    Window w_;
    std::vector<std::uint8_t> inside_;  // 1 inside the pit, 2 beyond the influence distance
    std::vector<float> envelope_, dirX_, dirY_;
    StackCells cells_;
};

std::unique_ptr<BoundSource> ExcavationSource::bind(const Grid& grid, Reporter& rep) const {
    return std::make_unique<BoundExcavation>(*this, grid, rep);
}

// ---------------------------------------------------------------------------------------------------------------
// Soft ground

class SoftGroundSource final : public PreparedSource {
public:
    SoftGroundSource(const SoftGround& s, const TimeAxis& times, double gammaW) : sg_(s) {
        if (sg_.thicknessRaster)
            box_ = rasterBox(*sg_.thicknessRaster);
        else
            for (const core::Point& p : sg_.area.outer)
                box_.expand(p);
        deltaSigma_ = sg_.loadKPa + gammaW * sg_.drawdownM;
        elapsed_ = elapsedSince(times, sg_.startDay);
        radial_.assign(elapsed_.size(), 0.0);
        if (sg_.hasDrains) {
            // Hansbo (1981) (Barron's ideal drain when smear ratio and permeability ratio are 1), equal
            // strain.
            const VerticalDrains& d = sg_.drains;
            const double de = drainInfluenceDiameter(d.spacingM, d.pattern);
            const double n = de / d.drainDiameterM;
            const double mu = (d.smearRatio == 1.0 && d.permeabilityRatio == 1.0)
                                  ? barronFactor(n)
                                  : hansboFactor(n, d.smearRatio, d.permeabilityRatio);
            const double ch = std::isnan(d.chM2PerDay) ? sg_.cvM2PerDay : d.chM2PerDay;
            for (std::size_t k = 0; k < radial_.size(); ++k)
                radial_[k] = radialDegree(ch * elapsed_[k] / (de * de), mu);
        }
    }

    double thicknessAt(const core::Point& p) const {
        if (sg_.thicknessRaster) {
            const double h = sg_.thicknessRaster->sampleBilinear(p);
            return std::isnan(h) || h <= 0.0 ? 0.0 : h;
        }
        return insidePolygon(sg_.area, p) ? sg_.thicknessM : 0.0;
    }
    double ultimate(double h) const {
        const double gamma =
            std::isnan(sg_.effectiveUnitWeightKNPerM3) ? 0.0 : sg_.effectiveUnitWeightKNPerM3;
        const double sigma0 = sg_.topEffectiveStressKPa + 0.5 * gamma * h;
        double ds = deltaSigma_;
        if (sg_.compressibility.usesIndices()) ds = std::max(ds, -0.99 * sigma0);
        return ultimateSettlement(sg_.compressibility, h, sigma0, ds);
    }
    double degree(double hdr2, int k) const {
        const double e = elapsed_[static_cast<std::size_t>(k)];
        if (!(e > 0.0)) return 0.0;
        const double uv = terzaghiTable()(sg_.cvM2PerDay * e / hdr2);
        return carrilloDegree(uv, radial_[static_cast<std::size_t>(k)]);
    }
    double hdr2(double h) const {
        const double hdr = drainagePath(h, sg_.drainage);
        return hdr * hdr;
    }

    void addAt(const core::Point& p, int k, PointDisplacement& d) const override {
        const double h = thicknessAt(p);
        if (h <= 0.0) return;
        d.settlementM += ultimate(h) * degree(hdr2(h), k);
    }
    std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& rep) const override;
    const core::Box& box() const { return box_; }

private:
    SoftGround sg_;
    core::Box box_;
    double deltaSigma_ = 0.0;
    std::vector<double> elapsed_, radial_;
};

class BoundSoftGround final : public BoundSource {
public:
    BoundSoftGround(const SoftGroundSource& src, const Grid& grid, Reporter& rep) : src_(src), grid_(grid) {
        w_ = windowOf(grid, src.box());
        ultimate_.assign(w_.cells(), 0.0f);
        hdr2_.assign(w_.cells(), 0.0f);
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            for (int c = w_.c0; c < w_.c1; ++c) {
                const double h = src.thicknessAt(core::Point{grid.centreX(c), grid.centreY(r)});
                if (h <= 0.0) continue;
                const std::size_t i = w_.local(c, r);
                ultimate_[i] = static_cast<float>(src.ultimate(h));
                hdr2_[i] = static_cast<float>(src.hdr2(h));
            }
        });
    }
    void add(int k, Field& f, Reporter& rep) const override {
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            for (int c = w_.c0; c < w_.c1; ++c) {
                const std::size_t i = w_.local(c, r);
                if (hdr2_[i] <= 0.0f) continue;
                f.s[grid_.index(c, r)] += ultimate_[i] * src_.degree(hdr2_[i], k);
            }
        });
    }

private:
    const SoftGroundSource& src_;
    Grid grid_;
    Window w_;
    std::vector<float> ultimate_, hdr2_;
};

std::unique_ptr<BoundSource> SoftGroundSource::bind(const Grid& grid, Reporter& rep) const {
    return std::make_unique<BoundSoftGround>(*this, grid, rep);
}

// ---------------------------------------------------------------------------------------------------------------
// Reservoir

class ReservoirSource final : public PreparedSource {
public:
    ReservoirSource(const Reservoir& r, const TimeAxis& times, const core::Box& extent) : res_(r) {
        double far = 0.0;
        for (double x : {extent.minX, extent.maxX})
            for (double y : {extent.minY, extent.maxY})
                far = std::max(far, std::hypot(x - r.centre.x, y - r.centre.y));
        profile_ = std::make_unique<GeertsmaProfile>(r, std::max(far, r.radiusM));
        factor_.resize(times.days.size());
        for (std::size_t k = 0; k < factor_.size(); ++k)
            factor_[k] = rampFraction(times.days[k], r.startDay, r.rampDays);
    }
    void full(double x, double y, double& s, double& ux, double& uy) const {
        const double dx = x - res_.centre.x, dy = y - res_.centre.y;
        const double r = std::hypot(dx, dy);
        double w = 0.0, u = 0.0;
        profile_->at(r, w, u);
        s = w;
        ux = r > 0.0 ? -u * dx / r : 0.0;  // inward
        uy = r > 0.0 ? -u * dy / r : 0.0;
    }
    void addAt(const core::Point& p, int k, PointDisplacement& d) const override {
        const double f = factor_[static_cast<std::size_t>(k)];
        if (f == 0.0) return;
        double s, ux, uy;
        full(p.x, p.y, s, ux, uy);
        d.settlementM += f * s;
        d.eastM += f * ux;
        d.northM += f * uy;
    }
    std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& rep) const override;
    double factor(int k) const { return factor_[static_cast<std::size_t>(k)]; }

private:
    Reservoir res_;
    std::unique_ptr<GeertsmaProfile> profile_;
    std::vector<double> factor_;
};

class BoundReservoir final : public BoundSource {
public:
    BoundReservoir(const ReservoirSource& src, const Grid& grid, Reporter& rep) : src_(src), grid_(grid) {
        const std::size_t n = grid.cellCount();
        s_.resize(n);
        ux_.resize(n);
        uy_.resize(n);
        forRows(0, grid.ny, rep, [&](int r) {
            for (int c = 0; c < grid.nx; ++c) {
                double s, ux, uy;
                src.full(grid.centreX(c), grid.centreY(r), s, ux, uy);
                const std::size_t i = grid.index(c, r);
                s_[i] = s;
                ux_[i] = ux;
                uy_[i] = uy;
            }
        });
    }
    void add(int k, Field& f, Reporter& rep) const override {
        const double fac = src_.factor(k);
        if (fac == 0.0) return;
        forRows(0, grid_.ny, rep, [&](int r) {
            for (int c = 0; c < grid_.nx; ++c) {
                const std::size_t i = grid_.index(c, r);
                f.s[i] += fac * s_[i];
                if (f.horizontal) {
                    f.ux[i] += fac * ux_[i];
                    f.uy[i] += fac * uy_[i];
                }
            }
        });
    }

private:
    const ReservoirSource& src_;
    Grid grid_;
    std::vector<double> s_, ux_, uy_;
};

std::unique_ptr<BoundSource> ReservoirSource::bind(const Grid& grid, Reporter& rep) const {
    return std::make_unique<BoundReservoir>(*this, grid, rep);
}

// ---------------------------------------------------------------------------------------------------------------
// Drawdown raster

class DrawdownFieldSource final : public PreparedSource {
public:
    DrawdownFieldSource(const DrawdownField& f, const TimeAxis& times, double gammaW) : raster_(f.drawdownM) {
        const core::RasterStats st = raster_->stats();
        const double lo = st.validCount ? std::min(0.0, st.min) : 0.0;
        const double hi = st.validCount ? std::max(0.0, st.max) : 0.0;
        stack_ = std::make_unique<StackResponse>(f.layers, gammaW, elapsedSince(times, f.startDay), lo, hi);
    }
    void addAt(const core::Point& p, int k, PointDisplacement& d) const override {
        const double dd = raster_->sampleBilinear(p);
        if (std::isnan(dd)) return;
        d.settlementM += stack_->settlement(dd, k);
    }
    std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& rep) const override;
    const core::Raster& raster() const { return *raster_; }
    const StackResponse& stack() const { return *stack_; }

private:
    std::shared_ptr<const core::Raster> raster_;
    std::unique_ptr<StackResponse> stack_;
};

class BoundDrawdownField final : public BoundSource {
public:
    BoundDrawdownField(const DrawdownFieldSource& src, const Grid& grid, Reporter& rep)
        : src_(src), grid_(grid) {
        w_ = windowOf(grid, rasterBox(src.raster()));
        valid_.assign(w_.cells(), 0);
        cells_.resize(w_.cells(), src.stack().layerCount());
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            for (int c = w_.c0; c < w_.c1; ++c) {
                const double dd = src.raster().sampleBilinear(core::Point{grid.centreX(c), grid.centreY(r)});
                if (std::isnan(dd)) continue;
                const std::size_t i = w_.local(c, r);
                valid_[i] = 1;
                cells_.set(src.stack(), i, dd);
            }
        });
    }
    void add(int k, Field& f, Reporter& rep) const override {
        forRows(w_.r0, w_.r1, rep, [&](int r) {
            for (int c = w_.c0; c < w_.c1; ++c) {
                const std::size_t i = w_.local(c, r);
                if (!valid_[i]) continue;
                f.s[grid_.index(c, r)] += cells_.settlement(src_.stack(), i, k);
            }
        });
    }

private:
    const DrawdownFieldSource& src_;
    Grid grid_;
    Window w_;
    std::vector<std::uint8_t> valid_;
    StackCells cells_;
};

std::unique_ptr<BoundSource> DrawdownFieldSource::bind(const Grid& grid, Reporter& rep) const {
    return std::make_unique<BoundDrawdownField>(*this, grid, rep);
}

}  // namespace

// -------------------------------------------------------------------------------------------------------------------

Reporter::Reporter(const core::Progress& progress)
    : progress_(progress), last_(std::chrono::steady_clock::now()) {}

void Reporter::set(double fraction, const std::string& stage) {
    fraction_ = fraction;
    if (!stage.empty() && stage != stage_) {
        stage_ = stage;
        progress_(fraction_, stage_);
        last_ = std::chrono::steady_clock::now();
        return;
    }
    tick();
}

void Reporter::tick() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ >= std::chrono::milliseconds(100)) {
        progress_(fraction_, stage_);
        last_ = now;
    }
}

bool Reporter::cancelled() {
    if (!cancelled_) cancelled_ = progress_.cancelled();
    return cancelled_;
}

int TimeAxis::index(double t) const {
    const auto it = std::lower_bound(days.begin(), days.end(), t);
    if (it == days.end() || *it != t)
        throw core::Error(core::ErrorCode::Internal,
                          "time " + std::to_string(t) + " day is not on the run's time axis");
    return static_cast<int>(it - days.begin());
}

void Field::reset(std::size_t n, bool withHorizontal) {
    s.assign(n, 0.0);
    horizontal = withHorizontal;
    ux.assign(withHorizontal ? n : 0, 0.0);
    uy.assign(withHorizontal ? n : 0, 0.0);
}

Model::Model(const Scenario& sc, const Tables& tables, const TimeAxis& times, const core::Box& extent,
             std::vector<std::string>& warnings, Reporter* reporter)
    : times_(times) {
    const double gw = sc.options.unitWeightWaterKNPerM3;
    // Preparing a source can take a while (delay-interbed solves, Geertsma tables): report between them.
    auto tick = [&] {
        if (reporter) reporter->tick();
    };
    for (const Excavation& e : sc.excavations) {
        sources_.push_back(std::make_unique<ExcavationSource>(e, tables, times_, gw, warnings));
        tick();
    }
    for (const Tunnel& t : sc.tunnels)
        sources_.push_back(std::make_unique<TunnelSource>(t, tables, times_, warnings));
    for (const SoftGround& s : sc.softGround)
        sources_.push_back(std::make_unique<SoftGroundSource>(s, times_, gw));
    for (const Reservoir& r : sc.reservoirs) {
        sources_.push_back(std::make_unique<ReservoirSource>(r, times_, extent));
        tick();
    }
    for (const DrawdownField& f : sc.drawdownFields) {
        sources_.push_back(std::make_unique<DrawdownFieldSource>(f, times_, gw));
        tick();
    }
}

Model::~Model() = default;

std::vector<std::unique_ptr<BoundSource>> Model::bind(const Grid& grid, Reporter& reporter) const {
    std::vector<std::unique_ptr<BoundSource>> out;
    for (const auto& s : sources_) {
        if (reporter.cancelled()) break;
        out.push_back(s->bind(grid, reporter));
        reporter.tick();
    }
    return out;
}

void Model::evaluate(const std::vector<std::unique_ptr<BoundSource>>& bound, int k, Field& field,
                     Reporter& reporter) const {
    for (const auto& b : bound) {
        if (reporter.cancelled()) return;
        b->add(k, field, reporter);
        reporter.tick();
    }
}

PointDisplacement Model::at(const core::Point& p, int k) const {
    PointDisplacement d;
    for (const auto& s : sources_)
        s->addAt(p, k, d);
    return d;
}

std::vector<std::uint8_t> Model::pitMask(const Grid& grid) const {
    std::vector<std::uint8_t> mask(grid.cellCount(), 0);
    for (const auto& s : sources_)
        s->markPit(grid, mask);
    return mask;
}

}  // namespace citytwin::subsidence::detail
