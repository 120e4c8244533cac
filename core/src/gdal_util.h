#pragma once
// Private helpers around GDAL handles and error reporting (RAII for every handle; errors captured, not
// printed).

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/crs.h"

namespace citytwin::core::detail {

/// Registers GDAL drivers once (thread-safe).
void ensureGdal();

struct DatasetCloser {
    void operator()(GDALDataset* ds) const {
        if (ds) GDALClose(GDALDataset::ToHandle(ds));
    }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

/// Captures GDAL/OGR/CPL messages raised on this thread while alive, instead of printing them.
/// Warnings are kept for the import report; the last error message explains failures.
/// Captures nest: a warning reaches every enclosing capture on the thread, so an outer one (e.g. the model
/// builder's, per input file) sees what inner ones (in readers) saw. Readers report GDAL warnings themselves
/// only when theirs is the outermost capture (isOutermost()), which avoids reporting a warning twice.
class ErrorCapture {
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;

    const std::vector<std::string>& warnings() const { return warnings_; }
    /// Last error message, or "" if none.
    const std::string& lastError() const { return lastError_; }
    /// How many errors (CE_Failure or worse) were raised while alive.
    std::size_t errorCount() const { return errorCount_; }
    /// Moves the collected warnings out.
    std::vector<std::string> takeWarnings() { return std::move(warnings_); }
    /// True when no other capture encloses this one on this thread.
    bool isOutermost() const { return parent_ == nullptr; }

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
    void addWarning(const std::string& text);
    std::vector<std::string> warnings_;
    std::string lastError_;
    std::size_t errorCount_ = 0;
    ErrorCapture* parent_ = nullptr;
};

/// Opens a dataset; throws Error(FileNotFound) when the path does not exist and Error(FileFormat) with GDAL's
/// reason when it cannot be read as the requested kind (GDAL_OF_RASTER or GDAL_OF_VECTOR). `openOptions` are
/// the driver's open options ("ENCODING=CP949").
DatasetPtr openDataset(const std::string& path, unsigned int kindFlags, const char* kindName,
                       const std::vector<std::string>& openOptions = {});

/// True when the path names an existing file or directory, or is a GDAL virtual path (/vsi...).
bool pathExists(const std::string& path);

/// The CRS of a spatial reference, or an empty Crs.
Crs crsFromSrs(const OGRSpatialReference* srs);

}  // namespace citytwin::core::detail
