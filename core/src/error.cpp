#include "citytwin/core/error.h"

namespace citytwin::core {

const char* toString(ErrorCode code) {
    switch (code) {
        case ErrorCode::Internal:
            return "internal";
        case ErrorCode::Usage:
            return "usage";
        case ErrorCode::FileNotFound:
            return "file-not-found";
        case ErrorCode::FileFormat:
            return "file-format";
        case ErrorCode::Crs:
            return "crs";
        case ErrorCode::Scenario:
            return "scenario";
        case ErrorCode::Data:
            return "data";
        case ErrorCode::Plugin:
            return "plugin";
        case ErrorCode::Validation:
            return "validation";
        case ErrorCode::Simulation:
            return "simulation";
        case ErrorCode::Output:
            return "output";
        case ErrorCode::Cancelled:
            return "cancelled";
    }
    return "internal";
}

int exitCode(ErrorCode code) {
    // Documented in docs/cli.md; never renumber.
    switch (code) {
        case ErrorCode::Internal:
            return 1;
        case ErrorCode::Usage:
            return 2;
        case ErrorCode::FileNotFound:
            return 3;
        case ErrorCode::FileFormat:
            return 4;
        case ErrorCode::Crs:
            return 5;
        case ErrorCode::Scenario:
            return 6;
        case ErrorCode::Data:
            return 7;
        case ErrorCode::Plugin:
            return 8;
        case ErrorCode::Validation:
            return 9;
        case ErrorCode::Simulation:
            return 10;
        case ErrorCode::Output:
            return 11;
        case ErrorCode::Cancelled:
            return 130;
    }
    return 1;
}

Error::Error(ErrorCode code, std::string message, Context context)
    : std::runtime_error(compose(message, context)),
      code_(code),
      detail_(std::move(message)),
      context_(std::move(context)) {}

std::string Error::compose(const std::string& message, const Context& context) {
    std::string out;
    if (!context.file.empty()) out += context.file;
    if (!context.layer.empty()) {
        out += out.empty() ? "layer '" : " (layer '";
        out += context.layer;
        out += context.file.empty() ? "'" : "')";
    }
    if (!context.parameter.empty()) {
        if (!out.empty()) out += ", ";
        out += "'" + context.parameter + "'";
    }
    if (!out.empty()) out += ": ";
    return out + message;
}

}  // namespace citytwin::core
