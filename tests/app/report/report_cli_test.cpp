// citytwin-cli report as a user runs it, on run folders made from the bundled demo cities in the set-up, with
// the PDF checked by poppler's tools (pdfinfo: pages and size, pdffonts: embedded fonts, pdftotext: the
// words, Hangul included). Needs an X display for the maps (the project's test command runs under xvfb-run).

#include <gdal.h>
#include <ogr_api.h>
#include <QGuiApplication>
#include <QImage>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "citytwin/charts/chart.h"
#include "citytwin/charts/chart_painter.h"
#include "citytwin/core/run_directory.h"
#include "test_util.h"

namespace fs = std::filesystem;
namespace ct = citytwin;

namespace {

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class ReportCli : public ::testing::Test {
protected:
    static fs::path root_;
    static std::string runA_, runB_, traffic_, subsidence_;

    // Demo runs, made once: the Merewether cloudburst shortened to 10 minutes (A: 100 mm/h as the scenario
    // says, B: 150 mm/h), the Songpa traffic assignment and the Jamsil subsidence demo.
    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("citytwin_report_cli_" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_);
        const std::string data = std::string(CITYTWIN_SOURCE_DIR) + "/data/";
        const std::string shortFlood = " --set flood.duration_s=600 --set flood.output_interval_s=300";
        runA_ = (root_ / "flood_a").string();
        runB_ = (root_ / "flood_b").string();
        traffic_ = (root_ / "traffic").string();
        subsidence_ = (root_ / "subsidence").string();
        for (const auto& [out, args] : std::vector<std::pair<std::string, std::string>>{
                 {runA_, "merewether/scenario.json" + shortFlood},
                 {runB_,
                  "merewether/scenario.json" + shortFlood + " --set flood.rain_intensity_mm_per_h=150"},
                 {traffic_, "seoul_songpa/scenario.json"},
                 {subsidence_, "seoul_songpa/subsidence.json"}}) {
            const auto r = cli("run " + data + args + " --out " + out, "setup-err.txt");
            ASSERT_EQ(r.code, 0) << "demo run for " << out << " failed: " << r.err;
        }
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    static ct::test::CommandResult cli(const std::string& args, const std::string& errName = "err.txt") {
        return ct::test::runCommand(std::string(CITYTWIN_CLI) + " " + args, (root_ / errName).string());
    }
    static std::string tool(const std::string& command) {
        const auto r = ct::test::runCommand(command, (root_ / "tool-err.txt").string());
        EXPECT_EQ(r.code, 0) << command << ": " << r.err;
        return r.out;
    }
    static int pages(const std::string& pdf) {
        std::smatch m;
        const std::string info = tool(std::string(PDFINFO) + " '" + pdf + "'");
        return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : -1;
    }
    static std::string pageSize(const std::string& pdf) {
        std::smatch m;
        const std::string info = tool(std::string(PDFINFO) + " '" + pdf + "'");
        return std::regex_search(info, m, std::regex("Page size:\\s+([^\\n]+)")) ? std::string(m[1]) : "";
    }
    /// The text of each page.
    static std::vector<std::string> pageTexts(const std::string& pdf) {
        const std::string text = tool(std::string(PDFTOTEXT) + " '" + pdf + "' -");
        std::vector<std::string> out;
        std::stringstream ss(text);
        std::string page;
        while (std::getline(ss, page, '\f'))
            out.push_back(page);
        if (!out.empty() && out.back().find_first_not_of(" \n") == std::string::npos) out.pop_back();
        return out;
    }
    /// Every font of the PDF embedded; returns the font names.
    static std::vector<std::string> embeddedFonts(const std::string& pdf) {
        const std::string list = tool(std::string(PDFFONTS) + " '" + pdf + "'");
        std::vector<std::string> names;
        std::stringstream ss(list);
        std::string line;
        int n = 0;
        while (std::getline(ss, line)) {
            if (++n <= 2) continue;  // header and rule
            std::stringstream ls(line);
            std::string name, type, encoding, emb;
            ls >> name;
            // name type [sub-type] encoding emb sub uni object ID: "emb" is the 5th field from the end.
            std::vector<std::string> f;
            for (std::string w; ls >> w;)
                f.push_back(w);
            EXPECT_GE(f.size(), 6u) << line;
            if (f.size() >= 6) {
                EXPECT_EQ(f[f.size() - 5], "yes") << "font not embedded: " << line;
            }
            names.push_back(name);
        }
        return names;
    }
    /// Page width and height [pt] from pdfinfo.
    static std::pair<double, double> pagePoints(const std::string& pdf) {
        std::smatch m;
        const std::string size = pageSize(pdf);
        if (!std::regex_search(size, m, std::regex("([0-9.]+) x ([0-9.]+) pts"))) return {0, 0};
        return {std::stod(m[1]), std::stod(m[2])};
    }
    static bool hasNanum(const std::vector<std::string>& fonts) {
        for (const std::string& f : fonts)
            if (contains(f, "Nanum")) return true;
        return false;
    }
    static int reportedPages(const std::string& out) {
        std::smatch m;
        return std::regex_search(out, m, std::regex("\\((\\d+) pages, (\\d+) maps, (\\d+) charts"))
                   ? std::stoi(m[1])
                   : -1;
    }
};

fs::path ReportCli::root_;
std::string ReportCli::runA_, ReportCli::runB_, ReportCli::traffic_, ReportCli::subsidence_;

}  // namespace

