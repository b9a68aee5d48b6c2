// Tests of the strict config loader: shipped files, includes, overrides, round trip, exact errors.
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <tuple>

#include "config/yaml_tree.hpp"
#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
#include "workloads/math/modmath.hpp"

namespace fs = std::filesystem;
using namespace hesa;

namespace {

const std::string kSource = HESA_SOURCE_DIR;
const std::string kV4 = kSource + "/configs/chips/tpu_v4.yaml";
const std::string kV5e = kSource + "/configs/chips/tpu_v5e.yaml";
const std::string kV6e = kSource + "/configs/chips/tpu_v6e.yaml";
const std::string kNtt16 = kSource + "/configs/workloads/ntt_n16_l51.yaml";
const std::string kNtt12 = kSource + "/configs/workloads/ntt_n12_l4.yaml";
const std::string kFixtures = kSource + "/tests/data/config/";

// A scratch directory for this process, removed at exit.
struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("hesa_config_test_" + std::to_string(getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};
const TempDir& temp() {
  static const TempDir dir;
  return dir;
}

// The ConfigError message of `f`, with the scratch and fixture directories cut off the paths.
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    std::string msg = e.what();
    for (const std::string& dir : {temp().dir.string() + "/", kFixtures, kSource + "/"}) {
      for (std::size_t at; (at = msg.find(dir)) != std::string::npos;) msg.erase(at, dir.size());
    }
    return msg;
  }
  return "no error";
}

// chip.yaml = the TPU v4 chip with `body` merged over it (so line 2 is the body's first line).
std::string chip_error(const std::string& body, const std::vector<std::string>& sets = {}) {
  const std::string path = temp().write("chip.yaml", "include: " + kV4 + "\n" + body);
  return error_of([&] { load_chip_config(path, sets); });
}

std::string workload_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  const std::string path = temp().write("wl.yaml", text);
  return error_of([&] { load_run_config(kV4, path, sets); });
}

auto chip_fields(const ChipConfig& c) {
  return std::tie(
      c.name, c.clock_ghz, c.tensorcores, c.mxu.count, c.mxu.rows, c.mxu.cols,
      c.mxu.int8_macs_per_pe_cycle, c.mxu.bf16_macs_per_pe_cycle, c.mxu.double_buffered_weights,
      c.vpu.lanes, c.vpu.sublanes, c.vpu.alus, c.vpu.latency_cycles, c.vpu.op_cycles,
      c.vpu.load_bytes_per_cycle, c.vpu.store_bytes_per_cycle, c.xlu.count,
      c.xlu.transpose_elems_per_cycle, c.xlu.permute_elems_per_cycle, c.xlu.latency_cycles,
      c.xlu.elem_pj, c.xlu.mm2, c.vmem.size_bytes, c.vmem.bandwidth_bytes_per_cycle, c.vmem.ports,
      c.vmem.banks, c.vmem.bank_bytes, c.cmem.size_bytes, c.cmem.bandwidth_bytes_per_cycle,
      c.cmem.ports, c.cmem.banks, c.cmem.bank_bytes, c.hbm.capacity_bytes, c.hbm.stacks,
      c.hbm.channels, c.hbm.pseudo_channels, c.hbm.pseudo_channel_bits, c.hbm.banks,
      c.hbm.bank_groups, c.hbm.burst_length, c.hbm.beats_per_clock, c.hbm.row_bytes,
      c.hbm.interleave_bytes, c.hbm.data_rate_gbps, c.hbm.queue_depth, c.hbm.controller_ns,
      c.hbm.timing.cl, c.hbm.timing.cwl, c.hbm.timing.trcd, c.hbm.timing.trp, c.hbm.timing.tras,
      c.hbm.timing.trc, c.hbm.timing.tfaw, c.hbm.timing.trrd_s, c.hbm.timing.trrd_l,
      c.hbm.timing.tccd_s, c.hbm.timing.tccd_l, c.hbm.timing.trefi, c.hbm.timing.trfc,
      c.dma.engines, c.dma.setup_cycles, c.dma.outstanding, c.mxu.int8_mac_pj, c.mxu.bf16_mac_pj,
      c.vpu.op_pj, c.vmem.read_pj_per_byte, c.vmem.write_pj_per_byte, c.cmem.read_pj_per_byte,
      c.cmem.write_pj_per_byte, c.hbm.pj_per_bit, c.hbm.activation_pj, c.dma.pj_per_byte,
      c.mxu.static_w, c.vpu.static_w, c.xlu.static_w, c.vmem.static_w, c.cmem.static_w,
      c.hbm.static_w, c.dma.static_w, c.mxu.pe_um2, c.vpu.alu_um2, c.vmem.mm2_per_mib,
      c.cmem.mm2_per_mib, c.hbm.phy_mm2, c.other_mm2, c.sequencer.issue_window);
}

