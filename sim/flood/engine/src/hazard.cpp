// Flood hazard rating and classes: Defra/Environment Agency R&D outputs FD2320/TR2 and FD2321/TR1
// (HR Wallingford, Ramsbottom et al. 2006), "Flood Risks to People, Phase 2".

#include "citytwin/flood/results.h"

namespace citytwin::flood {

const char* toString(HazardClass hazardClass) {
    switch (hazardClass) {
        case HazardClass::None:
            return "none";
        case HazardClass::Low:
            return "low";
        case HazardClass::Moderate:
            return "moderate";
        case HazardClass::Significant:
            return "significant";
        case HazardClass::Extreme:
            return "extreme";
    }
    return "none";
}

double hazardRating(double depthM, double speedMPerS, double debrisFactor, double debrisDepthM) {
    if (!(depthM > 0.0)) return 0.0;
    // FD2321/TR1 eq. 13.1: HR = d (v + 0.5) + DF; DF from FD2320/TR2 Table 3.1 (0 for shallow water).
    return depthM * (speedMPerS + 0.5) + (depthM > debrisDepthM ? debrisFactor : 0.0);
}

HazardClass hazardClassOf(double rating) {
    // FD2321/TR1 Table 13.1 thresholds.
    if (rating < 0.75) return HazardClass::Low;
    if (rating < 1.25) return HazardClass::Moderate;
    if (rating < 2.0) return HazardClass::Significant;
    return HazardClass::Extreme;
}

}  // namespace citytwin::flood