TEST_F(ReportCli, EnglishA4BriefingOfOneRun) {
    const std::string pdf = (root_ / "en.pdf").string();
    const auto r =
        cli("report " + runA_ + " --out " + pdf + " --lang en --page A4 --dpi 60 --date 2026-12-07");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "3 maps, 7 charts")) << r.out;
    const int n = pages(pdf);
    EXPECT_EQ(n, reportedPages(r.out));
    // A4 landscape: 297 x 210 mm = 841.9 x 595.3 pt (pdfinfo rounds to whole points).
    const auto [w, h] = pagePoints(pdf);
    EXPECT_NEAR(w, 841.89, 0.6) << pageSize(pdf);
    EXPECT_NEAR(h, 595.28, 0.6) << pageSize(pdf);
    // Every font embedded (checked in embeddedFonts), the text in a Nanum font.
    EXPECT_TRUE(hasNanum(embeddedFonts(pdf)));

    // The sections in order: title, key figures, 3 maps (the default view: maximum depth with the buildings
    // hit; then the first two further rasters flood declares: maximum level and maximum speed), 2 pages of
    // charts (gauge depth, level and speed - the gauges' x and y are constant per gauge - and the mass
    // balance in m3 and its relative error, the hyetograph in mm/h and mm: 7 charts, 4 a page), then the parameters and sources.
    const std::vector<std::string> p = pageTexts(pdf);
    ASSERT_EQ(static_cast<int>(p.size()), n);
    ASSERT_GE(n, 8);
    EXPECT_TRUE(contains(p[0], "Briefing") && contains(p[0], "Merewether, Newcastle NSW")) << p[0];
    EXPECT_TRUE(contains(p[0], "2026-12-07"));
    EXPECT_TRUE(contains(p[1], "Key figures") && contains(p[1], "Flooded area") && contains(p[1], "m²"))
        << p[1];
    for (int i = 2; i < 5; ++i)
        EXPECT_TRUE(contains(p[i], "Maps")) << "page " << i + 1 << ": " << p[i];
    EXPECT_TRUE(contains(p[2], "Maximum depth + Buildings hit"));
    EXPECT_TRUE(contains(p[5], "Charts") && contains(p[6], "Charts"));
    // Chart titles and axis titles are text in the PDF (vector), not pixels.
    EXPECT_TRUE(contains(p[5], "Gauge series — depth") && contains(p[5], "Time [min]")) << p[5];
    EXPECT_TRUE(contains(p[6], "Mass balance")) << p[6];
    EXPECT_TRUE(contains(p[7], "Parameters and data sources")) << p[7];
    // Parameters in alphabetical order over as many pages as they need, each continued page saying so once.
    std::string parameters;
    for (std::size_t i = 7; i < p.size(); ++i) {
        parameters += p[i];
        EXPECT_FALSE(contains(p[i], "(continued) (continued)")) << "page " << i + 1;
    }
    EXPECT_TRUE(contains(parameters, "rain_intensity_mm_per_h"));
    const std::string all = readText(pdf);
    EXPECT_FALSE(contains(tool(std::string(PDFTOTEXT) + " '" + pdf + "' -"), "Comparison"));
    EXPECT_GT(all.size(), 10000u);
}

