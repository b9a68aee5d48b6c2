// A small plain CKKS for tests (not part of the simulator): canonical-embedding encoding of N/2
// complex slots, ternary secret, centered-binomial errors, secret- and public-key encryption and
// hybrid key-switching keys (dnum digits over the Q primes, P special primes) laid out as
// CkksParams::evk hands them to the lowering. Polynomials are RNS limbs in the evaluation form
// of the reference NTT (bit-reversed order), the form the lowered traces read and write.
#pragma once

#include <array>
#include <complex>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "workloads/lowering/ckks_lowering.hpp"
#include "workloads/reference/ckks_reference.hpp"

namespace hesa::test {

using Slots = std::vector<std::complex<double>>;

struct Ciphertext {
  RefPoly c0, c1;  // over primes 0 .. level-1: decrypts as c0 + c1 * s
  double scale = 1;
};

class CkksScheme {
 public:
  // Uses p.n, p.limbs (L), p.special (K), p.dnum, p.primes and p.psi; the seed fixes every key.
  CkksScheme(const CkksParams& p, uint64_t seed);

  // The key-switching keys of key number `key` (rotation_key's numbering: 0 relinearizes,
  // s' = s^2, target t = s; g < 2N: the rotation X -> X^g applied before the key product,
  // s' = s(X^g), t = s; 2N + g: applied after ModDown, s' = s, t = s(X^(g^-1))): per digit of Q
  // primes [first, first + count) the pair (-a t + e + P Qhat [Qhat^-1]_{Q_digit} s', a) over the
  // L + K primes, made when first asked for (from a seed of the digit's own, so any digit
  // partition has its keys).
  void make_key(int key);
  void make_rotation_key(int steps, Automorphism where = Automorphism::kHoisted) {
    make_key(rotation_key(rotation_galois(steps, n_), where, n_));
  }
  uint32_t evk(int key, int first, int count, int poly, int prime, uint64_t coeff) const;
  // A provider for CkksParams::evk reading this scheme's keys (the scheme must outlive it).
  std::function<uint32_t(int, int, int, int, int, uint64_t)> evk_provider() const;

  // Slots -> round(scale * m) with m(zeta^(5^j)) = z_j, over primes 0 .. level-1.
  RefPoly encode(const Slots& z, double scale, int level) const;
  Slots decode(const RefPoly& m, double scale) const;
  Ciphertext encrypt(const Slots& z, double scale, int level);         // secret key
  Ciphertext encrypt_public(const Slots& z, double scale, int level);  // public key
  RefPoly decrypt(const Ciphertext& ct) const;
  Slots decrypt_decode(const Ciphertext& ct) const { return decode(decrypt(ct), ct.scale); }

  // Uniformly random slots with |z| <= 1.
  Slots random_slots(uint64_t seed) const;
  uint64_t slots() const { return n_ / 2; }

 private:
  using Coeffs = std::vector<int64_t>;
  RefPoly to_eval(const Coeffs& c, int primes) const;  // primes 0 .. primes-1
  RefPoly uniform(int primes) const;
  Coeffs ternary() const;
  Coeffs error() const;
  // s(X^g) in coefficient form.
  Coeffs turned(const Coeffs& c, uint64_t g) const;
  // Centered residues of the limbs of a coefficient-form polynomial -> doubles (Garner CRT).
  std::vector<double> crt_centered(const RefPoly& coeffs) const;
  // m_i of sum_i m_i X^i <-> values at zeta^(2k+1), k < N (negacyclic complex FFT).
  std::vector<std::complex<double>> evaluate(std::vector<std::complex<double>> m) const;
  std::vector<std::complex<double>> interpolate(std::vector<std::complex<double>> v) const;
  void fft(std::vector<std::complex<double>>& a, bool inverse) const;

  uint64_t n_;
  int limbs_, special_, dnum_;
  std::vector<uint64_t> primes_, psi_;
  mutable std::mt19937_64 rng_;
  uint64_t seed_;
  Coeffs s_;                          // the secret, coefficient form
  RefPoly s_eval_;                    // over all L + K primes
  RefPoly pk0_, pk1_;                 // public key (-a s + e, a) over the Q primes
  std::vector<uint64_t> slot_index_;  // slot j -> k with zeta^(2k+1) = zeta^(5^j)
  std::map<int, bool> made_;          // the keys asked for
  // keys_[{key, first, count}][poly]: RNS limbs over all L + K primes
  mutable std::map<std::array<int, 3>, std::array<RefPoly, 2>> keys_;
};

// Largest |a_j - b_j|.
double max_error(const Slots& a, const Slots& b);

}  // namespace hesa::test
