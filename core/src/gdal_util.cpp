#include "gdal_util.h"

#include <cpl_error.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "citytwin/core/error.h"

namespace citytwin::core::detail {

void ensureGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Rasters are read whole into memory; the block cache only needs to cover warping.
        CPLSetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS");
    });
}

namespace {
thread_local ErrorCapture* tCurrentCapture = nullptr;
}

ErrorCapture::ErrorCapture() : parent_(tCurrentCapture) {
    ensureGdal();
    CPLErrorReset();
    CPLPushErrorHandlerEx(&ErrorCapture::handler, this);
    tCurrentCapture = this;
}

ErrorCapture::~ErrorCapture() {
    CPLPopErrorHandler();
    tCurrentCapture = parent_;
}

void ErrorCapture::addWarning(const std::string& text) {
    // Avoid flooding the report with one warning per feature.
    if (warnings_.size() < 200 && std::find(warnings_.begin(), warnings_.end(), text) == warnings_.end())
        warnings_.push_back(text);
}

void CPL_STDCALL ErrorCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (!self || !msg) return;
    if (cls == CE_Warning) {
        for (ErrorCapture* c = self; c; c = c->parent_)
            c->addWarning(msg);
    } else if (cls == CE_Failure || cls == CE_Fatal) {
        self->lastError_ = msg;
        ++self->errorCount_;
    }
}

bool pathExists(const std::string& path) {
    if (path.rfind("/vsi", 0) == 0) return true;
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

DatasetPtr openDataset(const std::string& path, unsigned int kindFlags, const char* kindName,
                       const std::vector<std::string>& openOptions) {
    ensureGdal();
    if (!pathExists(path)) throw fileError(ErrorCode::FileNotFound, path, "file not found");
    // Warnings raised while opening reach any enclosing capture (see ErrorCapture).
    ErrorCapture capture;
    std::vector<const char*> options;
    for (const std::string& o : openOptions)
        options.push_back(o.c_str());
    options.push_back(nullptr);
    DatasetPtr ds(GDALDataset::Open(path.c_str(), kindFlags | GDAL_OF_VERBOSE_ERROR | GDAL_OF_READONLY,
                                    nullptr, openOptions.empty() ? nullptr : options.data()));
    if (!ds) {
        std::string why = capture.lastError();
        if (why.empty()) why = "not recognised by any GDAL driver";
        throw fileError(ErrorCode::FileFormat, path,
                        std::string("cannot be read as ") + kindName + ": " + why);
    }
    return ds;
}

Crs crsFromSrs(const OGRSpatialReference* srs) {
    if (!srs || srs->IsEmpty()) return Crs{};
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    if (srs->exportToWkt(&wkt, options) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        throw Error(ErrorCode::Crs, "cannot export a coordinate reference system as WKT2");
    }
    std::string text = wkt;
    CPLFree(wkt);
    return Crs::fromUserInput(text);
}

}  // namespace citytwin::core::detail
