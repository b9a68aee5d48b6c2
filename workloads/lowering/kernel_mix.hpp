// The kernel mix of a list of CKKS steps in CROSS's terms (the rows of tabIX.py's bootstrapping
// estimate: VecModMul, VecModAdd, (I)NTT, automorphism, BConv), in closed form per step as the
// CKKS lowering emits it (ckks_kernels.hpp): per kind, invocations (one per polynomial a kernel
// call covers: a digit, a limb range, a whole polynomial) and limb-polynomials (BConv: source x
// target limbs). The limb-polynomials are what trace/trace_counts.hpp reads off the lowered
// trace; the invocations are known only here, since a trace issues each call limb by limb.
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

// The mix of `steps` (each counted `count` times) with L = `limbs` Q primes, K = `special` P
// primes and `dnum` key-switching digits; with `phase` non-empty, of that phase's steps only.
KernelMix kernel_mix(const std::vector<CkksStep>& steps, int limbs, int special, int dnum,
                     const std::string& phase = "");

}  // namespace hesa
