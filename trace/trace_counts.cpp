#include "trace/trace_counts.hpp"

#include <algorithm>

#include "trace/trace_tags.hpp"

namespace hesa {

LimbCounts& LimbCounts::operator+=(const LimbCounts& o) {
  ntts += o.ntts;
  intts += o.intts;
  automorphisms += o.automorphisms;
  bconv += o.bconv;
  modmul += o.modmul;
  modadd += o.modadd;
  return *this;
}

LimbCounts limb_counts(const Instr& in, std::string_view step, uint64_t n) {
  LimbCounts c;
  const double per_limb = n ? 1.0 / double(n) : 0.0;
  switch (in.op) {
    // A BAT-lazy product starts with its bytes, a BAT product with its MXU part; their folds and
    // reductions carry other steps.
    case Opcode::kModMulVec:
    case Opcode::kMulBytes:
    case Opcode::kBatMulVec:
      if (step == "twiddle" && in.n) c.ntts = in.m / in.n;
      if (step == "twiddle_inverse" && in.n) c.intts = in.m / in.n;
      if (step == "modmul") c.modmul = in.m * per_limb;
      if (step == "modmul_hat") c.bconv = in.m * per_limb;  // one (source, target) pair
      break;
    case Opcode::kMulWideVec:  // a lazy sum of products: each product, reduced with the sum
    case Opcode::kMacWideVec:
      if (step == "modmul") c.modmul = in.m * per_limb;
      break;
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
      if (step == "modadd" || step == "modsub" || step == "reduce") c.modadd = in.m * per_limb;
      break;
    case Opcode::kMatmulU8:  // [4 targets x 4 sources] bytes per column
      if (step == "bconv_matmul") c.bconv = double(in.m / 4) * (in.k / 4) * in.n * per_limb;
      break;
    case Opcode::kPermute:
      c.automorphisms = in.m;
      break;
    case Opcode::kNttStage:  // radix 2: the first stage has one block
      if (in.k == 1 && in.n) c.ntts = in.m / in.n;
      break;
    case Opcode::kInttStage:  // the last stage has one block
      if (in.k == 1 && in.n) c.intts = in.m / in.n;
      break;
    default:
      break;
  }
  return c;
}

uint64_t ring_degree_of(const Trace& trace) {
  uint64_t n = 0;
  for (const Instr& in : trace.instrs) {
    const bool ring = in.op == Opcode::kPermute || in.op == Opcode::kNttStage ||
                      in.op == Opcode::kInttStage ||
                      ((in.op == Opcode::kModMulVec || in.op == Opcode::kMulBytes ||
                        in.op == Opcode::kBatMulVec) &&
                       split_tag(trace.tags[in.tag]).step.starts_with("twiddle"));
    if (ring) n = std::max<uint64_t>(n, in.n);
  }
  return n;
}

}  // namespace hesa
