// How many u32 vector-ALU operations of each class one element of a VPU instruction costs
// (u64 arithmetic emulated with u32 ops). The chip's per-class cycle table turns this into time.
#pragma once

#include <array>
#include <cstdint>

#include "trace/trace.hpp"

namespace hesa {

enum class OpClass : uint8_t { kAdd, kSub, kMul, kMulhi, kShift, kLogic, kCmp, kSelect, kConvert };
inline constexpr int kOpClasses = 9;
const char* op_class_name(OpClass c);  // the chip YAML's vpu.op_cycles keys

struct OpMix {
  std::array<uint32_t, kOpClasses> count{};
  uint32_t& operator[](OpClass c) { return count[static_cast<int>(c)]; }
  uint32_t operator[](OpClass c) const { return count[static_cast<int>(c)]; }
  uint32_t total() const;
  OpMix& operator+=(const OpMix& o);
};

// Per-element op mix of a VPU instruction, and the number of elements it processes.
OpMix vpu_op_mix(const Instr& instr);
uint64_t vpu_elements(const Instr& instr);

// Building blocks, exposed for tests.
OpMix barrett_reduce_mix();  // u64 -> [0, q)
OpMix mul_wide_mix();        // u32 x u32 -> u64
OpMix montgomery_reduce_mix();
// CROSS's Montgomery reduction: hi(z) + q - hi(t q), t = lo(z) q^-1; `lazy` leaves out the
// conditional subtraction.
OpMix montgomery_cross_reduce_mix(bool lazy);
OpMix shoup_mul_mix(bool lazy = false);  // by a constant with its companion, no wide product
OpMix modmul_mix(Reduction r, bool lazy = false);
// Shift-add of the 7 byte-convolution partials of the values (low word) and of the companions
// (the whole u64), Shoup's correction, and with !lazy a reduction of the u32 result to [0, q).
OpMix merge_shoup_mix(bool lazy);

}  // namespace hesa
