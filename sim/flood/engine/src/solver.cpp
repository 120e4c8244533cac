// The flood solver's driver: state, time stepping, forcing, boundaries, the positivity correction, the active
// region, outputs, the oscillation check and the mass balance. The numerics of one row are in kernels.cpp
// (local-inertial) and fv1_kernels.cpp; the FV1 passes in fv1.cpp.
//
// One local-inertial time step (Bates et al. 2010, section 2):
//   1. dt from the CFL condition on the deepest water, shortened to land on output/forcing times;
//   2. point and line inflows for [t, t+dt] are added to their cells;
//   3. momentum: new discharges on every face of the active region (de Almeida et al. 2012 weighting),
//      then the boundary faces;
//   4. continuity: h += dt/dx (sum of face discharges) + rain;
//   5. positivity: cells driven below zero have their outflows scaled down so that they end at exactly zero
//      (the water not sent is taken back from the receiving cells, so mass is conserved exactly);
//   6. losses and drainage take water from wet cells (never more than is there); the result accumulators
//      (maxima, timing) see the final depths;
//   7. booking of every volume in double precision; gauges, frames, mass balance and the oscillation check at
//      their times.
// An FV1 step replaces 3-4 by its face fluxes and cell update (fv1.cpp) and shares the rest.
//
// The active region: per row the hull of the columns that hold water now or held it in the two previous
// states, widened by one cell and by the rows above and below. Faces outside it carry no flow (both cells
// dry, and dry when the discharge was last written), so they are skipped; rain makes every row active.

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/flood/solver.h"
#include "kernels.h"
#include "solver_impl.h"

