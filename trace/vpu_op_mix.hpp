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
OpMix shoup_mul_mix();  // by a constant with its companion, no separate wide product
OpMix modmul_mix(Reduction r);

}  // namespace hesa
