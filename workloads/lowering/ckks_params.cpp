#include "workloads/lowering/ckks_params.hpp"

#include <algorithm>

#include "workloads/math/modmath.hpp"

namespace hesa {

std::vector<std::pair<int, int>> key_switch_digits(int limbs, int dnum, int level,
                                                   KeySwitchDigits mode) {
  const int base = mode == KeySwitchDigits::kLevel ? level : limbs;
  const int alpha = std::max(1, (base + dnum - 1) / dnum);
  std::vector<std::pair<int, int>> digits;
  for (int first = 0; first < level; first += alpha) {
    digits.push_back({first, std::min(alpha, level - first)});
  }
  return digits;
}

uint32_t rotation_galois(int steps, uint64_t n) {
  const int64_t order = static_cast<int64_t>(n / 2);  // 5 generates a subgroup of order n/2
  const uint64_t e = static_cast<uint64_t>(((steps % order) + order) % order);
  return static_cast<uint32_t>(pow_mod(5, e, 2 * n));
}

int rotation_key(uint32_t galois, Automorphism where, uint64_t n) {
  return static_cast<int>(where == Automorphism::kHoisted ? galois : 2 * n + galois);
}

uint32_t evk_value(int first, int count, int poly, int prime, uint64_t coeff, uint64_t q, int key) {
  uint64_t x = (uint64_t(first) << 52) ^ (uint64_t(count) << 44) ^ (uint64_t(poly) << 40) ^
               (uint64_t(prime) << 32) ^ coeff ^ (uint64_t(key) * 0xd1b54a32d192ed03ull);
  x += 0x9e3779b97f4a7c15ull;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x % q);
}

std::vector<uint64_t> rounding_half(const CkksParams& p, const std::vector<int>& divisor,
                                    const std::vector<int>& mod, bool negate) {
  std::vector<uint64_t> out;
  for (int m : mod) {
    const uint64_t q = p.primes[m];
    uint64_t d = 1;
    for (int k : divisor) d = mul_mod(d, p.primes[k] % q, q);
    const uint64_t half = mul_mod((d + q - 1) % q, (q + 1) / 2, q);  // (D - 1) / 2 mod q
    out.push_back(negate ? (q - half) % q : half);
  }
  return out;
}

uint32_t evk_coeff(const CkksParams& p, int key, int first, int count, int poly, int prime,
                   uint64_t coeff) {
  return p.evk ? p.evk(key, first, count, poly, prime, coeff)
               : evk_value(first, count, poly, prime, coeff, p.primes[prime], key);
}

}  // namespace hesa
