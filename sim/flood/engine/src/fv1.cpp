// The FV1 scheme's passes (Scheme::Fv1): first-order Godunov finite volumes for the full 2D shallow-water
// equations, as LISFLOOD-FP 8's FV1 (Shaw et al. 2021). The row kernels are in fv1_kernels.cpp; the forcing,
// positivity correction, active region, accumulators and bookkeeping are the driver's (solver.cpp).
//
// One FV1 step (after dt = cfl dx / max(|u| + sqrt(g h)) and the point inflows):
//   1. boundary faces on the grid's edges (walls unless a boundary condition says otherwise);
//   2. HLL fluxes with hydrostatic reconstruction on every face of the active region;
//   3. the cell update h, hu, hv -> new state (rain added, Manning friction implicit), swapped in;
//   4. the positivity correction on the mass fluxes (cells it empties lose their momentum);
//   5. losses and drainage (velocity kept), accumulators, booking.

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "citytwin/core/error.h"
#include "solver_impl.h"

namespace citytwin::flood {

void Solver::Impl::fv1Prepare() {
    const std::size_t cells = g.cellCount();
    hu.assign(cells, 0.0);
    hv.assign(cells, 0.0);
    if (!s.initialVelocityXMPerS.empty())
        for (std::size_t k = 0; k < cells; ++k)
            if (active[k] && h[k] > s.options.depthThresholdM) {
                hu[k] = h[k] * s.initialVelocityXMPerS[k];
                hv[k] = -h[k] * s.initialVelocityYMPerS[k];  // northward in the set-up, southward inside
            }
    uCell.assign(cells, 0.0f);
    vCell.assign(cells, 0.0f);
    for (std::size_t k = 0; k < cells; ++k)
        fv1Velocity(k);
    h1 = h;
    hu1 = hu;
    hv1 = hv;
    u1 = uCell;
    v1 = vCell;
    const std::size_t xFaces = static_cast<std::size_t>(ny) * static_cast<std::size_t>(nx + 1);
    const std::size_t yFaces = static_cast<std::size_t>(ny + 1) * static_cast<std::size_t>(nx);
    fxMass.assign(xFaces, 0.0);
    fxNormalL.assign(xFaces, 0.0f);
    fxNormalR.assign(xFaces, 0.0f);
    fxTangential.assign(xFaces, 0.0f);
    fyMass.assign(yFaces, 0.0);
    fyNormalL.assign(yFaces, 0.0f);
    fyNormalR.assign(yFaces, 0.0f);
    fyTangential.assign(yFaces, 0.0f);
    waveSpeed = 0.0;
    for (std::size_t k = 0; k < cells; ++k)
        if (active[k] && h[k] > 0.0) {
            const double c = std::sqrt(kGravity * h[k]);
            const double u =
                h[k] > s.options.depthThresholdM ? std::max(std::fabs(hu[k]), std::fabs(hv[k])) / h[k] : 0.0;
            waveSpeed = std::max(waveSpeed, u + c);
        }
}

void Solver::Impl::fv1Velocity(std::size_t k) {
    const bool wet = h[k] > s.options.depthThresholdM;
    uCell[k] = wet ? static_cast<float>(hu[k] / h[k]) : 0.0f;
    vCell[k] = wet ? static_cast<float>(hv[k] / h[k]) : 0.0f;
}

void Solver::Impl::fv1BoundaryFaces(double dt) {
    const detail::Fv1Constants fc{kGravity, s.options.depthThresholdM};
    const double dry = s.options.depthThresholdM;
    // One edge face: the cell's state, which side of the face it is on, and a ghost state beyond the edge.
    struct Side {
        double z, h, n, t;  // bed, depth, discharge normal to the face (positive along +x / +row), along it
    };
    auto store = [&](bool xFace, std::size_t face, double mass, double normalL, double normalR,
                     double tangential) {
        (xFace ? fxMass : fyMass)[face] = mass;
        (xFace ? fxNormalL : fyNormalL)[face] = static_cast<float>(normalL);
        (xFace ? fxNormalR : fyNormalR)[face] = static_cast<float>(normalR);
        (xFace ? fxTangential : fyTangential)[face] = static_cast<float>(tangential);
    };
    auto flux = [&](bool xFace, std::size_t face, bool cellIsL, const Side& cell, const Side& ghost) {
        double m, nl, nr, tg;
        if (cellIsL)
            detail::fv1Face(cell.z, ghost.z, cell.h, ghost.h, cell.n, ghost.n, cell.t, ghost.t, m, nl, nr, tg,
                            fc);
        else
            detail::fv1Face(ghost.z, cell.z, ghost.h, cell.h, ghost.n, cell.n, ghost.t, cell.t, m, nl, nr, tg,
                            fc);
        store(xFace, face, m, nl, nr, tg);
        return m;
    };
    auto wall = [&](bool xFace, std::size_t face, bool cellIsL, const Side& cell) {
        // The mirror image: same bed and depth, normal discharge reversed; no mass and no momentum along.
        double m, nl, nr, tg;
        if (cellIsL)
            detail::fv1Face(cell.z, cell.z, cell.h, cell.h, cell.n, -cell.n, cell.t, cell.t, m, nl, nr, tg,
                            fc);
        else
            detail::fv1Face(cell.z, cell.z, cell.h, cell.h, -cell.n, cell.n, cell.t, cell.t, m, nl, nr, tg,
                            fc);
        store(xFace, face, 0.0, nl, nr, 0.0);
    };
    auto sideOf = [&](std::size_t k, bool xFace) {
        return Side{static_cast<double>(z[k]), h[k], xFace ? hu[k] : hv[k], xFace ? hv[k] : hu[k]};
    };
    auto zero = [&](bool xFace, std::size_t face) { store(xFace, face, 0.0, 0.0, 0.0, 0.0); };

    // Every edge face: a wall next to a domain cell, nothing next to a cell outside the domain.
    for (int r = 0; r < ny; ++r) {
        const std::size_t west = g.index(0, r), east = g.index(nx - 1, r);
        active[west] ? wall(true, qxIndex(0, r), false, sideOf(west, true)) : zero(true, qxIndex(0, r));
        active[east] ? wall(true, qxIndex(nx, r), true, sideOf(east, true)) : zero(true, qxIndex(nx, r));
    }
    for (int c = 0; c < nx; ++c) {
        const std::size_t north = g.index(c, 0), south = g.index(c, ny - 1);
        active[north] ? wall(false, qyIndex(c, 0), false, sideOf(north, false)) : zero(false, qyIndex(c, 0));
        active[south] ? wall(false, qyIndex(c, ny), true, sideOf(south, false)) : zero(false, qyIndex(c, ny));
    }
    // Boundary conditions on their stretches.
    bool grown = false;
    for (const BoundaryFace& f : boundaryFaces) {
        if (!active[f.cell]) continue;
        const Boundary& bc = s.boundaries[static_cast<std::size_t>(f.segment)];
        const bool cellIsL = f.outward > 0.0f;  // east and south edges: the cell is on the low side
        const Side cell = sideOf(f.cell, f.xFace);
        const double outward = f.outward;
        double mass = 0.0;
        switch (bc.kind) {
            case BoundaryKind::Closed:
                break;
            case BoundaryKind::FreeOutflow: {
                // The bed falls outwards by the boundary slope over one cell; depth and velocity carry on
                // (transmissive), outflow only: an inflow would be turned back as by a wall.
                const Side ghost{cell.z - bc.slope * dx, cell.h, outward * std::max(outward * cell.n, 0.0),
                                 cell.t};
                mass = flux(f.xFace, f.face, cellIsL, cell, ghost);
                if (mass * outward < 0.0) {
                    wall(f.xFace, f.face, cellIsL, cell);
                    mass = 0.0;
                }
                break;
            }
            case BoundaryKind::FixedLevel:
            case BoundaryKind::LevelSeries: {
                // A ghost cell with the given water level over the edge cell's bed, moving as the edge cell.
                const double level =
                    bc.kind == BoundaryKind::FixedLevel ? bc.levelM : bc.levelSeriesM.valueAt(t + dt);
                const double hg = std::max(0.0, level - cell.z);
                const double u = cell.h > dry ? cell.n / cell.h : 0.0;
                const double v = cell.h > dry ? cell.t / cell.h : 0.0;
                mass = flux(f.xFace, f.face, cellIsL, cell, Side{cell.z, hg, hg * u, hg * v});
                break;
            }
            case BoundaryKind::Discharge: {
                // The step's mean unit discharge enters through the face; its momentum flux is that of the
                // inflowing stream at the edge cell's depth, or at critical depth where the cell is shallower
                // (the inflow cannot enter faster than critically). The flux seen by the cell omits g h²/2 as
                // everywhere (fv1_kernels.cpp), so a zero inflow is a wall.
                const double q = bc.dischargeM3PerS.integral(t, t + dt) / dt / (segmentFaces[f.segment] * dx);
                const double hb = std::max(cell.h, std::cbrt(q * q / kGravity));
                const double normal =
                    (hb > 0.0 ? q * q / hb : 0.0) + 0.5 * kGravity * (hb * hb - cell.h * cell.h);
                mass = -outward * q;
                store(f.xFace, f.face, mass, normal, normal, 0.0);
                break;
            }
        }
        if (mass != 0.0) {
            RowRange& a = region[f.row];
            if (a.empty()) grown = true;
            a.include(f.col, f.col);
        }
    }
    if (grown) {
        rows.clear();
        for (int r = 0; r < ny; ++r)
            if (!region[r].empty()) rows.push_back(r);
    }
}

void Solver::Impl::fv1FacePass() {
    const detail::Fv1Constants fc{kGravity, s.options.depthThresholdM};
    // y-face rows touched by the region: face row j lies between rows j-1 and j; the edges (0, ny) are the
    // boundary's.
    std::vector<int> faceRows;
    for (int r : rows) {
        if (r > 0 && (faceRows.empty() || faceRows.back() < r)) faceRows.push_back(r);
        if (r + 1 < ny) faceRows.push_back(r + 1);
    }
    faceRows.erase(std::unique(faceRows.begin(), faceRows.end()), faceRows.end());
    const int count = static_cast<int>(rows.size());
    const int faceCount = static_cast<int>(faceRows.size());
    long work = 0;
    for (int r : rows)
        work += region[r].hi - region[r].lo + 1;
#pragma omp parallel num_threads(threads) if (work > kParallelMinCells / 4)
    {
        // x-faces of each row: every face touching a cell of the region, [lo, hi + 1], without the edges.
#pragma omp for schedule(static) nowait
        for (int i = 0; i < count; ++i) {
            const int r = rows[i];
            const int lo = std::max(region[r].lo, 1);
            const int hi = std::min(region[r].hi + 1, nx - 1);
            if (hi < lo) continue;
            const std::size_t row = g.index(0, r);
            const std::size_t a = row + static_cast<std::size_t>(lo) - 1;
            detail::fv1Faces(hi - lo + 1, z.data() + a, z.data() + a + 1, h.data() + a, h.data() + a + 1,
                             uCell.data() + a, uCell.data() + a + 1, vCell.data() + a, vCell.data() + a + 1,
                             active.data() + a, active.data() + a + 1, fv1X(qxIndex(lo, r)), fc);
        }
        // y-faces: over the union of the two rows' ranges; normal discharge hv, tangential hu.
#pragma omp for schedule(static)
        for (int i = 0; i < faceCount; ++i) {
            const int j = faceRows[i];
            RowRange span = region[j - 1];
            span.include(region[j].lo, region[j].hi);
            if (span.empty()) continue;
            const std::size_t up = g.index(span.lo, j - 1), down = g.index(span.lo, j);
            detail::fv1Faces(span.hi - span.lo + 1, z.data() + up, z.data() + down, h.data() + up,
                             h.data() + down, vCell.data() + up, vCell.data() + down, uCell.data() + up,
                             uCell.data() + down, active.data() + up, active.data() + down,
                             fv1Y(qyIndex(span.lo, j)), fc);
        }
    }
}

void Solver::Impl::fv1CellPass(double dt, double rainDepth, const RainFrame* frame, double rainFactor) {
    detail::Fv1CellConstants cc;
    cc.dtOverDx = dt / dx;
    cc.g = kGravity;
    cc.dry = s.options.depthThresholdM;
    cc.gDt = kGravity * dt;
    cc.n2 = s.manningN * s.manningN;
    cc.rainDepth = rainDepth;
    cc.rainFactor = rainFactor;
    const int count = static_cast<int>(rows.size());
    long work = 0;
    for (int r : rows)
        work += region[r].hi - region[r].lo + 1;
    wetCellUpdates += static_cast<double>(work);
    for (int r = 0; r < ny; ++r)
        summaries[r] = detail::RowSummary{};
    const float* n = manning.empty() ? nullptr : manning.data();
#pragma omp parallel for schedule(static) num_threads(threads) if (work > kParallelMinCells / 4)
    for (int i = 0; i < count; ++i) {
        const int r = rows[i];
        const std::size_t row = g.index(0, r);
        detail::Fv1RowSummary sm;
        detail::fv1CellRow(region[r].lo, region[r].hi, h.data() + row, hu.data() + row, hv.data() + row,
                           fv1X(qxIndex(0, r)), fv1Y(qyIndex(0, r)), fv1Y(qyIndex(0, r + 1)),
                           n ? n + row : nullptr, active.data() + row,
                           frame ? frame->intensityMmPerH.data() + row : nullptr, h1.data() + row,
                           hu1.data() + row, hv1.data() + row, u1.data() + row, v1.data() + row, cc, sm);
        detail::RowSummary& out = summaries[r];
        out.hMax = sm.hMax;
        out.volume = sm.volume;
        out.wetLo = sm.wetLo;
        out.wetHi = sm.wetHi;
        out.negatives = sm.negatives;
        out.waveSpeed = sm.waveSpeed;
    }
    // The new state becomes the current one (cells outside the region are dry in both buffers: they have
    // been dry for the last three states, see the active region in solver.cpp).
    h.swap(h1);
    hu.swap(hu1);
    hv.swap(hv1);
    uCell.swap(u1);
    vCell.swap(v1);
}

void Solver::Impl::fv1Stats(double dt) {
    detail::ContinuityConstants cc;
    cc.threshold = threshold;
    cc.inundation = static_cast<float>(s.options.inundationThresholdM);
    cc.debrisFactor = static_cast<float>(s.options.debrisFactor);
    cc.debrisDepth = static_cast<float>(s.options.debrisDepthM);
    cc.timeS = static_cast<float>(t + dt);
    cc.dt = dt;
    cc.stepStart = t;
    const int count = static_cast<int>(rows.size());
    long work = 0;
    for (int r : rows)
        work += region[r].hi - region[r].lo + 1;
#pragma omp parallel for schedule(static) num_threads(threads) if (work > kParallelMinCells)
    for (int i = 0; i < count; ++i) {
        const int r = rows[i];
        const std::size_t row = g.index(0, r);
        const detail::StatsRow st = statsOf(r);
        detail::statsRowCells(region[r].lo, region[r].hi, h.data() + row, uCell.data() + row,
                              vCell.data() + row, st, cc);
    }
}

void Solver::Impl::fv1Step(double dt, double rainDepth, const RainFrame* frame, double rainFactor,
                           bool sinks) {
    fv1BoundaryFaces(dt);
    fv1FacePass();
    fv1CellPass(dt, rainDepth, frame, rainFactor);
    std::vector<std::size_t> corrected;
    correctOn(fxMass.data(), fyMass.data(), dt, &corrected);
    for (std::size_t k : corrected) {  // emptied by the correction: no water, no momentum
        hu[k] = hv[k] = 0.0;
        uCell[k] = vCell[k] = 0.0f;
    }
    if (sinks) {
        // Losses and drainage take water, not velocity: keep u = hu / h (the depths before in a scratch
        // array: h1 must keep the old state, see fv1CellPass).
        sinkScratch.resize(h.size());
        for (int r : rows)
            for (int c = region[r].lo; c <= region[r].hi; ++c)
                sinkScratch[g.index(c, r)] = h[g.index(c, r)];
        sinkPass(dt);
        const double dry = s.options.depthThresholdM;
        for (int r : rows)
            for (int c = region[r].lo; c <= region[r].hi; ++c) {
                const std::size_t k = g.index(c, r);
                const double before = sinkScratch[k];
                const double scale = h[k] > dry && before > 0.0 ? h[k] / before : 0.0;
                hu[k] *= scale;
                hv[k] *= scale;
                if (!(h[k] > dry)) uCell[k] = vCell[k] = 0.0f;
            }
    }
    fv1Stats(dt);
    waveSpeed = 0.0;
    for (int r : rows)
        waveSpeed = std::max(waveSpeed, summaries[r].waveSpeed);
}

}  // namespace citytwin::flood