TEST_F(ReportCli, KoreanA3BriefingComparesTwoRuns) {
    const std::string pdf = (root_ / "ko.pdf").string();
    const auto r = cli("report " + runA_ + " " + runB_ + " --out " + pdf + " --lang ko --page A3 --dpi 40");
    ASSERT_EQ(r.code, 0) << r.err;
    const int n = pages(pdf);
    EXPECT_EQ(n, reportedPages(r.out));
    // A3 landscape: 420 x 297 mm = 1190.6 x 841.9 pt.
    const auto [w, h] = pagePoints(pdf);
    EXPECT_NEAR(w, 1190.55, 0.6) << pageSize(pdf);
    EXPECT_NEAR(h, 841.89, 0.6) << pageSize(pdf);
    // Hangul needs the Nanum font, embedded (a glyph Nanum lacks, such as U+2212, comes from an embedded
    // fallback font).
    EXPECT_TRUE(hasNanum(embeddedFonts(pdf)));
    const std::vector<std::string> p = pageTexts(pdf);
    ASSERT_EQ(static_cast<int>(p.size()), n);
    // Hangul comes back out of the PDF as text: the glyphs are there with their Unicode mapping.
    EXPECT_TRUE(contains(p[0], "브리핑 자료")) << p[0];
    EXPECT_TRUE(contains(p[1], "주요 지표") && contains(p[1], "침수 면적")) << p[1];
    EXPECT_TRUE(contains(p[2], "지도") && contains(p[2], "침수 최대 수심")) << p[2];
    std::string text;
    for (const std::string& s : p)
        text += s;
    EXPECT_TRUE(contains(text, "비교: B − A"));
    EXPECT_TRUE(contains(text, "다른 매개변수"));
    // The parameter that differs, with both values, and the key figures of both runs.
    EXPECT_TRUE(std::regex_search(text, std::regex("rain_intensity_mm_per_h\\s+100\\s+150"))) << text;
    EXPECT_TRUE(contains(text, "주요 지표 비교"));
    EXPECT_TRUE(contains(text, "차이 B − A")) << "no difference map";
    EXPECT_TRUE(contains(text, "관측 지점 시계열")) << "no Korean chart title";
}

TEST_F(ReportCli, RunsWithoutTerrainAndProfilesChart) {
    const std::string pdf = (root_ / "songpa.pdf").string();
    const auto r = cli("report " + traffic_ + " " + subsidence_ + " --out " + pdf + " --dpi 40 --maps 1");
    ASSERT_EQ(r.code, 0) << r.err;
    std::string text;
    for (const std::string& s : pageTexts(pdf))
        text += s + "\n";
    EXPECT_TRUE(contains(text, "Convergence — relative gap")) << text;
    EXPECT_TRUE(contains(text, "Settlement over time — settlement"));
    EXPECT_TRUE(contains(text, "Cross-sections — settlement"));
    EXPECT_TRUE(contains(text, "distance [m]"));
    // Different simulators: the comparison has nothing to difference, and says so.
    EXPECT_TRUE(contains(r.err, "No difference maps")) << r.err;
    EXPECT_TRUE(contains(text, "No difference maps"));
}

TEST_F(ReportCli, ChartsOfTheDemoRunHaveALinePerGauge) {
    // The reference: the number of observation points in the demo data, read with OGR.
    GDALAllRegister();
    const std::string gpkg = std::string(CITYTWIN_SOURCE_DIR) + "/data/merewether/merewether.gpkg";
    GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(ds, nullptr);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "observation_points");
    ASSERT_NE(layer, nullptr);
    const int gauges = static_cast<int>(OGR_L_GetFeatureCount(layer, TRUE));
    GDALClose(ds);
    ASSERT_GT(gauges, 1);

    const ct::core::RunFolder folder = ct::core::readRunDirectory(runA_);
    const ct::core::OutputData* table = folder.runs.at(0).find("gauges");
    ASSERT_NE(table, nullptr);
    const std::vector<ct::charts::Chart> charts = ct::charts::chartsOf(*table);
    ASSERT_EQ(charts.size(), 3u);  // depth, level, speed
    for (const ct::charts::Chart& c : charts) {
        EXPECT_EQ(static_cast<int>(c.series.size()), gauges) << c.title;
        EXPECT_EQ(c.drawableSeries(), gauges) << c.title;
    }
    // The drawn chart shows a line in each gauge's colour (thick lines so that every line shows).
    ct::charts::ChartStyle style;
    style.lineWidth = 4;
    const QImage img = ct::charts::chartImage(charts[1], 1200, 700, 1.0, style);  // levels: lines apart
    int coloured = 0;
    for (int s = 0; s < gauges; ++s) {
        const QColor c = ct::charts::seriesColour(s);
        int n = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QColor p = img.pixelColor(x, y);
                n += std::abs(p.red() - c.red()) < 12 && std::abs(p.green() - c.green()) < 12 &&
                             std::abs(p.blue() - c.blue()) < 12
                         ? 1
                         : 0;
            }
        coloured += n > 100 ? 1 : 0;
    }
    EXPECT_EQ(coloured, gauges);
    img.save(QString::fromStdString((root_ / "gauge-levels.png").string()));
}

