// Combinations of mapping knobs that cannot run, each refused with the reason and what to use.
#pragma once

#include <cstdint>
#include <vector>

#include "trace/trace.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

// Throws LoweringError for a mapping of products and NTTs that cannot run (radix2 with bat_lazy;
// BAT constants with Shoup, Montgomery or radix2).
void check_ntt_mapping(bool radix2, Reduction reduction, bool bat_constants = false);

// Throws LoweringError for an NTT step knob the workload sets where it cannot apply: shoup_ntt
// without reduction shoup, montgomery_ntt without montgomery, any of them with ntt: radix2.
void check_ntt_step_knobs(const MappingConfig& mapping);

// Whether a Shoup NTT runs CROSS's byte convolutions (reduction shoup, MAT, shoup_ntt: conv) and
// whether a Montgomery NTT keeps Montgomery form through its steps.
bool shoup_conv(Reduction reduction, bool radix2, const NttSteps& steps);
bool montgomery_kept(Reduction reduction, bool radix2, const NttSteps& steps);

// Throws LoweringError when the byte-convolution Shoup NTT's lazy values leave 32 bits on typical
// data: Shoup's correction applied to a length-h dot product leaves S - t q below (1 + e) q with
// e = sum_r x_r frac(W_r 2^32 / q) / 2^32, about h q / 2^34 for values x uniform below q (CROSS
// truncates it to u32 without a final subtraction). Refused when (1 + h q / 2^34) q >= 2^32,
// h = max(R, C); below that, data far from uniform (values near q, up to e = 2 h q / 2^32 at the
// third step) can still wrap, which the functional mode reports as a mismatch.
void check_shoup_conv(uint32_t rows, uint32_t cols, const std::vector<uint64_t>& primes);

}  // namespace hesa
