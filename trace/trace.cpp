#include "trace/trace.hpp"

namespace hesa {

const char* unit_name(UnitKind u) {
  switch (u) {
    case UnitKind::kMxu:
      return "mxu";
    case UnitKind::kVpu:
      return "vpu";
    case UnitKind::kDma:
      return "dma";
    case UnitKind::kXlu:
      return "xlu";
    case UnitKind::kIci:
      return "ici";
  }
  return "?";
}

const char* space_name(Space s) {
  switch (s) {
    case Space::kHbm:
      return "hbm";
    case Space::kVmem:
      return "vmem";
    case Space::kCmem:
      return "cmem";
  }
  return "?";
}

uint64_t gather_slot(uint64_t seed, uint64_t j, uint64_t slots) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ull + j + 1;  // splitmix64 of (seed, j)
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return slots ? (z ^ (z >> 31)) % slots : 0;
}

int dtype_bytes(DType t) {
  switch (t) {
    case DType::kU8:
      return 1;
    case DType::kU32:
      return 4;
    case DType::kI32:
      return 4;
    case DType::kBf16:
      return 2;
    case DType::kF32:
      return 4;
    case DType::kU64:
      return 8;
  }
  return 0;
}

const char* opcode_name(Opcode op) {
  switch (op) {
    case Opcode::kLoad:
      return "load";
    case Opcode::kStore:
      return "store";
    case Opcode::kMatmulU8:
      return "matmul_u8";
    case Opcode::kModMulVec:
      return "modmul";
    case Opcode::kModAddVec:
      return "modadd";
    case Opcode::kModSubVec:
      return "modsub";
    case Opcode::kMulBytes:
      return "mul_bytes";
    case Opcode::kNttStage:
      return "ntt_stage";
    case Opcode::kInttStage:
      return "intt_stage";
    case Opcode::kSplitBytesRows:
      return "split_rows";
    case Opcode::kSplitBytesCols:
      return "split_cols";
    case Opcode::kMergeRows:
      return "merge_rows";
    case Opcode::kMergeCols:
      return "merge_cols";
    case Opcode::kMatmulBf16:
      return "matmul_bf16";
    case Opcode::kTranspose:
      return "transpose";
    case Opcode::kPermute:
      return "permute";
    case Opcode::kBatMulVec:
      return "bat_mul";
    case Opcode::kMulWideVec:
      return "mul_wide";
    case Opcode::kMacWideVec:
      return "mac_wide";
    case Opcode::kReduceWideVec:
      return "reduce_wide";
    case Opcode::kConvU8:
      return "conv_u8";
    case Opcode::kMergeShoup:
      return "merge_shoup";
    case Opcode::kIciCopy:
      return "ici_copy";
  }
  return "?";
}

bool has_b_operand(Opcode op) {
  switch (op) {
    case Opcode::kMatmulU8:
    case Opcode::kMatmulBf16:
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
    case Opcode::kMulBytes:
    case Opcode::kNttStage:
    case Opcode::kInttStage:
    case Opcode::kBatMulVec:
    case Opcode::kMulWideVec:
    case Opcode::kMacWideVec:
    case Opcode::kConvU8:
    case Opcode::kMergeShoup:
      return true;
    default:
      return false;
  }
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::kU8:
      return "u8";
    case DType::kU32:
      return "u32";
    case DType::kI32:
      return "i32";
    case DType::kBf16:
      return "bf16";
    case DType::kF32:
      return "f32";
    case DType::kU64:
      return "u64";
  }
  return "?";
}

const char* reduction_name(Reduction r) {
  switch (r) {
    case Reduction::kBarrett:
      return "barrett";
    case Reduction::kMontgomery:
      return "montgomery";
    case Reduction::kShoup:
      return "shoup";
    case Reduction::kBatLazy:
      return "bat_lazy";
  }
  return "?";
}

}  // namespace hesa
