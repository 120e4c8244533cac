// Fuzz target: the GMNS network reader (sim/traffic/engine/include/citytwin/traffic/gmns.h). An input holds
// node.csv, link.csv and config.csv, separated by lines "%%" (missing parts are empty files); the three are
// written into a private folder and read as a GMNS network with units from config.csv and with set units.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "citytwin/core/error.h"
#include "citytwin/traffic/gmns.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fs = std::filesystem;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string parts[3];
    std::size_t start = 0;
    for (int k = 0; k < 3; ++k) {
        const std::size_t cut = k < 2 ? text.find("\n%%\n", start) : std::string::npos;
        parts[k] = text.substr(start, cut == std::string::npos ? std::string::npos : cut - start + 1);
        if (cut == std::string::npos) break;
        start = cut + 4;
    }
    // One private folder per process, removed at exit.
    static const struct Folder {
        fs::path path = fs::temp_directory_path() / ("citytwin_fuzz_gmns_" + std::to_string(::getpid()));
        Folder() { fs::create_directories(path); }
        ~Folder() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } folder;
    const fs::path& dir = folder.path;
    const char* names[3] = {"node.csv", "link.csv", "config.csv"};
    for (int k = 0; k < 3; ++k) {
        std::error_code ec;
        fs::remove(dir / names[k], ec);
        if (k < 2 || !parts[k].empty()) std::ofstream(dir / names[k], std::ios::binary) << parts[k];
    }
    using namespace citytwin;
    try {
        (void)traffic::readGmns((dir / "node.csv").string(), (dir / "link.csv").string());
    } catch (const core::Error&) {
    }
    try {
        traffic::GmnsOptions o;
        o.lengthUnitKm = 1.609344;
        o.speedUnitKmh = 1.609344;
        o.defaultBeta = 16.83;
        (void)traffic::readGmns((dir / "node.csv").string(), (dir / "link.csv").string(), o);
    } catch (const core::Error&) {
    }
    return 0;
}