namespace citytwin::flood {

Solver::Impl::Impl(Setup setup, const Partition* partition) : s(std::move(setup)) {
    gg = s.grid;
    g = s.grid;
    if (partition) {
        // The arrays hold the window's rows; g describes them for indexing only (geometry uses gg).
        validateDistributed(*partition);
        comm = partition->comm;
        rowOffset = partition->windowBegin;
        g.ny = partition->windowRows();
        g.originY = gg.originY - rowOffset * gg.cellSizeM;
        own0 = partition->rowBegin - rowOffset;
        own1 = partition->rowEnd - rowOffset;
    } else {
        throwIfInvalid(s);
        own0 = 0;
        own1 = g.ny;
    }
    prepare();
}

void Solver::Impl::prepare() {
    nx = g.nx;
    ny = g.ny;
    dx = g.cellSizeM;
    area = dx * dx;
    threads = s.options.threads > 0 ? s.options.threads : std::max(1, omp_get_max_threads());
    threshold = static_cast<float>(s.options.depthThresholdM);
    const std::size_t cells = g.cellCount();

    if (s.options.noDataPolicy == NoDataPolicy::Fill) fillEnclosedNoData(g, s.bedElevationM);

    z.assign(cells, 0.0f);
    active.assign(cells, 0);
    const std::size_t ownFirst = g.index(0, own0);
    const std::size_t ownLast = g.index(0, own1);  // one past
    for (std::size_t k = 0; k < cells; ++k) {
        const float zk = s.bedElevationM[k];
        const bool wall = std::isnan(zk) || (!s.blocked.empty() && s.blocked[k] != 0);
        active[k] = wall ? 0 : 1;
        z[k] = wall ? kWallElevation : zk;
        if (k >= ownFirst && k < ownLast) {
            activeCells += wall ? 0 : 1;
            nanCells += std::isnan(zk) ? 1 : 0;
        }
    }
    // Uniform rain is booked for every domain cell at once: by the one process, or by rank 0 for all ranks.
    rainCells = static_cast<double>(activeCells);
    if (comm) {
        double counts[2] = {static_cast<double>(activeCells), static_cast<double>(nanCells)};
        comm->sumAll(counts, 2);
        rainCells = comm->rank() == 0 ? counts[0] : 0.0;
        if (counts[0] == 0.0)
            throw core::Error(core::ErrorCode::Validation,
                              "bed elevation has no data at all (every cell is NaN or blocked)",
                              {{}, {}, "terrain"});
        if (counts[1] > 0.0 && s.options.noDataPolicy == NoDataPolicy::Reject)
            distributedNotes.push_back(
                "no-data cells were taken as walls: nodata_policy reject cannot trace holes in the DEM "
                "across "
                "ranks (check the DEM on one process, or use nodata_policy wall)");
    }
    h.assign(cells, 0.0);
    for (std::size_t k = 0; k < cells; ++k) {
        if (!active[k]) continue;
        double d = s.initialDepthM.empty() ? 0.0 : static_cast<double>(s.initialDepthM[k]);
        if (!s.initialLevelM.empty() && !std::isnan(s.initialLevelM[k])) {
            // Level minus bed in double: exact for float inputs, so a lake at rest has an exactly flat
            // surface.
            const double above = static_cast<double>(s.initialLevelM[k]) - static_cast<double>(z[k]);
            d += std::max(0.0, above);
        }
        h[k] = d;
    }
    fv1 = s.options.scheme == Scheme::Fv1;
    if (fv1) fv1Prepare();
    if (!fv1) {
        qx.assign(static_cast<std::size_t>(ny) * static_cast<std::size_t>(nx + 1), 0.0f);
        qy.assign(static_cast<std::size_t>(ny + 1) * static_cast<std::size_t>(nx), 0.0f);
    }
    if (!fv1 && !s.initialVelocityXMPerS.empty()) {
        // Face discharge = flow depth (as in the momentum update) x mean velocity of the two cells; y is
        // northward in the set-up and southward (growing row) inside.
        auto flowDepth = [&](std::size_t a, std::size_t b) {
            const double ea = static_cast<double>(z[a]) + h[a];
            const double eb = static_cast<double>(z[b]) + h[b];
            return std::max(ea, eb) - std::max<double>(z[a], z[b]);
        };
        const std::vector<float>& u = s.initialVelocityXMPerS;
        const std::vector<float>& v = s.initialVelocityYMPerS;
        for (int r = 0; r < ny; ++r)
            for (int c = 1; c < nx; ++c) {
                const std::size_t a = g.index(c - 1, r), b = g.index(c, r);
                const double hf = flowDepth(a, b);
                if (active[a] && active[b] && hf > s.options.depthThresholdM)
                    qx[qxIndex(c, r)] = static_cast<float>(hf * 0.5 * (u[a] + u[b]));
            }
        for (int r = 1; r < ny; ++r)
            for (int c = 0; c < nx; ++c) {
                const std::size_t a = g.index(c, r - 1), b = g.index(c, r);
                const double hf = flowDepth(a, b);
                if (active[a] && active[b] && hf > s.options.depthThresholdM)
                    qy[qyIndex(c, r)] = static_cast<float>(-hf * 0.5 * (v[a] + v[b]));
            }
    }
    // Double buffering: each step reads the previous discharges (its own face, the neighbours on the line for
    // theta < 1 and the cross faces for 2D friction) from one buffer and writes the new ones to the other.
    qxAlt = qx;
    qyAlt = qy;
    if (!s.manningGridN.empty()) {
        manning = s.manningGridN;
        for (std::size_t k = 0; k < cells; ++k)
            if (!active[k] || std::isnan(manning[k])) manning[k] = static_cast<float>(s.manningN);
    }

    // Accumulators start from the initial state.
    maxDepth.assign(cells, 0.0f);
    maxSpeed.assign(cells, 0.0f);
    maxHazard.assign(cells, 0.0f);
    firstInundation.assign(cells, -1.0f);
    duration.assign(cells, 0.0);
    since.assign(cells, 0.0);
    inundatedNow.assign(cells, 0);
    for (std::size_t k = 0; k < cells; ++k) {
        maxDepth[k] = static_cast<float>(h[k]);
        maxHazard[k] =
            static_cast<float>(hazardRating(h[k], 0.0, s.options.debrisFactor, s.options.debrisDepthM));
        // The same test as the kernels' (in float), so that the first step sees no false change of state.
        if (static_cast<float>(h[k]) > static_cast<float>(s.options.inundationThresholdM)) {
            firstInundation[k] = 0.0f;
            inundatedNow[k] = 1;
        }
    }

    // Inflows: a point feeds its cell; a line is sampled every quarter cell and each active cell it crosses
    // receives a share proportional to the length of line inside it. The samples are taken on the whole grid
    // (a distributed run asks the ranks which of the cells are in the domain), so that every rank computes
    // the same weights; each then keeps the cells in its own rows.
    for (const Inflow& in : s.inflows) {
        InflowCells ic;
        struct Sample {
            int c, r;  // on the whole grid
            double w;
        };
        std::vector<Sample> samples;
        auto addCell = [&](double x, double y, double w) {
            int c = 0, r = 0;
            if (!gg.cellOf(x, y, c, r)) return;
            samples.push_back({c, r, w});
        };
        if (in.points.size() == 1) {
            addCell(in.points[0].x, in.points[0].y, 1.0);
        } else {
            for (std::size_t p = 0; p + 1 < in.points.size(); ++p) {
                const core::Point a = in.points[p];
                const core::Point b = in.points[p + 1];
                const double len = std::hypot(b.x - a.x, b.y - a.y);
                const int n = std::max(1, static_cast<int>(std::ceil(len / (0.25 * dx))));
                for (int i = 0; i < n; ++i) {
                    const double f = (i + 0.5) / n;
                    addCell(a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), len / n);
                }
            }
        }
        std::vector<double> inDomain(samples.size(), 0.0);
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const int lr = samples[i].r - rowOffset;
            if (lr >= own0 && lr < own1) inDomain[i] = active[g.index(samples[i].c, lr)] ? 1.0 : 0.0;
        }
        if (comm && !samples.empty()) comm->maxAll(inDomain.data(), static_cast<int>(inDomain.size()));
        std::vector<std::size_t> wholeCells;  // indices on the whole grid, in the order first sampled
        for (std::size_t i = 0; i < samples.size(); ++i) {
            if (inDomain[i] == 0.0) continue;
            const std::size_t k = gg.index(samples[i].c, samples[i].r);
            bool merged = false;
            for (std::size_t j = 0; j < wholeCells.size() && !merged; ++j)
                if (wholeCells[j] == k) {
                    ic.weights[j] += samples[i].w;
                    merged = true;
                }
            if (merged) continue;
            wholeCells.push_back(k);
            ic.weights.push_back(samples[i].w);
        }
        if (wholeCells.empty())
            throw core::Error(
                core::ErrorCode::Validation,
                "inflow \"" + in.name + "\" crosses no cell of the domain (all no-data or walls)",
                {{}, {}, "inflow_points"});
        double total = 0.0;
        for (double w : ic.weights)
            total += w;
        for (double& w : ic.weights)
            w /= total;
        // Keep the cells of the owned rows, as indices into the arrays.
        InflowCells mine;
        for (std::size_t j = 0; j < wholeCells.size(); ++j) {
            const int c = static_cast<int>(wholeCells[j] % static_cast<std::size_t>(gg.nx));
            const int lr = static_cast<int>(wholeCells[j] / static_cast<std::size_t>(gg.nx)) - rowOffset;
            if (lr == own0 - 1 || lr == own1) {
                mine.haloCells.push_back(g.index(c, lr));
                mine.haloWeights.push_back(ic.weights[j]);
            }
            if (lr < own0 || lr >= own1) continue;
            mine.cells.push_back(g.index(c, lr));
            mine.weights.push_back(ic.weights[j]);
        }
        inflowCells.push_back(std::move(mine));
    }

    // Rain frames: NaN means no rain; the active-cell sum books the volume of each frame exactly.
    for (RainFrame& f : s.rain.frames) {
        double sum = 0.0;
        for (std::size_t k = 0; k < cells; ++k) {
            if (std::isnan(f.intensityMmPerH[k])) f.intensityMmPerH[k] = 0.0f;
            if (active[k] && k >= ownFirst && k < ownLast) sum += f.intensityMmPerH[k];
        }
        frameActiveSum.push_back(sum);
    }
    if (s.losses.model == LossModel::InitialContinuing)
        initialLossLeft.assign(cells, static_cast<float>(s.losses.initialLossMm / 1000.0));
    if (s.losses.model == LossModel::GreenAmpt) infiltrated.assign(cells, 0.0f);

    // Boundary faces: the last segment covering a face wins; closed faces are never written (they stay 0).
    std::vector<int> west(ny, -1), east(ny, -1), north(nx, -1), south(nx, -1);
    for (std::size_t b = 0; b < s.boundaries.size(); ++b) {
        const Boundary& bc = s.boundaries[b];
        const bool vertical = bc.edge == Edge::West || bc.edge == Edge::East;
        const int n = vertical ? ny : nx;
        for (int i = 0; i < n; ++i) {
            const double coord = vertical ? gg.centreY(i + rowOffset) : gg.centreX(i);
            if (coord < bc.fromM || coord > bc.toM) continue;
            std::vector<int>& side = bc.edge == Edge::West    ? west
                                     : bc.edge == Edge::East  ? east
                                     : bc.edge == Edge::North ? north
                                                              : south;
            side[i] = bc.kind == BoundaryKind::Closed ? -1 : static_cast<int>(b);
        }
    }
    // The faces of the owned rows: the north edge belongs to the rank owning row 0, the south edge to the one
    // owning the last row.
    const bool northEdge = rowOffset + own0 == 0;
    const bool southEdge = rowOffset + own1 == gg.ny;
    for (int r = own0; r < own1; ++r) {
        if (west[r] >= 0) boundaryFaces.push_back({g.index(0, r), qxIndex(0, r), true, -1.0f, west[r], r, 0});
        if (east[r] >= 0)
            boundaryFaces.push_back({g.index(nx - 1, r), qxIndex(nx, r), true, 1.0f, east[r], r, nx - 1});
    }
    for (int c = 0; c < nx; ++c) {
        if (north[c] >= 0 && northEdge)
            boundaryFaces.push_back({g.index(c, 0), qyIndex(c, 0), false, -1.0f, north[c], 0, c});
        if (south[c] >= 0 && southEdge)
            boundaryFaces.push_back({g.index(c, ny - 1), qyIndex(c, ny), false, 1.0f, south[c], ny - 1, c});
    }

    segmentFaces.assign(s.boundaries.size(), 0);
    for (const BoundaryFace& f : boundaryFaces)
        if (active[f.cell]) ++segmentFaces[static_cast<std::size_t>(f.segment)];
    if (comm && !segmentFaces.empty()) {
        std::vector<double> counts(segmentFaces.begin(), segmentFaces.end());
        comm->sumAll(counts.data(), static_cast<int>(counts.size()));
        for (std::size_t b = 0; b < counts.size(); ++b)
            segmentFaces[b] = static_cast<int>(counts[b]);
    }
    for (const Boundary& bc : s.boundaries)
        hasLevelBoundary |= bc.kind == BoundaryKind::FixedLevel || bc.kind == BoundaryKind::LevelSeries;
    for (std::size_t b = 0; b < s.boundaries.size(); ++b)
        if (s.boundaries[b].kind == BoundaryKind::Discharge && segmentFaces[b] == 0)
            throw core::Error(core::ErrorCode::Validation,
                              "discharge boundary " + std::to_string(b) +
                                  " covers no face of the grid's edge next to a domain cell",
                              {{}, {}, "boundaries"});

    for (const Gauge& ga : s.gauges) {
        int c = 0, r = 0;
        gg.cellOf(ga.position.x, ga.position.y, c, r);
        const int lr = r - rowOffset;
        const bool owned = lr >= own0 && lr < own1;
        gaugeCells.push_back(owned ? g.index(c, lr) : 0);
        gaugeOwned.push_back(owned ? 1 : 0);
        GaugeSeries series;
        series.name = ga.name;
        series.position = ga.position;
        series.col = c;
        series.row = r;
        gauges.push_back(std::move(series));
    }

    // Active region of the initial state (halo rows included: the region of an owned row reads them).
    wetNow.assign(ny, RowRange{});
    summaries.assign(ny, detail::RowSummary{});
    hMax = 0.0;
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c) {
            const double d = h[g.index(c, r)];
            if (d > 0.0) wetNow[r].include(c, c);
            if (r >= own0 && r < own1) hMax = std::max(hMax, d);
        }
    if (comm) comm->maxAll(&hMax, 1);
    wetPrev = wetNow;
    wetPrev2 = wetNow;
    region.assign(ny, RowRange{});

    budget.initialM3 = storedVolume();
    if (s.options.oscillationCheckIntervalS > 0.0) {
        nextCheck = s.options.oscillationCheckIntervalS;
        checkDepth.assign(cells, std::numeric_limits<float>::quiet_NaN());
        checkChange.assign(cells, 0.0f);
        checkReversals.assign(cells, 0);
    }
    nextFrame =
        s.options.outputIntervalS > 0.0 ? s.options.outputIntervalS : std::numeric_limits<double>::infinity();
    nextSeries = 0.0;
    record();  // t = 0
    nextSeries = s.options.seriesIntervalS;
}