auto workload_fields(const WorkloadConfig& w) {
  return std::tie(w.name, w.kernel, w.n, w.limbs, w.prime_bits, w.primes, w.psi, w.batch,
                  w.mapping.reduction, w.mapping.ntt, w.mapping.layout_rows, w.mapping.layout_cols,
                  w.mapping.prefetch_depth, w.mapping.core_split, w.gemm.m, w.gemm.n, w.gemm.k,
                  w.gemm.mode, w.bat_matmul.m, w.bat_matmul.n, w.bat_matmul.k, w.bat_matmul.q);
}

const char* kMxuKeys =
    "count, rows, cols, int8_macs_per_pe_cycle, bf16_macs_per_pe_cycle, double_buffered_weights";

}  // namespace

TEST_CASE("every shipped chip takes its VPU issue rate from the stack file and sets no other",
          "[config]") {
  const fs::path stack = kSource + "/configs/stacks/jax_xla.yaml";
  const double rate = YAML::LoadFile(stack.string())["vpu"]["issue_rate"].as<double>();
  CHECK(rate > 0.5);
  CHECK(rate < 1);
  int chips = 0;
  for (const auto& f : fs::directory_iterator(kSource + "/configs/chips")) {
    if (f.path().extension() != ".yaml") continue;
    INFO(f.path().string());
    CHECK(load_chip_config(f.path().string()).vpu.issue_rate == rate);
    CHECK(YAML::LoadFile(f.path().string())["vpu"]["issue_rate"].IsDefined() == false);
    ++chips;
  }
  CHECK(chips >= 4);
  // A chip may still override it.
  CHECK(load_chip_config(kV6e, {"vpu.issue_rate=1"}).vpu.issue_rate == 1);
}

TEST_CASE("shipped chips load", "[config]") {
  const ChipConfig v4 = load_chip_config(kV4);
  CHECK(v4.name == "tpu_v4");
  CHECK(v4.tensorcores == 2);
  CHECK(v4.clock_ghz == 1.05);
  CHECK(v4.mxu.rows == 128);
  CHECK(v4.mxu.int8_macs_per_pe_cycle == 1);
  CHECK(v4.vmem.size_bytes == 16ull << 20);
  CHECK(v4.hbm.capacity_bytes == 32ull << 30);  // from the included memory file
  // The HBM2 part's organisation and timings, the chip's stack count and data rate.
  CHECK(v4.hbm.timing.trcd == 12);
  CHECK(v4.hbm.timing.trfc == 220);
  CHECK(v4.hbm.burst_bytes() == 32);
  CHECK(v4.hbm.stacks == 4);
  CHECK(v4.hbm.pseudo_channels_total() == 64);
  CHECK(v4.hbm.peak_gbps() == Approx(1200).epsilon(1e-12));  // public figure
  CHECK(v4.hbm.pj_per_bit == 2.54);
  CHECK(v4.hbm.activation_pj == 620);
  CHECK(v4.mxu.int8_mac_pj == 0.10);
  CHECK(v4.vpu.op_cycles.size() == 9);
  CHECK(v4.cmem.static_w > 0);  // a chip with CMEM gives its static power
  CHECK(v4.cmem.size_bytes == 128ull << 20);
  CHECK(v4.vmem.banks == 128);
  CHECK(v4.vpu.op_pj.size() == 9);
  CHECK(v4.vpu.op_pj.at("mul") == 1.48);
  CHECK(v4.xlu.count == 2);
  CHECK(v4.vpu.op_cycles.at("mul") == 33);  // measured: no int32 multiply on v4
  CHECK(v4.calibration[1].group == "vpu");
  CHECK(v4.calibration[1].state == "measured");

  const ChipConfig v5e = load_chip_config(kV5e);
  CHECK(v5e.tensorcores == 1);
  CHECK(v5e.mxu.int8_macs_per_pe_cycle == 2 * v5e.mxu.bf16_macs_per_pe_cycle);
  CHECK(v5e.hbm.peak_gbps() == Approx(819).epsilon(1e-12));
  CHECK(v5e.hbm.timing.cl == 28);  // HBM2e part
  CHECK(v5e.cmem.size_bytes == 0);
  CHECK(v5e.cmem.static_w == 0);
  CHECK(v5e.vmem.size_bytes == 128ull << 20);

  const ChipConfig v5p = load_chip_config(kSource + "/configs/chips/tpu_v5p.yaml");
  CHECK(v5p.tensorcores == 2);
  CHECK(v5p.clock_ghz == 1.75);
  CHECK(v5p.mxu.int8_macs_per_pe_cycle == 2);
  CHECK(v5p.hbm.peak_gbps() == Approx(2765).epsilon(1e-9));

  const ChipConfig v6e = load_chip_config(kV6e);
  CHECK(v6e.mxu.rows == 256);
  CHECK(v6e.mxu.cols == 256);
  CHECK(v6e.clock_ghz == 1.75);
  // The calibration leaves the data rate at the published peak (no measured point needs less).
  CHECK(v6e.hbm.peak_gbps() == Approx(1640).epsilon(1e-12));
  CHECK(load_chip_config(kV6e, {"hbm.data_rate_gbps=3.203125"}).hbm.peak_gbps() ==
        Approx(1640).epsilon(1e-12));
  CHECK(v6e.hbm.phy_mm2 == 48);
  // Two MXUs per core at twice the MACs per PE: the published peaks (918 TFLOPS, 1836 TOPS).
  CHECK(v6e.mxu.count == 2);
  CHECK(chip_peaks(v6e).bf16_macs_per_s * 2 == Approx(918e12).epsilon(0.001));
  CHECK(chip_peaks(v6e).int8_macs_per_s * 2 == Approx(1836e12).epsilon(0.001));
  CHECK(groups_in_state(v6e.calibration, "calibrated") == "vpu, hbm");

  const ChipConfig x7 = load_chip_config(kSource + "/configs/chips/tpu7x.yaml");
  CHECK(x7.tensorcores == 2);
  CHECK(chip_peaks(x7).bf16_macs_per_s * 2 == Approx(2307e12).epsilon(0.001));
  CHECK(x7.mxu.int8_macs_per_pe_cycle == x7.mxu.bf16_macs_per_pe_cycle);  // int8 emulated
  CHECK(x7.hbm.beats_per_clock == 4);                                     // the HBM3E part
  CHECK(x7.hbm.stacks == 8);
  CHECK(x7.hbm.peak_gbps() == Approx(7370).epsilon(1e-12));
  CHECK(x7.hbm.capacity_bytes == 192ull << 30);
  CHECK(x7.vmem.size_bytes == 64ull << 20);
  CHECK(groups_in_state(x7.calibration, "assumed") == "mxu, vpu, vmem, dma, xlu");
  // Energy per operation by node: 7 nm (v4), 5 nm class (v5e, v5p, v6e), 3 nm class (TPU7x).
  CHECK(v4.mxu.int8_mac_pj == 0.10);
  CHECK(v5p.mxu.int8_mac_pj == 0.07);
  CHECK(v6e.mxu.int8_mac_pj == 0.07);
  CHECK(x7.mxu.int8_mac_pj == 0.0525);
}

