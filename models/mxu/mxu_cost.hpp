// Closed-form timing of a GEMM on one weight-stationary systolic array (the SCALE-Sim model):
// weights (contraction x outputs) are folded onto rows x cols, the other operand streams through
// at the mode's rate (int8 or bf16 MACs per PE per cycle). Partial folds pay a full array pass.
#pragma once

#include <cstdint>

#include "models/common/block_report.hpp"
#include "models/mxu/mxu_config.hpp"
#include "trace/instr_work.hpp"
#include "trace/trace.hpp"

namespace hesa {

struct GemmShape {
  uint64_t stream = 0;       // rows of the streamed operand (M)
  uint64_t contraction = 0;  // K, mapped onto the array's rows
  uint64_t outputs = 0;      // N, mapped onto the array's columns
};

struct MxuCost {
  uint64_t folds = 0;
  double cycles = 0;
  uint64_t macs = 0;
};

// Per fold: weights load in `rows` cycles, `stream / rate` cycles of streaming, fill and drain of
// rows + cols - 2. Without double buffering folds run back to back: folds * (2R + C + T - 2).
// With double-buffered weights the next fold's load hides under the current stream:
// R + (folds - 1) * max(T, R) + T + (R + C - 2), the same as one fold when folds = 1.
MxuCost mxu_gemm_cost(const MxuConfig& mxu, const GemmShape& shape, bool int8);

// MACs done / MACs the array could have done in that time.
double mxu_utilization(const MxuConfig& mxu, const MxuCost& cost, bool int8);

// Bytes a GEMM moves between VMEM and the vector registers that feed the array: the weights once,
// the streamed operand once per column fold (it is re-streamed for every group of `cols`
// outputs), the 32-bit results (int32 or f32) once.
struct MxuTraffic {
  uint64_t read_bytes = 0;
  uint64_t write_bytes = 0;
};
MxuTraffic mxu_vmem_traffic(const MxuConfig& mxu, const GemmShape& shape, bool int8);

// The GEMM shape a matmul instruction puts on the array (its stationary operand as weights).
GemmShape gemm_shape(const Instr& instr);
bool matmul_is_int8(const Instr& instr);

// A BAT product by known constants (kBatMulVec: m elements, n constants, element i times constant
// i mod n) as the array runs it: each constant is a 4x4 byte block, and g = min(rows, cols) / 4
// blocks sit on the diagonal of one weight fold (assumption: the weight loader places the compact
// 16-byte blocks; the zeros around them are not stored). Fewer constants than g are replicated
// down the diagonal (diagonal packing), so each streamed row carries g elements: a per-limb
// scalar takes m / g rows of one fold; n > g constants take n / g folds of m / n rows each.
GemmShape bat_mul_shape(const MxuConfig& mxu, const Instr& instr);
// Its VMEM traffic: the u32 operand, the blocks (16 bytes per constant), the i32 partial sums.
MxuTraffic bat_mul_vmem_traffic(const Instr& instr);

// A byte-wise convolution of u32 matrices (kConvU8, CROSS's Shoup matmul through XLA's
// conv_general_dilated) as the array runs it. Assumption: XLA lowers the 1-D convolution over the
// 4 bytes (window 4, padding 3, 7 outputs) as one matmul per window tap accumulating at shifted
// output positions, the contraction over the feature dimension (k), the zero padding not
// computed. The stationary operand's bytes are the weights: k x (4 taps x its other dimension);
// the other operand streams 4 byte rows per row (all `group` products). Useful MACs: 16 per u32
// product (BAT's count for the same matmul).
GemmShape conv_shape(const Instr& instr);
// Its VMEM traffic: both u32 operands once as bytes (the streamed one once per column fold, as
// in mxu_vmem_traffic), and 7 i32 partials per output (7/4 of BAT's 4).
MxuTraffic conv_vmem_traffic(const MxuConfig& mxu, const Instr& instr);

// A GEMM spread over the `count` arrays of a TensorCore, as the compiler tiles one dot over the
// core's MXUs: the output columns in `col_groups` groups of whole column folds, the streamed rows
// in `row_groups` groups, one (column group, row group) part per array; every array of a row
// group split loads the weights of its column group. All parts run at once and the GEMM ends with
// the slowest; the VMEM port carries the traffic of every part. Of the splits into at most
// `count` parts, the fastest is taken (ties: fewer arrays, then fewer row groups).
struct MxuSplit {
  int col_groups = 1;
  int row_groups = 1;
  double cycles = 0;          // the slowest part
  double compute_cycles = 0;  // sum over the parts
  uint64_t macs = 0;
  MxuTraffic traffic;  // all parts
  int arrays() const { return col_groups * row_groups; }
};
// `split_columns`: false keeps the output columns whole (a BAT product's folds are its
// constants, each array holds every one).
MxuSplit mxu_split_cost(const MxuConfig& mxu, const GemmShape& shape, bool int8,
                        bool split_columns = true);

// Area of the MXUs of `tensorcores` cores: PEs x area per PE.
AreaLine mxu_area(const MxuConfig& mxu, int tensorcores);

}  // namespace hesa
