// End-to-end: every result says which groups of timing parameters rest on assumptions
// (stats.json meta.calibration, the CLI table, summary.md, report.html, hesa report of several).
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/sim/cli_runner.hpp"

using namespace hesa::test;

namespace {

const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";
const std::string kTwoCore = "tests/data/chips/two_core.yaml";

// The two-core test chip with a calibration section: MXU published, VPU calibrated, HBM measured;
// VMEM, DMA and XLU not described (assumed).
std::string calibrated_chip() {
  const std::string dir = fresh_dir("calibrated_chip");
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/calibrated.yaml";
  write_text(path, "include: " + std::string(HESA_SOURCE_DIR) + "/" + kTwoCore +
                       "\nname: calibrated\n"
                       "calibration:\n"
                       "  mxu: {state: published, basis: \"a data sheet\"}\n"
                       "  vpu: {state: calibrated, basis: \"fit on a VecModMul table\"}\n"
                       "  hbm: {state: measured, basis: \"a bandwidth test\"}\n");
  return path;
}

}  // namespace

TEST_CASE("an uncalibrated run says so in stats.json, the CLI, summary.md and report.html",
          "[cli][calibration]") {
  const std::string out = fresh_dir("uncalibrated");
  const CliResult r = run_hesa({"run", "--chip", kTwoCore, "--workload", kTiny, "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string groups = "mxu, vpu, vmem, hbm, dma, xlu";
  CHECK(r.out.find("timing rests on assumptions for: " + groups +
                   " (stats.json "
                   "meta.calibration)") != std::string::npos);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& cal = stats.at("meta").at("calibration");
  CHECK(cal.size() == 6);
  for (const char* g : {"mxu", "vpu", "vmem", "hbm", "dma", "xlu"}) {
    INFO(g);
    CHECK(cal.at(g).at("state") == "assumed");
    CHECK(cal.at(g).at("basis") == "not described in the chip file");
  }
  const std::string line =
      "Timing rests on assumed parameters for: " + groups + " (stats.json meta.calibration).";
  CHECK(read_text(out + "/summary.md").find("**" + line + "**") != std::string::npos);
  CHECK(read_text(out + "/report.html").find("<p class=\"warn\">" + line + "</p>") !=
        std::string::npos);
}

TEST_CASE("a chip's calibration section reaches every output; --set makes a group assumed",
          "[cli][calibration]") {
  const std::string chip = calibrated_chip();
  const std::string out = fresh_dir("calibrated");
  const CliResult r = run_hesa({"run", "--chip", chip, "--workload", kTiny, "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("timing rests on assumptions for: vmem, dma, xlu; calibrated: vpu") !=
        std::string::npos);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& cal = stats.at("meta").at("calibration");
  CHECK(cal.at("mxu").at("state") == "published");
  CHECK(cal.at("vpu").at("state") == "calibrated");
  CHECK(cal.at("vpu").at("basis") == "fit on a VecModMul table");
  CHECK(cal.at("hbm").at("state") == "measured");
  CHECK(read_text(out + "/summary.md")
            .find("**Timing rests on assumed parameters for: vmem, dma, xlu; calibrated: vpu "
                  "(stats.json meta.calibration).**") != std::string::npos);

  // An override of a calibrated group's key: the value run is no longer the calibrated one.
  const std::string set = fresh_dir("calibrated_set");
  const CliResult s = run_hesa(
      {"run", "--chip", chip, "--workload", kTiny, "--out", set, "--set", "vpu.op_cycles.add=3"});
  INFO(s.err);
  REQUIRE(s.code == 0);
  const auto set_stats = nlohmann::json::parse(read_text(set + "/stats.json"));
  const auto& vpu = set_stats.at("meta").at("calibration").at("vpu");
  CHECK(vpu.at("state") == "assumed");
  CHECK(vpu.at("basis") ==
        "set by --set vpu.op_cycles.add=3 (the chip file's: calibrated, fit on a VecModMul table)");
  CHECK(s.out.find("timing rests on assumptions for: vpu, vmem, dma, xlu (") != std::string::npos);

  // hesa report of both runs names the columns that rest on assumptions.
  const std::string pages = fresh_dir("calibrated_report");
  std::filesystem::create_directories(pages);
  const std::string page = pages + "/compare.html";
  const CliResult rep = run_hesa({"report", out, set, "--out", page});
  INFO(rep.err);
  REQUIRE(rep.code == 0);
  const std::string html = read_text(page);
  CHECK(html.find("<p class=\"warn\">Columns resting on assumed timing parameters: ntt_tiny on "
                  "calibrated (calibrated) (vmem, dma, xlu); ntt_tiny on calibrated "
                  "(calibrated_set) (vpu, vmem, dma, xlu) (stats.json meta.calibration).</p>") !=
        std::string::npos);
  CHECK(html.find("<td>assumed timing groups</td><td>vmem, dma, xlu</td><td>vpu, vmem, dma, "
                  "xlu</td>") != std::string::npos);
}

TEST_CASE("a chip's calibration section is read strictly", "[cli][calibration]") {
  const std::string dir = fresh_dir("calibration_bad");
  std::filesystem::create_directories(dir);
  write_text(dir + "/bad.yaml", "include: " + std::string(HESA_SOURCE_DIR) + "/" + kTwoCore +
                                    "\ncalibration:\n  vpu: {state: guessed, basis: x}\n");
  const CliResult r =
      run_hesa({"run", "--chip", dir + "/bad.yaml", "--workload", kTiny, "--out", dir + "/o"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + dir +
                     "/bad.yaml:3:16: calibration.vpu.state: expected one of measured, published, "
                     "calibrated, assumed, got \"guessed\"\n");
}
