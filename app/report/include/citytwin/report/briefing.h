#pragma once
/// @file briefing.h
/// The briefing report: a PDF of a few pages per run folder for a council briefing, in English or Korean,
/// made only from what the run folder holds (manifest, declarations, files), so it works for any simulator:
///   - a title page (scenario, simulators, dates);
///   - key figures (the declared scalars with their units);
///   - maps of the main outputs (rendered with the render library: legend, scale bar, north arrow, data
///   credit);
///   - the charts the tables declare (time series, profiles), vector graphics;
///   - the parameters, input data with checksums, city model, software and run statistics;
///   - for each further run folder, a comparison with the first: parameters that differ, key figures A, B and
///     B − A, and B − A maps of the grids both runs hold.
/// Text is vector text in an embedded TrueType font (Nanum fonts for Hangul). See docs/report.md.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "citytwin/report/strings.h"

namespace citytwin::report {

/// Paper size; pages are landscape.
enum class PageSize {
    A4,  ///< 297 x 210 mm
    A3,  ///< 420 x 297 mm (the A4 layout enlarged: fonts, maps and charts scale with the page)
};

/// "A4" / "A3" (case-insensitive); nullopt for others.
std::optional<PageSize> pageSizeFromName(const std::string& name);
const char* toString(PageSize size);

struct BriefingOptions {
    /// Run folders (docs/results-format.md). Each gets its section; each one after the first is also compared
    /// with the first (B − A).
    std::vector<std::string> runDirs;
    std::string output;  ///< the PDF to write
    Language language = Language::English;
    PageSize pageSize = PageSize::A4;
    /// The scenario whose city model the maps are drawn on; "" = the scenario each manifest names.
    std::string scenarioFile;
    bool maps = true;          ///< false: no map renders (then no X display is needed)
    int mapsPerSimulator = 3;  ///< the default view plus further rasters, per simulator
    double mapDpi = 150.0;     ///< resolution of the map images on paper [dots per inch]
    std::string stringsFile;   ///< the string table; "" = StringTable::defaultPath()
    std::string reportDate;    ///< shown on the title page; "" = today (UTC, ISO date)
    /// Progress in [0, 1] with a stage; returning false cancels.
    std::function<bool(double fraction, const std::string& stage)> progress;
};

struct BriefingResult {
    int pages = 0;
    int maps = 0;                    ///< map images placed
    int charts = 0;                  ///< charts drawn
    std::vector<std::string> notes;  ///< what was left out and why (also printed in the report)
};

/// Writes the briefing PDF. Needs a QGuiApplication (fonts); maps need an X display for VTK's off-screen
/// rendering (Xvfb will do): without one they are left out with a note. The PDF is written to a temporary
/// file beside `output` and renamed into place at the end: `output` is either the complete new report or
/// untouched. Not thread-safe (VTK rendering): call from one thread at a time.
/// @throws core::Error: Usage (no run folder, bad option values), FileNotFound (a run folder or the string
///         table missing, no Hangul font for a Korean report), FileFormat (a corrupt run folder or table),
///         Output (the PDF cannot be written: the message names the path), Cancelled.
BriefingResult writeBriefing(const BriefingOptions& options);

}  // namespace citytwin::report