double Solver::Impl::storedVolume() const {
    if (comm) {
        // Row sums gathered and added in grid order: the same additions as on one process.
        std::vector<double> rowSums;
        for (int r = own0; r < own1; ++r) {
            double row = 0.0;
            const double* hr = h.data() + g.index(0, r);
            for (int c = 0; c < nx; ++c)
                row += hr[c];
            rowSums.push_back(row);
        }
        double sum = 0.0;
        for (double row : comm->gatherAll(rowSums))
            sum += row;
        return sum * area;
    }
    double sum = 0.0;
    for (int r = 0; r < ny; ++r) {
        double row = 0.0;
        const double* hr = h.data() + g.index(0, r);
        for (int c = 0; c < nx; ++c)
            row += hr[c];
        sum += row;
    }
    return sum * area;
}

float Solver::Impl::speed(std::size_t k) const {
    if (fv1) {
        if (!(h[k] > s.options.depthThresholdM)) return 0.0f;
        return static_cast<float>(std::sqrt(hu[k] * hu[k] + hv[k] * hv[k]) / h[k]);
    }
    const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
    const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
    return detail::cellSpeed(h[k], qx[qxIndex(c, r)], qx[qxIndex(c + 1, r)], qy[qyIndex(c, r)],
                             qy[qyIndex(c, r + 1)], threshold);
}

double Solver::Impl::computeDt() const {
    // Bates et al. 2010, sect. 2.2: dt = alpha dx / sqrt(g h_max). The deepest water includes what can arrive
    // in the step: the depth a level boundary holds above its edge cells, and the depth an inflow adds to its
    // cells.
    double deepest = hMax;
    for (const BoundaryFace& f : boundaryFaces) {
        const Boundary& bc = s.boundaries[static_cast<std::size_t>(f.segment)];
        if (bc.kind == BoundaryKind::FreeOutflow || bc.kind == BoundaryKind::Discharge || !active[f.cell])
            continue;
        const double level = bc.kind == BoundaryKind::FixedLevel ? bc.levelM : bc.levelSeriesM.valueAt(t);
        deepest = std::max(deepest, level - static_cast<double>(z[f.cell]));
    }
    if (comm && hasLevelBoundary) comm->maxAll(&deepest, 1);
    // FV1: dt = cfl dx / max(|u| + sqrt(g h)) over the cells (waveSpeed, from the last step), and at least
    // the celerity of the depths above.
    const double cellWaves = fv1 ? waveSpeed : 0.0;
    auto cfl = [&](double depth) {
        const double wave =
            std::max(cellWaves, depth > s.options.depthThresholdM ? std::sqrt(kGravity * depth) : 0.0);
        return wave > 0.0 ? std::min(s.options.maxDtS, s.options.cfl * dx / wave) : s.options.maxDtS;
    };
    double dt = cfl(deepest);
    bool discharges = !inflowCells.empty();
    for (const Boundary& bc : s.boundaries)
        discharges |= bc.kind == BoundaryKind::Discharge;
    for (int pass = 0; pass < 3 && discharges; ++pass) {
        double withInflow = deepest;
        for (const BoundaryFace& f : boundaryFaces) {
            const Boundary& bc = s.boundaries[static_cast<std::size_t>(f.segment)];
            if (bc.kind != BoundaryKind::Discharge || !active[f.cell]) continue;
            const double volume = bc.dischargeM3PerS.integral(t, t + dt) / segmentFaces[f.segment];
            withInflow = std::max(withInflow, h[f.cell] + volume / area);
        }
        for (std::size_t i = 0; i < s.inflows.size(); ++i) {
            const double volume = s.inflows[i].dischargeM3PerS.integral(t, t + dt);
            const InflowCells& ic = inflowCells[i];
            for (std::size_t j = 0; j < ic.cells.size(); ++j)
                withInflow = std::max(withInflow, h[ic.cells[j]] + volume * ic.weights[j] / area);
        }
        if (comm) comm->maxAll(&withInflow, 1);
        const double shorter = cfl(withInflow);
        if (shorter >= dt) break;
        dt = shorter;
    }
    return dt;
}

double Solver::Impl::nextEventAfter(double time) const {
    double e = std::min({s.durationS, nextFrame, nextSeries});
    // Rain frames change at their starts and end: steps land on them so one frame applies per step.
    for (const RainFrame& f : s.rain.frames)
        if (f.startS > time) {
            e = std::min(e, f.startS);
            break;
        }
    if (!s.rain.frames.empty() && s.rain.framesEndS > time) e = std::min(e, s.rain.framesEndS);
    return e;
}

void Solver::Impl::addInflows(double t0, double t1) {
    for (std::size_t i = 0; i < s.inflows.size(); ++i) {
        const double volume = s.inflows[i].dischargeM3PerS.integral(t0, t1);  // [m³]
        if (!(volume > 0.0)) continue;
        const InflowCells& ic = inflowCells[i];
        for (std::size_t j = 0; j < ic.cells.size(); ++j) {
            const std::size_t k = ic.cells[j];
            const double depth = volume * ic.weights[j] / area;
            h[k] += depth;
            if (fv1) fv1Velocity(k);  // water without momentum: the velocity drops
            budget.inflowM3 += depth * area;
            const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
            wetNow[r].include(c, c);
            hMax = std::max(hMax, h[k]);
        }
        // The halo copies of the neighbours' inflow cells get the same water (booked by their owner).
        for (std::size_t j = 0; j < ic.haloCells.size(); ++j) {
            const std::size_t k = ic.haloCells[j];
            h[k] += volume * ic.haloWeights[j] / area;
            const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
            wetNow[r].include(c, c);
        }
    }
}

void Solver::Impl::buildRegion(bool everything) {
    rows.clear();
    for (int r = own0; r < own1; ++r) {
        RowRange a;
        if (everything) {
            a = {0, nx - 1};
        } else {
            for (int rr = std::max(0, r - 1); rr <= std::min(ny - 1, r + 1); ++rr)
                for (const RowRange* w : {&wetNow[rr], &wetPrev[rr], &wetPrev2[rr]})
                    if (!w->empty()) a.include(std::max(0, w->lo - 1), std::min(nx - 1, w->hi + 1));
        }
        region[r] = a;
        if (!a.empty()) rows.push_back(r);
    }
}

void Solver::Impl::fluxPass(double dt) {
    detail::FluxConstants fc;
    fc.gDt = static_cast<float>(kGravity * dt);
    fc.invDx = static_cast<float>(1.0 / dx);
    fc.theta = static_cast<float>(s.options.theta);
    fc.threshold = threshold;
    fc.n2 = static_cast<float>(s.manningN * s.manningN);
    fc.semiImplicit = s.options.friction == Friction::SemiImplicit;
    const bool theta = s.options.theta < 1.0;
    const bool twoD = s.options.friction2d;
    const float* qxOld = qx.data();
    const float* qyOld = qy.data();
    float* qxNew = qxAlt.data();
    float* qyNew = qyAlt.data();
    const float* n = manning.empty() ? nullptr : manning.data();
    const std::size_t rowX = static_cast<std::size_t>(nx + 1);
    const int count = static_cast<int>(rows.size());
    long work = 0;
    for (int r : rows)
        work += region[r].hi - region[r].lo + 1;
#pragma omp parallel for schedule(static) num_threads(threads) if (work > kParallelMinCells)
    for (int i = 0; i < count; ++i) {
        const int r = rows[i];
        const int lo = region[r].lo;
        const int hi = region[r].hi;
        const std::size_t row = g.index(0, r);
        // x-faces between cells (c-1, r) and (c, r) for c in [lo+1, hi]; their cross faces are the y-faces
        // north (row r) and south (row r+1) of both cells.
        if (hi > lo) {
            const std::size_t f = qxIndex(lo + 1, r);
            detail::CrossFaces cross;
            if (twoD) {
                const float* north = qyOld + qyIndex(lo, r);
                const float* south = qyOld + qyIndex(lo, r + 1);
                cross = {north, south, north + 1, south + 1};
            }
            detail::fluxFaces(hi - lo, z.data() + row + lo, z.data() + row + lo + 1, h.data() + row + lo,
                              h.data() + row + lo + 1, n ? n + row + lo : nullptr,
                              n ? n + row + lo + 1 : nullptr, qxOld + f, theta ? qxOld + f - 1 : nullptr,
                              theta ? qxOld + f + 1 : nullptr, cross, qxNew + f, fc);
        }
        // y-face north of row r, between cells (c, r-1) and (c, r), for c in [lo, hi]; cross faces: the
        // x-faces west and east of both cells.
        if (r > 0) {
            const std::size_t up = g.index(0, r - 1);
            const std::size_t f = qyIndex(lo, r);
            detail::CrossFaces cross;
            if (twoD) {
                const float* above = qxOld + static_cast<std::size_t>(r - 1) * rowX + lo;
                const float* here = qxOld + static_cast<std::size_t>(r) * rowX + lo;
                cross = {above, above + 1, here, here + 1};
            }
            detail::fluxFaces(hi - lo + 1, z.data() + up + lo, z.data() + row + lo, h.data() + up + lo,
                              h.data() + row + lo, n ? n + up + lo : nullptr, n ? n + row + lo : nullptr,
                              qyOld + f, theta ? qyOld + f - nx : nullptr, theta ? qyOld + f + nx : nullptr,
                              cross, qyNew + f, fc);
        }
    }
    qx.swap(qxAlt);
    qy.swap(qyAlt);
}