TEST_CASE("HBM rate per pin or bandwidth in GB/s, either key, not both", "[config][hbm]") {
  // A chip file's key replaces the other key of the file it includes, whichever it is.
  const std::string gbs =
      temp().write("gbs.yaml", "include: " + kV4 + "\nhbm:\n  bandwidth_gbs: 1000\n");
  const ChipConfig c = load_chip_config(gbs);
  CHECK(c.hbm.peak_gbps() == Approx(1000).epsilon(1e-12));
  CHECK(c.hbm.data_rate_gbps == Approx(1000.0 / (64 * 8)).epsilon(1e-12));
  const std::string rate =
      temp().write("rate.yaml", "include: " + gbs + "\nhbm:\n  data_rate_gbps: 2\n");
  CHECK(load_chip_config(rate).hbm.peak_gbps() == Approx(1024).epsilon(1e-12));
  // An override replaces the file's key, whichever it is.
  CHECK(load_chip_config(gbs, {"hbm.data_rate_gbps=1"}).hbm.peak_gbps() == Approx(512));
  CHECK(load_chip_config(rate, {"hbm.bandwidth_gbs=800"}).hbm.peak_gbps() == Approx(800));
  // The effective config keeps the key that won: it loads back alone.
  const RunConfig run = load_run_config(gbs, kNtt12, {});
  CHECK(run.effective_yaml.find("bandwidth_gbs: 1000") != std::string::npos);
  CHECK(run.effective_yaml.find("data_rate_gbps") == std::string::npos);

  // Both in one file, or both as overrides, is an error.
  CHECK(chip_error("hbm:\n  bandwidth_gbs: 900\n  data_rate_gbps: 2\n") ==
        "chip.yaml:3:18: hbm.bandwidth_gbs: give either bandwidth_gbs (GB/s) or data_rate_gbps "
        "(per pin), not both (data_rate_gbps is at chip.yaml:4:19)");
  CHECK(chip_error("", {"hbm.bandwidth_gbs=900", "hbm.data_rate_gbps=2"}) ==
        "--set hbm.data_rate_gbps=2: hbm.data_rate_gbps: conflicts with hbm.bandwidth_gbs given "
        "at --set hbm.bandwidth_gbs=900: give one of them");
  CHECK(chip_error("hbm:\n  bandwidth_gbs: 0\n") ==
        "chip.yaml:3:18: hbm.bandwidth_gbs: must be greater than 0 and at most 1000000, got 0");
  CHECK(chip_error("hbm:\n  bandwidth_gbs: 100000\n") ==
        "chip.yaml:3:18: hbm.bandwidth_gbs: 100000 GB/s over 64 pseudo-channels of 64 bits is "
        "195.312 Gb/s per pin, more than 100");
}

