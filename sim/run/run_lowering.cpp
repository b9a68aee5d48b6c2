// Dispatches a workload's kernel to its lowering (plain C++ in workloads/) with the chip's limits.
#include <fmt/format.h>

#include "sim/engine/chip_memory.hpp"
#include "sim/run/run.hpp"
#include "workloads/kernels/kernel_lowering.hpp"

namespace hesa {

namespace {

LoweringTarget target_of(const ChipConfig& chip, uint64_t max_instructions) {
  LoweringTarget t;
  t.limits = {chip.vmem.size_bytes, chip.hbm.capacity_bytes, max_instructions};
  t.tensorcores = chip.tensorcores;
  t.mxu_count = chip.mxu.count;
  t.mxu_cols = static_cast<uint32_t>(chip.mxu.cols);
  return t;
}

}  // namespace

LoweringTarget lowering_target(const RunConfig& cfg) {
  return target_of(cfg.chip, cfg.max_instructions);
}

Trace lower_workload(const RunConfig& cfg, bool with_constants) {
  return lower_kernel(cfg.workload, target_of(cfg.chip, cfg.max_instructions), with_constants);
}

Trace lower_workload_settled(RunConfig& cfg, bool with_constants) {
  MappingConfig& m = cfg.workload.mapping;
  for (;;) {
    try {
      return lower_workload(cfg, with_constants);
    } catch (const LoweringError& e) {
      if (e.key() != "mapping.prefetch_depth" || m.prefetch_depth_given || m.prefetch_depth <= 1) {
        throw;
      }
      --m.prefetch_depth;
    }
  }
}

Trace lower_workload_checked(RunConfig& cfg, bool with_constants) {
  try {
    Trace trace = lower_workload_settled(cfg, with_constants);
    (void)allocate_memory(trace, cfg.chip);  // buffers that do not fit the chip's memories
    return trace;
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  } catch (const MemoryError& e) {
    throw ConfigError(fmt::format("{}: {}: {}", cfg.chip_file, e.key(), e.what()));
  }
}

}  // namespace hesa
