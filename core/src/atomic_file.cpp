#include "citytwin/core/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "citytwin/core/error.h"

namespace citytwin::core {

namespace fs = std::filesystem;

void writeFileAtomically(const std::string& path, const std::string& content) {
    const fs::path final(path);
    const fs::path tmp =
        final.parent_path() / (final.filename().string() + ".tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw fileError(ErrorCode::Output, path, "cannot write the file");
        }
    }
    std::error_code ec;
    fs::rename(tmp, final, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw fileError(ErrorCode::Output, path, "cannot move the file into place: " + ec.message());
    }
}

}  // namespace citytwin::core
