// The work one instruction does, by the ISA alone (no hardware): multiply-accumulates of a matmul
// (a BAT product: 16 useful MACs per element, the padding around its 4x4 blocks does no work;
// a byte convolution: 16 per u32 product),
// u32 element operations of a VPU instruction (its op mix, trace/vpu_op_mix.hpp), and the bytes a
// DMA instruction moves to or from HBM. Stats count work per kernel and step with these.
#pragma once

#include <cstdint>

#include "trace/trace.hpp"

namespace hesa {

// Useful MACs of a BAT product (kBatMulVec): 16 per element.
inline uint64_t bat_mul_macs(const Instr& instr) {
  return 16ull * instr.m;
}
// MACs of a byte convolution (kConvU8): 16 byte products per u32 product, m n k per product
// (the zero padding of the 7-wide output window does no work).
inline uint64_t conv_macs(const Instr& instr) {
  return 16ull * instr.m * instr.n * instr.k * (instr.group ? instr.group : 1);
}

// MACs of an MXU instruction (0 for other units).
uint64_t instr_macs(const Instr& instr);
// u32 element operations of a VPU instruction (0 for other units).
double instr_vpu_ops(const Instr& instr);
// Bytes a DMA instruction moves to or from HBM (0 for other units and on-chip copies).
uint64_t instr_hbm_bytes(const Trace& trace, const Instr& instr);

}  // namespace hesa
