#include "workloads/kernels/kernel_lowering.hpp"

#include <fmt/format.h>

#include "trace/trace_builder.hpp"
#include "workloads/kernels/trace_concat.hpp"
#include "workloads/kernels/transfer_attribution.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/lowering/bootstrap_schedule.hpp"
#include "workloads/lowering/gemm_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/mapping/mapping_checks.hpp"

namespace hesa {

namespace {

Trace lower_ntt_workload(const WorkloadConfig& w, const LoweringTarget& t, bool with_constants) {
  NttParams p;
  p.n = w.n;
  p.primes.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  // The roots only set constant values (timing runs: zeros, never read).
  p.psi = with_constants ? ntt_roots(w) : std::vector<uint64_t>(w.primes.size(), 0);
  p.psi.resize(size_t(w.limbs));
  p.batch = w.batch;
  p.inverse = w.kernel == Kernel::kIntt;
  p.reduction = w.mapping.reduction;
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.radix2 = w.mapping.ntt == NttAlgorithm::kRadix2;
  p.bat_constants = w.mapping.constant_mul == ConstantMul::kBat;
  p.ntt_steps = w.mapping.ntt_steps;
  p.cores = t.tensorcores;
  p.split = resolve_core_split(w, t);
  p.chunk_items = w.mapping.chunk_items;
  return lower_ntt(p, t.limits, with_constants).trace;
}

Trace lower_gemm_workload(const WorkloadConfig& w, const LoweringTarget& t) {
  const GemmConfig& g = w.gemm;
  if (resolve_core_split(w, t) == CoreSplit::kLimbs) {
    throw LoweringError("mapping.core_split", "gemm has no limbs (use batch or none)");
  }
  GemmParams p;
  p.m = g.m;
  p.n = g.n;
  p.k = g.k;
  p.int8 = g.mode == "int8";
  p.cores = resolve_core_split(w, t) == CoreSplit::kBatch ? t.tensorcores : 1;
  p.array_cols = t.mxu_cols;
  return lower_gemm(p, t.limits);
}

Trace lower_bconv_workload(const WorkloadConfig& w, const LoweringTarget& t, bool with_constants) {
  BconvParams p;
  p.n = w.n;
  p.from.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.to.assign(w.primes.begin() + w.limbs, w.primes.end());
  p.batch = w.batch;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.reduction = w.mapping.reduction;
  p.bat_constants = w.mapping.constant_mul == ConstantMul::kBat;
  p.on_vpu = w.mapping.bconv == BconvUnit::kVpu;
  p.cores = t.tensorcores;
  p.split = resolve_core_split(w, t);
  p.vreg_rows = t.vreg_rows;
  return lower_bconv(p, t.limits, with_constants).trace;
}

Trace lower_elementwise_workload(const WorkloadConfig& w, const LoweringTarget& t,
                                 bool with_constants) {
  ElementwiseParams p;
  p.kernel = elementwise_kernel(w.kernel);
  p.n = w.n;
  p.primes.assign(w.primes.begin(), w.primes.begin() + w.limbs);
  p.batch = w.batch;
  p.reduction = w.mapping.reduction;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.bat_constants = w.mapping.constant_mul == ConstantMul::kBat;
  p.cores = t.tensorcores;
  p.split = resolve_core_split(w, t);
  p.chunk_items = w.mapping.chunk_items;
  p.cols = w.mapping.layout_cols;
  return lower_elementwise(p, t.limits, with_constants).trace;
}

}  // namespace

CoreSplit resolve_core_split(const WorkloadConfig& w, const LoweringTarget& t) {
  if (w.mapping.core_split_given || t.tensorcores <= 1) return w.mapping.core_split;
  switch (kernel_info(w.kernel).family) {
    case KernelFamily::kGemm:
    case KernelFamily::kBatMatmul:
      return CoreSplit::kBatch;  // tiles over the cores; they have no limbs
    default:
      return w.limbs >= t.tensorcores ? CoreSplit::kLimbs : CoreSplit::kBatch;
  }
}

ElementwiseKernel elementwise_kernel(Kernel kernel) {
  if (kernel == Kernel::kVecModAdd) return ElementwiseKernel::kVecModAdd;
  if (kernel == Kernel::kHeAdd) return ElementwiseKernel::kHeAdd;
  if (kernel == Kernel::kPMult) return ElementwiseKernel::kPMult;
  return ElementwiseKernel::kVecModMul;
}

CkksParams ckks_params(const WorkloadConfig& w, const LoweringTarget& t) {
  CkksParams p;
  p.kernel = kernel_name(w.kernel);
  p.n = w.n;
  p.limbs = w.limbs;
  p.special = w.special_limbs;
  p.dnum = w.dnum;
  p.primes = w.primes;
  p.psi = w.psi.empty() ? std::vector<uint64_t>(w.primes.size(), 0) : w.psi;  // ntt_roots: values
  p.batch = w.batch;
  p.reduction = w.mapping.reduction;
  p.rows = w.mapping.layout_rows;
  p.cols = w.mapping.layout_cols;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.radix2 = w.mapping.ntt == NttAlgorithm::kRadix2;
  p.bat_constants = w.mapping.constant_mul == ConstantMul::kBat;
  p.bconv_on_vpu = w.mapping.bconv == BconvUnit::kVpu;
  p.ntt_steps = w.mapping.ntt_steps;
  p.cores = t.tensorcores;
  p.split = resolve_core_split(w, t);
  p.vreg_rows = t.vreg_rows;
  p.chips = t.chips > 1 && w.mapping.shard == Shard::kLimbs ? t.chips : 1;
  if (p.chips > 1) p.ring = t.ring;
  p.rotations = w.rotations;
  p.rescale = w.mapping.rescale;
  p.digits = w.mapping.key_switch_digits;
  p.inner_product = w.mapping.inner_product;
  p.automorphism = w.mapping.automorphism;
  p.limb_take = w.mapping.limb_take;
  p.fusion = w.mapping.fusion;
  if (w.kernel == Kernel::kBootstrap) p.steps = bootstrap_schedule(w.bootstrap, w.n, w.limbs).steps;
  for (const SequenceStepConfig& s : w.sequence) {
    if (s.kernel != Kernel::kBootstrap) {
      p.steps.push_back({kernel_name(s.kernel), s.level, s.count, s.rotations, s.phase});
      continue;
    }
    // A bootstrap of a sequence: its schedule's steps, `count` times, under the step's phase
    // (else the schedule's own phases).
    const std::vector<CkksStep> boot = bootstrap_schedule(w.bootstrap, w.n, w.limbs).steps;
    for (int i = 0; i < s.count; ++i) {
      for (CkksStep b : boot) {
        if (!s.phase.empty()) b.phase = s.phase;
        p.steps.push_back(std::move(b));
      }
    }
  }
  return p;
}

BatMatmulLowering lower_bat_matmul_workload(const WorkloadConfig& w, const LoweringTarget& t,
                                            bool with_constants) {
  if (resolve_core_split(w, t) == CoreSplit::kLimbs) {
    throw LoweringError("mapping.core_split", "bat_matmul has no limbs (use batch or none)");
  }
  BatMatmulParams p;
  p.m = w.bat_matmul.m;
  p.n = w.bat_matmul.n;
  p.k = w.bat_matmul.k;
  p.q = w.bat_matmul.q;
  p.cores = resolve_core_split(w, t) == CoreSplit::kBatch ? t.tensorcores : 1;
  p.prefetch_depth = w.mapping.prefetch_depth;
  p.arrays = t.mxu_count;
  return lower_bat_matmul(p, t.limits, with_constants);
}

namespace {

Trace lower_family(const WorkloadConfig& w, const LoweringTarget& t, bool with_constants) {
  switch (kernel_info(w.kernel).family) {
    case KernelFamily::kGemm:
      return lower_gemm_workload(w, t);
    case KernelFamily::kBatMatmul:
      return lower_bat_matmul_workload(w, t, with_constants).trace;
    case KernelFamily::kNtt:
      check_ntt_step_knobs(w.mapping);
      return lower_ntt_workload(w, t, with_constants);
    case KernelFamily::kCkks: {
      check_ntt_step_knobs(w.mapping);
      CkksParams p = ckks_params(w, t);
      if (with_constants) p.psi = ntt_roots(w);
      return lower_ckks(p, t.limits, with_constants).trace;
    }
    case KernelFamily::kBconv:
      return lower_bconv_workload(w, t, with_constants);
    case KernelFamily::kElementwise:
      return lower_elementwise_workload(w, t, with_constants);
    case KernelFamily::kTrace:
      break;
  }
  throw LoweringError("kernel", "a replayed trace has no lowering");
}

// The key that makes a workload's trace long: its rotations, its steps, else its batch or limbs.
std::string size_key(const WorkloadConfig& w) {
  if (w.kernel == Kernel::kHeRotate) return "rotations";
  if (w.kernel == Kernel::kSequence) return "sequence";
  if (w.kernel == Kernel::kBootstrap) return "scheme.limbs";
  if (kernel_info(w.kernel).family == KernelFamily::kGemm) return "gemm";
  if (kernel_info(w.kernel).family == KernelFamily::kBatMatmul) return "bat_matmul";
  return w.batch > 1 ? "batch" : "scheme.limbs";
}

}  // namespace

// A slice: sharded by limbs, one trace whose chips exchange limbs (CKKS kernels, whose basis
// conversions and lifts say where); by batch, each chip's own batch items lowered as on one chip,
// the chips' programs side by side (the first batch % chips chips one item more).
Trace lower_slice(const WorkloadConfig& w, const LoweringTarget& t, bool with_constants) {
  if (w.mapping.shard == Shard::kLimbs) {
    if (kernel_info(w.kernel).family != KernelFamily::kCkks) {
      throw LoweringError("mapping.shard",
                          fmt::format("limbs: {} has no basis conversion to share limbs over a "
                                      "slice; shard it by batch",
                                      kernel_name(w.kernel)));
    }
    return lower_family(w, t, with_constants);
  }
  LoweringTarget one = t;
  one.chips = 1;
  Trace trace;
  int first = 0;
  for (int chip = 0; chip < t.chips; ++chip) {
    const int items = w.batch / t.chips + (chip < w.batch % t.chips ? 1 : 0);
    if (items == 0) break;  // the later chips idle
    WorkloadConfig mine = w;
    mine.batch = items;
    append_trace(trace, lower_family(mine, one, with_constants), chip * t.tensorcores, first);
    first += items;
    const uint64_t max = t.limits.max_instructions;
    if (max > 0 && trace.instrs.size() > max) throw TraceLimitError(max);
  }
  return trace;
}

Trace lower_kernel(const WorkloadConfig& w, const LoweringTarget& t, bool with_constants) {
  const InstructionBudget budget(t.limits.max_instructions);
  try {
    Trace trace =
        t.chips > 1 ? lower_slice(w, t, with_constants) : lower_family(w, t, with_constants);
    attribute_transfers(trace);
    return trace;
  } catch (const TraceLimitError& e) {
    throw LoweringError(size_key(w), too_many_instructions_message(e.limit()));
  }
}

}  // namespace hesa
