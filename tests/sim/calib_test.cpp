// hesa validate and hesa calibrate's inputs: the shipped calibration holds, drift is caught, a bad
// calibration file is one located line.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "tests/sim/cli_runner.hpp"

using hesa::test::fresh_dir;
using hesa::test::run_hesa;
using hesa::test::write_text;

namespace {

int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("hesa validate: the shipped v6e calibration holds on all 28 points", "[calib][cli]") {
  const auto r = run_hesa({"validate"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.rfind("reduction,batch,measured_us,simulated_us,error_pct\n", 0) == 0);
  CHECK(count_lines(r.out) == 29);
  CHECK(r.out.find("\nbarrett,64,5245.169,") != std::string::npos);
  CHECK(r.err.find("28 points: rms error") != std::string::npos);
}

TEST_CASE("hesa validate: a drifted model exits 1", "[calib][cli]") {
  const auto r = run_hesa({"validate", "--set", "vpu.op_cycles.mul=20"});
  CHECK(r.code == 1);
  CHECK(r.err.find("DRIFTED beyond tolerance") != std::string::npos);
}

TEST_CASE("hesa validate: a calibration file without tolerance is one located line",
          "[calib][cli]") {
  const std::string dir = fresh_dir("calib_bad");
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/bad.yaml";
  write_text(file, std::string("chip: ") + HESA_SOURCE_DIR +
                       "/configs/chips/tpu_v6e.yaml\nworkload: " + HESA_SOURCE_DIR +
                       "/configs/workloads/vec_mod_mul_l51.yaml\nmeasurements: " + HESA_SOURCE_DIR +
                       "/configs/calibration/vecmodmul_tpu_v6e.csv\n");
  const auto r = run_hesa({"validate", "--spec", file});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + file + ":1:1: missing required key \"tolerance\"\n");
  CHECK(r.out.empty());
}

TEST_CASE("hesa validate: a measurement row with a bad batch is one located line", "[calib][cli]") {
  const std::string dir = fresh_dir("calib_bad_csv");
  std::filesystem::create_directories(dir);
  write_text(dir + "/m.csv", "reduction,batch,latency_us\nbarrett,0,12\n");
  write_text(dir + "/c.yaml", std::string("chip: ") + HESA_SOURCE_DIR +
                                  "/configs/chips/tpu_v6e.yaml\nworkload: " + HESA_SOURCE_DIR +
                                  "/configs/workloads/vec_mod_mul_l51.yaml\nmeasurements: "
                                  "m.csv\ntolerance: {rms: 0.1, max: 0.2}\n");
  const auto r = run_hesa({"validate", "--spec", dir + "/c.yaml"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + dir + "/m.csv:2:1: batch must be an integer >= 1\n");
}

TEST_CASE("hesa validate --predictions: the NTT series as CSV, growing with batch",
          "[calib][cli]") {
  const auto r = run_hesa({"validate", "--predictions", "--chip", "configs/chips/tpu_v4.yaml"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(r.out.rfind("reduction,batch,latency_us\n", 0) == 0);
  CHECK(count_lines(r.out) == 1 + 4 * 8);
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  std::string last_reduction;
  double last = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    const auto c1 = line.find(','), c2 = line.rfind(',');
    const std::string reduction = line.substr(0, c1);
    const double us = std::stod(line.substr(c2 + 1));
    if (reduction == last_reduction) CHECK(us > last);
    CHECK(us > 0);
    last_reduction = reduction;
    last = us;
    ++rows;
  }
  CHECK(rows == 32);
  CHECK(r.out.find("\nbat_lazy,128,") != std::string::npos);
}
