// The kernel mix of a list of CKKS steps in CROSS's terms (the rows of tabIX.py's bootstrapping
// estimate: VecModMul, VecModAdd, (I)NTT, automorphism, BConv), in closed form per step as the
// CKKS lowering emits it (ckks_kernels.hpp): per kind, invocations (one per polynomial a kernel
// call covers: a digit, a limb range, a whole polynomial) and limb-polynomials (BConv: source x
// target limbs). The limb-polynomials are what trace/trace_counts.hpp reads off the lowered
// trace; the invocations are known only here, since a trace issues each call limb by limb. The
// mapping's structure knobs change the mix as they change the lowering.
#pragma once

#include <string>
#include <vector>

#include "workloads/lowering/ckks_params.hpp"

namespace hesa {

struct MixCount {
  double calls = 0, limbs = 0;
};

struct KernelMix {
  MixCount ntt, intt, automorphism, bconv, modmul, modadd;
  KernelMix& operator+=(const KernelMix& o);
};

// The mix of `steps` (each counted `count` times) lowered with `params`: its L = limbs Q primes,
// K = special P primes, dnum key-switching digits and primes, and its structure knobs (rescale
// order, digits at the level or fixed, lazy or eager key inner products, the automorphism after
// ModDown or hoisted, fusion's duplicated producers); with `phase` non-empty, of that phase's
// steps only.
KernelMix kernel_mix(const std::vector<CkksStep>& steps, const CkksParams& params,
                     const std::string& phase = "");

}  // namespace hesa
