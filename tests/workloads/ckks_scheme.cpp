#include "tests/workloads/ckks_scheme.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"

namespace hesa::test {

namespace {

using Complex = std::complex<double>;

// out[prime] = f(a[prime][i], b[prime][i], q) over the primes of a.
template <typename F>
RefPoly zip(const RefPoly& a, const RefPoly& b, const std::vector<uint64_t>& primes, F f) {
  RefPoly out;
  for (const auto& [prime, limb] : a) {
    const uint64_t q = primes[prime];
    const auto& other = b.at(prime);
    auto& o = out[prime];
    o.resize(limb.size());
    for (size_t i = 0; i < limb.size(); ++i) o[i] = static_cast<uint32_t>(f(limb[i], other[i], q));
  }
  return out;
}

RefPoly add(const RefPoly& a, const RefPoly& b, const std::vector<uint64_t>& primes) {
  return zip(a, b, primes, [](uint64_t x, uint64_t y, uint64_t q) { return (x + y) % q; });
}
RefPoly sub(const RefPoly& a, const RefPoly& b, const std::vector<uint64_t>& primes) {
  return zip(a, b, primes, [](uint64_t x, uint64_t y, uint64_t q) { return (x + q - y) % q; });
}
RefPoly mul(const RefPoly& a, const RefPoly& b, const std::vector<uint64_t>& primes) {
  return zip(a, b, primes, [](uint64_t x, uint64_t y, uint64_t q) { return mul_mod(x, y, q); });
}
RefPoly first_limbs(const RefPoly& a, int count) {
  RefPoly out;
  for (int i = 0; i < count; ++i) out[i] = a.at(i);
  return out;
}

}  // namespace

CkksScheme::CkksScheme(const CkksParams& p, uint64_t seed)
    : n_(p.n),
      limbs_(p.limbs),
      special_(p.special),
      dnum_(p.dnum),
      primes_(p.primes),
      psi_(p.psi),
      rng_(seed),
      seed_(seed) {
  s_ = ternary();
  s_eval_ = to_eval(s_, limbs_ + special_);
  pk1_ = uniform(limbs_);
  pk0_ = sub(to_eval(error(), limbs_), mul(pk1_, first_limbs(s_eval_, limbs_), primes_), primes_);
  for (uint64_t j = 0, e = 1; j < n_ / 2; ++j, e = e * 5 % (2 * n_)) slot_index_.push_back(e / 2);
}

RefPoly CkksScheme::to_eval(const Coeffs& c, int primes) const {
  RefPoly out;
  for (int i = 0; i < primes; ++i) {
    const auto q = static_cast<int64_t>(primes_[i]);
    std::vector<uint32_t> limb(n_);
    for (uint64_t k = 0; k < n_; ++k) limb[k] = static_cast<uint32_t>((c[k] % q + q) % q);
    out[i] = ntt_radix2(limb, primes_[i], psi_[i]);
  }
  return out;
}

RefPoly CkksScheme::uniform(int primes) const {
  RefPoly out;
  for (int i = 0; i < primes; ++i) {
    auto& limb = out[i];
    limb.resize(n_);
    for (auto& x : limb) x = static_cast<uint32_t>(rng_() % primes_[i]);
  }
  return out;
}

CkksScheme::Coeffs CkksScheme::ternary() const {
  Coeffs c(n_);
  for (auto& x : c) x = static_cast<int64_t>(rng_() % 3) - 1;
  return c;
}

CkksScheme::Coeffs CkksScheme::error() const {
  // Centered binomial with eta = 21: variance 10.5 (sigma 3.24, as the usual 3.2).
  Coeffs c(n_);
  for (auto& x : c) {
    const uint64_t r = rng_();
    x = __builtin_popcountll(r & 0x1fffff) - __builtin_popcountll((r >> 21) & 0x1fffff);
  }
  return c;
}

CkksScheme::Coeffs CkksScheme::turned(const Coeffs& c, uint64_t g) const {
  Coeffs out(n_);  // coefficient i moves to X^(i g mod 2N), negated past N
  for (uint64_t i = 0; i < n_; ++i) {
    const uint64_t e = i * g % (2 * n_);
    out[e % n_] = e < n_ ? c[i] : -c[i];
  }
  return out;
}

void CkksScheme::make_key(int key) {
  made_[key] = true;
}

uint32_t CkksScheme::evk(int key, int first, int count, int poly, int prime, uint64_t coeff) const {
  if (!made_.count(key)) throw std::logic_error("no key-switching key " + std::to_string(key));
  auto it = keys_.find({key, first, count});
  if (it == keys_.end()) {
    // The source secret s' and the target t of this key.
    RefPoly s_prime, target = s_eval_;
    const uint64_t two_n = 2 * n_;
    if (key == 0) {
      s_prime = mul(s_eval_, s_eval_, primes_);
    } else if (static_cast<uint64_t>(key) < two_n) {
      s_prime = to_eval(turned(s_, static_cast<uint64_t>(key)), limbs_ + special_);
    } else {
      const uint64_t g = static_cast<uint64_t>(key) - two_n;
      s_prime = s_eval_;
      // g^-1 mod 2N: the units mod 2N form a group of order N.
      target = to_eval(turned(s_, pow_mod(g, n_ - 1, two_n)), limbs_ + special_);
    }
    const std::mt19937_64 saved = rng_;
    rng_.seed(seed_ ^ (uint64_t(key) << 40) ^ (uint64_t(first) << 20) ^ uint64_t(count));
    const RefPoly a = uniform(limbs_ + special_);
    RefPoly b = sub(to_eval(error(), limbs_ + special_), mul(a, target, primes_), primes_);
    rng_ = saved;
    // P Qhat [Qhat^-1]_{Q_digit} is P mod the digit's primes and 0 mod every other prime.
    for (int i = first; i < first + count; ++i) {
      const uint64_t q = primes_[i];
      uint64_t p_mod_q = 1;
      for (int k = 0; k < special_; ++k) p_mod_q = mul_mod(p_mod_q, primes_[limbs_ + k] % q, q);
      for (uint64_t c = 0; c < n_; ++c) {
        b[i][c] = static_cast<uint32_t>((b[i][c] + mul_mod(p_mod_q, s_prime[i][c], q)) % q);
      }
    }
    it = keys_.emplace(std::array<int, 3>{key, first, count}, std::array<RefPoly, 2>{b, a}).first;
  }
  return it->second[poly].at(prime)[coeff];
}

std::function<uint32_t(int, int, int, int, int, uint64_t)> CkksScheme::evk_provider() const {
  return [this](int key, int first, int count, int poly, int prime, uint64_t coeff) {
    return evk(key, first, count, poly, prime, coeff);
  };
}

void CkksScheme::fft(std::vector<Complex>& a, bool inverse) const {
  const uint64_t n = a.size();
  const int bits = log2_exact(n);
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t j = bit_reverse(static_cast<uint32_t>(i), bits);
    if (i < j) std::swap(a[i], a[j]);
  }
  const double sign = inverse ? -1 : 1;
  for (uint64_t len = 2; len <= n; len *= 2) {
    for (uint64_t k = 0; k < len / 2; ++k) {
      const Complex w = std::polar(1.0, sign * 2 * std::numbers::pi * double(k) / double(len));
      for (uint64_t i = k; i < n; i += len) {
        const Complex u = a[i], v = a[i + len / 2] * w;
        a[i] = u + v;
        a[i + len / 2] = u - v;
      }
    }
  }
}