TEST_CASE("HBM3 and HBM3E parts: 4 data beats per clock, the Ramulator 2 cycle counts",
          "[config][hbm]") {
  for (const auto& [part, gbps, tck_ns, cl] :
       {std::tuple{"hbm3", 6.4, 0.625, 20}, std::tuple{"hbm3e", 8.0, 0.5, 25}}) {
    INFO(part);
    // The part over v4's HBM2 (both included: the chip gives the part's own rate again).
    const std::string path =
        temp().write(std::string(part) + ".yaml",
                     fmt::format("include: [{}, {}/configs/memories/{}.yaml]\nhbm:\n  stacks: 2\n  "
                                 "data_rate_gbps: {}\n",
                                 kV4, kSource, part, gbps));
    const ChipConfig c = load_chip_config(path);
    CHECK(c.hbm.beats_per_clock == 4);
    CHECK(c.hbm.data_rate_gbps == gbps);
    CHECK(c.hbm.tck_ns() == Approx(tck_ns).epsilon(1e-12));
    CHECK(c.hbm.burst_tck() == 2);  // BL8 at 4 beats per clock
    CHECK(c.hbm.burst_bytes() == 32);
    CHECK(c.hbm.pseudo_channels_total() == 2 * 16 * 2);
    CHECK(c.hbm.peak_gbps() == Approx(2 * 128 * gbps).epsilon(1e-12));  // 1024 pins per stack
    CHECK(c.hbm.timing.cl == cl);
  }
  // Two included files at the same depth giving the rate both ways: an error.
  const std::string both = temp().write(
      "both.yaml", "include: [" + kV4 + ", " + kSource + "/configs/memories/hbm3.yaml]\n");
  CHECK(error_of([&] { load_chip_config(both); }) ==
        "configs/chips/tpu_v4.yaml:77:18: hbm.bandwidth_gbs: give either bandwidth_gbs (GB/s) or "
        "data_rate_gbps (per pin), not both (data_rate_gbps is at "
        "configs/memories/hbm3.yaml:19:19)");
}

TEST_CASE("NTT workload gets 51 generated primes and roots", "[config]") {
  const RunConfig run = load_run_config(kV6e, kNtt16, {});
  const WorkloadConfig& w = run.workload;
  CHECK(w.name == "ntt_n16_l51");
  CHECK(w.n == 65536);
  CHECK(w.kernel == Kernel::kNtt);
  CHECK(w.batch == 1);
  CHECK(w.mapping.reduction == Reduction::kBarrett);
  CHECK(w.mapping.layout_rows == 256);
  CHECK(w.mapping.layout_cols == 256);
  CHECK(w.mapping.prefetch_depth == 2);  // default
  REQUIRE(w.primes.size() == 51);
  CHECK(w.psi.empty());  // found when a run needs values
  const std::vector<uint64_t> roots = ntt_roots(w);
  REQUIRE(roots.size() == 51);
  for (std::size_t i = 0; i < w.primes.size(); ++i) {
    const uint64_t q = w.primes[i];
    CHECK(is_prime(q));
    CHECK(q >> 27 == 1);  // exactly 28 bits
    CHECK(q % (1 << 17) == 1);
    CHECK(pow_mod(roots[i], 65536, q) == q - 1);
    if (i > 0) CHECK(q < w.primes[i - 1]);
  }

  const WorkloadConfig small = load_run_config(kV4, kNtt12, {}).workload;
  CHECK(small.batch == 64);
  CHECK(small.primes.size() == 4);
  CHECK(small.mapping.layout_rows == 0);  // chosen later by default
}

TEST_CASE("explicit primes and roots are accepted", "[config]") {
  const std::string path = temp().write(
      "explicit.yaml",
      "name: tiny\nscheme: {n: 16, limbs: 2, primes: [97, 193], psi: [19, 23]}\nkernel: intt\n");
  REQUIRE(error_of([&] { load_run_config(kV4, path, {}); }) == "no error");
  const WorkloadConfig w = load_run_config(kV4, path, {}).workload;
  CHECK(w.primes == std::vector<uint64_t>{97, 193});
  CHECK(w.psi == std::vector<uint64_t>{19, 23});
  CHECK(w.prime_bits == 8);  // from the primes when not given
  CHECK(w.kernel == Kernel::kIntt);
}

TEST_CASE("includes deep-merge maps and keep locations", "[config]") {
  const Node root = load_yaml_file(kFixtures + "merge_top.yaml");
  REQUIRE(root.find("include") == nullptr);
  CHECK(root.find("name")->scalar == "from_a");
  const Node& mxu = *root.find("mxu");
  CHECK(mxu.find("rows")->scalar == "1");   // merge_a
  CHECK(mxu.find("cols")->scalar == "2");   // merge_b over merge_a
  CHECK(mxu.find("count")->scalar == "3");  // merge_top over merge_b
  CHECK(mxu.find("cols")->loc.str() == kFixtures + "merge_b.yaml:3:9");
  CHECK(mxu.find("count")->loc.str() == kFixtures + "merge_top.yaml:4:10");
  CHECK(root.find("vpu")->find("lanes")->scalar == "1");
  CHECK(root.find("vpu")->find("sublanes")->scalar == "8");

  // An error inside an included file points into that file.
  CHECK(error_of([] { load_chip_config(kFixtures + "bad_memory_chip.yaml"); }) ==
        "bad_memory.yaml:3:18: hbm.controller_ns: must be between 0 and 100000, got -5");
}

