// Dispatches a workload's kernel to its lowering (plain C++ in workloads/) with the chip's limits.
#include <fmt/format.h>

#include "sim/engine/chip_memory.hpp"
#include "sim/run/run.hpp"
#include "workloads/lowering/bat_matmul_lowering.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/lowering/ckks_lowering.hpp"
#include "workloads/lowering/elementwise_lowering.hpp"
#include "workloads/lowering/gemm_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

namespace {

Reduction parse_reduction(const std::string& name) {
  if (name == "montgomery") return Reduction::kMontgomery;
  if (name == "shoup") return Reduction::kShoup;
  if (name == "bat_lazy") return Reduction::kBatLazy;
  return Reduction::kBarrett;
}

CoreSplit parse_split(const std::string& name) {
  if (name == "limbs") return CoreSplit::kLimbs;
  if (name == "batch") return CoreSplit::kBatch;
  return CoreSplit::kNone;
}

Trace lower_ntt_workload(const RunConfig& cfg, const LoweringLimits& limits, bool with_constants) {
  const WorkloadConfig& w = cfg.workload;
  NttParams p;
  p.n = w.n;
  p.primes.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.psi.assign(w.psi.begin(), w.psi.begin() + w.limbs);
  p.batch = w.batch;
  p.inverse = w.kernel == "intt";
  p.reduction = parse_reduction(w.mapping.reduction);
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.radix2 = w.mapping.ntt == "radix2";
  p.bat_constants = w.mapping.constant_mul == "bat";
  p.cores = cfg.chip.tensorcores;
  p.split = parse_split(w.mapping.core_split);
  return lower_ntt(p, limits, with_constants).trace;
}

Trace lower_gemm_workload(const RunConfig& cfg, const LoweringLimits& limits) {
  const GemmConfig& g = cfg.workload.gemm;
  if (cfg.workload.mapping.core_split != "none") {
    throw LoweringError("mapping.core_split",
                        "gemm runs on one TensorCore (spread it with gemm.arrays)");
  }
  if (g.arrays > cfg.chip.mxu.count) {
    throw LoweringError("gemm.arrays", fmt::format("{} arrays asked, a TensorCore has {}", g.arrays,
                                                   cfg.chip.mxu.count));
  }
  GemmParams p;
  p.m = g.m;
  p.n = g.n;
  p.k = g.k;
  p.int8 = g.mode == "int8";
  p.arrays = g.arrays > 0 ? g.arrays : cfg.chip.mxu.count;
  p.array_cols = static_cast<uint32_t>(cfg.chip.mxu.cols);
  return lower_gemm(p, limits);
}

Trace lower_bconv_workload(const RunConfig& cfg, const LoweringLimits& limits,
                           bool with_constants) {
  const WorkloadConfig& w = cfg.workload;
  BconvParams p;
  p.n = w.n;
  p.from.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.to.assign(w.primes.begin() + w.limbs, w.primes.end());
  p.batch = w.batch;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.reduction = parse_reduction(w.mapping.reduction);
  p.bat_constants = w.mapping.constant_mul == "bat";
  p.on_vpu = w.mapping.bconv == "vpu";
  p.cores = cfg.chip.tensorcores;
  p.split = parse_split(w.mapping.core_split);
  return lower_bconv(p, limits, with_constants).trace;
}

Trace lower_elementwise_workload(const RunConfig& cfg, const LoweringLimits& limits,
                                 bool with_constants) {
  const WorkloadConfig& w = cfg.workload;
  ElementwiseParams p;
  p.kernel = elementwise_kernel(w.kernel);
  p.n = w.n;
  p.primes.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.batch = w.batch;
  p.reduction = parse_reduction(w.mapping.reduction);
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.bat_constants = w.mapping.constant_mul == "bat";
  p.cores = cfg.chip.tensorcores;
  p.split = parse_split(w.mapping.core_split);
  return lower_elementwise(p, limits, with_constants).trace;
}

}  // namespace

ElementwiseKernel elementwise_kernel(const std::string& name) {
  if (name == "vec_mod_add") return ElementwiseKernel::kVecModAdd;
  if (name == "he_add") return ElementwiseKernel::kHeAdd;
  if (name == "pmult") return ElementwiseKernel::kPMult;
  return ElementwiseKernel::kVecModMul;
}

CkksParams ckks_params(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  CkksParams p;
  p.kernel = w.kernel;
  p.n = w.n;
  p.limbs = w.limbs;
  p.special = w.special_limbs;
  p.dnum = w.dnum;
  p.primes = w.primes;
  p.psi = w.psi;
  p.batch = w.batch;
  p.reduction = parse_reduction(w.mapping.reduction);
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.radix2 = w.mapping.ntt == "radix2";
  p.bat_constants = w.mapping.constant_mul == "bat";
  p.bconv_on_vpu = w.mapping.bconv == "vpu";
  p.cores = cfg.chip.tensorcores;
  p.split = parse_split(w.mapping.core_split);
  p.rotations = w.rotations;
  if (w.kernel == "bootstrap") p.steps = bootstrap_steps(w.limbs);
  for (const SequenceStepConfig& s : w.sequence) {
    p.steps.push_back({s.kernel, s.level, s.count, s.rotations});
  }
  return p;
}

BatMatmulLowering lower_bat_matmul_workload(const RunConfig& cfg, bool with_constants) {
  const WorkloadConfig& w = cfg.workload;
  if (w.mapping.core_split == "limbs") {
    throw LoweringError("mapping.core_split", "bat_matmul has no limbs (use batch or none)");
  }
  BatMatmulParams p;
  p.m = w.bat_matmul.m;
  p.n = w.bat_matmul.n;
  p.k = w.bat_matmul.k;
  p.q = w.bat_matmul.q;
  p.cores = w.mapping.core_split == "batch" ? cfg.chip.tensorcores : 1;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.arrays = cfg.chip.mxu.count;
  const LoweringLimits limits{cfg.chip.vmem.size_bytes, cfg.chip.hbm.capacity_bytes};
  return lower_bat_matmul(p, limits, with_constants);
}

Trace lower_workload(const RunConfig& cfg, bool with_constants) {
  const LoweringLimits limits{cfg.chip.vmem.size_bytes, cfg.chip.hbm.capacity_bytes};
  const std::string& kernel = cfg.workload.kernel;
  if (kernel == "gemm") return lower_gemm_workload(cfg, limits);
  if (kernel == "bat_matmul") return lower_bat_matmul_workload(cfg, with_constants).trace;
  if (kernel == "ntt" || kernel == "intt") return lower_ntt_workload(cfg, limits, with_constants);
  if (is_ckks_kernel(kernel)) return lower_ckks(ckks_params(cfg), limits, with_constants).trace;
  if (kernel == "bconv") return lower_bconv_workload(cfg, limits, with_constants);
  return lower_elementwise_workload(cfg, limits, with_constants);
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
