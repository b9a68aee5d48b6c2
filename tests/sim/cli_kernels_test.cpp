// End-to-end: hesa info, the gemm and bat_matmul kernels, multi-core splits, energy per unit, and
// traces dumped with `hesa trace` and replayed with `hesa run --trace`.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kV4 = "configs/chips/tpu_v4.yaml";
const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";
const std::string kSource = std::string(HESA_SOURCE_DIR) + "/";

nlohmann::json run_stats(const std::vector<std::string>& args) {
  const std::string out = fresh_dir("kernels");
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--out", out});
  const CliResult r = run_hesa(all);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(read_text(out + "/stats.json"));
}

double stat(const nlohmann::json& s, const std::string& a, const std::string& b,
            const std::string& c) {
  return s.at("stats").at(a).at(b).at(c).at("value").get<double>();
}

}  // namespace

TEST_CASE("hesa info prints peak rates, bandwidths and the area breakdown", "[cli][info]") {
  const CliResult r = run_hesa({"info", "--chip", kV4});
  INFO(r.err);
  REQUIRE(r.code == 0);
  // v4: 2 cores x 4 x 128 x 128 PEs x 1 MAC x 1.05 GHz = 137.6 T MAC/s = 275 TOPS.
  CHECK(r.out.find("int8 137.6 TMAC/s (275.3 TOPS)") != std::string::npos);
  CHECK(r.out.find("1200 GB/s") != std::string::npos);
  const double total = chip_area(load_chip_config(kSource + kV4)).total_mm2;
  CHECK(r.out.find(fmt::format("{:<8} {:9.2f} mm2", "total", total)) != std::string::npos);
  const auto stats = run_stats({"run", "--chip", kV4, "--workload", kTiny});
  CHECK(stats.at("summary").at("area_mm2").get<double>() == Approx(total).epsilon(1e-12));
  const CliResult bad = run_hesa({"info", "--chip", kV4, "--set", "mxu.rows=0"});
  CHECK(bad.code == 2);
  CHECK(bad.err == "error: --set mxu.rows=0: mxu.rows: must be between 1 and 65536, got 0\n");
}

TEST_CASE("gemm keeps the MXUs busy and counts every MAC in its mode", "[cli][mxu]") {
  const auto i8 =
      run_stats({"run", "--chip", kV6e, "--workload", "configs/workloads/gemm_int8_4096.yaml"});
  CHECK(stat(i8, "units", "mxu", "int8_macs") == 4096.0 * 4096 * 1024);
  CHECK(stat(i8, "units", "mxu", "bf16_macs") == 0);
  CHECK(i8.at("summary").at("utilization").at("mxu").get<double>() > 0.9);
  const auto bf =
      run_stats({"run", "--chip", kV6e, "--workload", "configs/workloads/gemm_bf16_4096.yaml"});
  CHECK(stat(bf, "units", "mxu", "bf16_macs") == 4096.0 * 4096 * 1024);
  // v6e streams int8 at twice the bf16 rate.
  CHECK(bf.at("summary").at("cycles").get<double>() ==
        Approx(2 * i8.at("summary").at("cycles").get<double>()).epsilon(0.02));
  // One array instead of v6e's two: twice as long (the GEMM is spread over every array).
  const auto one = run_stats({"run", "--chip", kV6e, "--workload",
                              "configs/workloads/gemm_int8_4096.yaml", "--set", "mxu.count=1"});
  CHECK(one.at("summary").at("cycles").get<double>() ==
        Approx(2 * i8.at("summary").at("cycles").get<double>()).epsilon(0.02));
}

