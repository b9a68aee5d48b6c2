// Lowers a batched, multi-limb negacyclic NTT or INTT to a trace, as CROSS maps it: MAT 3-step
// (two BAT int8 matmuls on the MXU, or byte convolutions for a Shoup NTT; the reductions and the
// twiddle multiply on the VPU), the negacyclic twist folded into the constants or separate,
// constants streamed from HBM per limb, batch items processed in chunks that fit VMEM, limbs or
// chunks optionally spread over TensorCores (each with its own VMEM slots).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trace/trace.hpp"
#include "workloads/mapping/lowering_target.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

struct NttParams {
  uint64_t n = 0;
  std::vector<uint64_t> primes;
  std::vector<uint64_t> psi;
  int batch = 1;
  bool inverse = false;
  Reduction reduction = Reduction::kBarrett;
  uint32_t rows = 0, cols = 0;  // layout R x C (0: default)
  int prefetch_depth = 2;
  bool radix2 = false;         // mapping ntt: radix2 (VPU butterflies) instead of mat
  bool bat_constants = false;  // mapping constant_mul: bat (products by constants on the MXU)
  NttSteps ntt_steps;          // mapping shoup_ntt, montgomery_ntt, twist
  int cores = 1;
  CoreSplit split = CoreSplit::kNone;
  int chunk_items = 0;  // batch items per chunk (0: as many as fit VMEM)
};

// R = 2^floor(log2(N)/2), C = N / R (256 x 256 at N = 2^16).
std::pair<uint32_t, uint32_t> default_ntt_layout(uint64_t n);

struct NttLowering {
  Trace trace;
  uint32_t rows = 0, cols = 0;
  int items_per_chunk = 0;
  uint64_t vmem_bytes_used = 0;
  uint64_t hbm_bytes_used = 0;
};

// with_constants: materialize constant data (for functional execution). The results are those
// of CROSS's NTT: with a lazy reduction (Montgomery kept, Shoup conv) congruent mod q only.
NttLowering lower_ntt(const NttParams& params, const LoweringLimits& limits, bool with_constants);

}  // namespace hesa
