// Element-wise modular products as the VPU computes them for each reduction: Barrett (exact
// a*b mod q), Montgomery (a*b*2^-32 mod q, R = 2^32) and Shoup (by a constant with its companion),
// and the lazy forms of CROSS's reductions (no final conditional subtraction).
#pragma once

#include <cstdint>

#include "workloads/math/barrett.hpp"

namespace hesa {

struct Montgomery {
  explicit Montgomery(uint64_t modulus);
  uint64_t q;
  uint32_t q_inv_neg;  // -q^-1 mod 2^32
  uint32_t r2;         // 2^64 mod q: to_mont(x) = mul(x, r2)
  // REDC(a*b): a*b*2^-32 mod q for a, b < q < 2^31.
  uint32_t mul(uint32_t a, uint32_t b) const {
    const uint64_t z = uint64_t{a} * b;
    const uint32_t t = static_cast<uint32_t>(z) * q_inv_neg;
    const uint64_t r = (z + uint64_t{t} * q) >> 32;  // < 2q
    return static_cast<uint32_t>(r >= q ? r - q : r);
  }
  uint32_t to_mont(uint32_t x) const { return mul(x, r2); }
  // CROSS's Montgomery reduction of a u64 z: t = lo(z) q^-1 mod 2^32, hi(z) + q - hi(t q) mod
  // 2^32, congruent to z 2^-32 and in (0, 2q) for z < q 2^32; `lazy` false subtracts q once.
  uint32_t reduce_cross(uint64_t z, bool lazy) const {
    const uint32_t t = static_cast<uint32_t>(z) * (0u - q_inv_neg);
    const auto r = static_cast<uint32_t>((z >> 32) + q - ((uint64_t{t} * q) >> 32));
    return lazy || r < q ? r : static_cast<uint32_t>(r - q);
  }
};

// Shoup's companion of a constant w: floor(w * 2^32 / q).
inline uint32_t shoup_companion(uint32_t w, uint64_t q) {
  return static_cast<uint32_t>((uint64_t{w} << 32) / q);
}
// Shoup's correction of a product or dot product S by a constant and S' by its companion (both
// mod 2^64): S - (S' >> 32) q, truncated to 32 bits (CROSS's ShoupContext, no final subtraction).
inline uint32_t shoup_reduce(uint64_t s, uint64_t s_companion, uint64_t q) {
  return static_cast<uint32_t>(s - (s_companion >> 32) * q);
}
// w * x mod q given w' = shoup_companion(w, q), any x < 2^32; `lazy` leaves it in [0, 2q).
inline uint32_t shoup_mul(uint32_t x, uint32_t w, uint32_t w_companion, uint64_t q,
                          bool lazy = false) {
  const uint32_t r = shoup_reduce(uint64_t{w} * x, uint64_t{x} * w_companion, q);
  return lazy || r < q ? r : static_cast<uint32_t>(r - q);
}

}  // namespace hesa
