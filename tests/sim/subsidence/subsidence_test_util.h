#pragma once
// Helpers of the subsidence tests: the shipped tables, and a reader of the reference CSV files of
// ../shared/data/subsidence written here (not the engine's reader), so that the references do not pass
// through the code under test.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/subsidence/tables.h"
#include "test_util.h"

namespace citytwin::subsidence::test {

/// One row of a reference CSV: text of each column by name.
using Row = std::map<std::string, std::string>;

/// Reads a comma-separated file with '#' comments and a header (no quotes in the reference files).
inline std::vector<Row> readReference(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::vector<std::string> header;
    std::vector<Row> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
            f.push_back(cell);
        if (header.empty()) {
            header = f;
            continue;
        }
        Row r;
        for (std::size_t i = 0; i < f.size() && i < header.size(); ++i)
            r[header[i]] = f[i];
        rows.push_back(r);
    }
    return rows;
}

inline double num(const Row& r, const std::string& column) {
    const auto it = r.find(column);
    EXPECT_NE(it, r.end()) << "no column " << column;
    return it == r.end() ? 0.0 : std::strtod(it->second.c_str(), nullptr);
}

/// The tables shipped in data/subsidence.
inline const Tables& shippedTables() {
    static const Tables t = loadTables(citytwin::test::projectData("subsidence"));
    return t;
}

}  // namespace citytwin::subsidence::test
