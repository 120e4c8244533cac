#include "citytwin/core/data_dir.h"

#include <cstdlib>
#include <filesystem>

namespace citytwin::core {

std::string dataDirectory() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("CITYTWIN_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = (exe.parent_path() / ".." / "share" / "citytwin" / "data").lexically_normal();
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    return CITYTWIN_SOURCE_DATA_DIR;
}

}  // namespace citytwin::core
