#include "workloads/math/reference_ntt.hpp"

#include "workloads/math/modmath.hpp"

namespace hesa {

namespace {

Limb definition(const Limb& a, uint64_t q, uint64_t root, uint64_t scale) {
  const uint64_t n = a.size();
  const int bits = log2_exact(n);
  Limb out(n);
  for (uint64_t t = 0; t < n; ++t) {
    const uint64_t step = pow_mod(root, 2 * uint64_t{bit_reverse(t, bits)} + 1, q);
    uint64_t acc = 0, power = 1;
    for (uint64_t i = 0; i < n; ++i) {
      acc = (acc + mul_mod(a[i], power, q)) % q;
      power = mul_mod(power, step, q);
    }
    out[t] = static_cast<uint32_t>(mul_mod(acc, scale, q));
  }
  return out;
}

// powers[k] = root^br(k) for k < n
std::vector<uint64_t> bit_reversed_powers(uint64_t n, uint64_t q, uint64_t root) {
  const int bits = log2_exact(n);
  std::vector<uint64_t> powers(n);
  for (uint64_t k = 0; k < n; ++k) powers[k] = pow_mod(root, bit_reverse(k, bits), q);
  return powers;
}

}  // namespace

Limb ntt_definition(const Limb& a, uint64_t q, uint64_t psi) {
  return definition(a, q, psi, 1);
}

Limb intt_definition(const Limb& a, uint64_t q, uint64_t psi) {
  // Inverse of out[t] = sum_i a_i psi^(i(2br(t)+1)): a_i = N^-1 psi^-i sum_t out[t] w^-(i br(t)).
  const uint64_t n = a.size();
  const int bits = log2_exact(n);
  const uint64_t psi_inv = inv_mod(psi, q);
  const uint64_t n_inv = inv_mod(n % q, q);
  Limb out(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t acc = 0;
    for (uint64_t t = 0; t < n; ++t) {
      const uint64_t e = (i * (2 * uint64_t{bit_reverse(t, bits)} + 1)) % (2 * n);
      acc = (acc + mul_mod(a[t], pow_mod(psi_inv, e, q), q)) % q;
    }
    out[i] = static_cast<uint32_t>(mul_mod(acc, n_inv, q));
  }
  return out;
}

Limb ntt_radix2(Limb a, uint64_t q, uint64_t psi) {
  const uint64_t n = a.size();
  const auto psi_rev = bit_reversed_powers(n, q, psi);
  uint64_t t = n;
  for (uint64_t m = 1; m < n; m *= 2) {
    t /= 2;
    for (uint64_t i = 0; i < m; ++i) {
      const uint64_t s = psi_rev[m + i];
      for (uint64_t j = 2 * i * t; j < 2 * i * t + t; ++j) {
        const uint64_t u = a[j], v = mul_mod(a[j + t], s, q);
        a[j] = static_cast<uint32_t>((u + v) % q);
        a[j + t] = static_cast<uint32_t>((u + q - v) % q);
      }
    }
  }
  return a;
}

Limb intt_radix2(Limb a, uint64_t q, uint64_t psi) {
  const uint64_t n = a.size();
  const auto psi_inv_rev = bit_reversed_powers(n, q, inv_mod(psi, q));
  uint64_t t = 1;
  for (uint64_t m = n / 2; m >= 1; m /= 2) {
    for (uint64_t i = 0; i < m; ++i) {
      const uint64_t s = psi_inv_rev[m + i];
      for (uint64_t j = 2 * i * t; j < 2 * i * t + t; ++j) {
        const uint64_t u = a[j], v = a[j + t];
        a[j] = static_cast<uint32_t>((u + v) % q);
        a[j + t] = static_cast<uint32_t>(mul_mod((u + q - v) % q, s, q));
      }
    }
    t *= 2;
  }
  const uint64_t n_inv = inv_mod(n % q, q);
  for (auto& x : a) x = static_cast<uint32_t>(mul_mod(x, n_inv, q));
  return a;
}

}  // namespace hesa
