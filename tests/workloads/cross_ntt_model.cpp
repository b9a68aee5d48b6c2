#include "tests/workloads/cross_ntt_model.hpp"

#include "workloads/math/modmath.hpp"
#include "workloads/math/ntt_constants.hpp"

namespace hesa::test {

namespace {

using Matrix = std::vector<uint32_t>;  // row-major

uint64_t hi32(uint64_t z) {
  return z >> 32;
}

// CROSS's MontgomeryContext.modular_reduction: t = lo(z) q^-1 mod 2^32, then in u32 arithmetic
// hi(z) + q - hi(t q), no final subtraction.
uint32_t montgomery(uint64_t z, uint64_t q) {
  uint32_t q_inv = 1;  // q^-1 mod 2^32 by Newton's iteration
  for (int i = 0; i < 5; ++i) q_inv *= 2 - static_cast<uint32_t>(q) * q_inv;
  const uint32_t t = static_cast<uint32_t>(z) * q_inv;
  return static_cast<uint32_t>(hi32(z) + q - hi32(uint64_t{t} * q));
}

// CROSS's ShoupContext.modular_reduction: (S - (S' >> 32) q) mod 2^64, truncated to u32.
uint32_t shoup(uint64_t s, uint64_t s_companion, uint64_t q) {
  return static_cast<uint32_t>(s - hi32(s_companion) * q);
}

uint32_t companion(uint32_t w, uint64_t q) {
  return static_cast<uint32_t>((uint64_t{w} << 32) / q);
}

// out = A (m x k) * B (k x n) as CROSS computes it for the kind.
Matrix product(CrossNtt kind, const Matrix& a, const Matrix& b, uint32_t m, uint32_t k, uint32_t n,
               bool constant_left, uint64_t q) {
  Matrix out(uint64_t{m} * n);
  for (uint32_t i = 0; i < m; ++i) {
    for (uint32_t j = 0; j < n; ++j) {
      uint64_t s = 0, s_companion = 0;
      for (uint32_t l = 0; l < k; ++l) {
        const uint64_t av = a[uint64_t{i} * k + l], bv = b[uint64_t{l} * n + j];
        const uint64_t w = constant_left ? av : bv, x = constant_left ? bv : av;
        if (kind == CrossNtt::kShoupConv) {  // the byte convolution is exact: sum of w x mod 2^64
          s += w * x;
          s_companion += uint64_t{companion(static_cast<uint32_t>(w), q)} * x;
        } else {  // BAT: sum over the bytes x_k of x of x_k (w 2^32 2^(8k) mod q)
          const uint64_t wm = mul_mod(w, (uint64_t{1} << 32) % q, q);
          for (int byte = 0; byte < 4; ++byte) {
            s += ((x >> (8 * byte)) & 0xff) * mul_mod(wm, uint64_t{1} << (8 * byte), q);
          }
        }
      }
      out[uint64_t{i} * n + j] =
          kind == CrossNtt::kShoupConv ? shoup(s, s_companion, q) : montgomery(s, q);
    }
  }
  return out;
}

// y[i] = y[i] * t[i] as CROSS's step 2 computes it.
void elementwise(CrossNtt kind, Matrix& y, const Matrix& t, uint64_t q) {
  for (size_t i = 0; i < y.size(); ++i) {
    if (kind == CrossNtt::kShoupConv) {
      y[i] = shoup(uint64_t{y[i]} * t[i], uint64_t{y[i]} * companion(t[i], q), q);
    } else {
      y[i] = montgomery(uint64_t{y[i]} * mul_mod(t[i], (uint64_t{1} << 32) % q, q), q);
    }
  }
}

}  // namespace

std::vector<uint32_t> cross_ntt(CrossNtt kind, const std::vector<uint32_t>& input, uint64_t q,
                                uint64_t psi, uint32_t R, uint32_t C, bool inverse,
                                Twist twist_mode) {
  const NttRoots roots(uint64_t{R} * C, q, psi);
  const bool fused = twist_mode == Twist::kFused;
  Matrix x = input;
  const Matrix tw = twist(roots, inverse);
  if (!inverse && !fused) {
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint32_t>(mul_mod(x[i], tw[i], q));
  }
  Matrix y;
  if (!inverse) {
    y = product(kind, ntt_t1(roots, R, C, fused), x, R, R, C, true, q);
    elementwise(kind, y, ntt_t2(roots, R, C, fused), q);
    y = product(kind, y, ntt_t3(roots, R, C), R, C, C, false, q);
  } else {
    y = product(kind, x, intt_t3(roots, R, C), R, C, C, false, q);
    elementwise(kind, y, intt_t2(roots, R, C, fused), q);
    y = product(kind, intt_t1(roots, R, C, fused), y, R, R, C, true, q);
    if (!fused) {
      for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<uint32_t>(mul_mod(y[i], tw[i], q));
    }
  }
  return y;
}

}  // namespace hesa::test
