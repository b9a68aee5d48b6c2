// Element-wise modular products as the VPU computes them for each reduction: Barrett (exact
// a*b mod q), Montgomery (a*b*2^-32 mod q, R = 2^32) and Shoup (by a constant with its companion).
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
};

// Shoup's companion of a constant w: floor(w * 2^32 / q).
inline uint32_t shoup_companion(uint32_t w, uint64_t q) {
  return static_cast<uint32_t>((uint64_t{w} << 32) / q);
}
// w * x mod q given w' = shoup_companion(w, q).
inline uint32_t shoup_mul(uint32_t x, uint32_t w, uint32_t w_companion, uint64_t q) {
  const uint64_t hi = (uint64_t{x} * w_companion) >> 32;
  uint64_t r = (uint64_t{w} * x - hi * q) & 0xffffffffu;
  return static_cast<uint32_t>(r >= q ? r - q : r);
}

}  // namespace hesa