TEST_CASE("overrides reach both trees", "[config]") {
  const RunConfig run = load_run_config(
      kV4, kNtt16,
      {"mxu.rows=64", "chip.clock_ghz=2", "workload.batch=8", "mapping.layout=[128,512]",
       "hbm.controller_ns=150", "workload.name=renamed"});
  CHECK(run.chip.mxu.rows == 64);
  CHECK(run.chip.clock_ghz == 2);
  CHECK(run.chip.hbm.controller_ns == 150);
  CHECK(run.workload.batch == 8);
  CHECK(run.workload.name == "renamed");
  CHECK(run.workload.mapping.layout_rows == 128);
  CHECK(run.workload.mapping.layout_cols == 512);
  // An emulated mulhi costs its emulation's ops: 4 mul, 6 shift, 4 logic, 5 add.
  const ChipConfig slow_mul = load_chip_config(kV6e, {"chip.mxu.count=2", "vpu.op_cycles.mul=3"});
  const auto& cyc = slow_mul.vpu.op_cycles;
  CHECK(cyc.at("mulhi") ==
        Approx(4 * 3 + 6 * cyc.at("shift") + 4 * cyc.at("logic") + 5 * cyc.at("add")));
  CHECK(slow_mul.vpu.mulhi_ops == 19);
  CHECK(load_chip_config(
            kV6e, {"vpu.mulhi=native", "vpu.op_cycles.mulhi=3", "energy.vpu_op_pj.mulhi=1.5"})
            .vpu.op_cycles.at("mulhi") == 3);
}

TEST_CASE("effective YAML loads back to the same configs", "[config]") {
  const RunConfig run = load_run_config(kV6e, kNtt16, {"mxu.rows=64", "batch=4"});
  CHECK(run.effective_yaml.find("include") == std::string::npos);
  const YAML::Node doc = YAML::Load(run.effective_yaml);
  YAML::Emitter chip, workload;
  chip << doc["chip"];
  workload << doc["workload"];
  const std::string chip_path = temp().write("effective_chip.yaml", chip.c_str());
  const std::string workload_path = temp().write("effective_workload.yaml", workload.c_str());

  const RunConfig again = load_run_config(chip_path, workload_path, {});
  CHECK(chip_fields(again.chip) == chip_fields(run.chip));
  CHECK(chip_fields(load_chip_config(chip_path)) == chip_fields(run.chip));
  CHECK(workload_fields(again.workload) == workload_fields(run.workload));
  CHECK(again.effective_yaml == run.effective_yaml);
  CHECK(again.chip.mxu.rows == 64);
  CHECK(again.workload.batch == 4);
}

