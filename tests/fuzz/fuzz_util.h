#pragma once
// Shared by the fuzz targets: inputs that name a file are written to a private temporary file; every
// documented failure (core::Error) is an acceptable answer to hostile input; anything else escaping is a
// finding.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "citytwin/core/error.h"

namespace citytwin::fuzz {

/// A file holding the input, removed when it goes out of scope.
class TempInput {
public:
    TempInput(const std::uint8_t* data, std::size_t size, const char* suffix) {
        path_ = std::string("/tmp/citytwin_fuzz_") + std::to_string(::getpid()) + suffix;
        std::ofstream(path_, std::ios::binary)
            .write(reinterpret_cast<const char*>(data), static_cast<long>(size));
    }
    ~TempInput() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Runs f; a documented failure (core::Error) is an acceptable answer, anything else escapes as a finding.
template <class F>
void guarded(F&& f) {
    try {
        f();
    } catch (const citytwin::core::Error&) {
    }
}

}  // namespace citytwin::fuzz
