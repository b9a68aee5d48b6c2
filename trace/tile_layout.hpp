// How the TPU compiler lays out the arrays a VPU or XLU instruction works through: the two minor
// dimensions of an array tiled in (sublanes x 32/bits) x lanes tiles of 32-bit words (narrower
// types pack more rows into a word), padded to whole tiles, the leading dimensions repeating the
// tiles (JAX's TPU layout rule, docs/models.md "Tiles"). A vector unit works on whole vector
// registers, so an instruction pays for every element of its padded tiles, useful or not: an op
// on a (..., 32)-shaped u32 array does the work of (..., 128). Plain C++.
#pragma once

#include <cstdint>

#include "trace/instr.hpp"

namespace hesa {

struct TiledArray {
  uint64_t count = 1;  // leading dimensions, multiplied out
  uint64_t rows = 0;   // second-minor dimension
  uint64_t cols = 0;   // minor dimension (lanes)
  int bits = 32;       // element width: 32-bit words hold 32/bits rows of a narrower type
};

// Opcodes whose tiles come from Instr::cols (element-wise ops); the others have a shape.
bool takes_cols(Opcode op);

// Elements of `a` padded to whole tiles of `sublanes` x `lanes` 32-bit words, dimensions of size 1
// dropped first (as XLA drops them from layouts).
uint64_t tiled_elements(const TiledArray& a, int lanes, int sublanes);

// The array a VPU instruction's per-element work runs over: element-wise ops their elements as
// rows of Instr::cols (a flat array, cols 0, as rows of `lanes`), radix-2 stages their butterflies
// flat, splits their u32 input, merges their u32 output. Its element count is vpu_elements(in).
TiledArray vpu_tiled_array(const Instr& in, int lanes);
// Elements of the padded tiles a VPU instruction works through (at least vpu_elements(in)).
uint64_t vpu_tiled_elements(const Instr& in, int lanes, int sublanes);
// The same for an XLU instruction: a transpose the larger of its input and output tiles
// (u32 [g, r, c] -> [g, c, r]), a permutation its polynomials flat.
uint64_t xlu_tiled_elements(const Instr& in, int lanes, int sublanes);

}  // namespace hesa