void Solver::Impl::boundaryPass(double dt) {
    const double tMid = t + dt;
    const double gDt = kGravity * dt;
    // The flux pass has swapped the buffers: the previous step's discharges are in the Alt arrays, the new
    // ones go to qx/qy.
    for (const BoundaryFace& f : boundaryFaces) {
        float& q = f.xFace ? qx[f.face] : qy[f.face];
        const float qPrevious = f.xFace ? qxAlt[f.face] : qyAlt[f.face];
        if (!active[f.cell]) {
            q = 0.0f;
            continue;
        }
        const Boundary& bc = s.boundaries[static_cast<std::size_t>(f.segment)];
        if (bc.kind == BoundaryKind::Discharge) {
            // The step's mean discharge, shared evenly by the stretch's faces, entering the domain [m²/s].
            const double unit = bc.dischargeM3PerS.integral(t, t + dt) / dt / (segmentFaces[f.segment] * dx);
            q = static_cast<float>(-f.outward * unit);
            continue;
        }
        const double n = manning.empty() ? s.manningN : manning[f.cell];
        const double zc = z[f.cell];
        const double hc = h[f.cell];
        const double qOut =
            static_cast<double>(f.outward) * qPrevious;  // outward discharge of the previous step
        double hFlow = 0.0;
        double slopeOut = 0.0;  // water-surface slope along the outward direction
        if (bc.kind == BoundaryKind::FreeOutflow) {
            // Normal depth: the surface falls outwards with the given slope (LISFLOOD-FP FREE).
            hFlow = hc;
            slopeOut = -bc.slope;
        } else {
            // A water level in a ghost cell beyond the edge with the same bed (LISFLOOD-FP HFIX/HVAR).
            const double level =
                bc.kind == BoundaryKind::FixedLevel ? bc.levelM : bc.levelSeriesM.valueAt(tMid);
            const double eta = zc + hc;
            hFlow = std::max(eta, level) - zc;
            slopeOut = (level - eta) / dx;
        }
        double qNew = 0.0;
        if (hFlow > s.options.depthThresholdM) {
            // The momentum update (Bates et al. 2010, sect. 2) across the boundary face, friction implicit as
            // inside.
            const double base = qOut - gDt * hFlow * slopeOut;
            const double a = gDt * n * n / std::pow(hFlow, 7.0 / 3.0);
            qNew = s.options.friction == Friction::SemiImplicit
                       ? base / (1.0 + a * std::fabs(qOut))  // Bates et al. (2010), eq. 8
                       : 2.0 * base / (1.0 + std::sqrt(1.0 + 4.0 * a * std::fabs(base)));
            if (bc.kind == BoundaryKind::FreeOutflow)
                qNew = std::max(0.0, qNew);  // a free outfall never draws water in
        }
        q = static_cast<float>(f.outward * qNew);
    }
}

void Solver::Impl::continuityPass(double dt, double rainDepth, const RainFrame* frame, double rainFactor,
                                  bool sinks) {
    detail::ContinuityConstants cc;
    cc.dtOverDx = dt / dx;
    cc.rainDepth = rainDepth;
    cc.rainFactor = rainFactor;
    cc.threshold = threshold;
    cc.inundation = static_cast<float>(s.options.inundationThresholdM);
    cc.debrisFactor = static_cast<float>(s.options.debrisFactor);
    cc.debrisDepth = static_cast<float>(s.options.debrisDepthM);
    cc.timeS = static_cast<float>(t + dt);
    cc.dt = dt;
    cc.stepStart = t;
    // Cells fed through a boundary face belong to the update even when dry so far.
    bool grown = false;
    for (const BoundaryFace& f : boundaryFaces) {
        const float q = f.xFace ? qx[f.face] : qy[f.face];
        if (q == 0.0f) continue;
        RowRange& a = region[f.row];
        if (a.empty()) grown = true;
        a.include(f.col, f.col);
    }
    if (grown) {
        rows.clear();
        for (int r = 0; r < ny; ++r)
            if (!region[r].empty()) rows.push_back(r);
    }
    const int count = static_cast<int>(rows.size());
    long work = 0;
    for (int r : rows)
        work += region[r].hi - region[r].lo + 1;
    wetCellUpdates += static_cast<double>(work);
    for (int r = 0; r < ny; ++r)
        summaries[r] = detail::RowSummary{};
    statsPending.assign(static_cast<std::size_t>(count), sinks ? 0 : 1);
    cc_ = cc;
    // The accumulators (maxima, timing) must see the depths after the positivity correction, which may take
    // water back from a cell that received too much. A row's depths are final unless it or a row next to it
    // has a cell driven below zero. So each thread updates a row's accumulators right after computing the
    // row below it (while both are in cache) when none of the three has negatives; the rest (the first and
    // last row of each thread's block, and rows near negatives) wait for finishStats() after the correction.
    const int nt = work > kParallelMinCells ? threads : 1;
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num();
        const int nth = omp_get_num_threads();
        const int i0 = static_cast<int>(static_cast<long>(count) * tid / nth);
        const int i1 = static_cast<int>(static_cast<long>(count) * (tid + 1) / nth);
        for (int i = i0; i < i1; ++i) {
            const int r = rows[i];
            const std::size_t row = g.index(0, r);
            detail::continuityRow(region[r].lo, region[r].hi, h.data() + row, qx.data() + qxIndex(0, r),
                                  qy.data() + qyIndex(0, r), qy.data() + qyIndex(0, r + 1),
                                  active.data() + row, frame ? frame->intensityMmPerH.data() + row : nullptr,
                                  cc, summaries[r]);
            if (!sinks && i - 1 > i0) finishRowStats(i - 1, false);
        }
    }
}

void Solver::Impl::finishRowStats(int i, bool force) {
    // Row rows[i]: its neighbours in the grid are rows[i-1] and rows[i+1] when adjacent; rows outside the
    // region had no update, hence no negatives.
    const int r = rows[static_cast<std::size_t>(i)];
    if (!force) {
        const bool north = i > 0 && rows[i - 1] == r - 1 && summaries[r - 1].negatives > 0;
        const bool south =
            i + 1 < static_cast<int>(rows.size()) && rows[i + 1] == r + 1 && summaries[r + 1].negatives > 0;
        if (summaries[r].negatives > 0 || north || south) return;
    }
    const std::size_t row = g.index(0, r);
    const detail::StatsRow st = statsOf(r);
    detail::statsRow(region[r].lo, region[r].hi, h.data() + row, qx.data() + qxIndex(0, r),
                     qy.data() + qyIndex(0, r), qy.data() + qyIndex(0, r + 1), st, cc_);
    statsPending[static_cast<std::size_t>(i)] = 0;
}

void Solver::Impl::finishStats() {
    const int count = static_cast<int>(rows.size());
    long pending = 0;
    for (int i = 0; i < count; ++i)
        pending +=
            statsPending[static_cast<std::size_t>(i)] ? region[rows[i]].hi - region[rows[i]].lo + 1 : 0;
#pragma omp parallel for schedule(static) num_threads(threads) if (pending > kParallelMinCells)
    for (int i = 0; i < count; ++i)
        if (statsPending[static_cast<std::size_t>(i)]) finishRowStats(i, true);
}

void Solver::Impl::correctNegatives(double dt) {
    correctOn(qx.data(), qy.data(), dt, nullptr);
}