TEST_CASE("bad files and overrides give exact one-line errors", "[config][errors]") {
  // Files, includes, syntax.
  CHECK(error_of([] { load_chip_config(kSource + "/configs/chips/nope.yaml"); }) ==
        "configs/chips/nope.yaml: cannot open file");
  CHECK(error_of([] { load_chip_config(kFixtures + "missing_include.yaml"); }) ==
        "missing_include.yaml:3:10: include: cannot open \"hbm9.yaml\"");
  CHECK(error_of([] { load_chip_config(kFixtures + "self_include.yaml"); }) ==
        "self_include.yaml:2:10: include: cyclic include of \"self_include.yaml\"");
  CHECK(error_of([] { load_chip_config(kFixtures + "cycle_a.yaml"); }) ==
        "cycle_b.yaml:2:25: include: cyclic include of \"cycle_a.yaml\"");
  CHECK(error_of([] { load_chip_config(kFixtures + "syntax_error.yaml"); }) ==
        "syntax_error.yaml:5:7: syntax error: end of sequence flow not found");
  CHECK(chip_error("name: a\nname: b\n") == "chip.yaml:3:1: name: duplicate key");
  CHECK(chip_error("mxu:\n  include: {a: 1}\n") ==
        "chip.yaml:3:12: mxu.include: expected a file name or a list of file names, got a map");

  // Schema: unknown and missing keys.
  CHECK(chip_error("mxu:\n  rowz: 3\n") ==
        fmt::format("chip.yaml:3:3: mxu.rowz: unknown key (expected one of: {})", kMxuKeys));
  CHECK(chip_error("", {"mxu.rowz=3"}) ==
        fmt::format("--set mxu.rowz=3: mxu.rowz: unknown key (expected one of: {})", kMxuKeys));
  const std::string tiny = temp().write("tiny.yaml",
                                        "name: tiny\nclock_ghz: 1\ntensorcores: 1\n"
                                        "sequencer:\n  issue_window: 4\n"
                                        "mxu:\n  count: 1\n  cols: 8\n");
  CHECK(error_of([&] { load_chip_config(tiny); }) ==
        "tiny.yaml:7:3: mxu: missing required key \"rows\"");
  CHECK(error_of([&] { load_chip_config(temp().write("name.yaml", "name: x\n")); }) ==
        "name.yaml:1:1: missing required key \"clock_ghz\"");
  CHECK(chip_error("", {"vpu.op_cycles={add: 1}"}) ==
        "--set vpu.op_cycles={add: 1}: vpu.op_cycles: missing required key \"sub\"");

  // Types and ranges.
  CHECK(chip_error("mxu:\n  rows: abc\n") ==
        "chip.yaml:3:9: mxu.rows: expected an integer, got \"abc\"");
  CHECK(chip_error("mxu:\n  rows: 0\n") ==
        "chip.yaml:3:9: mxu.rows: must be between 1 and 65536, got 0");
  CHECK(chip_error("mxu:\n  double_buffered_weights: yes\n") ==
        "chip.yaml:3:28: mxu.double_buffered_weights: expected true or false, got \"yes\"");
  CHECK(chip_error("clock_ghz: fast\n") ==
        "chip.yaml:2:12: clock_ghz: expected a number, got \"fast\"");
  CHECK(chip_error("", {"clock_ghz=0"}) ==
        "--set clock_ghz=0: clock_ghz: must be between 0.001 and 10, got 0");
  CHECK(chip_error("vpu:\n  op_cycles:\n    mul: 0\n") ==
        "chip.yaml:4:10: vpu.op_cycles.mul: must be between 0.01 and 4096, got 0");
  CHECK(chip_error("mxu: 4\n") == "chip.yaml:2:6: mxu: expected a map, got \"4\"");
  CHECK(chip_error("name:\n") == "chip.yaml:2:1: name: expected a string, got nothing");
  CHECK(chip_error("tensorcores: [1, 2]\n") ==
        "chip.yaml:2:14: tensorcores: expected an integer, got a list");

  // Override syntax and routing.
  CHECK(workload_error("", {"foo"}) == "--set foo: expected path=value");
  CHECK(chip_error("", {"workload.batch=2"}) ==
        "--set workload.batch=2: workload: unknown key (expected one of: name, clock_ghz, "
        "tensorcores, sequencer, mxu, vpu, xlu, vmem, cmem, hbm, dma, energy, area, "
        "calibration)");
  CHECK(workload_error("", {"mxu..rows=3"}) == "--set mxu..rows=3: expected path=value");
  CHECK(workload_error("", {"name=x"}) ==
        "--set name=x: name: ambiguous, use chip.name or workload.name");
  CHECK(workload_error("", {"foo=1"}) ==
        "--set foo=1: foo: unknown key (expected chip.<key>, workload.<key> or one of: "
        "clock_ghz, tensorcores, sequencer, mxu, vpu, xlu, vmem, cmem, hbm, dma, energy, area, "
        "calibration, scheme, kernel, batch, gemm, bat_matmul, rotations, sequence, bootstrap, "
        "mapping)");
}

TEST_CASE("bad memory configs give exact one-line errors", "[config][errors]") {
  CHECK(chip_error("hbm:\n  timing:\n    tcl: 3\n") ==
        "chip.yaml:4:5: hbm.timing.tcl: unknown key (expected one of: cl, cwl, trcd, trp, tras, "
        "trc, tfaw, trrd_s, trrd_l, tccd_s, tccd_l, trefi, trfc)");
  // The aggregate bandwidth is bandwidth_gbs (GB/s), not bandwidth_gbps.
  CHECK(chip_error("hbm:\n  bandwidth_gbps: 1200\n") ==
        "chip.yaml:3:3: hbm.bandwidth_gbps: unknown key (expected one of: capacity_gib, stacks, "
        "channels, pseudo_channels, pseudo_channel_bits, banks, bank_groups, burst_length, "
        "row_bytes, interleave_bytes, data_rate_gbps, bandwidth_gbs, beats_per_clock, "
        "queue_depth, controller_ns, timing)");
  CHECK(chip_error("hbm:\n  bank_groups: 3\n") ==
        "chip.yaml:3:16: hbm.bank_groups: must divide banks = 16, got 3");
  CHECK(chip_error("hbm:\n  interleave_bytes: 48\n") ==
        "chip.yaml:3:21: hbm.interleave_bytes: must be a multiple of the burst (64 bits x 4 = 32 "
        "bytes), got 48");
  CHECK(chip_error("hbm:\n  timing:\n    trfc: 4000\n") ==
        "chip.yaml:4:11: hbm.timing.trfc: must be less than trefi = 3900, got 4000");
  CHECK(chip_error("", {"hbm.data_rate_gbps=0"}) ==
        "--set hbm.data_rate_gbps=0: hbm.data_rate_gbps: must be between 0.1 and 100, got 0");
  CHECK(chip_error("vmem:\n  ports: 0\n") ==
        "chip.yaml:3:10: vmem.ports: must be between 1 and 64, got 0");
  CHECK(chip_error("dma:\n  outstanding: 0\n") ==
        "chip.yaml:3:16: dma.outstanding: must be between 1 and 1048576, got 0");
  // The v4 chip has CMEM: its energies and static power are required; without CMEM they are not
  // allowed.
  const std::string no_cmem = temp().write(
      "no_cmem.yaml", "include: " + kV5e + "\n" + "energy:\n  cmem_read_pj_per_byte: 1\n");
  CHECK(error_of([&] { load_chip_config(no_cmem); }) ==
        "no_cmem.yaml:3:26: energy.cmem_read_pj_per_byte: given but the chip has no cmem");
  const std::string cmem_no_static =
      temp().write("cmem_no_static.yaml",
                   "include: " + kV5e + "\n" +
                       "cmem: {size_mib: 64, bandwidth_bytes_per_cycle: 1024, ports: 1, banks: 8, "
                       "bank_bytes: 32}\n"
                       "energy: {cmem_read_pj_per_byte: 1, cmem_write_pj_per_byte: 1}\n");
  CHECK(error_of([&] { load_chip_config(cmem_no_static); }) ==
        "configs/chips/tpu_v5e.yaml:77:5: energy.static_w: missing required key \"cmem\"");
}

