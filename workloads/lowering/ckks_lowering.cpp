#include "workloads/lowering/ckks_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "workloads/emitters/poly_emitter.hpp"
#include "workloads/lowering/ckks_kernels.hpp"

namespace hesa {

bool is_ckks_kernel(const std::string& k) {
  return k == "mod_up" || k == "mod_down" || k == "key_switch" || k == "rescale" ||
         k == "he_mult" || k == "he_rotate" || k == "const_mult" || k == "const_add" ||
         k == "sequence" || k == "bootstrap";
}

bool is_sequence_step_kernel(const std::string& k) {
  return k == "he_add" || k == "pmult" || k == "ntt" || k == "intt" ||
         (is_ckks_kernel(k) && k != "sequence" && k != "bootstrap");
}

namespace {

// Steps that only bootstrapping emits (bootstrap_schedule.hpp), not nameable in a sequence.
bool is_bootstrap_step_kernel(const std::string& k) {
  return k == "mod_raise" || k == "linear_transform" || k == "conjugate" || k == "const_mult" ||
         k == "const_add";
}

void check_step(const CkksParams& p, const CkksStep& step) {
  if (!is_sequence_step_kernel(step.kernel) && !is_bootstrap_step_kernel(step.kernel)) {
    throw LoweringError("sequence", fmt::format("{} is not a kernel of a sequence", step.kernel));
  }
  const bool drops = step.kernel == "rescale" || step.kernel == "he_mult";
  if (step.level < (drops ? 2 : 1) || step.level > p.limbs) {
    throw LoweringError("sequence", fmt::format("{} at level {}: levels run from {} to "
                                                "scheme.limbs = {}",
                                                step.kernel, step.level, drops ? 2 : 1, p.limbs));
  }
}

// One kernel at its level on fresh inputs; with `io` its inputs and outputs are the trace's.
void emit_kernel(PolyEmitter& e, CkksKernels& k, const CkksParams& p, const CkksStep& step,
                 bool io) {
  const std::string& kernel = step.kernel;
  const int level = step.level;
  const std::vector<int> q = k.q_primes(level);
  const auto input = [&](const char* name, const std::vector<int>& primes, int operand, int poly) {
    return io ? e.input(name, primes, operand, poly) : e.alloc(name, primes);
  };
  const auto pair = [](std::pair<Poly, Poly> c) { return std::vector<Poly>{c.first, c.second}; };
  std::vector<Poly> out;
  if (kernel == "mod_up") {
    out = k.mod_up(input("d", q, 0, 0), level);
  } else if (kernel == "mod_down") {
    std::vector<int> all = q;
    for (int pr : k.p_primes()) all.push_back(pr);
    out = {k.mod_down(input("x", all, 0, 0), level)};
  } else if (kernel == "key_switch") {
    out = pair(k.key_switch(input("d", q, 0, 0), level));
  } else if (kernel == "rescale") {
    out = {k.rescale(input("x", q, 0, 0), level)};
  } else if (kernel == "ntt" || kernel == "intt") {
    out = {e.ntt(input("x", q, 0, 0), kernel == "intt", kernel)};
  } else if (kernel == "he_add") {
    for (int poly = 0; poly < 2; ++poly) {
      out.push_back(e.add(input("a", q, 0, poly), input("b", q, 1, poly), "he_add/modadd"));
    }
  } else if (kernel == "pmult") {
    const Poly pt = input("pt", q, 1, 0);
    for (int poly = 0; poly < 2; ++poly)
      out.push_back(e.mul(input("a", q, 0, poly), pt, "pmult/modmul"));
  } else if (kernel == "he_mult") {
    Poly a0 = input("a", q, 0, 0), a1 = input("a", q, 0, 1);
    Poly b0 = input("b", q, 1, 0), b1 = input("b", q, 1, 1);
    const bool before = p.rescale == RescaleOrder::kBefore;
    const int at = before ? level - 1 : level;  // the level of the product
    if (before) {  // CROSS: both inputs rescaled, the product made at the level below
      a0 = k.rescale(a0, level), a1 = k.rescale(a1, level);
      b0 = k.rescale(b0, level), b1 = k.rescale(b1, level);
    }
    const Poly d0 = e.mul(a0, b0, "he_mult/modmul");
    const Poly d1 =
        e.add(e.mul(a0, b1, "he_mult/modmul"), e.mul(a1, b0, "he_mult/modmul"), "he_mult/modadd");
    const Poly d2 = e.mul(a1, b1, "he_mult/modmul");
    auto [k0, k1] = k.key_switch(d2, at);
    const Poly c0 = e.add(d0, k0, "he_mult/modadd"), c1 = e.add(d1, k1, "he_mult/modadd");
    out = before ? std::vector<Poly>{c0, c1}
                 : std::vector<Poly>{k.rescale(c0, level), k.rescale(c1, level)};
  } else if (kernel == "he_rotate" || kernel == "conjugate") {
    const Poly a0 = input("a", q, 0, 0), a1 = input("a", q, 0, 1);
    std::vector<uint32_t> galois;
    if (kernel == "conjugate") galois = {static_cast<uint32_t>(2 * p.n - 1)};  // X -> X^(2n-1)
    for (int r : kernel == "he_rotate" ? step.rotations : std::vector<int>{})
      galois.push_back(rotation_galois(r, p.n));
    for (auto& c : k.rotate(a0, a1, level, galois)) {
      out.push_back(c.first);
      out.push_back(c.second);
    }
  } else if (kernel == "mod_raise") {
    const Poly a0 = input("a", {0}, 0, 0), a1 = input("a", {0}, 0, 1);
    out = pair(k.mod_raise(a0, a1, level));
  } else if (kernel == "linear_transform") {
    const Poly a0 = input("a", q, 0, 0), a1 = input("a", q, 0, 1);
    out = pair(k.linear_transform(a0, a1, level, step.rotations, step.giant, step.diagonals));
  } else if (kernel == "const_mult") {  // a ciphertext times a constant (one scalar per limb)
    for (int poly = 0; poly < 2; ++poly) {
      out.push_back(e.mul_scalars(input("a", q, 0, poly), std::vector<uint64_t>(level, 3),
                                  "const_mult/modmul"));
    }
  } else {  // const_add: a constant added to the first polynomial
    out = {e.add_scalars(input("a", q, 0, 0), std::vector<uint64_t>(level, 3), "const_add/modadd")};
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (io) {
      e.output(out[i], static_cast<int>(i));
    } else {
      e.materialize(out[i]);  // a sequence step's results are computed, then not read
    }
  }
}

PolyContext context_of(const CkksParams& p, bool with_constants) {
  auto [rows, cols] = p.rows ? std::pair{p.rows, p.cols} : default_ntt_layout(p.n);
  const int alpha = (p.limbs + p.dnum - 1) / p.dnum;
  return PolyContext{p.n,
                     p.primes,
                     p.psi,
                     p.batch,
                     p.reduction,
                     rows,
                     cols,
                     p.prefetch_depth,
                     static_cast<uint64_t>(std::max(alpha, p.special)),
                     static_cast<uint64_t>(p.limbs + p.special),
                     with_constants,
                     p.radix2,
                     p.bat_constants,
                     p.bconv_on_vpu,
                     p.cores,
                     p.split,
                     p.inner_product == InnerProduct::kLazy && !p.bat_constants,
                     p.fusion == Fusion::kXla,
                     p.ntt_steps,
                     p.vreg_rows,
                     p.chips,
                     p.ring};
}

struct InstanceCost {
  uint64_t instrs = 0, hbm_bytes = 0;
};

// One instance of a step lowered alone, timing only; a rotation step with more than two
// rotations extrapolated from one and two (each further rotation adds the same steps).
InstanceCost instance_cost(const CkksParams& p, const LoweringLimits& lim, const CkksStep& step) {
  const auto lower = [&](const std::vector<int>& rots) {
    TraceBuilder b{TraceBuilder::CountOnly{}};  // counts: no instructions kept
    PolyEmitter e(b, context_of(p, false), lim.vmem_bytes);
    CkksKernels k(e, p);
    CkksStep one = step;
    one.rotations = rots;
    emit_kernel(e, k, p, one, false);
    return InstanceCost{b.size(), e.hbm_bytes()};
  };
  const std::vector<int>& rotations = step.rotations;
  if (step.kernel != "he_rotate" || rotations.size() <= 2) return lower(rotations);
  const InstanceCost one = lower({rotations[0]}), two = lower({rotations[0], rotations[1]});
  const uint64_t more = rotations.size() - 1;
  return {one.instrs + more * (two.instrs - std::min(two.instrs, one.instrs)),
          one.hbm_bytes + more * (two.hbm_bytes - std::min(two.hbm_bytes, one.hbm_bytes))};
}

// Refuses a workload whose trace would pass the instruction budget, or one of whose steps alone
// needs more HBM than the chip has, before lowering it: the estimate costs one instance of each
// distinct step, and blames the key that makes the trace long. Returns the estimate (0: none
// made, for a kernel of one step).
uint64_t check_size(const CkksParams& p, const LoweringLimits& lim) {
  const uint64_t max = lim.max_instructions;
  const bool steps = p.kernel == "sequence" || p.kernel == "bootstrap";
  if (!steps && !(p.kernel == "he_rotate" && p.rotations.size() > 2)) return 0;
  std::vector<CkksStep> list = steps ? p.steps : std::vector<CkksStep>{};
  if (!steps) list.push_back({.kernel = p.kernel, .level = p.limbs, .rotations = p.rotations});
  const auto key_of = [&](size_t i, const char* field) {
    if (p.kernel == "bootstrap") return std::string("scheme.limbs");
    if (!steps) return std::string("rotations");
    return fmt::format("sequence[{}].{}", i, field);
  };
  // Steps told apart by what they emit (a linear transform also by its giant steps and diagonals).
  using StepId = std::tuple<std::string, int, std::vector<int>, std::vector<int>, int>;
  const auto id_of = [](const CkksStep& s) {
    return StepId{s.kernel, s.level, s.rotations, s.giant, s.diagonals};
  };
  std::map<StepId, InstanceCost> seen;
  double total = 0, worst = -1;
  size_t worst_step = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const CkksStep& s = list[i];
    if (steps) check_step(p, s);
    const StepId id = id_of(s);
    auto it = seen.find(id);
    if (it == seen.end()) {
      InstanceCost cost;
      try {
        cost = instance_cost(p, lim, s);
      } catch (const TraceLimitError& e) {
        throw LoweringError(key_of(i, "level"),
                            fmt::format("{} at level {} alone lowers to more than {} instructions "
                                        "(raise the bound with --max-instructions)",
                                        s.kernel, s.level, e.limit()));
      }
      it = seen.emplace(id, cost).first;
    }
    const InstanceCost& c = it->second;
    if (c.hbm_bytes > lim.hbm_bytes) {
      throw LoweringError(key_of(i, "level"),
                          fmt::format("{} at level {} needs {} bytes of HBM, the chip has {} "
                                      "bytes (hbm.capacity_gib)",
                                      s.kernel, s.level, c.hbm_bytes, lim.hbm_bytes));
    }
    const double part = double(s.count) * double(c.instrs);
    total += part;
    if (part > worst) worst = part, worst_step = i;
  }
  if (max == 0 || total <= double(max)) return static_cast<uint64_t>(total);
  const CkksStep& s = list[worst_step];
  const uint64_t each = seen.at(id_of(s)).instrs;
  const std::string what =
      !steps
          ? fmt::format("{} rotations", s.rotations.size())
          : fmt::format("{} x {} at level {}{}, {} instructions each", s.count, s.kernel, s.level,
                        s.kernel == "he_rotate" && s.rotations.size() > 1
                            ? fmt::format(" with {} rotations", s.rotations.size())
                            : "",
                        each);
  throw LoweringError(key_of(worst_step, "count"),
                      fmt::format("the workload would lower to about {:.3g} instructions ({}), "
                                  "more than {} (raise the bound with --max-instructions)",
                                  total, what, max));
}

}  // namespace

