// The progress log when stderr is not a terminal (a log file, CI): one line per 10 % at most, as docs/cli.md
// promises, even when the progress a simulator reports steps back and forth across a decile boundary.

#include "progress_bar.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

class ProgressLog : public citytwin::test::TempDirTest {
protected:
    /// Runs `body` with stderr sent to a file and returns the lines written.
    template <class F>
    std::vector<std::string> capture(F body) {
        const std::string file = path("stderr.txt");
        std::fflush(stderr);
        const int saved = ::dup(STDERR_FILENO);
        FILE* f = std::fopen(file.c_str(), "w");
        ::dup2(::fileno(f), STDERR_FILENO);
        body();
        std::fflush(stderr);
        ::dup2(saved, STDERR_FILENO);
        ::close(saved);
        std::fclose(f);
        std::ifstream in(file);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    }
};

int percentOf(const std::string& line) {
    // "[label]  40%  stage  (elapsed ..., ETA ...)"
    const auto close = line.find(']');
    const auto pct = line.find('%', close);
    if (close == std::string::npos || pct == std::string::npos) return -1;
    return std::stoi(line.substr(close + 1, pct - close - 1));
}

}  // namespace

TEST_F(ProgressLog, OneLinePerDecileEvenWhenProgressStepsBack) {
    const auto lines = capture([] {
        citytwin::cli::ProgressBar bar("flood");
        // 2000 updates whose fraction jitters by ±1.5 % around a rising trend, as threads that each report
        // their own share do: every decile boundary is crossed back and forth many times.
        for (int i = 0; i <= 2000; ++i) {
            const double f = i / 2000.0 + ((i % 2) ? 0.015 : -0.015);
            bar.update(f, "step " + std::to_string(i));
        }
        bar.finish("done");
    });
    // At most one line per decile (0 %, 10 %, ... 100 %) and the final line.
    ASSERT_LE(lines.size(), 12u) << "first line: " << (lines.empty() ? "" : lines.front());
    ASSERT_GE(lines.size(), 10u);
    int last = -10;  // the decile before 0 %
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const int p = percentOf(lines[i]);
        EXPECT_GT(p / 10, last / 10) << lines[i];
        last = p;
    }
    EXPECT_NE(lines.back().find("done"), std::string::npos);
}

TEST_F(ProgressLog, MonotoneProgressPrintsEveryDecileOnce) {
    const auto lines = capture([] {
        citytwin::cli::ProgressBar bar("traffic");
        for (int i = 0; i <= 1000; ++i)
            bar.update(i / 1000.0, "iteration");
        bar.finish("done");
    });
    EXPECT_EQ(lines.size(), 12u);  // 0, 10, ..., 100 % and "done"
}
