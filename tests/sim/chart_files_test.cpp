// Each chart of report.html and sweep.html on its own (sim/report/chart_files): names from the
// headings or the chart's own name, standalone SVG documents, one file per chart of a run, PDFs
// beside them where rsvg-convert is installed.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "sim/report/chart_files.hpp"
#include "sim/report/report_svg.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("charts of a page are named after their section and run or their own name", "[charts]") {
  const std::string html =
      "<h2>Time by kernel</h2><h3>a on b</h3><svg width=\"1\"><text>x</text></svg>"
      "<h3>c on d</h3><svg width=\"2\"></svg>"
      "<h2>Roofline &amp; more</h2><h3>a on b</h3><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"
      "<h2>Maps</h2><svg data-chart=\"heat-util-mxu\"></svg><svg data-chart=\"heat-time\"></svg>"
      "<h2>Same</h2><svg></svg><svg></svg>";
  const auto charts = hesa::page_charts(html);
  std::vector<std::string> names;
  for (const auto& [name, svg] : charts) {
    names.push_back(name);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(count_of(svg, "xmlns=\"http://www.w3.org/2000/svg\"") == 1);
    CHECK(svg.find("</svg>") != std::string::npos);
  }
  CHECK(names == std::vector<std::string>{"time-by-kernel--a-on-b", "time-by-kernel--c-on-d",
                                          "roofline-more", "heat-util-mxu", "heat-time", "same",
                                          "same-2"});
}

