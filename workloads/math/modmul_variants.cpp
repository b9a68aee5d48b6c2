#include "workloads/math/modmul_variants.hpp"

#include "workloads/math/modmath.hpp"

namespace hesa {

Montgomery::Montgomery(uint64_t modulus) : q(modulus) {
  // Newton iteration for q^-1 mod 2^32.
  uint32_t inv = 1;
  for (int i = 0; i < 5; ++i) inv *= 2 - static_cast<uint32_t>(q) * inv;
  q_inv_neg = 0u - inv;
  const uint64_t r = (uint64_t{1} << 32) % q;
  r2 = static_cast<uint32_t>(mul_mod(r, r, q));
}

}  // namespace hesa