std::vector<Complex> CkksScheme::evaluate(std::vector<Complex> m) const {
  // m(zeta^(2k+1)) = sum_i (m_i zeta^i) omega^(ik), zeta = e^(i pi / N), omega = zeta^2.
  for (uint64_t i = 0; i < n_; ++i) m[i] *= std::polar(1.0, std::numbers::pi * double(i) / n_);
  fft(m, false);
  return m;
}

std::vector<Complex> CkksScheme::interpolate(std::vector<Complex> v) const {
  fft(v, true);
  for (uint64_t i = 0; i < n_; ++i) {
    v[i] *= std::polar(1.0 / double(n_), -std::numbers::pi * double(i) / n_);
  }
  return v;
}

RefPoly CkksScheme::encode(const Slots& z, double scale, int level) const {
  std::vector<Complex> v(n_);
  for (uint64_t j = 0; j < n_ / 2; ++j) {
    v[slot_index_[j]] = z[j];
    v[n_ - 1 - slot_index_[j]] = std::conj(z[j]);  // zeta^(-(2k+1)) = zeta^(2(N-1-k)+1)
  }
  const std::vector<Complex> m = interpolate(v);
  Coeffs c(n_);
  for (uint64_t i = 0; i < n_; ++i) c[i] = std::llround(scale * m[i].real());
  return to_eval(c, level);
}

