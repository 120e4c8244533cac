#pragma once
// Data-driven acceptance cases (docs/cases.md): tests/cases/<sim>/<case>.json = a scenario, what to run with which
// overrides, and the figures expected (with tolerances and where each reference comes from). One generic runner
// (runner_test.cpp) runs them all; the conformance suite takes its configuration per simulator from the case
// marked "conformance": true.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace citytwin::test {

struct CaseFile {
    std::string file;          ///< the case file
    std::string title;
    std::string scenario;      ///< resolved path of the scenario file
    std::vector<std::string> only;  ///< run only these simulators (empty: the scenario's "run" list)
    std::vector<std::string> sets;  ///< "SIM.PARAM=VALUE"
    std::vector<std::string> labels;
    bool conformance = false;
    nlohmann::json expect = nlohmann::json::array();          ///< figure expectations
    nlohmann::json expectProblems = nlohmann::json::array();  ///< for cases that must be refused
};

/// Reads a case file. @throws std::runtime_error naming the file and key for malformed cases.
CaseFile readCase(const std::string& file);

/// Every case file under a directory, sorted.
std::vector<std::string> caseFiles(const std::string& root);

}  // namespace citytwin::test
