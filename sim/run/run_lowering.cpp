// Dispatches a workload's kernel to its lowering (plain C++ in workloads/) with the chip's limits.
#include <fmt/format.h>

#include "models/mxu/mxu_cost.hpp"
#include "sim/engine/chip_memory.hpp"
#include "sim/run/run.hpp"
#include "workloads/kernels/kernel_lowering.hpp"

namespace hesa {

namespace {

// The workload key that asked for int8 matmuls: the kernel's own, or the mapping knob whose
// lowering puts them on the MXU.
std::string int8_key(const WorkloadConfig& w, const std::string& tag) {
  if (w.kernel == Kernel::kGemm) return "gemm.mode";
  if (w.kernel == Kernel::kBatMatmul) return "kernel";
  if (w.mapping.reduction == Reduction::kBatLazy) return "mapping.reduction";
  if (w.mapping.constant_mul == ConstantMul::kBat) return "mapping.constant_mul";
  if (tag.find("bconv") != std::string::npos) return "mapping.bconv";
  return "mapping.ntt";
}

// A chip whose MXU has no int8 rate (mxu.int8_macs_per_pe_cycle: 0) cannot run int8 matmuls.
void check_int8(const RunConfig& cfg, const Trace& trace) {
  if (cfg.chip.mxu.int8_macs_per_pe_cycle > 0) return;
  for (const Instr& in : trace.instrs) {
    if (opcode_unit(in.op) != UnitKind::kMxu || !matmul_is_int8(in)) continue;
    const std::string& tag = in.tag < trace.tags.size() ? trace.tags[in.tag] : std::string();
    throw LoweringError(
        int8_key(cfg.workload, tag),
        fmt::format("{} has no int8 matmuls (mxu.int8_macs_per_pe_cycle: 0) and this mapping "
                    "lowers {} to one; use ntt: radix2, bconv: vpu, constant_mul: vpu and a "
                    "VPU reduction, or give the chip an int8 rate",
                    cfg.chip.name, tag.empty() ? "a step" : tag));
  }
}

}  // namespace

Trace lower_workload(const RunConfig& cfg, bool with_constants) {
  Trace trace = lower_kernel(cfg.workload, lowering_target(cfg), with_constants);
  check_int8(cfg, trace);
  return trace;
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
    // Buffers that do not fit the chip's (each chip's) memories.
    if (cfg.chips == 1) {
      (void)allocate_memory(trace, cfg.chip);
    } else {
      (void)allocate_slice_memory(trace, cfg.chip, cfg.chips);
    }
    return trace;
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  } catch (const MemoryError& e) {
    throw ConfigError(fmt::format("{}: {}: {}", cfg.chip_file, e.key(), e.what()));
  }
}

}  // namespace hesa
