// Lowers C = A * B mod q for u32 matrices A (m x k) and a known constant B (k x n) -- CROSS's BAT
// matmul benchmark -- the way the NTT's matmuls are lowered: A is bitcast to bytes on the VPU
// (m x 4k), multiplied on the MXU by the BAT-expanded constant (4k x 4n bytes, B held as weights),
// and the four byte partials are merged and Barrett-reduced on the VPU. Tiles of rows and columns
// are sized to fit each core's VMEM with double buffering, enough row tiles in flight to keep
// every MXU of a core busy; row tiles may be split over cores.
#pragma once

#include <cstdint>
#include <vector>

#include "trace/trace.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/ntt_constants.hpp"

namespace hesa {

struct BatMatmulParams {
  uint32_t m = 0, n = 0, k = 0;
  uint64_t q = 0;  // prime < 2^31
  int cores = 1;   // row tiles go to core (tile index mod cores)
  int prefetch_depth = 2;
  int arrays = 1;  // MXUs per core: rows are cut into at least this many tiles, and each core
                   // keeps depth x arrays row tiles in flight, so every array has work
};

struct MatrixTile {
  int buffer = -1;  // HBM buffer holding the tile row-major
  uint32_t row0 = 0, rows = 0, col0 = 0, cols = 0;
};

struct BatMatmulLowering {
  Trace trace;
  uint32_t tile_m = 0, tile_n = 0;
  std::vector<MatrixTile> a_tiles;  // inputs: row blocks of A (all k columns)
  std::vector<MatrixTile> c_tiles;  // results
};

// The constant B of a benchmark of this shape: uniform in [0, q), from a fixed seed.
U32Matrix bat_matmul_constant(uint32_t k, uint32_t n, uint64_t q);

// Plain reference: C = A (m x k) * B (k x n) mod q, row-major.
U32Matrix reference_mod_matmul(const U32Matrix& a, const U32Matrix& b, uint32_t m, uint32_t n,
                               uint32_t k, uint64_t q);

// Throws LoweringError when even the smallest tiles do not fit VMEM, when HBM is too small, or
// when the contraction overflows the MXU's int32 accumulators or Barrett's input range.
BatMatmulLowering lower_bat_matmul(const BatMatmulParams& params, const LoweringLimits& limits,
                                   bool with_constants);

}  // namespace hesa