TEST_CASE("bad workloads give exact one-line errors", "[config][errors]") {
  const std::string head = "name: w\nkernel: ntt\n";  // lines 1-2
  CHECK(workload_error("") == "wl.yaml: expected a map, got nothing");
  CHECK(workload_error("name: w\nscheme: {n: 4096, limbs: 4}\n") ==
        "wl.yaml:1:1: missing required key \"kernel\"");
  CHECK(workload_error(head + "scheme: {n: 1000, limbs: 4}\n") ==
        "wl.yaml:3:13: scheme.n: must be a power of two, got 1000");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 4}\nmapping: {reduction: foo}\n") ==
        "wl.yaml:4:22: mapping.reduction: expected one of barrett, montgomery, shoup, "
        "bat_lazy, got \"foo\"");
  CHECK(workload_error(head + "scheme: {n: 65536, limbs: 2}\nmapping: {layout: [64, 64]}\n") ==
        "wl.yaml:4:19: mapping.layout: R x C = 64 x 64 = 4096 does not equal scheme.n = 65536");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\nmapping: {layout: [64, 60]}\n") ==
        "wl.yaml:4:24: mapping.layout[1]: must be a power of two, got 60");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\nmapping: {layout: [4096]}\n") ==
        "wl.yaml:4:19: mapping.layout: expected a list of 2 integers [R, C], got 1 entries");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 4, primes: [97, 193, 257, 1000]}\n") ==
        "wl.yaml:3:50: scheme.primes[3]: 1000 is not prime");
  CHECK(workload_error(head + "scheme: {n: 65536, limbs: 1, primes: [12289]}\n") ==
        "wl.yaml:3:39: scheme.primes[0]: 12289 is not 1 mod 2n = 131072");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 1, primes: [4294967311]}\n") ==
        "wl.yaml:3:36: scheme.primes[0]: must be between 2 and 2147483647, got 4294967311");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 2, primes: [97, 97]}\n") ==
        "wl.yaml:3:40: scheme.primes[1]: 97 repeats scheme.primes[0]");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 3, primes: [97, 193]}\n") ==
        "wl.yaml:3:35: scheme.primes: has 2 entries, expected scheme.limbs = 3");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 1, primes: [97], psi: [2]}\n") ==
        "wl.yaml:3:47: scheme.psi[0]: 2 is not a primitive 2n-th root of unity mod 97 (2n = 32)");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 1, psi: [2, 3]}\n") ==
        "wl.yaml:3:32: scheme.psi: has 2 entries, expected one per prime (1)");
  CHECK(workload_error(head + "scheme: {n: 131072, limbs: 51, prime_bits: 20}\n") ==
        "wl.yaml:3:28: scheme.limbs: only 1 primes of 20 bits are 1 mod 2n = 262144, need 51");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1, prime_bits: 32}\n") ==
        "wl.yaml:3:41: scheme.prime_bits: must be between 20 and 31, got 32");
  CHECK(workload_error(head + "scheme: {n: 16, limbs: 1, prime_bits: 20, primes: [2097857]}\n") ==
        "wl.yaml:3:52: scheme.primes[0]: 2097857 has more than scheme.prime_bits = 20 bits");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\nmapping: {prefetch_depth: 17}\n") ==
        "wl.yaml:4:27: mapping.prefetch_depth: must be between 1 and 16, got 17");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\nbatch: 0\n") ==
        "wl.yaml:4:8: batch: must be between 1 and 1048576, got 0");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\n", {"workload.batch=abc"}) ==
        "--set workload.batch=abc: batch: expected an integer, got \"abc\"");
  CHECK(workload_error(head + "scheme: {n: 4096, limbs: 1}\n", {"mapping.ntt=fft"}) ==
        "--set mapping.ntt=fft: mapping.ntt: expected one of mat, radix2, got \"fft\"");
}