TEST_F(ReportCli, BadInputIsNamedAndLeavesNoHalfWrittenPdf) {
    const fs::path out = root_ / "bad" / "briefing.pdf";
    fs::create_directories(out.parent_path());
    std::ofstream(out) << "the old briefing";

    // A missing run folder: exit 3 (file not found), named; the old file untouched, no staging file left.
    const std::string missing = (root_ / "no-such-run").string();
    auto r = cli("report " + runA_ + " " + missing + " --out " + out.string() + " --no-maps");
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_TRUE(contains(r.err, missing)) << r.err;
    EXPECT_EQ(readText(out), "the old briefing");
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        EXPECT_EQ(e.path().filename(), "briefing.pdf") << "left behind: " << e.path();

    // A corrupt run folder: exit 4 (unreadable or corrupt), naming the manifest.
    const fs::path corrupt = root_ / "corrupt";
    fs::create_directories(corrupt);
    std::ofstream(corrupt / "manifest.json") << "{\"citytwin_run\": 2, \"status\": ";
    r = cli("report " + corrupt.string() + " --out " + out.string() + " --no-maps");
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_TRUE(contains(r.err, (corrupt / "manifest.json").string())) << r.err;
    EXPECT_EQ(readText(out), "the old briefing");

    // A folder that is not a run: exit 3, saying so.
    const fs::path empty = root_ / "empty";
    fs::create_directories(empty);
    r = cli("report " + empty.string() + " --out " + out.string() + " --no-maps");
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_TRUE(contains(r.err, empty.string())) << r.err;

    // Outputs that cannot be written: exit 11 (output not written), naming the path.
    for (const std::string& bad :
         {std::string("/proc/citytwin-briefing.pdf"), (root_ / "no-such-folder" / "b.pdf").string(),
          out.parent_path().string()}) {
        r = cli("report " + runA_ + " --out " + bad + " --no-maps");
        EXPECT_EQ(r.code, 11) << bad << ": " << r.err;
        EXPECT_TRUE(contains(r.err, bad)) << r.err;
    }

    // Wrong use: exit 2.
    EXPECT_EQ(cli("report " + runA_ + " --out x.pdf --lang fr").code, 2);
    EXPECT_EQ(cli("report " + runA_ + " --page letter --out x.pdf").code, 2);
    EXPECT_EQ(cli("report " + runA_).code, 2);
    EXPECT_EQ(cli("report --out x.pdf").code, 2);
}

TEST_F(ReportCli, RunsOfAnUnknownSimulatorAreReportedFromTheirDeclarations) {
    // A run folder made by a simulator this build does not have: everything comes from the manifest.
    const fs::path copy = root_ / "acme";
    fs::copy(traffic_, copy, fs::copy_options::recursive);
    nlohmann::json m = nlohmann::json::parse(readText(copy / "manifest.json"));
    m["simulators"][0]["id"] = "acme_sim";
    m["simulators"][0]["name"] = "Acme network model";
    std::ofstream(copy / "manifest.json") << m.dump(2);
    const std::string pdf = (root_ / "acme.pdf").string();
    const auto r = cli("report " + copy.string() + " --out " + pdf + " --no-maps");
    ASSERT_EQ(r.code, 0) << r.err;
    std::string text;
    for (const std::string& s : pageTexts(pdf))
        text += s;
    EXPECT_TRUE(contains(text, "Acme network model"));
    EXPECT_TRUE(contains(text, "Total travel time"));
    EXPECT_TRUE(contains(text, "Convergence"));
}

TEST_F(ReportCli, WithoutADisplayMapsNeedXvfbOrNoMaps) {
    const std::string pdf = (root_ / "nomaps.pdf").string();
    const std::string noDisplay =
        "env -u DISPLAY " + std::string(CITYTWIN_CLI) + " report " + runA_ + " --out " + pdf;
    auto r = ct::test::runCommand(noDisplay, (root_ / "nd-err.txt").string());
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "xvfb-run") && contains(r.err, "--no-maps")) << r.err;
    r = ct::test::runCommand(noDisplay + " --no-maps", (root_ / "nd-err.txt").string());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, " 0 maps")) << r.out;
}

int main(int argc, char** argv) {
    // The in-process chart test needs fonts (a QGuiApplication); no display is needed for that.
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
