#pragma once
// Helpers shared by the tests: a private temporary directory per test, the shared reference data, small
// files.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "citytwin/core/error.h"

namespace citytwin::test {

/// Each test gets its own directory under the system temp dir, removed afterwards.
class TempDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "_" + info->name();
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        dir_ = std::filesystem::temp_directory_path() /
               ("citytwin_test_" + name + "_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        const std::string p = path(name);
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::filesystem::path dir_;
};

/// Output and exit code of a shell command.
struct CommandResult {
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs a shell command, capturing stdout and (through `errFile`) stderr.
inline CommandResult runCommand(const std::string& command, const std::string& errFile) {
    CommandResult r;
    FILE* p = ::popen((command + " 2>'" + errFile + "'").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream e(errFile, std::ios::binary);
    std::stringstream ss;
    ss << e.rdbuf();
    r.err = ss.str();
    return r;
}

/// Checks that a simulator README's generated block (between "<!-- BEGIN GENERATED: citytwin-cli describe
/// <id>
/// --markdown -->" and "<!-- END GENERATED -->") equals what the declarations generate now.
inline void expectReadmeInSync(const std::string& readmePath, const std::string& simulatorId,
                               const std::string& generated) {
    std::ifstream in(readmePath);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string readme = ss.str();
    const std::string begin =
        "<!-- BEGIN GENERATED: citytwin-cli describe " + simulatorId + " --markdown -->\n";
    const auto a = readme.find(begin);
    const auto b = readme.find("<!-- END GENERATED -->", a == std::string::npos ? 0 : a);
    ASSERT_NE(a, std::string::npos) << readmePath << " has no generated block for " << simulatorId;
    ASSERT_NE(b, std::string::npos) << readmePath << ": the generated block is not closed";
    EXPECT_EQ(readme.substr(a + begin.size(), b - a - begin.size()), generated)
        << readmePath << " is out of date: regenerate with citytwin-cli describe " << simulatorId
        << " --markdown";
}

/// ../shared/data, as configured; tests that need it fail (not skip) when it is missing, as CI always has it.
inline std::string sharedData(const std::string& rel) {
    const std::string p = std::string(CITYTWIN_SHARED_DATA) + "/" + rel;
    if (!std::filesystem::exists(p)) ADD_FAILURE() << "shared reference data missing: " << p;
    return p;
}

/// The project's own data/ folder.
inline std::string projectData(const std::string& rel) {
    return std::string(CITYTWIN_SOURCE_DIR) + "/data/" + rel;
}

/// Runs f, expecting a citytwin Error of `code` whose message contains every string in `parts`.
inline void expectError(const std::function<void()>& f, core::ErrorCode code,
                        std::initializer_list<std::string> parts) {
    try {
        f();
        ADD_FAILURE() << "expected an error of class " << core::toString(code) << ", got none";
    } catch (const core::Error& e) {
        EXPECT_EQ(core::toString(e.code()), std::string(core::toString(code))) << e.what();
        for (const std::string& p : parts)
            EXPECT_NE(std::string(e.what()).find(p), std::string::npos)
                << "message lacks \"" << p << "\": " << e.what();
    }
}

}  // namespace citytwin::test