template <class T>
void Solver::Impl::correctOn(T* fx, T* fy, double dt, std::vector<std::size_t>* corrected) {
    // Cells whose outflows in this step exceeded their water. Their outflows are scaled so they end at zero,
    // and what is not sent is taken back from the receivers, which may in turn go negative: repeat. Serial
    // and in cell order, so the result does not depend on the thread count. Rare in practice (shallow steep
    // flow).
    std::vector<std::size_t> todo;
    for (int r : rows)
        if (summaries[r].negatives > 0)
            for (int c = region[r].lo; c <= region[r].hi; ++c)
                if (h[g.index(c, r)] < 0.0) todo.push_back(g.index(c, r));
    const double dtOverDx = dt / dx;
    for (int pass = 0; !todo.empty(); ++pass) {
        if (pass > 1000)
            throw core::Error(
                core::ErrorCode::Simulation,
                "positivity correction did not settle at t = " + num(t) + " s near " + cellText(todo[0]),
                {{}, {}, "cfl"});
        std::vector<std::size_t> next;
        for (std::size_t k : todo) {
            if (!(h[k] < 0.0)) continue;
            const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
            // The four faces: flux, whether positive means leaving k, and the neighbour on the other side.
            struct Face {
                T* q;
                double sign;  // +1: positive q leaves k
                long other;   // neighbour cell or -1 (domain border)
            } faces[4] = {
                {&fx[qxIndex(c, r)], -1.0, c > 0 ? static_cast<long>(k - 1) : -1},
                {&fx[qxIndex(c + 1, r)], 1.0, c + 1 < nx ? static_cast<long>(k + 1) : -1},
                {&fy[qyIndex(c, r)], -1.0, r > 0 ? static_cast<long>(k - static_cast<std::size_t>(nx)) : -1},
                {&fy[qyIndex(c, r + 1)], 1.0,
                 r + 1 < ny ? static_cast<long>(k + static_cast<std::size_t>(nx)) : -1},
            };
            double out = 0.0;
            for (const Face& f : faces)
                out += std::max(0.0, f.sign * static_cast<double>(*f.q)) * dtOverDx;
            const double deficit = -h[k];
            // Share of each outflow not sent. The 1e-6 margin covers the float rounding of the reduced
            // discharges (< 6e-8 relative), so the cell ends at or just above zero and never needs clipping
            // (which would create water).
            const double cut = out > 0.0 ? std::min(1.0, deficit / out + 1.0e-6) : 0.0;
            for (const Face& f : faces) {
                const double leaving = f.sign * static_cast<double>(*f.q);
                if (!(leaving > 0.0)) continue;
                const T kept = static_cast<T>(static_cast<double>(*f.q) * (1.0 - cut));
                // What the receiver loses is exactly what k keeps back (computed from the stored values).
                const double taken =
                    (static_cast<double>(*f.q) - static_cast<double>(kept)) * f.sign * dtOverDx;
                *f.q = kept;
                h[k] += taken;
                if (f.other >= 0) {
                    const std::size_t o = static_cast<std::size_t>(f.other);
                    h[o] -= taken;
                    if (h[o] < 0.0) next.push_back(o);
                }
            }
            // What remains is round-off of the scaling (~1e-16 m): set to zero, it shows in the mass error.
            if (h[k] < 0.0) h[k] = 0.0;
            ++corrections;
            if (corrected) corrected->push_back(k);
        }
        std::sort(next.begin(), next.end());
        next.erase(std::unique(next.begin(), next.end()), next.end());
        todo.swap(next);
    }
}

template void Solver::Impl::correctOn<float>(float*, float*, double, std::vector<std::size_t>*);
template void Solver::Impl::correctOn<double>(double*, double*, double, std::vector<std::size_t>*);

void Solver::Impl::sinkPass(double dt) {
    detail::ContinuityConstants cc;
    cc.threshold = threshold;
    cc.inundation = static_cast<float>(s.options.inundationThresholdM);
    cc.debrisFactor = static_cast<float>(s.options.debrisFactor);
    cc.debrisDepth = static_cast<float>(s.options.debrisDepthM);
    cc.timeS = static_cast<float>(t + dt);
    cc.dt = dt;
    cc.stepStart = t;
    detail::SinkRow base;
    base.pervious = s.losses.perviousMask.empty() ? nullptr : s.losses.perviousMask.data();
    base.continuingDepth = s.losses.continuingLossMmPerH / 1000.0 / 3600.0 * dt;
    base.gaKsDt = s.losses.hydraulicConductivityMmPerH / 1000.0 / 3600.0 * dt;
    base.gaSuctionDeficit = s.losses.suctionHeadMm / 1000.0 * s.losses.moistureDeficit;
    base.drainDepth = s.drainage.rateMmPerH / 1000.0 / 3600.0 * dt;
    base.drainFactor = dt / 1000.0 / 3600.0;
    const int count = static_cast<int>(rows.size());
#pragma omp parallel for schedule(static) \
    num_threads(threads) if (count * static_cast <long>(nx) > kParallelMinCells)
    for (int i = 0; i < count; ++i) {
        const int r = rows[i];
        const std::size_t row = g.index(0, r);
        detail::SinkRow sk = base;
        if (sk.pervious) sk.pervious += row;
        if (!initialLossLeft.empty()) sk.initialLossLeft = initialLossLeft.data() + row;
        if (!infiltrated.empty()) sk.infiltrated = infiltrated.data() + row;
        if (!s.drainage.rateGridMmPerH.empty()) sk.drainRate = s.drainage.rateGridMmPerH.data() + row;
        // FV1 updates its accumulators afterwards, from the cell discharges.
        detail::StatsRow st;
        if (!fv1) st = statsOf(r);
        // Every cell of the region: dry cells only need their (unchanged) accumulators, which is a no-op, but
        // the region's cells next to the wet ones may have become wet through the correction above.
        detail::sinkRow(region[r].lo, region[r].hi, h.data() + row, fv1 ? nullptr : qx.data() + qxIndex(0, r),
                        fv1 ? nullptr : qy.data() + qyIndex(0, r),
                        fv1 ? nullptr : qy.data() + qyIndex(0, r + 1), active.data() + row, sk, st, cc,
                        summaries[r]);
    }
    for (int r : rows) {
        budget.lossesM3 += summaries[r].sinkLoss * area;
        budget.drainageM3 += summaries[r].sinkDrain * area;
    }
}

void Solver::Impl::bookBoundaries(double dt) {
    for (const BoundaryFace& f : boundaryFaces) {
        const double flux = fv1 ? (f.xFace ? fxMass[f.face] : fyMass[f.face])
                                : static_cast<double>(f.xFace ? qx[f.face] : qy[f.face]);
        const double q = static_cast<double>(f.outward) * flux;
        if (q > 0.0)
            budget.boundaryOutflowM3 += q * dt * dx;
        else
            budget.boundaryInflowM3 -= q * dt * dx;
    }
}

void Solver::Impl::record() {
    MassBalanceRecord m = budget;
    if (comm) {
        // Each rank booked what crossed its own cells and faces.
        double terms[6] = {m.rainM3,   m.inflowM3,  m.boundaryInflowM3, m.boundaryOutflowM3,
                           m.lossesM3, m.drainageM3};
        comm->sumAll(terms, 6);
        m.rainM3 = terms[0];
        m.inflowM3 = terms[1];
        m.boundaryInflowM3 = terms[2];
        m.boundaryOutflowM3 = terms[3];
        m.lossesM3 = terms[4];
        m.drainageM3 = terms[5];
    }
    m.timeS = t;
    m.storedM3 = storedVolume();
    const double in = m.initialM3 + m.rainM3 + m.inflowM3 + m.boundaryInflowM3;
    const double expected = in - m.boundaryOutflowM3 - m.lossesM3 - m.drainageM3;
    m.errorM3 = m.storedM3 - expected;
    const double scale = std::max(in, m.storedM3);
    m.relativeError = scale > 0.0 ? std::fabs(m.errorM3) / scale : 0.0;
    massBalance.push_back(m);
    for (std::size_t i = 0; i < gauges.size(); ++i) {
        if (!gaugeOwned[i]) continue;
        const std::size_t k = gaugeCells[i];
        GaugeSeries& gs = gauges[i];
        gs.timesS.push_back(t);
        gs.depthM.push_back(active[k] ? static_cast<float>(h[k]) : std::numeric_limits<float>::quiet_NaN());
        gs.levelM.push_back(active[k] ? static_cast<float>(z[k] + h[k])
                                      : std::numeric_limits<float>::quiet_NaN());
        gs.speedMPerS.push_back(active[k] ? speed(k) : std::numeric_limits<float>::quiet_NaN());
    }
}

void Solver::Impl::recordFrame() {
    Frame f;
    f.timeS = t;
    // The owned rows (all of them on one process).
    const std::size_t first = g.index(0, own0);
    const std::size_t cells = g.index(0, own1) - first;
    f.depthM.resize(cells);
    f.speedMPerS.resize(cells);
    for (std::size_t j = 0; j < cells; ++j) {
        const std::size_t k = first + j;
        f.depthM[j] = active[k] ? static_cast<float>(h[k]) : std::numeric_limits<float>::quiet_NaN();
        f.speedMPerS[j] = active[k] ? speed(k) : std::numeric_limits<float>::quiet_NaN();
    }
    ++framesProduced;
    if (s.options.onFrame)
        s.options.onFrame(f);  // streamed: the host writes it out; nothing is kept here
    else
        frames.push_back(std::move(f));
}

