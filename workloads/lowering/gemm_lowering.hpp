// Lowers one GEMM, dst (m x n) = a (m x k) * b (k x n) with b the weights, for microbenchmarks of
// the systolic arrays. When the operands and the result fit one core's VMEM they stay resident:
// one matmul per core (the output columns in whole array-width groups over the cores), no DMA.
// Otherwise the GEMM is tiled through HBM as a compiler would: b stored tile-major (one HBM
// buffer per column tile), column tiles of b held while row tiles of a stream, result tiles
// stored tile-major, loads and stores double-buffered in VMEM; tiles go to core (tile mod cores).
#pragma once

#include <cstdint>

#include "trace/trace.hpp"
#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

struct GemmParams {
  uint32_t m = 0, n = 0, k = 0;  // dst (m x n) = a (m x k) * b (k x n), b held as weights
  bool int8 = true;              // int8 (i32 results) or bf16 (f32 results)
  int cores = 1;                 // TensorCores to spread over
  uint32_t array_cols = 128;     // the arrays' width: column tiles are whole multiples of it
};

struct GemmTiling {
  bool resident = true;        // everything in VMEM, no DMA
  uint32_t tile_m = 0, tile_n = 0;  // when tiled through HBM
};

// The tiling lower_gemm uses. Throws LoweringError when even the smallest tiles (8 rows, one
// array width of columns) do not fit VMEM twice over, or the operands do not fit HBM.
GemmTiling gemm_tiling(const GemmParams& params, const LoweringLimits& limits);
Trace lower_gemm(const GemmParams& params, const LoweringLimits& limits);

}  // namespace hesa
