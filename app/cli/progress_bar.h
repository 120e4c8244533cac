#pragma once
// A terminal progress bar on stderr: simulator, stage, percent and ETA. On a terminal it redraws one line at
// most ten times a second; otherwise (a log file, CI) it prints a line per 10 % or stage change.

#include <chrono>
#include <mutex>
#include <string>

namespace citytwin::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string label);
    /// Thread-safe; cheap when called often.
    void update(double fraction, const std::string& stage);
    /// Ends the line with a final word ("done", "cancelled", "failed").
    void finish(const std::string& word);
    /// Prints a message on its own line without garbling the bar.
    void message(const std::string& text);

private:
    void draw(bool force);

    std::string label_;
    std::string stage_;
    double fraction_ = 0.0;
    bool tty_ = false;
    bool drawn_ = false;
    int lastDecile_ = -1;
    std::string lastStage_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastDraw_;
    std::mutex mutex_;
};

/// "1:05", "12:03:44".
std::string formatDuration(double seconds);

}  // namespace citytwin::cli
