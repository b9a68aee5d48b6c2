#include "sim/run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <systemc>

#include "sim/chip.hpp"
#include "sim/run_functional.hpp"
#include "sim/run_stats.hpp"
#include "workloads/bconv_lowering.hpp"
#include "workloads/ckks_lowering.hpp"
#include "workloads/elementwise_lowering.hpp"
#include "workloads/ntt_lowering.hpp"

namespace hesa {

namespace {

Reduction parse_reduction(const std::string& name) {
  if (name == "montgomery") return Reduction::kMontgomery;
  if (name == "shoup") return Reduction::kShoup;
  if (name == "bat_lazy") return Reduction::kBatLazy;
  return Reduction::kBarrett;
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
  return p;
}

Trace lower_workload(const RunConfig& cfg, bool with_constants) {
  const WorkloadConfig& w = cfg.workload;
  const LoweringLimits limits{cfg.chip.vmem.size_bytes, cfg.chip.hbm.capacity_bytes};
  const std::vector<uint64_t> q(w.primes.begin(), w.primes.begin() + w.limbs);
  const Reduction reduction = parse_reduction(w.mapping.reduction);
  if (w.kernel == "ntt" || w.kernel == "intt") {
    NttParams p;
    p.n = w.n;
    p.primes = q;
    p.psi.assign(w.psi.begin(), w.psi.begin() + w.limbs);
    p.batch = w.batch;
    p.inverse = w.kernel == "intt";
    p.reduction = reduction;
    p.rows = w.mapping.layout_rows;
    p.cols = w.mapping.layout_cols;
    p.prefetch_depth = w.mapping.prefetch_depth;
    p.radix2 = w.mapping.ntt == "radix2";
    return lower_ntt(p, limits, with_constants).trace;
  }
  if (is_ckks_kernel(w.kernel)) return lower_ckks(ckks_params(cfg), limits, with_constants).trace;
  if (w.kernel == "bconv") {
    BconvParams p;
    p.n = w.n;
    p.from = q;
    p.to.assign(w.primes.begin() + w.limbs, w.primes.end());
    p.batch = w.batch;
    p.prefetch_depth = w.mapping.prefetch_depth;
    p.reduction = reduction;
    return lower_bconv(p, limits, with_constants).trace;
  }
  ElementwiseParams p;
  p.kernel = elementwise_kernel(w.kernel);
  p.n = w.n;
  p.primes = q;
  p.batch = w.batch;
  p.reduction = reduction;
  p.prefetch_depth = w.mapping.prefetch_depth;
  return lower_elementwise(p, limits, with_constants).trace;
}

RunOutcome run_simulation(const RunConfig& cfg, const RunOptions& options) {
  RunOutcome out;
  const auto t0 = std::chrono::steady_clock::now();
  const Trace trace = lower_workload(cfg, options.functional);
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* chip = new Chip("chip", cfg.chip, trace, false);  // lives until the process ends
  sc_core::sc_start();
  const double time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  if (chip->sequencer.completed() != trace.instrs.size()) {
    throw std::runtime_error(fmt::format("simulation stalled after {} of {} instructions",
                                         chip->sequencer.completed(), trace.instrs.size()));
  }
  if (options.functional) out.functional = run_functional(cfg, trace, options);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const RunStats stats = collect_stats(cfg, trace, *chip, time_ns);
  out.stats = stats.json;
  out.csv = stats.csv;
  out.table = stats.table;
  return out;
}

}  // namespace hesa