TEST_CASE("a run writes each chart of report.html to charts/ as SVG and with --pdf as PDF",
          "[charts]") {
  const std::string out = fresh_dir("charts");
  const CliResult r =
      run_hesa({"run", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
                "configs/workloads/he_mult_cheddar.yaml", "--out", out, "--quiet", "--pdf"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string html = read_text(out + "/report.html");
  size_t svgs = 0, pdfs = 0;
  for (const auto& e : fs::directory_iterator(out + "/charts")) {
    svgs += e.path().extension() == ".svg";
    pdfs += e.path().extension() == ".pdf";
  }
  CHECK(svgs == count_of(html, "<svg "));
  CHECK(svgs >= 7);
  CHECK(fs::exists(out + "/charts/roofline.svg"));
  CHECK(fs::exists(out + "/charts/unit-utilization-over-time.svg"));
  if (access("/usr/bin/rsvg-convert", X_OK) == 0) {
    CHECK(pdfs == svgs);
    CHECK(read_text(out + "/charts/roofline.pdf").rfind("%PDF", 0) == 0);
  }
  // The roofline names its points by number in a legend under the plot.
  const std::string roof = read_text(out + "/charts/roofline.svg");
  CHECK(roof.find("<tspan font-weight=\"bold\">1</tspan> ") != std::string::npos);
}

TEST_CASE("hesa run --no-charts writes no charts folder and the same report", "[charts]") {
  const std::string with = fresh_dir("charts-with"), without = fresh_dir("charts-without");
  for (const std::string& out : {with, without}) {
    std::vector<std::string> args = {"run",
                                     "--chip",
                                     "configs/chips/tpu_v6e.yaml",
                                     "--workload",
                                     "configs/workloads/he_mult_cheddar.yaml",
                                     "--out",
                                     out,
                                     "--quiet"};
    if (out == without) args.push_back("--no-charts");
    const CliResult r = run_hesa(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  CHECK(fs::exists(with + "/charts/roofline.svg"));
  CHECK_FALSE(fs::exists(with + "/charts/roofline.pdf"));  // PDFs only with --pdf
  CHECK_FALSE(fs::exists(without + "/charts"));
  CHECK(read_text(with + "/report.html") == read_text(without + "/report.html"));
}

TEST_CASE("hesa report of several runs writes its charts beside the page it writes", "[charts]") {
  // Two runs, then reports of both from a third folder, the run folders named relative to it.
  const std::string a = fresh_dir("beside_a"), b = fresh_dir("beside_b");
  for (const std::string& out : {a, b}) {
    const CliResult r =
        run_hesa({"run", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
                  "configs/workloads/ntt_n12_l4.yaml", "--out", out, "--quiet", "--no-charts"});
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  const std::string cwd = fresh_dir("beside_cwd"), pages = fresh_dir("beside_pages");
  fs::create_directories(cwd);
  fs::create_directories(pages);
  const std::string rel_a = "../" + fs::path(a).filename().string();
  const std::string rel_b = "../" + fs::path(b).filename().string();
  const auto svgs_in = [](const std::string& dir) {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) n += e.path().extension() == ".svg";
    return n;
  };

  // --out elsewhere: the charts beside it, nothing in the working folder or the run folders.
  const std::string page = "../" + fs::path(pages).filename().string() + "/cmp.html";
  CliResult r = run_hesa({"report", rel_a, rel_b, "--out", page}, cwd);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(svgs_in(pages + "/charts") == count_of(read_text(pages + "/cmp.html"), "<svg "));
  CHECK(svgs_in(pages + "/charts") >= 7);
  CHECK(fs::is_empty(cwd));
  CHECK_FALSE(fs::exists(a + "/charts"));
  CHECK_FALSE(fs::exists(b + "/charts"));

  // No --out: report.html in the working folder, and its charts beside it.
  r = run_hesa({"report", rel_a, rel_b}, cwd);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(svgs_in(cwd + "/charts") == count_of(read_text(cwd + "/report.html"), "<svg "));
  CHECK_FALSE(fs::exists(a + "/charts"));
}

TEST_CASE("a chart names its colours in a legend inside its own SVG", "[charts]") {
  const std::vector<hesa::Series> series = {{"dynamic", "#e15759"}, {"static", "#bab0ac"}};
  // Stacked parts: a legend of the series drawn (not of those left at 0).
  const std::string stacked = hesa::svg_bars({{"mxu", {1, 2}}, {"vpu", {3, 0}}}, series, 5, "uJ");
  CHECK(count_of(stacked, "<g class=\"legend\">") == 1);
  CHECK(stacked.find("fill=\"#333\">dynamic</text>") != std::string::npos);
  CHECK(stacked.find("fill=\"#333\">static</text>") != std::string::npos);
  CHECK(hesa::svg_bars({{"mxu", {1, 0}}}, series, 5, "uJ").find("static") == std::string::npos);
  // Each row drawing only the series it is named after: the row labels name the colours.
  const std::string named =
      hesa::svg_bars({{"dynamic", {1, 0}}, {"static", {0, 2}}}, series, 5, "uJ");
  CHECK(named.find("class=\"legend\"") == std::string::npos);
  // Lanes: the series busy in any lane.
  const std::string lanes = hesa::svg_lanes({{"hbm", {{0.5, 0}, {0, 0.25}}}}, series, 1, 1);
  CHECK(count_of(lanes, "<g class=\"legend\">") == 1);
  CHECK(lanes.find(">static</text>") != std::string::npos);
  // The drawing grows to hold the legend: 84 px for two rows and the axis, 15 + 4 for the legend.
  CHECK(stacked.find("height=\"103\"") != std::string::npos);
}

TEST_CASE("writing charts replaces hesa's earlier charts and keeps other files", "[charts]") {
  const std::string dir = fresh_dir("charts-keep");
  fs::create_directories(dir + "/charts");
  const auto put = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/charts/" + name) << text;
  };
  put("figure.svg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
  put("figure.pdf", "%PDF-1.5 a paper's figure\n");
  put("notes.txt", "kept\n");
  const std::string html = "<h2>Time by kernel</h2><svg width=\"1\"></svg>";
  hesa::write_chart_files(dir, html, false);
  const std::string old = read_text(dir + "/charts/time-by-kernel.svg");
  CHECK(old.find("<!-- hesa chart -->") != std::string::npos);
  put("time-by-kernel.pdf", "%PDF-1.5 from the earlier page\n");
  // A page without that chart: the earlier chart and its PDF go, the user's files stay.
  hesa::write_chart_files(dir, "<h2>Roofline</h2><svg width=\"2\"></svg>", false);
  CHECK_FALSE(fs::exists(dir + "/charts/time-by-kernel.svg"));
  CHECK_FALSE(fs::exists(dir + "/charts/time-by-kernel.pdf"));
  CHECK(fs::exists(dir + "/charts/roofline.svg"));
  CHECK(fs::exists(dir + "/charts/figure.svg"));
  CHECK(fs::exists(dir + "/charts/figure.pdf"));
  CHECK(fs::exists(dir + "/charts/notes.txt"));
}
