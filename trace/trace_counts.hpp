// Counts of the work a trace's instructions stand for that no single unit sees, in CROSS's terms
// (the kernel mix of its bootstrapping estimate, tabIX.py): limb-polynomial NTTs and INTTs,
// automorphisms, basis conversions (source limbs x target limbs) and element-wise products and
// sums. Each is recognized by the one instruction that completes it: a transform by its MAT
// middle twiddle product, forward or inverse, whatever the twist (or its first forward / last
// inverse radix-2 stage), a product by its multiply (whatever its reduction takes after it; in a
// lazy sum of products, each u64 multiply-accumulate), a conversion by its matmul (or its
// per-pair VPU products). Element-wise work counts only under the steps the CKKS kernels name it
// by ("modmul"; "modadd", "modsub", "reduce"), not inside transforms and conversions.
#pragma once

#include <cstdint>
#include <string_view>

#include "trace/trace.hpp"

namespace hesa {

struct LimbCounts {
  double ntts = 0, intts = 0;  // limb-polynomials transformed
  double automorphisms = 0;    // limb-polynomials permuted
  double bconv = 0;            // basis conversions: sum of source limbs x target limbs
  double modmul = 0;           // limb-polynomials multiplied element-wise (VecModMul)
  double modadd = 0;           // limb-polynomials added or subtracted element-wise (VecModAdd)
  LimbCounts& operator+=(const LimbCounts& o);
};

// What `in` (whose tag's step is `step`) completes; `n` is the ring degree (coefficients per
// limb-polynomial).
LimbCounts limb_counts(const Instr& in, std::string_view step, uint64_t n);

// The ring degree a trace's transforms and automorphisms work at (0 when it has none).
uint64_t ring_degree_of(const Trace& trace);

}  // namespace hesa