TEST_CASE("bat_matmul runs bit-exact with --functional", "[cli][functional]") {
  const std::string out = fresh_dir("bat");
  const CliResult r =
      run_hesa({"run", "--chip", kV4, "--workload", "configs/workloads/bat_matmul_256.yaml",
                "--out", out, "--functional", "--set", "bat_matmul.m=96", "--set",
                "bat_matmul.n=80", "--set", "vmem.size_mib=0.5"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("tiles bit-exact against the reference modular matmul") != std::string::npos);
  const CliResult g = run_hesa({"run", "--chip", kV4, "--workload",
                                "configs/workloads/gemm_int8_4096.yaml", "--functional"});
  CHECK(g.code == 2);
  CHECK(g.err == "error: --functional checks ntt, intt and bat_matmul workloads, not gemm\n");
}

TEST_CASE("splitting an NTT over v4's two cores shortens it", "[cli][multicore]") {
  const std::vector<std::string> base = {"run", "--chip", kV4, "--workload",
                                         "configs/workloads/ntt_n12_l4.yaml"};
  auto with = [&](const char* split) {
    auto a = base;
    a.insert(a.end(), {"--set", std::string("mapping.core_split=") + split});
    return run_stats(a);
  };
  const auto none = with("none"), limbs = with("limbs"), batch = with("batch");
  const double t0 = none.at("summary").at("cycles").get<double>();
  CHECK(limbs.at("summary").at("cycles").get<double>() < 0.65 * t0);
  CHECK(batch.at("summary").at("cycles").get<double>() < 0.65 * t0);
  CHECK(stat(none, "cores", "core1", "mxu") == 0);
  CHECK(stat(limbs, "cores", "core1", "mxu") > 0);
  CHECK(stat(limbs, "cores", "core0", "mxu") == Approx(stat(limbs, "cores", "core1", "mxu")));
}

TEST_CASE("splitting HE-Mult over v4's two cores by limbs shortens it", "[cli][multicore][ckks]") {
  const std::vector<std::string> base = {"run", "--chip", kV4, "--workload",
                                         "configs/workloads/he_mult_cheddar.yaml"};
  auto with = [&](const char* split) {
    auto a = base;
    a.insert(a.end(), {"--set", std::string("mapping.core_split=") + split});
    return run_stats(a);
  };
  const auto none = with("none"), limbs = with("limbs");
  const double t0 = none.at("summary").at("cycles").get<double>();
  CHECK(limbs.at("summary").at("cycles").get<double>() < 0.65 * t0);
  CHECK(stat(none, "cores", "core1", "vpu") == 0);
  CHECK(stat(limbs, "cores", "core1", "vpu") > 0);
  CHECK(stat(limbs, "cores", "core1", "mxu") > 0);
}

TEST_CASE("energy is reported per unit, VPU energy per op class", "[cli][energy]") {
  const auto s = run_stats({"run", "--chip", kV4, "--workload", kTiny});
  const ChipConfig v4 = load_chip_config(kSource + kV4);
  double vpu_pj = 0;
  for (const auto& [op, pj] : v4.vpu.op_pj) {
    vpu_pj += s.at("stats").at("workload").at("vpu_ops").at(op).at("value").get<double>() * pj;
  }
  CHECK(vpu_pj > 0);
  // The ALUs also work on the padding of partly filled tiles (N = 64 as 8 x 8 matrices: 8 of 128
  // lanes); v4's op energies are one figure, so the padding adds energy in proportion to ops.
  const double ops = stat(s, "units", "vpu", "alu_ops");
  const double padding = stat(s, "units", "vpu", "padding_ops");
  CHECK(padding == Approx(ops * 15 / 16).epsilon(0.05));
  CHECK(stat(s, "energy", "vpu", "dynamic") ==
        Approx(vpu_pj * 1e-6 * ops / (ops - padding)).epsilon(1e-9));
  CHECK(stat(s, "energy", "mxu", "dynamic") ==
        Approx(stat(s, "units", "mxu", "int8_macs") * v4.mxu.int8_mac_pj * 1e-6));
  double total = 0;
  for (const char* unit : {"mxu", "vpu", "xlu", "vmem", "cmem", "hbm", "dma"}) {  // v4 has CMEM
    total += stat(s, "energy", unit, "dynamic") + stat(s, "energy", unit, "static");
  }
  CHECK(s.at("summary").at("energy_uj").get<double>() == Approx(total).epsilon(1e-12));
  for (const char* unit : {"mxu", "vpu", "xlu"}) {
    INFO(unit);
    CHECK(s.at("stats").at("units").at(unit).contains("busy"));
    CHECK(s.at("stats").at("units").at(unit).contains("vmem_bytes"));
    CHECK(s.at("stats").at("units").at(unit).contains("utilization"));
  }
}

TEST_CASE("a dumped trace replays with identical timing", "[cli][trace]") {
  const std::string dir = fresh_dir("trace");
  fs::create_directories(dir);
  for (const std::string& chip : {kV4, kV6e}) {
    const std::string file = dir + "/t.trace";
    const std::vector<std::string> split = {"--set", "mapping.core_split=batch"};
    std::vector<std::string> dump = {"trace", "--chip", chip, "--workload", kTiny, "-o", file};
    dump.insert(dump.end(), split.begin(), split.end());
    const CliResult d = run_hesa(dump);
    INFO(d.err);
    REQUIRE(d.code == 0);
    CHECK(read_text(file).rfind("hesa-trace 2\n", 0) == 0);
    CHECK(read_text(file).substr(read_text(file).size() - 4) == "end\n");
    std::vector<std::string> run = {"run", "--chip", chip, "--workload", kTiny};
    run.insert(run.end(), split.begin(), split.end());
    const auto direct = run_stats(run);
    const auto replay = run_stats({"run", "--chip", chip, "--trace", file});
    CHECK(direct.at("summary") == replay.at("summary"));
    CHECK(replay.at("meta").at("kernel") == "trace");
  }
  std::ofstream(dir + "/bad.trace") << "hesa-trace 2\nbuffer x vmem u8 4\n0 dma load dst=x a=y\n";
  const CliResult bad = run_hesa({"run", "--chip", kV4, "--trace", dir + "/bad.trace"});
  CHECK(bad.code == 2);
  CHECK(bad.err == "error: " + dir + "/bad.trace:3: undefined buffer \"y\"\n");
  const CliResult both =
      run_hesa({"run", "--chip", kV4, "--trace", dir + "/bad.trace", "--workload", kTiny});
  CHECK(both.code == 2);
  CHECK(both.err == "error: give --workload or --trace, not both\n");
  std::ofstream(dir + "/core.trace") << "hesa-trace 2\nbuffer x vmem u8 4\nbuffer y hbm u8 4\n"
                                        "0 dma load dst=x a=y core=1\nend\n";
  const CliResult core = run_hesa({"run", "--chip", kV6e, "--trace", dir + "/core.trace"});
  CHECK(core.code == 2);
  CHECK(core.err ==
        "error: " + dir +
            "/core.trace:4: instruction 0 runs on core 1, tpu_v6e has 1 TensorCore(s)\n");
}

TEST_CASE("a trace file whose name is not UTF-8 replays under a printable name", "[cli][trace]") {
  const std::string dir = fresh_dir("trace_name");
  fs::create_directories(dir);
  const std::string file = dir + "/a\xff b.trace";  // stats.json holds UTF-8 only
  fs::copy_file(kSource + "tests/data/fuzz-seeds/trace/ntt_n16.trace", file);
  const auto s = run_stats({"run", "--chip", kV6e, "--trace", file});
  CHECK(s.at("meta").at("workload") == "a__b");
}

TEST_CASE("without a prefetch depth in the workload the deepest that fits VMEM is used",
          "[cli][mapping]") {
  // HE-Mult with BAT constants and the twist as a separate product needs 17.7 MB of VMEM at
  // depth 2; a v4 core has 16 MiB.
  const auto s = run_stats(
      {"run", "--chip", kV4, "--workload", "configs/workloads/he_mult_cheddar.yaml", "--set",
       "mapping.constant_mul=bat", "--set", "mapping.twist=separate", "--quiet"});
  CHECK(s.at("stats").at("workload").at("prefetch_depth").at("value").get<double>() == 1);
  const auto d2 = run_stats(
      {"run", "--chip", kV4, "--workload", "configs/workloads/he_mult_cheddar.yaml", "--quiet"});
  CHECK(d2.at("stats").at("workload").at("prefetch_depth").at("value").get<double>() == 2);
}

TEST_CASE("a chip without int8 matmuls refuses mappings that need them, runs the others",
          "[cli][mxu]") {
  const std::string no_int8 = "mxu.int8_macs_per_pe_cycle=0";
  const CliResult r = run_hesa({"run", "--chip", kV6e, "--workload", kTiny, "--set", no_int8,
                                "--out", fresh_dir("no_int8")});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "error: tests/data/workloads/ntt_tiny.yaml:2:1: mapping.ntt: tpu_v6e has no int8 matmuls "
        "(mxu.int8_macs_per_pe_cycle: 0) and this mapping lowers ntt/ntt_matmul_rows to one; use "
        "ntt: radix2, bconv: vpu, constant_mul: vpu and a VPU reduction, or give the chip an int8 "
        "rate\n");
  const auto s = run_stats({"run", "--chip", kV6e, "--workload", kTiny, "--set", no_int8, "--set",
                            "mapping.ntt=radix2"});
  CHECK(stat(s, "units", "mxu", "int8_macs") == 0);
  CHECK(s.at("summary").at("time_us").get<double>() > 0);
}
