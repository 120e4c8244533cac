#include "citytwin/subsidence/tunnel.h"

#include <cmath>

namespace citytwin::subsidence {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

Trough makeTrough(double diameterM, double axisDepthM, double volumeLossPercent, double widthM) {
    Trough t;
    t.axisDepthM = axisDepthM;
    t.widthM = widthM;
    // V_s = V_L × excavated area per metre (Peck 1969; O'Reilly & New 1982).
    t.volumeM3PerM = volumeLossPercent / 100.0 * kPi * diameterM * diameterM / 4.0;
    // The Gaussian holds V_s: ∫ S dx = sqrt(2π) i S_max.
    t.maxSettlementM = t.volumeM3PerM / (std::sqrt(2.0 * kPi) * widthM);
    return t;
}

double troughWidth(const TroughWidthSoil& soil, TroughWidthMethod method, double axisDepthM) {
    if (method == TroughWidthMethod::Regression)
        return soil.regressionSlope * axisDepthM + soil.regressionInterceptM;  // O'Reilly & New (1982)
    return soil.k * axisDepthM;
}

double troughSettlement(const Trough& t, double x) {
    return t.maxSettlementM * std::exp(-x * x / (2.0 * t.widthM * t.widthM));
}

double troughSlope(const Trough& t, double x) {
    return -x * troughSettlement(t, x) / (t.widthM * t.widthM);
}

double troughHorizontalDisplacement(const Trough& t, double x) {
    // O'Reilly & New (1982): displacement vectors point at the tunnel axis, u = x S / z0.
    return x * troughSettlement(t, x) / t.axisDepthM;
}

double troughHorizontalStrain(const Trough& t, double x) {
    // d/dx of the displacement -x S / z0 (positive x away from the axis): (S / z0)(x²/i² - 1).
    return troughSettlement(t, x) / t.axisDepthM * (x * x / (t.widthM * t.widthM) - 1.0);
}

double normalCdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

TunnelPointDisplacement tunnelStretchDisplacement(const Trough& t, double x, double s, double lengthM) {
    TunnelPointDisplacement d;
    const double i = t.widthM;
    const double g = std::exp(-x * x / (2.0 * i * i));
    // Attewell & Woodman (1982): the cumulative-normal longitudinal profile between the start and the face.
    const double longitudinal = normalCdf(s / i) - normalCdf((s - lengthM) / i);
    d.settlementM = t.maxSettlementM * g * longitudinal;
    d.transverseM = -x / t.axisDepthM * d.settlementM;
    // Integral of the radial (towards-the-sink) movements of point sinks along [0, L] (Attewell et al. 1986).
    d.longitudinalM =
        t.volumeM3PerM / (2.0 * kPi * t.axisDepthM) * g *
        (std::exp(-s * s / (2.0 * i * i)) - std::exp(-(s - lengthM) * (s - lengthM) / (2.0 * i * i)));
    return d;
}

}  // namespace citytwin::subsidence