void Solver::Impl::checkOscillation() {
    // Grid-scale oscillation (Results::oscillation): surface zigzags along rows and columns, and local depth
    // jumps back and forth between checks. Only water deeper than the tolerance counts (a film over a rough
    // bed is not looked at), and only domain cells.
    const double tol = s.options.oscillationToleranceM;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    auto wet = [&](std::size_t k) { return active[k] && h[k] > tol; };
    auto eta = [&](std::size_t k) { return static_cast<double>(z[k]) + h[k]; };
    // Five consecutive wet cells (from k in steps of `step`) whose four surface differences alternate in
    // sign, each beyond the tolerance, and whose depths zigzag with the surface (each depth difference of the
    // same sign and beyond the tolerance too). Sheet flow over a rough bed has a surface that follows the
    // bed's zigzag with about even depths: physical, and not counted (it was, on Seoul's 90 m terrain under
    // 100 mm/h, whatever the time step); a numerical checkerboard moves the water itself.
    auto zigzag = [&](std::size_t k, std::size_t step, double& amplitude) {
        double d[4], dh[4];
        for (int i = 0; i < 5; ++i)
            if (!wet(k + i * step)) return false;
        for (int i = 0; i < 4; ++i) {
            d[i] = eta(k + (i + 1) * step) - eta(k + i * step);
            dh[i] = static_cast<double>(h[k + (i + 1) * step]) - h[k + i * step];
        }
        amplitude = std::min({std::fabs(d[0]), std::fabs(d[1]), std::fabs(d[2]), std::fabs(d[3])});
        if (!(amplitude > tol && d[0] * d[1] < 0.0 && d[1] * d[2] < 0.0 && d[2] * d[3] < 0.0)) return false;
        for (int i = 0; i < 4; ++i)
            if (!(dh[i] * d[i] > 0.0 && std::fabs(dh[i]) > tol)) return false;
        return true;
    };
    struct RowFind {
        int zigzags = 0, jumps = 0;
        double worst = 0.0;
        std::size_t where = 0;
        double froude = 0.0;
    };
    // A distributed run looks four rows into its neighbours (the zigzag test down a column) and one row for
    // the 3 x 3 neighbourhood and the Froude number: the halo is refreshed first.
    if (comm) exchangeDepth(kHaloRows, false);
    std::vector<RowFind> found(static_cast<std::size_t>(ny));
    const std::size_t stride = static_cast<std::size_t>(nx);
#pragma omp parallel for schedule(static) num_threads(threads) if (g.cellCount() > 4 * kParallelMinCells)
    for (int r = own0; r < own1; ++r) {
        RowFind& f = found[static_cast<std::size_t>(r)];
        for (int c = 0; c < nx; ++c) {
            const std::size_t k = g.index(c, r);
            if (!wet(k)) continue;
            double amplitude = 0.0;
            bool flagged = false;
            if (c + 4 < nx && zigzag(k, 1, amplitude)) {
                ++f.zigzags;
                flagged = true;
                if (amplitude > f.worst) f.worst = amplitude, f.where = k;
            }
            if (r + 4 < ny && zigzag(k, stride, amplitude)) {
                f.zigzags += flagged ? 0 : 1;
                if (amplitude > f.worst) f.worst = amplitude, f.where = k;
            }
            // Depth jumps: the change since the last check reverses the one before, both beyond the
            // tolerance, for the second check running, while the 3 x 3 neighbourhood's mean level moves by
            // less than half as much (a wave passing moves the neighbourhood with the cell).
            const float d = static_cast<float>(h[k]);
            const float before = checkDepth[k];
            const float change = std::isnan(before) ? 0.0f : d - before;
            if (std::fabs(change) > tol && std::fabs(checkChange[k]) > tol &&
                change * checkChange[k] < 0.0f && checkReversals[k] >= 1) {
                double sum = 0.0;
                int n = 0;
                for (int rr = std::max(0, r - 1); rr <= std::min(ny - 1, r + 1); ++rr)
                    for (int cc = std::max(0, c - 1); cc <= std::min(nx - 1, c + 1); ++cc) {
                        const std::size_t m = g.index(cc, rr);
                        if (!active[m] || std::isnan(checkDepth[m])) continue;
                        sum += h[m] - checkDepth[m];
                        ++n;
                    }
                if (n > 0 && std::fabs(sum / n) < 0.5 * std::fabs(change)) {
                    ++f.jumps;
                    if (std::fabs(change) > f.worst) f.worst = std::fabs(change), f.where = k;
                }
            }
            // Froude number where the cell and its four neighbours hold more than 10 cm (the cell speed of
            // a cell at a wet/dry margin mixes the discharge of a deep face with a shallow cell).
            const bool inner = c > 0 && c + 1 < nx && r > 0 && r + 1 < ny && h[k] > 0.1 && h[k - 1] > 0.1 &&
                               h[k + 1] > 0.1 && h[k - stride] > 0.1 && h[k + stride] > 0.1;
            if (inner) f.froude = std::max(f.froude, speed(k) / std::sqrt(kGravity * h[k]));
        }
    }
    // Second sweep (the first reads the previous depths of the neighbours): remember this check, for the halo
    // rows next to the owned ones too (the next check reads their depth then).
    const int sweep0 = std::max(0, own0 - 1);
    const int sweep1 = std::min(ny, own1 + 1);
#pragma omp parallel for schedule(static) num_threads(threads) if (g.cellCount() > 4 * kParallelMinCells)
    for (int r = sweep0; r < sweep1; ++r)
        for (int c = 0; c < nx; ++c) {
            const std::size_t k = g.index(c, r);
            if (!wet(k)) {
                checkDepth[k] = nan;
                checkChange[k] = 0.0f;
                checkReversals[k] = 0;
                continue;
            }
            const float d = static_cast<float>(h[k]);
            const float change = std::isnan(checkDepth[k]) ? 0.0f : d - checkDepth[k];
            const bool reversal =
                std::fabs(change) > tol && std::fabs(checkChange[k]) > tol && change * checkChange[k] < 0.0f;
            checkReversals[k] =
                reversal ? static_cast<std::uint8_t>(std::min(checkReversals[k] + 1, 100)) : 0;
            checkChange[k] = change;
            checkDepth[k] = d;
        }
    OscillationEvent e;
    e.timeS = t;
    for (const RowFind& f : found) {
        e.zigzagCells += f.zigzags;
        e.jumpCells += f.jumps;
        maxFroude = std::max(maxFroude, f.froude);
        if (f.worst > e.amplitudeM) {
            e.amplitudeM = f.worst;
            e.col = static_cast<int>(f.where % stride);
            e.row = static_cast<int>(f.where / stride) + rowOffset;  // row of the whole grid
        }
    }
    if (comm) {
        // The ranks' findings combined in rank order (= row order), as the rows are above.
        const std::vector<double> mine = {
            static_cast<double>(e.zigzagCells), static_cast<double>(e.jumpCells), e.amplitudeM,
            static_cast<double>(e.col),         static_cast<double>(e.row),       maxFroude};
        const std::vector<double> all = comm->gatherAll(mine);
        OscillationEvent combined;
        combined.timeS = t;
        for (std::size_t i = 0; i + 5 < all.size(); i += 6) {
            combined.zigzagCells += static_cast<int>(all[i]);
            combined.jumpCells += static_cast<int>(all[i + 1]);
            if (all[i + 2] > combined.amplitudeM) {
                combined.amplitudeM = all[i + 2];
                combined.col = static_cast<int>(all[i + 3]);
                combined.row = static_cast<int>(all[i + 4]);
            }
            maxFroude = std::max(maxFroude, all[i + 5]);
        }
        e = combined;
    }
    ++oscillation.checks;
    if (e.zigzagCells + e.jumpCells == 0) return;
    e.x = gg.centreX(e.col);
    e.y = gg.centreY(e.row);
    ++oscillation.checksWithOscillation;
    oscillation.zigzagCells += e.zigzagCells;
    oscillation.jumpCells += e.jumpCells;
    if (oscillation.firstTimeS < 0.0) oscillation.firstTimeS = t;
    if (e.amplitudeM > oscillation.worst.amplitudeM) oscillation.worst = e;
    if (oscillation.events.size() < 1000) oscillation.events.push_back(e);
}

