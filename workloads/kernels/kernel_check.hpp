// The functional mode of a kernel: its trace executed on real numbers (random inputs, or given
// limbs for a transform), every output slice checked against the kernel's plain reference (the
// radix-2 NTT/INTT, the big-integer CRT basis conversion, the element-wise product or sum, the
// RNS CKKS kernels written plainly, the plain modular matmul).
#pragma once

#include <cstdint>
#include <vector>

#include "trace/trace.hpp"
#include "workloads/kernels/workload_config.hpp"
#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

struct FunctionalInput {
  // Limbs item-major (item * limbs + limb) for a transform (KernelInfo::limb_files); empty:
  // random.
  std::vector<std::vector<uint32_t>> input;
  bool natural_output = false;  // NTT output in natural instead of bit-reversed order
};

struct FunctionalOutcome {
  bool ran = false;
  uint64_t slices = 0;                        // limb-polynomials (or tiles) checked
  uint64_t mismatches = 0;                    // against the reference
  std::vector<std::vector<uint32_t>> output;  // item-major, like the input
};

// Executes `trace` (lowered from `workload` for `target`) and checks it.
FunctionalOutcome check_kernel(const WorkloadConfig& workload, const LoweringTarget& target,
                               const Trace& trace, const FunctionalInput& input);

}  // namespace hesa
