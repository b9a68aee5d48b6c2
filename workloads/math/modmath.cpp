#include "workloads/math/modmath.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace hesa {

uint64_t pow_mod(uint64_t base, uint64_t exp, uint64_t q) {
  uint64_t result = 1 % q;
  base %= q;
  while (exp) {
    if (exp & 1) result = mul_mod(result, base, q);
    base = mul_mod(base, base, q);
    exp >>= 1;
  }
  return result;
}

uint64_t inv_mod(uint64_t a, uint64_t q) {
  return pow_mod(a, q - 2, q);
}

bool is_prime(uint64_t n) {
  if (n < 2) return false;
  for (uint64_t p : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (n % p == 0) return n == p;
  }
  uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++s;
  }
  for (uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int r = 1; r < s; ++r) {
      x = mul_mod(x, x, n);
      if (x == n - 1) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

std::vector<uint64_t> ntt_primes(int bits, uint64_t n, int count) {
  std::vector<uint64_t> primes;
  const uint64_t step = 2 * n;
  const uint64_t top = uint64_t{1} << bits;
  const uint64_t bottom = uint64_t{1} << (bits - 1);
  // Largest candidate below 2^bits that is 1 mod 2n.
  for (uint64_t q = (top - 1) / step * step + 1;
       q > bottom && static_cast<int>(primes.size()) < count; q -= step) {
    if (is_prime(q)) primes.push_back(q);
    if (q < step) break;
  }
  return primes;
}

bool is_primitive_2n_root(uint64_t psi, uint64_t n, uint64_t q) {
  if (psi == 0 || psi >= q) return false;
  // For 2n a power of two: primitive iff psi^n == -1.
  return pow_mod(psi, n, q) == q - 1;
}

namespace {

std::optional<uint64_t> find_smallest_root(uint64_t n, uint64_t q) {
  if (q < 3 || (q - 1) % (2 * n) != 0) return std::nullopt;
  // A generator g of the group gives psi = g^((q-1)/2n); scan candidates for the smallest root.
  uint64_t g = 0;
  for (uint64_t c = 2; c < q; ++c) {
    if (pow_mod(c, (q - 1) / 2, q) == q - 1) {  // quadratic non-residue: c^((q-1)/2n) primitive
      g = c;
      break;
    }
  }
  if (g == 0) return std::nullopt;
  const uint64_t w = pow_mod(g, (q - 1) / (2 * n), q);
  // The primitive 2n-th roots are w^k for odd k; take the smallest.
  // Products of residues of a q below 2^32 fit 64 bits and are reduced by Barrett's method
  // (m = floor(2^64 / q); the quotient estimate is low by at most 2): no division in this loop.
  const uint64_t m =
      q >> 32 ? 0 : static_cast<uint64_t>((static_cast<unsigned __int128>(1) << 64) / q);
  const auto mul = [q, m](uint64_t a, uint64_t b) {
    if (q >> 32) return mul_mod(a, b, q);
    const uint64_t x = a * b;
    uint64_t r = x - static_cast<uint64_t>((static_cast<unsigned __int128>(x) * m) >> 64) * q;
    while (r >= q) r -= q;
    return r;
  };
  uint64_t best = w;
  const uint64_t w2 = mul(w, w);
  constexpr uint64_t kChains = 8;  // independent products in flight (the loop is latency bound)
  if (n % kChains != 0) {
    uint64_t cur = w;
    for (uint64_t k = 1; k < 2 * n; k += 2) {
      if (cur < best) best = cur;
      cur = mul(cur, w2);
    }
    return best;
  }
  // Chain c walks w^(2c+1), w^(2c+1+2 kChains), ...: together every odd power below 2n.
  uint64_t cur[kChains];
  cur[0] = w;
  for (uint64_t c = 1; c < kChains; ++c) cur[c] = mul(cur[c - 1], w2);
  const uint64_t step = mul(cur[kChains - 1], w);  // w^(2 kChains)
  for (uint64_t k = 0; k < n; k += kChains) {
    for (uint64_t c = 0; c < kChains; ++c) {
      best = std::min(best, cur[c]);
      cur[c] = mul(cur[c], step);
    }
  }
  return best;
}

}  // namespace

std::optional<uint64_t> smallest_primitive_2n_root(uint64_t n, uint64_t q) {
  // Memoized: a sweep reads the same workload for every point, and the scan is O(n) per prime.
  thread_local std::map<std::pair<uint64_t, uint64_t>, std::optional<uint64_t>> memo;
  const auto key = std::make_pair(n, q);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  return memo[key] = find_smallest_root(n, q);
}

uint32_t bit_reverse(uint32_t x, int bits) {
  uint32_t r = 0;
  for (int i = 0; i < bits; ++i) {
    r = (r << 1) | (x & 1);
    x >>= 1;
  }
  return r;
}

}  // namespace hesa
