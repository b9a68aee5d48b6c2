// A plain model of the arithmetic of CROSS's Montgomery and Shoup NTTs (jaxite_word ntt_mm.py,
// finite_field.py; Gen-1's steps with Gen-2's fused twist), written from the algebra step by step
// on whole matrices, independent of the lowering: the reference the functional machine must
// equal bit for bit (lazy values included).
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/mapping/mapping.hpp"

namespace hesa::test {

enum class CrossNtt : uint8_t {
  kShoupConv,       // byte convolutions: exact dot products mod 2^64, Shoup's correction
  kMontgomeryKept,  // BAT sums of constants x 2^32 mod q, CROSS's lazy Montgomery reduction
};

// One limb-polynomial (natural order in, bit-reversed out; the inverse the other way) through
// the three steps, layout R x C, the twist fused or separate (then an exact product before the
// forward transform and after the inverse).
std::vector<uint32_t> cross_ntt(CrossNtt kind, const std::vector<uint32_t>& x, uint64_t q,
                                uint64_t psi, uint32_t rows, uint32_t cols, bool inverse,
                                Twist twist_mode);

}  // namespace hesa::test
