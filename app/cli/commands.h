#pragma once
// The commands of citytwin-cli. Each takes the arguments after the command name and returns the exit code;
// failures are thrown as core::Error and turned into exit codes by main().

#include <string>
#include <vector>

#include "citytwin/core/error.h"

namespace citytwin::cli {

using Args = std::vector<std::string>;

int cmdInfo(const Args& args);
int cmdSims(const Args& args);
int cmdDescribe(const Args& args);
int cmdRun(const Args& args);
int cmdEnsemble(const Args& args);
int cmdRender(const Args& args);
int cmdReport(const Args& args);

[[noreturn]] inline void usageError(const std::string& what) {
    throw core::Error(core::ErrorCode::Usage, what + " (see 'citytwin-cli help')");
}

/// Reads the value after an option, or fails with a usage error.
inline const std::string& optionValue(const Args& args, std::size_t& i) {
    if (i + 1 >= args.size()) usageError(args[i] + " needs a value");
    return args[++i];
}

}  // namespace citytwin::cli
