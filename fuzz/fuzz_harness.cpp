#include "fuzz/fuzz_harness.hpp"

#include <sstream>
#include <string>
#include <vector>

#include "sim/config/config_loader.hpp"
#include "config/yaml_tree.hpp"
#include "sim/io/limb_io.hpp"
#include "sim/run/run_replay.hpp"
#include "sim/sweep/sweep_file.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa::fuzz {

namespace {

const std::string kSource = HESA_SOURCE_DIR;

// Lowers a small workload the way sim/run/run.cpp does, without constant data.
void lower_small(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  if (w.kernel != "ntt" && w.kernel != "intt") return;  // the lowering fuzzed here is the NTT's
  if (w.n * w.limbs * static_cast<uint64_t>(w.batch) > (1u << 14)) return;
  NttParams p;
  p.n = w.n;
  p.primes.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.psi.assign(w.psi.begin(), w.psi.begin() + w.limbs);
  p.batch = w.batch;
  p.inverse = w.kernel == "intt";
  const std::string& r = w.mapping.reduction;
  p.reduction = r == "montgomery" ? Reduction::kMontgomery
                : r == "shoup"    ? Reduction::kShoup
                : r == "bat_lazy" ? Reduction::kBatLazy
                                  : Reduction::kBarrett;
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
  try {
    (void)lower_ntt(p, {cfg.chip.vmem.size_bytes, cfg.chip.hbm.capacity_bytes}, false);
  } catch (const LoweringError&) {
  }
}

// Points of a fuzzed sweep are lowered only when their workload is small (the lowering of a big
// one is correct but slow).
bool small_workload(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  if (w.kernel == "sequence" || w.kernel == "bootstrap") return false;
  if (w.kernel == "gemm") return uint64_t{w.gemm.m} * w.gemm.n * w.gemm.k <= (1u << 18);
  if (w.kernel == "bat_matmul") {
    return uint64_t{w.bat_matmul.m} * w.bat_matmul.n * w.bat_matmul.k <= (1u << 18);
  }
  return w.n * static_cast<uint64_t>(w.limbs + w.special_limbs) * static_cast<uint64_t>(w.batch) <=
         (1u << 12);
}

}  // namespace

void chip_input(std::string_view data) {
  try {
    (void)chip_config_from_tree(
        load_yaml_text(std::string(data), kSource + "/configs/chips/fuzz-input.yaml"));
  } catch (const ConfigError&) {
  }
}

void workload_input(std::string_view data) {
  static const Node chip = load_yaml_file(kSource + "/configs/chips/tpu_v6e.yaml");
  const std::string text(data);
  std::vector<std::string> sets;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("#set ", 0) == 0) sets.push_back(line.substr(5));
  }
  try {
    const std::string file = kSource + "/configs/workloads/fuzz-input.yaml";
    const RunConfig cfg = run_config_from_trees(chip, load_yaml_text(text, file), sets, file);
    lower_small(cfg);
  } catch (const ConfigError&) {
  }
}

void limbs_input(std::string_view data) {
  static const WorkloadConfig w = [] {
    WorkloadConfig c;
    c.name = "fuzz";
    c.n = 16;
    c.limbs = 2;
    c.batch = 2;
    c.primes = {97, 193};
    return c;
  }();
  std::istringstream in{std::string(data)};
  try {
    (void)parse_limbs(in, "fuzz.txt", w);
  } catch (const ConfigError&) {
  }
}

void sweep_input(std::string_view data) {
  const std::string file = kSource + "/configs/sweeps/fuzz-input.yaml";
  try {
    const SweepFile sweep = read_sweep_tree(load_yaml_text(std::string(data), file), file);
    if (sweep.count > kFuzzSweepPoints) return;  // the CLI asks for --yes beyond kLargeSweep
    (void)expand_sweep(sweep, small_workload);
  } catch (const ConfigError&) {
  }
}

void trace_input(std::string_view data) {
  static const RunConfig cfg =
      load_trace_run_config(kSource + "/configs/chips/tpu_v4.yaml", "fuzz.trace", {});
  try {
    (void)replay_trace(cfg, std::string(data), "fuzz.trace");
  } catch (const ConfigError&) {
  }
}

Harness harness_named(std::string_view name) {
  if (name == "chip") return chip_input;
  if (name == "workload") return workload_input;
  if (name == "limbs") return limbs_input;
  if (name == "sweep") return sweep_input;
  if (name == "trace") return trace_input;
  return nullptr;
}

}  // namespace hesa::fuzz
