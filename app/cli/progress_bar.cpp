#include "progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace citytwin::cli {

std::string formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(double fraction, const std::string& stage) {
    std::lock_guard<std::mutex> lock(mutex_);
    fraction_ = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    stage_ = stage;
    draw(false);
}

void ProgressBar::draw(bool force) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = fraction_ > 0.01 ? elapsed * (1.0 - fraction_) / fraction_ : NAN;
    const int percent = static_cast<int>(std::floor(fraction_ * 100.0));
    if (!tty_) {
        // Not a terminal (a log file, CI): one line per 10 % at most, as the docs promise; stage texts that
        // carry a running time or count would otherwise print a line per update. Each decile prints once:
        // progress that steps back (threads reporting their own share, a stage that restarts its count) used
        // to print a line every time it crossed a decile boundary again, hundreds of lines for one run.
        const int decile = percent / 10;
        if (!force && decile <= lastDecile_) return;
        lastDecile_ = std::max(lastDecile_, decile);
        lastStage_ = stage_;
        std::fprintf(stderr, "[%s] %3d%%  %s  (elapsed %s, ETA %s)\n", label_.c_str(), percent,
                     stage_.c_str(), formatDuration(elapsed).c_str(),
                     std::isnan(eta) ? "?" : formatDuration(eta).c_str());
        return;
    }
    if (!force && drawn_ && now - lastDraw_ < std::chrono::milliseconds(100)) return;
    lastDraw_ = now;
    winsize ws{};
    int width = 100;
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) width = ws.ws_col;
    const int barWidth = std::clamp(width / 4, 10, 30);
    const int filled = static_cast<int>(std::round(fraction_ * barWidth));
    std::string bar;
    for (int i = 0; i < barWidth; ++i)
        bar += i < filled ? "\u2588" : "\u2591";
    char tail[96];
    std::snprintf(tail, sizeof tail, " %3d%%  ETA %s", percent,
                  std::isnan(eta) ? "?" : formatDuration(eta).c_str());
    std::string head = "[" + label_ + "] ";
    const int room =
        width - static_cast<int>(head.size()) - barWidth - static_cast<int>(std::string(tail).size()) - 3;
    std::string stage = stage_;
    if (room < static_cast<int>(stage.size()))
        stage = room > 3 ? stage.substr(0, static_cast<std::size_t>(room - 1)) + "~" : "";
    stage.resize(static_cast<std::size_t>(std::max(room, 0)), ' ');
    std::fprintf(stderr, "\r%s%s %s%s", head.c_str(), stage.c_str(), bar.c_str(), tail);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (tty_ && drawn_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "[%s] %s in %s\n", label_.c_str(), word.c_str(), formatDuration(elapsed).c_str());
    drawn_ = false;
}

void ProgressBar::message(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (tty_ && drawn_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "%s\n", text.c_str());
    if (tty_ && drawn_) draw(true);
}

}  // namespace citytwin::cli
