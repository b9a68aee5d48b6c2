#include "fuzz/fuzz_harness.hpp"

#include <sstream>
#include <string>
#include <vector>

#include "config/yaml_tree.hpp"
#include "sim/config/run_config.hpp"
#include "sim/io/limb_io.hpp"
#include "sim/run/run.hpp"
#include "sim/run/run_replay.hpp"
#include "sim/sweep/sweep_file.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa::fuzz {

namespace {

const std::string kSource = HESA_SOURCE_DIR;

// Lowers a small workload the way a run does, without constant data.
void lower_small(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  // The lowering fuzzed here is the transforms'.
  if (kernel_info(w.kernel).family != KernelFamily::kNtt) return;
  if (w.n * w.limbs * static_cast<uint64_t>(w.batch) > (1u << 14)) return;
  try {
    (void)lower_workload(cfg, false);
  } catch (const LoweringError&) {
  }
}

// Points of a fuzzed sweep are lowered only when their workload is small (the lowering of a big
// one is correct but slow): no sequences or bootstrapping, matmuls of at most 2^18 MACs, HE kernels
// of at most 2^12 words of limbs.
bool small_workload(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  switch (kernel_info(w.kernel).family) {
    case KernelFamily::kGemm:
      return uint64_t{w.gemm.m} * w.gemm.n * w.gemm.k <= (1u << 18);
    case KernelFamily::kBatMatmul:
      return uint64_t{w.bat_matmul.m} * w.bat_matmul.n * w.bat_matmul.k <= (1u << 18);
    default:
      break;
  }
  const KernelInfo& kernel = kernel_info(w.kernel);
  if (w.kernel == Kernel::kSequence || w.kernel == Kernel::kBootstrap) return false;
  if (kernel.family == KernelFamily::kCkks && !kernel.sequence_step) return false;
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