void Solver::Impl::collapse(double dtCfl) const {
    // The deepest water of the owned rows (the first cell holding it), then of all ranks (the first rank's).
    const std::size_t first = g.index(0, own0);
    const std::size_t last = g.index(0, own1);
    std::size_t worst = first;
    for (std::size_t k = first; k < last; ++k)
        if (h[k] > h[worst]) worst = k;
    double deepest = h[worst];
    int col = static_cast<int>(worst % static_cast<std::size_t>(nx));
    int row = static_cast<int>(worst / static_cast<std::size_t>(nx)) + rowOffset;
    if (comm) {
        const std::vector<double> all =
            comm->gatherAll({deepest, static_cast<double>(col), static_cast<double>(row)});
        deepest = all[0];
        col = static_cast<int>(all[1]);
        row = static_cast<int>(all[2]);
        for (std::size_t i = 3; i + 2 < all.size(); i += 3)
            if (all[i] > deepest) {
                deepest = all[i];
                col = static_cast<int>(all[i + 1]);
                row = static_cast<int>(all[i + 2]);
            }
    }
    throw core::Error(core::ErrorCode::Simulation,
                      "time step collapsed to " + num(dtCfl) +
                          " s (below min_dt_s = " + num(s.options.minDtS) + " s) at t = " + num(t) +
                          " s: the deepest water, " + num(deepest) + " m, is at " + cellTextAt(col, row) +
                          "; the run was stopped (check the terrain, inflows and boundaries there)",
                      {{}, {}, "min_dt_s"});
}

void Solver::Impl::nonFinite() const {
    // The first non-finite cell of the owned rows; of all ranks, the first rank's that has one.
    const std::size_t first = g.index(0, own0);
    const std::size_t last = g.index(0, own1);
    double col = -1.0, row = -1.0;
    for (std::size_t k = first; k < last; ++k)
        if (!std::isfinite(h[k])) {
            col = static_cast<double>(k % static_cast<std::size_t>(nx));
            row = static_cast<double>(k / static_cast<std::size_t>(nx) + static_cast<std::size_t>(rowOffset));
            break;
        }
    if (comm) {
        const std::vector<double> all = comm->gatherAll({col, row});
        for (std::size_t i = 0; i + 1 < all.size(); i += 2)
            if (all[i] >= 0.0) {
                col = all[i];
                row = all[i + 1];
                break;
            }
    }
    const std::string where = col >= 0.0 ? cellTextAt(static_cast<int>(col), static_cast<int>(row))
                                         : cellTextAt(0, rowOffset + own0);
    throw core::Error(
        core::ErrorCode::Simulation,
        "water depth became non-finite at t = " + num(t) + " s at " + where +
            "; the run was stopped (numerical instability: lower cfl or check the inputs there)",
        {{}, {}, "cfl"});
}

bool Solver::Impl::step() {
    const double end = s.durationS;
    if (t >= end) return false;
    const auto wall0 = std::chrono::steady_clock::now();

    const double dtCfl = computeDt();
    if (dtCfl < s.options.minDtS) collapse(dtCfl);
    const double event = nextEventAfter(t);
    double dt = std::min(dtCfl, event - t);
    if (dt <= 0.0) dt = dtCfl;  // cannot happen: events after t; guards against a stuck clock

    addInflows(t, t + dt);

    // Rain in this step: a uniform depth or one frame of gridded intensities.
    double rainDepth = 0.0;
    const RainFrame* frame = nullptr;
    double rainFactor = 0.0;
    if (!s.rain.hyetograph.empty()) {
        rainDepth = s.rain.hyetograph.integral(t, t + dt) / 1000.0 / 3600.0;  // mm/h * s -> m
    } else if (!s.rain.frames.empty() && t < s.rain.framesEndS) {
        const double tMid = t + 0.5 * dt;
        for (std::size_t f = s.rain.frames.size(); f-- > 0;)
            if (s.rain.frames[f].startS <= tMid) {
                frame = &s.rain.frames[f];
                rainFactor = dt / 1000.0 / 3600.0;
                budget.rainM3 += rainFactor * frameActiveSum[f] * area;
                break;
            }
    }
    budget.rainM3 += rainDepth * rainCells * area;
    const bool raining = rainDepth > 0.0 || frame != nullptr;
    const bool sinks = s.losses.model != LossModel::None || s.drainage.rateMmPerH > 0.0 ||
                       !s.drainage.rateGridMmPerH.empty();

    buildRegion(raining);
    if (fv1) {
        fv1Step(dt, rainDepth, frame, rainFactor, sinks);
    } else {
        fluxPass(dt);
        boundaryPass(dt);
        if (comm) exchangeFaces();
        continuityPass(dt, rainDepth, frame, rainFactor, sinks);
        if (comm)
            correctDistributed(dt);
        else
            correctNegatives(dt);
        if (sinks)
            sinkPass(dt);
        else
            finishStats();
    }
    bookBoundaries(dt);

    // New wet ranges and the deepest water for the next step's CFL condition.
    double volume = 0.0;
    hMax = 0.0;
    wetPrev2.swap(wetPrev);
    wetPrev.swap(wetNow);
    for (int r = 0; r < ny; ++r)
        wetNow[r] = RowRange{};
    for (int r : rows) {
        const detail::RowSummary& sm = summaries[r];
        hMax = std::max(hMax, sm.hMax);
        volume += sm.volume;
        wetNow[r] = {sm.wetLo, sm.wetHi};
    }
    if (comm)
        reduceStepEnd(!std::isfinite(volume) || !std::isfinite(hMax));
    else if (!std::isfinite(volume) || !std::isfinite(hMax))
        nonFinite();

    t += dt;
    if (std::fabs(t - event) <= 1.0e-9 * std::max(1.0, std::fabs(event))) t = event;
    ++steps;
    if (dt == dtCfl) minDt = std::min(minDt, dt);  // steps shortened to land on an output time do not count
    maxDt = std::max(maxDt, dt);
    dtSum += dt;
    if (t >= nextFrame || t >= end) {
        if (s.options.outputIntervalS > 0.0) recordFrame();
        while (nextFrame <= t)
            nextFrame += s.options.outputIntervalS;
    }
    if (t >= nextSeries || t >= end) {
        record();
        while (nextSeries <= t)
            nextSeries += s.options.seriesIntervalS;
    }
    if (t >= nextCheck || (t >= end && std::isfinite(nextCheck))) {
        checkOscillation();
        while (nextCheck <= t)
            nextCheck += s.options.oscillationCheckIntervalS;
    }
    wallS += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    return true;
}

