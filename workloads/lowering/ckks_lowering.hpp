// Lowers the CKKS kernels built from polynomial steps (RNS, hybrid key switching with dnum
// digits, as CROSS composes them; workloads/lowering/ckks_kernels.hpp): ModUp, ModDown,
// KeySwitch, Rescale, HE-Mult and HE-Rotate (automorphisms on the XLU, several rotations of one
// ciphertext hoisted over one ModUp), and sequences of steps (user sequences, bootstrapping).
#pragma once

#include <string>

#include "workloads/lowering/ckks_params.hpp"

namespace hesa {

// The kernels a sequence step may name.
bool is_sequence_step_kernel(const std::string& kernel);

// The kernels this lowering knows.
bool is_ckks_kernel(const std::string& kernel);

NttLowering lower_ckks(const CkksParams& params, const LoweringLimits& limits, bool with_constants);

}  // namespace hesa