NttLowering lower_ckks(const CkksParams& p, const LoweringLimits& lim, bool with_constants) {
  const int level = p.limbs;
  auto [rows, cols] = p.rows ? std::pair{p.rows, p.cols} : default_ntt_layout(p.n);
  if (p.kernel != "rescale" && p.special == 0) {
    throw LoweringError("scheme.special_limbs",
                        fmt::format("kernel {} needs special primes for key switching", p.kernel));
  }
  if ((p.kernel == "rescale" || p.kernel == "he_mult") && level < 2) {
    throw LoweringError("scheme.limbs",
                        fmt::format("kernel {} drops a limb: needs at least 2", p.kernel));
  }
  const uint64_t estimate = check_size(p, lim);
  TraceBuilder b;
  b.set_cols(cols);  // a limb is a rows x cols matrix in VMEM
  // The estimate counts every instance's instructions: the table is sized once.
  if (estimate > 0) {
    const size_t n = estimate + estimate / 16;
    b.trace().instrs.reserve(n, 4 * n);  // about 3 dependencies an instruction
  }
  PolyEmitter e(b, context_of(p, with_constants), lim.vmem_bytes);
  CkksKernels k(e, p);
  if (p.kernel == "sequence" || p.kernel == "bootstrap") {
    for (const CkksStep& step : p.steps) {
      check_step(p, step);
      b.set_phase(step.phase);
      for (int i = 0; i < step.count; ++i) {
        const size_t mark = e.mark();
        emit_kernel(e, k, p, step, false);
        e.release_since(mark);  // timing only: a step's results are not read again
      }
    }
    b.set_phase("");
  } else {
    emit_kernel(e, k, p, {.kernel = p.kernel, .level = level, .rotations = p.rotations}, true);
  }
  if (e.hbm_bytes() > lim.hbm_bytes) {
    throw LoweringError(
        "batch", p.chips == 1
                     ? fmt::format("kernel data and constants need {} bytes of HBM, the chip has "
                                   "{} bytes",
                                   e.hbm_bytes(), lim.hbm_bytes)
                     : fmt::format("kernel data and constants need {} bytes of HBM on the fullest "
                                   "of {} chips sharing the limbs, a chip has {} bytes",
                                   e.hbm_bytes(), p.chips, lim.hbm_bytes));
  }
  NttLowering out;
  out.rows = rows;
  out.cols = cols;
  out.items_per_chunk = p.batch;
  out.vmem_bytes_used = e.vmem_bytes();
  out.hbm_bytes_used = e.hbm_bytes();
  out.trace = b.take();
  return out;
}

}  // namespace hesa
