#include "trace/trace_counts.hpp"

namespace hesa {

TransformCount transforms_of(const Instr& in, const std::string& step) {
  TransformCount c;
  if (in.n == 0) return c;
  const uint64_t limbs = in.m / in.n;
  switch (in.op) {
    case Opcode::kModMulVec:
    case Opcode::kMulBytes:   // BAT-lazy product: its fold and reduce carry other steps
    case Opcode::kBatMulVec:  // BAT product: likewise
      if (step == "twiddle") c.ntts = limbs;
      if (step == "twiddle_inverse") c.intts = limbs;
      break;
    case Opcode::kNttStage:  // radix 2: the first stage has one block
      if (in.k == 1) c.ntts = limbs;
      break;
    case Opcode::kInttStage:  // the last stage has one block
      if (in.k == 1) c.intts = limbs;
      break;
    default:
      break;
  }
  return c;
}

}  // namespace hesa
