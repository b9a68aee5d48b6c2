#include "trace/vpu_op_mix.hpp"

namespace hesa {

const char* op_class_name(OpClass c) {
  static const char* names[kOpClasses] = {"add",   "sub", "mul",    "mulhi",  "shift",
                                          "logic", "cmp", "select", "convert"};
  return names[static_cast<int>(c)];
}

uint32_t OpMix::total() const {
  uint32_t t = 0;
  for (uint32_t c : count) t += c;
  return t;
}

OpMix& OpMix::operator+=(const OpMix& o) {
  for (int i = 0; i < kOpClasses; ++i) count[i] += o.count[i];
  return *this;
}

OpMix mul_wide_mix() {
  OpMix mix;
  mix[OpClass::kMul] = 1;    // low half
  mix[OpClass::kMulhi] = 1;  // high half
  return mix;
}

OpMix barrett_reduce_mix() {
  OpMix mix;
  mix[OpClass::kMulhi] += 1;  // (z1 * m) >> 32
  mix[OpClass::kMul] += 1;    // z2 * m, low half
  mix[OpClass::kMulhi] += 1;  // z2 * m, high half
  mix[OpClass::kAdd] += 2;    // u64 add: low, high
  mix[OpClass::kCmp] += 1;    // carry
  mix[OpClass::kShift] += 2;  // t = u64 >> (s - 32): low part, high part
  mix[OpClass::kLogic] += 1;  // join the two parts
  mix[OpClass::kMul] += 1;    // t * q (low half suffices: r < 3q)
  mix[OpClass::kSub] += 1;    // r = z - t*q
  mix[OpClass::kCmp] += 2;    // two conditional subtractions
  mix[OpClass::kSub] += 2;
  mix[OpClass::kSelect] += 2;
  return mix;
}

OpMix montgomery_reduce_mix() {
  OpMix mix;
  mix[OpClass::kMul] += 1;    // t = lo(z) * (-q^-1) mod 2^32
  mix[OpClass::kMulhi] += 1;  // hi(t * q)
  mix[OpClass::kMul] += 1;    // lo(t * q), for the carry out of the low half
  mix[OpClass::kAdd] += 2;    // hi(z) + hi(t * q) + carry
  mix[OpClass::kCmp] += 1;    // carry
  mix[OpClass::kCmp] += 1;    // conditional subtraction
  mix[OpClass::kSub] += 1;
  mix[OpClass::kSelect] += 1;
  return mix;
}

// One conditional subtraction of q.
static OpMix conditional_sub_mix() {
  OpMix mix;
  mix[OpClass::kCmp] += 1;
  mix[OpClass::kSub] += 1;
  mix[OpClass::kSelect] += 1;
  return mix;
}

OpMix montgomery_cross_reduce_mix(bool lazy) {
  OpMix mix;
  mix[OpClass::kMul] += 1;    // t = lo(z) * q^-1 mod 2^32
  mix[OpClass::kMulhi] += 1;  // hi(t * q); lo(t * q) = lo(z), so no carry to propagate
  mix[OpClass::kAdd] += 1;    // hi(z) + q
  mix[OpClass::kSub] += 1;    // - hi(t * q)
  if (!lazy) mix += conditional_sub_mix();
  return mix;
}

OpMix shoup_mul_mix(bool lazy) {
  OpMix mix;
  mix[OpClass::kMulhi] += 1;  // hi(x * w')
  mix[OpClass::kMul] += 2;    // w * x and hi * q, low halves
  mix[OpClass::kSub] += 1;
  if (!lazy) mix += conditional_sub_mix();
  return mix;
}

OpMix modmul_mix(Reduction r, bool lazy) {
  OpMix mix;
  switch (r) {
    case Reduction::kBarrett:
    case Reduction::kBatLazy:  // its reduction runs as mul_bytes + matmul + merge instead
      mix += mul_wide_mix();
      mix += barrett_reduce_mix();
      break;
    case Reduction::kMontgomery:
      mix += mul_wide_mix();
      mix += lazy ? montgomery_cross_reduce_mix(true) : montgomery_reduce_mix();
      break;
    case Reduction::kShoup:
      mix += shoup_mul_mix(lazy);
      break;
  }
  return mix;
}

// Shift-add of four i32 partial sums (bytes p = 0..3) into one u64.
static OpMix merge_partials_mix() {
  OpMix mix;
  mix[OpClass::kShift] += 6;  // p = 1..3: low and high halves of part << 8p
  mix[OpClass::kAdd] += 6;    // u64 adds
  mix[OpClass::kCmp] += 3;    // carries
  return mix;
}

OpMix merge_shoup_mix(bool lazy) {
  OpMix mix;
  // The values' sum S: only its low word reaches the u32 result, from partials 0..3.
  mix[OpClass::kShift] += 3;
  mix[OpClass::kAdd] += 3;
  // The companions' sum S' (its high word is the quotient): partials 1..3 are u64 adds of a
  // two-word shift, partial 4 adds to the high word, 5 and 6 shifted into it.
  mix[OpClass::kShift] += 6 + 2;
  mix[OpClass::kAdd] += 6 + 1 + 2;
  mix[OpClass::kCmp] += 3;  // carries of the low-word adds
  mix[OpClass::kMul] += 1;  // lo(hi(S') * q)
  mix[OpClass::kSub] += 1;  // S - that, low word
  if (!lazy) {              // the u32 result (below a few q) to [0, q): Barrett of one word
    mix[OpClass::kMulhi] += 1;
    mix[OpClass::kMul] += 1;
    mix[OpClass::kSub] += 1;
    mix += conditional_sub_mix();
  }
  return mix;
}

OpMix vpu_op_mix(const Instr& instr) {
  OpMix mix;
  switch (instr.op) {
    case Opcode::kModMulVec:
      mix += modmul_mix(instr.reduction, instr.lazy);
      break;
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
      mix[instr.op == Opcode::kModAddVec ? OpClass::kAdd : OpClass::kSub] += 1;
      mix[OpClass::kCmp] += 1;  // wrapped?
      mix[instr.op == Opcode::kModAddVec ? OpClass::kSub : OpClass::kAdd] += 1;
      mix[OpClass::kSelect] += 1;
      break;
    case Opcode::kNttStage:
    case Opcode::kInttStage:  // per butterfly (pair): a product, a sum, a difference, a shuffle
      mix += modmul_mix(instr.reduction);
      mix[OpClass::kAdd] += 2;
      mix[OpClass::kSub] += 2;
      mix[OpClass::kCmp] += 2;
      mix[OpClass::kSelect] += 2 + 2;  // two conditional corrections, two lane shuffles
      break;
    case Opcode::kMulBytes:
      mix += mul_wide_mix();  // the u64 product's bytes are a bitcast of its two halves
      break;
    case Opcode::kMulWideVec:
      mix += mul_wide_mix();
      break;
    case Opcode::kMacWideVec:
      mix += mul_wide_mix();
      mix[OpClass::kAdd] += 2;  // u64 add: low, high with the carry
      mix[OpClass::kCmp] += 1;  // carry out of the low half
      break;
    case Opcode::kReduceWideVec:
      mix += barrett_reduce_mix();
      mix[OpClass::kCmp] += 1;  // a sum of a few products: one more conditional subtraction
      mix[OpClass::kSub] += 1;
      mix[OpClass::kSelect] += 1;
      break;
    case Opcode::kSplitBytesRows:
      mix[OpClass::kShift] += 3;    // bytes 1..3
      mix[OpClass::kLogic] += 4;    // mask each byte
      mix[OpClass::kConvert] += 4;  // pack into the u8 row layout
      break;
    case Opcode::kSplitBytesCols:
      break;  // a bitcast: the u32 row already is its bytes in order
    case Opcode::kMergeRows:
    case Opcode::kMergeCols:
      mix += merge_partials_mix();
      mix += instr.reduction == Reduction::kMontgomery ? montgomery_cross_reduce_mix(instr.lazy)
                                                       : barrett_reduce_mix();
      break;
    case Opcode::kMergeShoup:
      mix += merge_shoup_mix(instr.lazy);
      break;
    default:
      break;
  }
  return mix;
}

uint64_t vpu_elements(const Instr& instr) {
  switch (instr.op) {
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
    case Opcode::kMulBytes:
    case Opcode::kMulWideVec:
    case Opcode::kMacWideVec:
    case Opcode::kReduceWideVec:
    case Opcode::kMergeShoup:
      return uint64_t{instr.m};  // m = element count
    case Opcode::kNttStage:
    case Opcode::kInttStage:
      return uint64_t{instr.m} / 2;  // butterflies
    case Opcode::kSplitBytesRows:
    case Opcode::kMergeRows:
      return uint64_t{instr.m} * instr.n * instr.k;  // g * r * c
    case Opcode::kSplitBytesCols:
    case Opcode::kMergeCols:
      return uint64_t{instr.m} * instr.n;  // rows * c
    default:
      return 0;
  }
}

}  // namespace hesa
