#include "citytwin/core/version.h"

#include <gdal.h>
#include <proj.h>

namespace citytwin::core {

const char* citytwinVersion() {
    return CITYTWIN_VERSION;
}

std::string gdalVersion() {
    return GDALVersionInfo("RELEASE_NAME");
}

std::string projVersion() {
    return proj_info().version;
}

}  // namespace citytwin::core
