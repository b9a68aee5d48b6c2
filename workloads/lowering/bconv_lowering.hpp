// Lowers a fast basis conversion (BConv) from the primes `from` to the primes `to`, as CROSS maps
// it: a VPU multiply by (Q/q_i)^-1 mod q_i, a BAT int8 matmul of the (N x 4 l_in) byte matrix
// with a (4 l_in x 4 l_out) constant on the MXU, shift-add and Barrett per target prime on the
// VPU (or, with bconv: vpu, products and sums on the VPU alone). Columns (coefficients of all
// batch items) are tiled to fit VMEM.
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

struct BconvParams {
  uint64_t n = 0;
  std::vector<uint64_t> from, to;
  int batch = 1;
  int prefetch_depth = 2;
  Reduction reduction = Reduction::kBarrett;  // of the (Q/q_i)^-1 products
  bool bat_constants = false;                 // products by constants as BAT products (MXU)
  bool on_vpu = false;                        // mapping bconv: vpu (no matmul)
  int cores = 1;  // TensorCores: with a core split (limbs or batch alike) each converts a share
                  // of the columns, since every target limb needs every source limb
  CoreSplit split = CoreSplit::kNone;
  uint32_t vreg_rows = 8;  // rows of a vector-register tile (the chip's vpu.sublanes)
};

NttLowering lower_bconv(const BconvParams& params, const LoweringLimits& limits,
                        bool with_constants);

// out_j = (sum_i [x_i * (Q/q_i)^-1]_{q_i} * (Q/q_i)) mod p_j, with big-integer arithmetic:
// the exact fast-basis-conversion result the trace must reproduce (one coefficient).
std::vector<uint32_t> bconv_reference(const std::vector<uint32_t>& x,
                                      const std::vector<uint64_t>& from,
                                      const std::vector<uint64_t>& to);

}  // namespace hesa
