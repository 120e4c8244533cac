// citytwin-cli: the command-line tool of CityTwin. Exit codes are documented in docs/cli.md.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "citytwin/sdk/version.h"
#include "commands.h"

namespace ct = citytwin::core;

namespace {

const char* kUsage =
    "usage: citytwin-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  info <scenario.json | data file> [--crs CRS] [--resolution M]\n"
    "        load the data into a city model and describe it: CRS, extent, terrain, buildings with height\n"
    "        statistics and how each height was obtained, road length by class, and every import warning.\n"
    "  sims [--json]\n"
    "        list the simulators found (built-in and in CITYTWIN_PLUGIN_PATH), and modules that were "
    "refused.\n"
    "  describe <simulator> [--json | --markdown]\n"
    "        every parameter and output of a simulator, with units, defaults and ranges.\n"
    "  run <scenario.json> --out DIR [--set SIM.PARAM=VALUE ...] [--sim SIM ... | --only SIM ...]\n"
    "      [--with-results DIR ...] [--threads N] [--progress bar|jsonl] [--overwrite]\n"
    "        check everything (and report all problems at once), load the city model, run the simulators "
    "named in\n"
    "        the scenario (or by --sim/--set) with a progress bar, and write their results under "
    "DIR/<simulator>/\n"
    "        with DIR/manifest.json. Ctrl-C cancels cleanly; DIR is complete or absent, never half-written.\n"
    "        --only runs just the listed simulators; --with-results lends an earlier run folder's outputs as\n"
    "        layers (coupling); --progress jsonl prints machine-readable progress lines.\n"
    "  ensemble plan|run|collect <ensemble.json> [--out DIR] [...]\n"
    "        scenario ensembles (docs/scale-out.md): plan lists the members; run writes each member's run "
    "folder\n"
    "        under DIR/members (members shared dynamically among the ranks of `mpirun -n N citytwin-cli "
    "ensemble\n"
    "        run`; --slurm writes a Slurm job-array script instead; a rerun skips complete members); "
    "collect\n"
    "        merges them into DIR/collected (member table, per-cell maximum, mean, exceedance probability).\n"
    "  render <scenario.json> --out image.png [--results DIR] [--camera PRESET|FILE] [--size WxH]\n"
    "         [--time SECONDS|last] [--show SIM.OUTPUT,...] [--hide LAYER,...] [--title TEXT] [--attribution "
    "TEXT]\n"
    "         [--exaggeration X] [--no-decorations] [--save-camera FILE] [--map] [--inset]\n"
    "         [--label LAYER=ATTR] [--style FILE] [--scale X | --dpi N] [--font FILE] [--locale NAME]\n"
    "         [--compare DIR_B] [--animate out.mp4|out.ogv|frame_%04d.png [--fps N] [--title-card S]]\n"
    "        render the city (and a run's results) to a PNG with legend, scale bar, north arrow, title and\n"
    "        attribution; presets: default, top, north, south, east, west. Needs an X display (Xvfb will "
    "do).\n"
    "  report <run folder> [<run folder B> ...] --out briefing.pdf [--lang en|ko] [--page A4|A3]\n"
    "         [--scenario FILE] [--no-maps] [--maps N] [--dpi N] [--date TEXT]\n"
    "        a briefing PDF: title, key figures, maps with legend and scale, charts, parameters and data\n"
    "        sources; a second run folder adds a comparison (B - A). Maps need an X display (Xvfb will do).\n"
    "  version    print the version\n"
    "  help       print this text\n"
    "\n"
    "exit codes: 0 success, 1 internal error, 2 usage, 3 file not found, 4 unreadable or corrupt file,\n"
    "            5 coordinate reference system, 6 scenario file, 7 unusable data, 8 plug-in, 9 invalid\n"
    "            parameters, 10 simulation failed, 11 output not written, 130 cancelled\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // Simulators use OpenMP; its threads should sleep, not spin, while they wait, since other programs share
    // the cores (spinning made flood runs up to 7 times slower on a shared machine). Set before any plug-in
    // loads libgomp; a user's own setting wins.
    ::setenv("OMP_WAIT_POLICY", "passive", 0);
    try {
        if (args.empty()) {
            std::cerr << kUsage;
            return ct::exitCode(ct::ErrorCode::Usage);
        }
        const std::string cmd = args.front();
        args.erase(args.begin());
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (cmd == "version" || cmd == "--version") {
            std::cout << "citytwin-cli " << CITYTWIN_VERSION << " (simulator SDK " << CITYTWIN_SDK_VERSION
                      << ")\n";
            return 0;
        }
        if (cmd == "info") return citytwin::cli::cmdInfo(args);
        if (cmd == "sims") return citytwin::cli::cmdSims(args);
        if (cmd == "describe") return citytwin::cli::cmdDescribe(args);
        if (cmd == "run") return citytwin::cli::cmdRun(args);
        if (cmd == "ensemble") return citytwin::cli::cmdEnsemble(args);
#ifdef CITYTWIN_HAVE_RENDER
        if (cmd == "render") return citytwin::cli::cmdRender(args);
#else
        if (cmd == "render")
            citytwin::cli::usageError(
                "this citytwin-cli was built without the viewer (CITYTWIN_BUILD_GUI=OFF)");
#endif
#ifdef CITYTWIN_HAVE_REPORT
        if (cmd == "report") return citytwin::cli::cmdReport(args);
#else
        if (cmd == "report")
            citytwin::cli::usageError(
                "this citytwin-cli was built without the viewer (CITYTWIN_BUILD_GUI=OFF)");
#endif
        citytwin::cli::usageError("unknown command '" + cmd + "'");
    } catch (const ct::Error& e) {
        std::cerr << "citytwin-cli: " << (e.code() == ct::ErrorCode::Cancelled ? "" : "error: ") << e.what()
                  << "\n";
        return ct::exitCode(e.code());
    } catch (const std::exception& e) {
        std::cerr << "citytwin-cli: internal error: " << e.what() << "\n";
        return ct::exitCode(ct::ErrorCode::Internal);
    }
}