TEST_CASE("gemm and bat_matmul workloads and their errors", "[config][errors]") {
  const RunConfig g = load_run_config(kV4, kSource + "/configs/workloads/gemm_int8_4096.yaml", {});
  CHECK(g.workload.kernel == Kernel::kGemm);
  CHECK(g.workload.gemm.m == 4096);
  CHECK(g.workload.gemm.mode == "int8");
  const RunConfig b = load_run_config(kV4, kSource + "/configs/workloads/bat_matmul_1024.yaml", {});
  CHECK(b.workload.kernel == Kernel::kBatMatmul);
  CHECK(b.workload.bat_matmul.k == 1024);
  CHECK(b.workload.bat_matmul.q == 268435399);  // default: the largest 28-bit prime
  CHECK(workload_error("name: w\nkernel: gemm\ngemm: {m: 8, n: 8, k: 8, mode: fp8}\n") ==
        "wl.yaml:3:32: gemm.mode: expected one of int8, bf16, got \"fp8\"");
  CHECK(workload_error("name: w\nkernel: gemm\n") == "wl.yaml:1:1: missing required key \"gemm\"");
  CHECK(workload_error("name: w\nkernel: gemm\ngemm: {m: 8, n: 8, k: 8}\nscheme: {n: 16}\n") ==
        "wl.yaml:4:1: scheme: only read by the HE kernels");
  CHECK(workload_error("name: w\nkernel: ntt\nscheme: {n: 16, limbs: 1}\ngemm: {m: 8}\n") ==
        "wl.yaml:4:1: gemm: only read by kernel gemm");
  CHECK(workload_error("name: w\nkernel: bat_matmul\nbat_matmul: {m: 8, n: 8, k: 8, q: 91}\n") ==
        "wl.yaml:3:35: bat_matmul.q: 91 is not prime");
  CHECK(workload_error("name: w\nkernel: bat_matmul\nbat_matmul: {m: 8, n: 8, k: 9000}\n") ==
        "wl.yaml:3:29: bat_matmul.k: must be between 1 and 8192, got 9000");
  CHECK(workload_error("name: w\nkernel: ntt\nscheme: {n: 16, limbs: 1}\n"
                       "mapping: {core_split: rows}\n") ==
        "wl.yaml:4:23: mapping.core_split: expected one of none, limbs, batch, got \"rows\"");
  // energy.vpu_op_pj: one number for all classes or a full table.
  const ChipConfig flat = load_chip_config(kV4, {"energy.vpu_op_pj=0.5"});
  CHECK(flat.vpu.op_pj.size() == 9);
  CHECK(flat.vpu.op_pj.at("mulhi") == 19 * 0.5);  // emulated: its 19 ops
  CHECK(load_chip_config(kV4, {"energy.vpu_op_pj.add=0.2"}).vpu.op_pj.at("add") == 0.2);
  CHECK(chip_error("energy:\n  vpu_op_pj: {fma: 1}\n") ==
        "chip.yaml:3:15: energy.vpu_op_pj.fma: unknown key (expected one of: add, sub, mul, "
        "shift, logic, cmp, select, convert)");
  CHECK(chip_error("", {"energy.vpu_op_pj=[1]"}) ==
        "--set energy.vpu_op_pj=[1]: energy.vpu_op_pj: expected a number, got a list");
}

TEST_CASE("config files beyond 16 MiB are refused", "[config][errors]") {
  const std::string big = temp().write("big.yaml", "name: x\n# " + std::string(16 << 20, 'x'));
  CHECK(error_of([&] { load_chip_config(big); }) ==
        "big.yaml: larger than 16 MiB, not a config file");
  const std::string chip = temp().write("includes_big.yaml", "include: big.yaml\n");
  CHECK(error_of([&] { load_chip_config(chip); }) ==
        "includes_big.yaml:1:10: include: \"big.yaml\" is larger than 16 MiB, not a config file");
}

TEST_CASE("YAML text that is not UTF-8 is a syntax error at its byte", "[config][errors]") {
  const auto error_of = [](const std::string& text) {
    try {
      (void)load_yaml_text(text, "u.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("name: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n") == "no error");
  CHECK(error_of("a: 1\nname: x\xff\n") == "u.yaml:2:8: syntax error: invalid UTF-8 byte 0xff");
  CHECK(error_of("name: \xc3\x28\n") == "u.yaml:1:7: syntax error: invalid UTF-8 byte 0xc3");
  CHECK(error_of("name: \xc0\xaf\n") == "u.yaml:1:7: syntax error: invalid UTF-8 byte 0xc0");
  CHECK(error_of("name: \xed\xa0\x80\n") == "u.yaml:1:7: syntax error: invalid UTF-8 byte 0xed");
  CHECK(error_of("name: \xf4\x90\x80\x80\n") ==
        "u.yaml:1:7: syntax error: invalid UTF-8 byte 0xf4");
  CHECK(error_of("name: x\xe2\x82") == "u.yaml:1:8: syntax error: invalid UTF-8 byte 0xe2");
}
