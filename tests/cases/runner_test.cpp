// The generic runner of the data-driven acceptance cases (docs/cases.md): `citytwin_case_runner <case.json>`.
// It runs the case through the run service exactly as the CLI would (results kept in memory) and checks every
// expected figure; a new simulator adds cases as files, without new C++ test code.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>

#include "case_file.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"

namespace {

using namespace citytwin;
using nlohmann::json;

std::string gCaseFile;

/// The values an expectation looks at, reduced by its statistic.
double reduce(const std::vector<double>& values, const std::string& statistic, double threshold, const std::string& where) {
    std::vector<double> v;
    for (double x : values)
        if (!std::isnan(x)) v.push_back(x);
    if (statistic == "count") return static_cast<double>(values.size());
    if (statistic == "count_valid") return static_cast<double>(v.size());
    if (statistic == "count_above") return static_cast<double>(std::count_if(v.begin(), v.end(), [&](double x) { return x > threshold; }));
    if (v.empty()) throw std::runtime_error(where + ": no values to take the " + statistic + " of");
    if (statistic == "max") return *std::max_element(v.begin(), v.end());
    if (statistic == "min") return *std::min_element(v.begin(), v.end());
    if (statistic == "sum" || statistic == "mean") {
        double s = 0.0;
        for (double x : v)
            s += x;
        return statistic == "sum" ? s : s / static_cast<double>(v.size());
    }
    if (statistic == "first") return v.front();
    if (statistic == "last") return v.back();
    throw std::runtime_error(where + ": unknown statistic '" + statistic + "'");
}

bool matches(const core::AttributeValue& a, const json& want) {
    if (want.is_number()) return core::toNumber(a) == want.get<double>();
    if (want.is_string()) return core::toText(a) == want.get<std::string>();
    return false;
}

std::vector<double> rasterValues(const core::Raster& r, const json& e) {
    if (e.contains("at")) {
        const core::Point p{e["at"][0].get<double>(), e["at"][1].get<double>()};
        const double own = r.sampleNearest(p);
        if (!e.contains("search_radius") || !std::isnan(own)) return {own};
        // The point's cell has no value (an observation on a wall): the cells whose centres lie within the radius.
        const double rad = e["search_radius"].get<double>();
        std::vector<double> out;
        for (int row = 0; row < r.height(); ++row)
            for (int col = 0; col < r.width(); ++col) {
                const core::Point c = r.cellCentre(col, row);
                if (std::hypot(c.x - p.x, c.y - p.y) <= rad) out.push_back(r.at(col, row));
            }
        return out;
    }
    return {r.data().begin(), r.data().end()};
}

/// The number an expectation measures.
double measure(const std::vector<core::RunResults>& runs, const json& e, const std::string& where) {
    const std::string name = e.at("output").get<std::string>();
    const auto dot = name.find('.');
    if (dot == std::string::npos) throw std::runtime_error(where + ": output '" + name + "' is not SIM.OUTPUT");
    const std::string sim = name.substr(0, dot), id = name.substr(dot + 1);
    const core::OutputData* o = nullptr;
    for (const core::RunResults& r : runs)
        if (r.simulator == sim) o = r.find(id);
    if (!o) throw std::runtime_error(where + ": the run produced no output '" + name + "'");
    const std::string statistic = e.value("statistic", std::string("max"));
    const double threshold = e.value("threshold", 0.0);
    switch (o->decl.kind) {
        case sdk::OutputKind::Scalar:
            return o->scalar;
        case sdk::OutputKind::Raster:
            return reduce(rasterValues(*o->raster, e), e.contains("at") ? "max" : statistic,
                          threshold, where);
        case sdk::OutputKind::RasterSeries: {
            if (statistic == "frames") return static_cast<double>(o->frames.size());
            if (o->frames.empty()) throw std::runtime_error(where + ": series '" + name + "' has no frames");
            const std::size_t k = e.contains("frame") ? e["frame"].get<std::size_t>() : o->frames.size() - 1;
            if (k >= o->frames.size()) throw std::runtime_error(where + ": no frame " + std::to_string(k));
            return reduce(rasterValues(*o->frames[k].raster, e),
                          e.contains("at") ? "max" : statistic, threshold, where);
        }
        case sdk::OutputKind::Table: {
            const sdk::Table& t = *o->table;
            auto column = [&](const std::string& c) {
                for (std::size_t i = 0; i < t.columns.size(); ++i)
                    if (t.columns[i].name == c) return static_cast<int>(i);
                throw std::runtime_error(where + ": table '" + name + "' has no column '" + c + "'");
            };
            std::vector<double> values;
            const int col = e.contains("column") ? column(e["column"].get<std::string>()) : -1;
            for (const auto& row : t.rows) {
                bool keep = true;
                if (e.contains("where"))
                    for (auto it = e["where"].begin(); it != e["where"].end(); ++it)
                        keep = keep && matches(row[static_cast<std::size_t>(column(it.key()))], it.value());
                if (keep) values.push_back(col >= 0 ? core::toNumber(row[static_cast<std::size_t>(col)]) : 1.0);
            }
            return reduce(values, col >= 0 ? statistic : "count", threshold, where);
        }
        case sdk::OutputKind::Vector: {
            const core::VectorLayer& v = *o->vector;
            std::vector<double> values;
            const int field = e.contains("attribute") ? v.fields.indexOf(e["attribute"].get<std::string>()) : -1;
            if (e.contains("attribute") && field < 0)
                throw std::runtime_error(where + ": layer '" + name + "' has no attribute '" +
                                         e["attribute"].get<std::string>() + "'");
            for (const core::VectorFeature& f : v.features) {
                bool keep = true;
                if (e.contains("where"))
                    for (auto it = e["where"].begin(); it != e["where"].end(); ++it) {
                        const int k = v.fields.indexOf(it.key());
                        keep = keep && k >= 0 && matches(f.attribute(k), it.value());
                    }
                if (keep) values.push_back(field >= 0 ? core::toNumber(f.attribute(field)) : 1.0);
            }
            return reduce(values, field >= 0 ? statistic : "count", threshold, where);
        }
    }
    return std::nan("");
}

class Case : public ::testing::Test {};

TEST_F(Case, MeetsItsExpectations) {
    ASSERT_FALSE(gCaseFile.empty()) << "usage: citytwin_case_runner <case.json>";
    const test::CaseFile c = test::readCase(gCaseFile);
    std::cout << "case: " << c.title << " (" << c.file << ")\n";
    core::PluginRegistry registry;
    registry.loadDefault();
    const core::Scenario scenario = core::loadScenario(c.scenario);
    core::RunOptions options;
    options.simulators = c.only;
    options.onlyListed = !c.only.empty();
    options.sets = c.sets;
    options.setsWhere = "in the case";
    options.keepResults = true;
    options.threads = 2;
    core::RunObserver quiet;
    const core::RunReport report = core::RunService(registry).run(scenario, options, quiet);

    if (!c.expectProblems.empty()) {
        ASSERT_EQ(report.status, core::RunReport::Status::Invalid) << "expected the run to be refused; " << report.message;
        for (const json& want : c.expectProblems) {
            bool found = false;
            for (const core::Problem& p : report.problems)
                found = found || ((!want.contains("simulator") || p.simulator == want["simulator"].get<std::string>()) &&
                                  (!want.contains("parameter") || p.parameter == want["parameter"].get<std::string>()) &&
                                  p.message.find(want.value("contains", std::string())) != std::string::npos);
            EXPECT_TRUE(found) << "no problem like " << want.dump() << " among:\n" << core::formatProblems(report.problems);
        }
        return;
    }
    ASSERT_EQ(report.status, core::RunReport::Status::Completed)
        << report.message << core::formatProblems(report.problems);
    for (std::size_t i = 0; i < c.expect.size(); ++i) {
        const json& e = c.expect[i];
        const std::string where = c.file + ": expect[" + std::to_string(i) + "] (" + e.value("output", std::string()) + ")";
        if (!e.contains("why")) ADD_FAILURE() << where << ": say where the reference and its tolerance come from (\"why\")";
        double got = std::nan("");
        try {
            got = measure(report.results, e, where);
        } catch (const std::exception& ex) {
            ADD_FAILURE() << ex.what();
            continue;
        }
        std::cout << "  " << where << " = " << got << "\n";
        if (e.contains("value")) {
            double want = e["value"].get<double>();
            double tol = e.value("tolerance", 0.0);
            if (e.contains("relative_tolerance")) tol = std::max(tol, e["relative_tolerance"].get<double>() * std::fabs(want));
            EXPECT_NEAR(got, want, tol) << where << "\n  why: " << e.value("why", std::string());
        }
        if (e.contains("value_of")) {
            // Another figure of the same run, e.g. a conservation identity: demand assigned + unreachable = the
            // trips the zones produce.
            const json& ref = e["value_of"];
            double want = std::nan("");
            try {
                want = 0.0;
                for (const json& term : ref.is_array() ? ref : json::array({ref}))
                    want += measure(report.results, term, where) * term.value("factor", 1.0);
            } catch (const std::exception& ex) {
                ADD_FAILURE() << ex.what();
                continue;
            }
            double tol = e.value("tolerance", 0.0);
            if (e.contains("relative_tolerance")) tol = std::max(tol, e["relative_tolerance"].get<double>() * std::fabs(want));
            EXPECT_NEAR(got, want, tol) << where << "\n  why: " << e.value("why", std::string());
        }
        if (e.contains("min")) EXPECT_GE(got, e["min"].get<double>()) << where << "\n  why: " << e.value("why", std::string());
        if (e.contains("max")) EXPECT_LE(got, e["max"].get<double>()) << where << "\n  why: " << e.value("why", std::string());
        if (!e.contains("value") && !e.contains("value_of") && !e.contains("min") && !e.contains("max"))
            ADD_FAILURE() << where << ": nothing to compare (value, value_of, min or max)";
    }
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) gCaseFile = argv[1];
    return RUN_ALL_TESTS();
}
