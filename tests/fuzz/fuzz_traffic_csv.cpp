// Fuzz target: the traffic CSV readers (sim/traffic): the CSV table itself, OD matrices in long format,
// zone-to-district tables, periods of the day, junction delays, turn rules, link counts and cordon counts.
// One input is read by every reader; each may refuse it with a core::Error, nothing else may escape.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"
#include "citytwin/traffic/junctions.h"
#include "citytwin/traffic/matrix_io.h"
#include "citytwin/traffic/periods.h"
#include "fuzz_util.h"
#include "study.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const citytwin::fuzz::TempInput in(data, size, ".csv");
    using namespace citytwin;
    const std::vector<std::string> zones = {"1", "2", "3", "10", "Z1", "잠실"};
    const std::unordered_map<std::string, int> nodes = {{"1", 0}, {"2", 1}, {"3", 2}, {"4", 3}};
    citytwin::fuzz::guarded([&] {
        const traffic::CsvTable t = traffic::readCsvTable(in.path());
        (void)t;
    });
    citytwin::fuzz::guarded([&] { (void)traffic::readMatrixCsv(in.path(), zones); });
    citytwin::fuzz::guarded([&] { (void)traffic::readMatrixCsv(in.path(), zones, "car"); });
    citytwin::fuzz::guarded([&] { (void)traffic::readDistricts(in.path(), zones); });
    citytwin::fuzz::guarded([&] {
        const auto periods = traffic::readPeriods(in.path());
        (void)traffic::validate(periods);
    });
    citytwin::fuzz::guarded([&] { (void)traffic::readJunctionDelays(in.path()); });
    citytwin::fuzz::guarded([&] { (void)traffic::readTurnRules(in.path(), nodes); });
    citytwin::fuzz::guarded([&] { (void)traffic::readStudyCounts(in.path()); });
    citytwin::fuzz::guarded([&] { (void)traffic::readCordonCounts(in.path()); });
    return 0;
}
