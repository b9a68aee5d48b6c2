// Dispatches a workload's kernel to its lowering (plain C++ in workloads/) with the chip's limits.
#include <fmt/format.h>

#include "sim/run.hpp"
#include "workloads/bat_matmul_lowering.hpp"
#include "workloads/gemm_lowering.hpp"
#include "workloads/ntt_lowering.hpp"

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
  p.primes = w.primes;
  p.psi = w.psi;
  p.batch = w.batch;
  p.inverse = w.kernel == "intt";
  p.reduction = parse_reduction(w.mapping.reduction);
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
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

}  // namespace

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
  return lower_ntt_workload(cfg, limits, with_constants);
}

Trace lower_workload_checked(const RunConfig& cfg, bool with_constants) {
  try {
    return lower_workload(cfg, with_constants);
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  }
}

}  // namespace hesa
