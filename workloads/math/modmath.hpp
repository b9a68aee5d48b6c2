// Scalar modular arithmetic for word-size NTT primes: primality, prime generation, roots of unity.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace hesa {

inline uint64_t mul_mod(uint64_t a, uint64_t b, uint64_t q) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % q);
}
uint64_t pow_mod(uint64_t base, uint64_t exp, uint64_t q);
uint64_t inv_mod(uint64_t a, uint64_t q);  // q prime
bool is_prime(uint64_t n);                 // deterministic for n < 2^64

// `count` distinct primes q = 1 mod 2n with exactly `bits` bits, largest first, below 2^bits.
// Returns fewer than `count` when not enough exist.
std::vector<uint64_t> ntt_primes(int bits, uint64_t n, int count);

// True when psi is a primitive 2n-th root of unity mod q (n a power of two).
bool is_primitive_2n_root(uint64_t psi, uint64_t n, uint64_t q);
// The smallest primitive 2n-th root of unity mod q, if q = 1 mod 2n.
std::optional<uint64_t> smallest_primitive_2n_root(uint64_t n, uint64_t q);

inline bool is_power_of_two(uint64_t x) {
  return x != 0 && (x & (x - 1)) == 0;
}
inline int log2_exact(uint64_t x) {
  return 63 - __builtin_clzll(x);
}
uint32_t bit_reverse(uint32_t x, int bits);

}  // namespace hesa
