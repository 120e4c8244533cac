#include "case_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace citytwin::test {

namespace fs = std::filesystem;

CaseFile readCase(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file + ": cannot open the case file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        throw std::runtime_error(file + ": not valid JSON: " + e.what());
    }
    auto need = [&](bool ok, const std::string& what) {
        if (!ok) throw std::runtime_error(file + ": " + what);
    };
    need(j.is_object(), "a case is a JSON object");
    static const std::vector<std::string> known = {"title", "scenario", "only", "set", "labels", "conformance",
                                                   "expect", "expect_problems", "reference", "notes"};
    for (auto it = j.begin(); it != j.end(); ++it)
        need(std::find(known.begin(), known.end(), it.key()) != known.end(), "unknown key '" + it.key() + "'");
    CaseFile c;
    c.file = file;
    c.title = j.value("title", fs::path(file).stem().string());
    need(j.contains("scenario") && j["scenario"].is_string(), "\"scenario\" (a path relative to the case) is missing");
    c.scenario = (fs::path(file).parent_path() / j["scenario"].get<std::string>()).lexically_normal().string();
    for (const char* key : {"only", "set", "labels"}) {
        if (!j.contains(key)) continue;
        need(j[key].is_array(), std::string("\"") + key + "\" must be a list of strings");
        std::vector<std::string>& out = std::string(key) == "only" ? c.only : std::string(key) == "set" ? c.sets : c.labels;
        for (const auto& v : j[key]) {
            need(v.is_string(), std::string("\"") + key + "\" must be a list of strings");
            out.push_back(v.get<std::string>());
        }
    }
    c.conformance = j.value("conformance", false);
    if (j.contains("expect")) {
        need(j["expect"].is_array(), "\"expect\" must be a list");
        c.expect = j["expect"];
    }
    if (j.contains("expect_problems")) {
        need(j["expect_problems"].is_array(), "\"expect_problems\" must be a list");
        c.expectProblems = j["expect_problems"];
    }
    need(!c.expect.empty() || !c.expectProblems.empty() || c.conformance, "a case expects something");
    return c;
}

std::vector<std::string> caseFiles(const std::string& root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec))
        if (it->path().extension() == ".json") out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace citytwin::test
