// Time series of forcing: piecewise-constant or piecewise-linear, with exact integrals so that the volume of
// rain or inflow entering in a time step does not depend on where the step falls.

#include <algorithm>
#include <cstddef>

#include "citytwin/flood/setup.h"

namespace citytwin::flood {

double TimeSeries::valueAt(double t) const {
    const std::size_t n = timesS.size();
    if (n == 0 || values.size() != n) return 0.0;
    const bool hold = extrapolation == Extrapolation::Hold;
    if (t < timesS.front()) return hold ? values.front() : 0.0;
    if (t >= timesS.back()) {
        if (hold) return values.back();
        // A linear series ends on its last point; a step series ends at its last time.
        return (interpolation == Interpolation::Linear && t == timesS.back()) ? values.back() : 0.0;
    }
    // k: the last point with t_k <= t (exists, since t >= t_0 and t < t_{n-1}).
    const std::size_t k =
        static_cast<std::size_t>(std::upper_bound(timesS.begin(), timesS.end(), t) - timesS.begin()) - 1;
    if (interpolation == Interpolation::Step) return values[k];
    const double w = (t - timesS[k]) / (timesS[k + 1] - timesS[k]);
    return values[k] + w * (values[k + 1] - values[k]);
}

double TimeSeries::integral(double t0, double t1) const {
    const std::size_t n = timesS.size();
    if (n == 0 || values.size() != n || !(t1 > t0)) return 0.0;
    const bool hold = extrapolation == Extrapolation::Hold;
    double sum = 0.0;
    // Before the first point and after the last: constant (Hold) or nothing.
    if (hold) {
        if (t0 < timesS.front()) sum += values.front() * (std::min(t1, timesS.front()) - t0);
        if (t1 > timesS.back()) sum += values.back() * (t1 - std::max(t0, timesS.back()));
    }
    if (n < 2 || t1 <= timesS.front() || t0 >= timesS.back()) return sum;
    // Segments [t_k, t_{k+1}] overlapping [t0, t1].
    std::size_t k = 0;
    if (t0 > timesS.front())
        k = static_cast<std::size_t>(std::upper_bound(timesS.begin(), timesS.end(), t0) - timesS.begin()) - 1;
    for (; k + 1 < n && timesS[k] < t1; ++k) {
        const double a = std::max(t0, timesS[k]);
        const double b = std::min(t1, timesS[k + 1]);
        if (b <= a) continue;
        if (interpolation == Interpolation::Step) {
            sum += values[k] * (b - a);
        } else {
            const double span = timesS[k + 1] - timesS[k];
            const double va = values[k] + (values[k + 1] - values[k]) * ((a - timesS[k]) / span);
            const double vb = values[k] + (values[k + 1] - values[k]) * ((b - timesS[k]) / span);
            sum += 0.5 * (va + vb) * (b - a);  // trapezoid: exact for a linear segment
        }
    }
    return sum;
}

double TimeSeries::maxValue() const {
    double m = 0.0;
    for (double v : values)
        m = std::max(m, v);
    return m;
}

}  // namespace citytwin::flood
