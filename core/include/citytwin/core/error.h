#pragma once
/// @file error.h
/// The one exception type of CityTwin and its failure classes.

#include <stdexcept>
#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// Failure classes. Each maps to a distinct process exit code of the CLI (see exitCode()).
enum class ErrorCode {
    Internal,      ///< a bug or an unexpected library failure
    Usage,         ///< wrong command-line use
    FileNotFound,  ///< an input file or directory does not exist or cannot be opened
    FileFormat,    ///< a file exists but is corrupt, truncated or not of the expected kind
    Crs,           ///< a coordinate reference system is missing, unknown or unusable
    Scenario,      ///< the scenario file is malformed (syntax, unknown key, wrong type)
    Data,          ///< inputs are readable but unusable together (empty layer, no overlap, ...)
    Plugin,        ///< a simulator module cannot be loaded
    Validation,    ///< simulator parameters are invalid
    Simulation,    ///< a simulator failed while running
    Output,        ///< results cannot be written
    Cancelled,     ///< the user cancelled (not an error in the usual sense)
};

/// Stable lowercase name of a failure class ("file-not-found", "crs", ...).
CITYTWIN_CORE_API const char* toString(ErrorCode code);

/// Process exit code used by the CLI for a failure class. 0 is success and never returned here.
CITYTWIN_CORE_API int exitCode(ErrorCode code);

/// The exception thrown by core/ and sim/ for failures. Carries a class and the context that names what is
/// wrong: the file, the layer inside it, and/or the parameter or scenario key.
/// what() returns a complete one-line message such as
/// "data/dem.tif: raster has no coordinate reference system".
class CITYTWIN_CORE_API Error : public std::runtime_error {
public:
    struct Context {
        std::string file;       ///< path of the file concerned, if any
        std::string layer;      ///< layer within the file, if any
        std::string parameter;  ///< parameter id or scenario key path, if any
    };

    Error(ErrorCode code, std::string message, Context context = {});

    ErrorCode code() const noexcept { return code_; }
    const Context& context() const noexcept { return context_; }
    /// The message without the context prefix.
    const std::string& detail() const noexcept { return detail_; }

private:
    static std::string compose(const std::string& message, const Context& context);

    ErrorCode code_;
    std::string detail_;
    Context context_;
};

/// Convenience: an Error about a file.
inline Error fileError(ErrorCode code, const std::string& file, const std::string& message) {
    return Error(code, message, Error::Context{file, {}, {}});
}

}  // namespace citytwin::core