std::vector<double> CkksScheme::crt_centered(const RefPoly& coeffs) const {
  const int count = static_cast<int>(coeffs.size());
  std::vector<double> out(n_);
  std::vector<int64_t> digit(count);
  for (uint64_t c = 0; c < n_; ++c) {
    // Garner: x = v_0 + v_1 q_0 + v_2 q_0 q_1 + ..., each v_k centered mod q_k.
    long double value = 0, radix = 1;
    for (int k = 0; k < count; ++k) {
      const uint64_t q = primes_[k];
      uint64_t partial = 0, prod = 1;  // v_0 + ... + v_{k-1} q_0..q_{k-2} mod q, and q_0..q_{k-1}
      for (int t = 0; t < k; ++t) {
        const uint64_t vt = static_cast<uint64_t>((digit[t] % int64_t(q) + int64_t(q))) % q;
        partial = (partial + mul_mod(vt, prod, q)) % q;
        prod = mul_mod(prod, primes_[t] % q, q);
      }
      const uint64_t v = mul_mod((coeffs.at(k)[c] + q - partial) % q, inv_mod(prod, q), q);
      digit[k] = v > q / 2 ? int64_t(v) - int64_t(q) : int64_t(v);
      value += static_cast<long double>(digit[k]) * radix;
      radix *= static_cast<long double>(q);
    }
    out[c] = static_cast<double>(value);
  }
  return out;
}

Slots CkksScheme::decode(const RefPoly& m, double scale) const {
  RefPoly coeffs;
  for (const auto& [prime, limb] : m)
    coeffs[prime] = intt_radix2(limb, primes_[prime], psi_[prime]);
  const std::vector<double> c = crt_centered(coeffs);
  const std::vector<Complex> v = evaluate(std::vector<Complex>(c.begin(), c.end()));
  Slots z(n_ / 2);
  for (uint64_t j = 0; j < n_ / 2; ++j) z[j] = v[slot_index_[j]] / scale;
  return z;
}

Ciphertext CkksScheme::encrypt(const Slots& z, double scale, int level) {
  const RefPoly a = uniform(level);
  const RefPoly as = mul(a, first_limbs(s_eval_, level), primes_);
  const RefPoly m = encode(z, scale, level);
  return {add(sub(to_eval(error(), level), as, primes_), m, primes_), a, scale};
}

Ciphertext CkksScheme::encrypt_public(const Slots& z, double scale, int level) {
  const RefPoly v = to_eval(ternary(), level);
  const RefPoly m = encode(z, scale, level);
  const RefPoly c0 =
      add(mul(first_limbs(pk0_, level), v, primes_), to_eval(error(), level), primes_);
  const RefPoly c1 =
      add(mul(first_limbs(pk1_, level), v, primes_), to_eval(error(), level), primes_);
  return {add(c0, m, primes_), c1, scale};
}

RefPoly CkksScheme::decrypt(const Ciphertext& ct) const {
  RefPoly s;
  for (const auto& [prime, limb] : ct.c1) s[prime] = s_eval_.at(prime);
  return add(ct.c0, mul(ct.c1, s, primes_), primes_);
}

Slots CkksScheme::random_slots(uint64_t seed) const {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  Slots z(n_ / 2);
  for (auto& x : z) {
    const double r = std::sqrt(u(rng)), theta = 2 * std::numbers::pi * u(rng);
    x = std::polar(r, theta);
  }
  return z;
}

double max_error(const Slots& a, const Slots& b) {
  double worst = 0;
  for (size_t j = 0; j < a.size(); ++j) worst = std::max(worst, std::abs(a[j] - b[j]));
  return worst;
}

}  // namespace hesa::test
