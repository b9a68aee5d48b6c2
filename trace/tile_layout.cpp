#include "trace/tile_layout.hpp"

#include <algorithm>

#include "trace/vpu_op_mix.hpp"

namespace hesa {

namespace {

uint64_t round_up(uint64_t v, uint64_t unit) {
  return unit == 0 ? v : (v + unit - 1) / unit * unit;
}

TiledArray flat(uint64_t elements, int lanes) {
  const auto l = static_cast<uint64_t>(std::max(lanes, 1));
  return {1, (elements + l - 1) / l, l, 32};
}

}  // namespace

bool takes_cols(Opcode op) {
  switch (op) {
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
    case Opcode::kMulBytes:
    case Opcode::kMulWideVec:
    case Opcode::kMacWideVec:
    case Opcode::kReduceWideVec:
    case Opcode::kMergeShoup:
      return true;
    default:
      return false;
  }
}

uint64_t tiled_elements(const TiledArray& array, int lanes, int sublanes) {
  // XLA drops dimensions of size 1 from a layout: [g, r, 1] is tiled as [g, r], [g, 1, c] as
  // [g, c]; a one-dimensional array fills rows of lanes.
  TiledArray a = array;
  if (a.cols == 1) a = {1, a.count, a.rows, a.bits};
  if (a.rows == 1) a = {1, a.count, a.cols, a.bits};
  if (a.rows == 1) a = flat(a.cols, lanes);
  const int bits = std::clamp(a.bits, 1, 32);
  const auto rows_per_tile = static_cast<uint64_t>(std::max(sublanes, 1)) * (32 / bits);
  return a.count * round_up(a.rows, rows_per_tile) *
         round_up(a.cols, static_cast<uint64_t>(std::max(lanes, 1)));
}

TiledArray vpu_tiled_array(const Instr& in, int lanes) {
  if (takes_cols(in.op)) {  // element-wise: m elements as rows of cols
    if (in.cols == 0) return flat(in.m, lanes);
    return {1, (uint64_t{in.m} + in.cols - 1) / in.cols, in.cols, 32};
  }
  switch (in.op) {
    case Opcode::kSplitBytesRows:  // u32 [g, r, c] in
    case Opcode::kMergeRows:       // u32 [g, r, c] out
      return {in.m, in.n, in.k, 32};
    case Opcode::kSplitBytesCols:  // u32 [rows, c] in
    case Opcode::kMergeCols:       // u32 [rows, c] out
      return {1, in.m, in.n, 32};
    default:
      return flat(vpu_elements(in), lanes);
  }
}

uint64_t vpu_tiled_elements(const Instr& in, int lanes, int sublanes) {
  const uint64_t elements = vpu_elements(in);
  if (elements == 0) return 0;
  return std::max(elements, tiled_elements(vpu_tiled_array(in, lanes), lanes, sublanes));
}

uint64_t xlu_tiled_elements(const Instr& in, int lanes, int sublanes) {
  switch (in.op) {
    case Opcode::kTranspose:
      return std::max(tiled_elements({in.m, in.n, in.k, 32}, lanes, sublanes),
                      tiled_elements({in.m, in.k, in.n, 32}, lanes, sublanes));
    case Opcode::kPermute:
      return tiled_elements(flat(uint64_t{in.m} * in.n, lanes), lanes, sublanes);
    default:
      return 0;
  }
}

}  // namespace hesa