Results Solver::Impl::results() const {
    Results r;
    r.grid = g;
    // The owned rows: all of them on one process, a rank's strip in a distributed run.
    const std::size_t firstCell = g.index(0, own0);
    const std::size_t cells = g.index(0, own1) - firstCell;
    if (comm) {
        r.grid = gg;
        r.grid.ny = own1 - own0;
        r.grid.originY = gg.originY - (rowOffset + own0) * gg.cellSizeM;
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    r.maxDepthM.resize(cells);
    r.maxLevelM.resize(cells);
    r.maxSpeedMPerS.resize(cells);
    r.maxHazardRating.resize(cells);
    r.hazardClass.resize(cells);
    r.timeOfInundationS.resize(cells);
    r.durationAboveThresholdS.resize(cells);
    r.finalDepthM.resize(cells);
    for (std::size_t j = 0; j < cells; ++j) {
        const std::size_t k = firstCell + j;
        const bool a = active[k] != 0;
        r.maxDepthM[j] = a ? maxDepth[k] : nan;
        r.maxLevelM[j] = a && maxDepth[k] > 0.0f ? z[k] + maxDepth[k] : nan;
        r.maxSpeedMPerS[j] = a ? maxSpeed[k] : nan;
        r.maxHazardRating[j] = a ? maxHazard[k] : nan;
        r.hazardClass[j] = static_cast<std::uint8_t>(a && maxDepth[k] > s.options.inundationThresholdM
                                                         ? hazardClassOf(maxHazard[k])
                                                         : HazardClass::None);
        r.timeOfInundationS[j] = a && firstInundation[k] >= 0.0f ? firstInundation[k] : nan;
        // Periods over, plus the current one (to the time reached).
        const double open = inundatedNow[k] ? t - since[k] : 0.0;
        r.durationAboveThresholdS[j] = a ? static_cast<float>(duration[k] + open) : nan;
        r.finalDepthM[j] = a ? static_cast<float>(h[k]) : nan;
    }
    r.frames = frames;
    r.oscillation = oscillation;
    if (oscillation.detected()) {
        const OscillationEvent& w = oscillation.worst;
        const OscillationEvent& first = oscillation.events.front();
        std::string advice =
            s.options.scheme == Scheme::Fv1
                ? "lower cfl (now " + num(s.options.cfl) + ")"
                : "lower cfl (now " + num(s.options.cfl) + ") or theta (now " + num(s.options.theta) + ")" +
                      (maxFroude > 0.5 ? "; the flow reaches a Froude number of " + num(maxFroude, 2) +
                                             ", beyond the local-inertial approximation (about 0.5): use the "
                                             "fv1 scheme"
                                       : "");
        r.oscillation.warning =
            "grid-scale oscillation (a numerical instability) at " +
            std::to_string(oscillation.checksWithOscillation) + " of " + std::to_string(oscillation.checks) +
            " checks, first at t = " + num(oscillation.firstTimeS) + " s near " +
            cellTextAt(first.col, first.row) + ", worst a step of " + num(w.amplitudeM, 3) +
            " m at t = " + num(w.timeS) + " s near " + cellTextAt(w.col, w.row) +
            ": the depths there are not physical although the mass balance closes; " + advice;
        r.warnings.push_back(r.oscillation.warning);
    }
    for (const std::string& note : distributedNotes)
        r.warnings.push_back(note);
    r.gauges = gauges;
    for (std::size_t i = 0; i < r.gauges.size(); ++i)
        if (gaugeOwned[i]) r.gauges[i].peakDepthM = maxDepth[gaugeCells[i]];
    r.massBalance = massBalance;
    if (r.massBalance.empty() || r.massBalance.back().timeS < t) {
        // A cancelled run: close the books at the time reached.
        MassBalanceRecord m = budget;
        if (comm) {
            double terms[6] = {m.rainM3,   m.inflowM3,  m.boundaryInflowM3, m.boundaryOutflowM3,
                               m.lossesM3, m.drainageM3};
            comm->sumAll(terms, 6);
            m.rainM3 = terms[0];
            m.inflowM3 = terms[1];
            m.boundaryInflowM3 = terms[2];
            m.boundaryOutflowM3 = terms[3];
            m.lossesM3 = terms[4];
            m.drainageM3 = terms[5];
        }
        m.timeS = t;
        m.storedM3 = storedVolume();
        const double in = m.initialM3 + m.rainM3 + m.inflowM3 + m.boundaryInflowM3;
        m.errorM3 = m.storedM3 - (in - m.boundaryOutflowM3 - m.lossesM3 - m.drainageM3);
        const double scale = std::max(in, m.storedM3);
        m.relativeError = scale > 0.0 ? std::fabs(m.errorM3) / scale : 0.0;
        r.massBalance.push_back(m);
    }
    RunStatistics& st = r.statistics;
    st.steps = steps;
    st.simulatedS = t;
    st.minDtS = std::isfinite(minDt) ? minDt : 0.0;
    st.maxDtS = maxDt;
    st.wetCellUpdates = wetCellUpdates;
    st.wallTimeS = wallS;
    st.cellUpdatesPerSecond = wallS > 0.0 ? wetCellUpdates / wallS : 0.0;
    st.threads = threads;
    st.positivityCorrections = corrections;
    st.meanDtS = steps > 0 ? dtSum / static_cast<double>(steps) : 0.0;
    st.scheme = s.options.scheme;
    st.oscillationChecks = oscillation.checks;
    st.oscillationDetections = oscillation.checksWithOscillation;
    st.maxFroude = maxFroude;
    st.framesProduced = framesProduced;
    // Local-inertial: z (4) + h (8) + qx, qy in two buffers (16) + active mask (1); FV1: z (4) + h, hu, hv
    // and u, v in two buffers (64) + face fluxes (2 x 20) + active mask (1); plus what the options switch on.
    st.stateBytesPerCell = (fv1 ? 4 + 64 + 40 + 1 : sizeof(float) + sizeof(double) + 4 * sizeof(float) + 1) +
                           (manning.empty() ? 0 : 4) + (initialLossLeft.empty() ? 0 : 4) +
                           (infiltrated.empty() ? 0 : 4) + (s.drainage.rateGridMmPerH.empty() ? 0 : 4) +
                           (s.losses.perviousMask.empty() ? 0 : 1) +
                           (s.rain.frames.empty() ? 0 : 4 * s.rain.frames.size());
    // maxima (12) + first inundation (4) + duration, start of the current period (16) + state (1)
    st.outputBytesPerCell = 4 * sizeof(float) + 2 * sizeof(double) + 1;
    if (comm) {
        // This rank's load; the statistics of the whole run.
        RankLoad load;
        load.rank = comm->rank();
        load.rowBegin = rowOffset + own0;
        load.rows = own1 - own0;
        load.domainCells = static_cast<long long>(activeCells);
        load.cellUpdates = wetCellUpdates;
        load.communicationS = commS;
        load.computeS = std::max(0.0, wallS - commS);
        load.haloBytes = haloBytes;
        r.ranks.push_back(load);
        double sums[2] = {wetCellUpdates, static_cast<double>(corrections)};
        comm->sumAll(sums, 2);
        double wall = wallS;
        comm->maxAll(&wall, 1);
        st.wetCellUpdates = sums[0];
        st.positivityCorrections = static_cast<long long>(sums[1]);
        st.wallTimeS = wall;
        st.cellUpdatesPerSecond = wall > 0.0 ? sums[0] / wall : 0.0;
    }
    return r;
}

// --- Solver
// ---------------------------------------------------------------------------------------------------

Solver::Solver(Setup setup) : impl_(std::make_unique<Impl>(std::move(setup), nullptr)) {}
Solver::Solver(Setup setup, const Partition& partition)
    : impl_(std::make_unique<Impl>(std::move(setup), &partition)) {}
Solver::~Solver() = default;

bool Solver::step() {
    return impl_->step();
}
double Solver::timeS() const {
    return impl_->t;
}
const Setup& Solver::setup() const {
    return impl_->s;
}
Results Solver::results() const {
    return impl_->results();
}

double Solver::depthAt(int col, int row) const {
    const Impl& m = *impl_;
    const int r = row - m.rowOffset;
    if (col < 0 || col >= m.nx || r < m.own0 || r >= m.own1) return 0.0;
    return m.h[m.g.index(col, r)];
}

double Solver::speedAt(int col, int row) const {
    const Impl& m = *impl_;
    const int r = row - m.rowOffset;
    if (col < 0 || col >= m.nx || r < m.own0 || r >= m.own1) return 0.0;
    return m.speed(m.g.index(col, r));
}

Results Solver::run(const ProgressFn& progress, const CancelFn& cancel) {
    Impl& m = *impl_;
    using Clock = std::chrono::steady_clock;
    auto lastReport = Clock::now();
    auto report = [&](const std::string& stage) {
        if (progress) progress(std::min(1.0, m.t / m.s.durationS), stage);
        lastReport = Clock::now();
    };
    report("flood: starting (" + std::to_string(m.gg.nx) + " x " + std::to_string(m.gg.ny) + " cells" +
           (m.comm ? ", " + std::to_string(m.own1 - m.own0) + " rows on this rank of " +
                         std::to_string(m.comm->size())
                   : std::string()) +
           ")");
    bool cancelled = false;
    if (m.comm) {
        // Every rank stops at the same step: cancel is polled at the end of each step and reduced over the
        // ranks with the deepest water (Impl::reduceStepEnd).
        m.cancelFn = &cancel;
        double stop = cancel && cancel() ? 1.0 : 0.0;
        m.comm->maxAll(&stop, 1);
        m.cancelAll = stop > 0.0;
    }
    while (m.t < m.s.durationS) {
        if (m.comm ? m.cancelAll : (cancel && cancel())) {
            cancelled = true;
            break;
        }
        m.step();
        if (progress && Clock::now() - lastReport >= std::chrono::milliseconds(100))
            report("flood: t = " + num(std::round(m.t), 10) + " s of " + num(m.s.durationS, 10) + " s");
    }
    m.cancelFn = nullptr;
    Results r = m.results();
    r.status = cancelled ? RunStatus::Cancelled : RunStatus::Completed;
    report(cancelled ? "flood: cancelled" : "flood: done");
    return r;
}

Results Solver::run(const core::Progress& progress) {
    return run([&](double fraction, const std::string& stage) { progress(fraction, stage); },
               [&] { return progress.cancelled(); });
}

Results simulate(const Setup& setup, const core::Progress& progress) {
    Solver solver(setup);
    return solver.run(progress);
}

Results simulate(const Setup& setup, const ProgressFn& progress, const CancelFn& cancel) {
    Solver solver(setup);
    return solver.run(progress, cancel);
}

}  // namespace citytwin::flood
