// Lowers one GEMM to MXU instructions alone (operands and results resident in VMEM, no DMA, no
// VPU), for microbenchmarks of the systolic arrays: the output columns are split in whole
// array-width groups over `arrays` MXUs of core 0, one independent matmul per array.
#pragma once

#include <cstdint>

#include "trace/trace.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

struct GemmParams {
  uint32_t m = 0, n = 0, k = 0;  // dst (m x n) = a (m x k) * b (k x n), b held as weights
  bool int8 = true;              // int8 (i32 results) or bf16 (f32 results)
  int arrays = 1;                // MXUs to spread over (at most the core's)
  uint32_t array_cols = 128;     // the arrays' width: column groups are whole multiples of it
};

// Throws LoweringError when the operands do not fit the VMEM of one core.
Trace lower_gemm(const GemmParams& params, const LoweringLimits& limits);

}  // namespace hesa
