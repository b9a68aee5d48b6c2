// Lowers the element-wise CKKS kernels to traces: VecModAdd and VecModMul (two ciphertext-shaped
// tensors, 2 polynomials x limbs x N per batch item), HE-Add (ciphertext + ciphertext) and PMult
// (ciphertext x plaintext). Limb chunks stream HBM -> VMEM -> VPU (and MXU for BAT-lazy) -> HBM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

enum class ElementwiseKernel { kVecModAdd, kVecModMul, kHeAdd, kPMult };

struct ElementwiseParams {
  ElementwiseKernel kernel = ElementwiseKernel::kVecModMul;
  uint64_t n = 0;
  std::vector<uint64_t> primes;  // one per limb
  int batch = 1;
  Reduction reduction = Reduction::kBarrett;
  int prefetch_depth = 2;
  bool bat_constants = false;  // products by the known operand b as BAT products on the MXU
  int cores = 1;               // TensorCores: limb l on core l mod cores (split by limbs) or
  CoreSplit split = CoreSplit::kNone;  // batch chunk c on core c mod cores (split by batch)
  int chunk_items = 0;                 // batch items per chunk (0: as many as fit VMEM)
  uint32_t cols = 0;  // a limb's coefficients as rows of `cols` in VMEM (mapping.layout's
                      // columns; 0: those of default_ntt_layout(n))
};

NttLowering lower_elementwise(const ElementwiseParams& params, const LoweringLimits& limits,
                              bool with_constants);

// What output element the kernel computes from its inputs (the functional reference).
uint32_t elementwise_reference(ElementwiseKernel kernel, Reduction reduction, uint32_t a,
                               uint32_t b, uint64_t q);
// Polynomials per operand: {first, second}; the output has as many as the first.
int elementwise_polys(ElementwiseKernel kernel, int operand);

}  // namespace hesa
