#include "workloads/math/ntt_constants.hpp"

#include "workloads/math/modmath.hpp"

namespace hesa {

NttRoots::NttRoots(uint64_t n_, uint64_t q_, uint64_t psi_) : n(n_), q(q_), psi(psi_) {
  psi_inv = inv_mod(psi, q);
  w = mul_mod(psi, psi, q);
  w_inv = inv_mod(w, q);
  n_inv = inv_mod(n % q, q);
}

namespace {

// out[row][col] = base^(e(row, col)) * scale, exponents reduced mod N (base has order dividing N).
template <typename Exponent>
U32Matrix power_table(uint64_t base, uint64_t q, uint64_t n, uint32_t rows, uint32_t cols,
                      uint64_t scale, Exponent e) {
  U32Matrix out(uint64_t{rows} * cols);
  for (uint32_t i = 0; i < rows; ++i) {
    for (uint32_t j = 0; j < cols; ++j) {
      out[uint64_t{i} * cols + j] =
          static_cast<uint32_t>(mul_mod(pow_mod(base, e(i, j) % n, q), scale, q));
    }
  }
  return out;
}

int bits_of(uint32_t x) {
  return log2_exact(x);
}

// Multiplies column j (or row j) of the rows x cols matrix t by base^(step j).
void scale_lines(U32Matrix& t, uint32_t rows, uint32_t cols, bool by_column, uint64_t base,
                 uint64_t step, uint64_t q) {
  const uint64_t factor = pow_mod(base, step, q);
  uint64_t f = 1;
  for (uint32_t j = 0; j < (by_column ? cols : rows); ++j, f = mul_mod(f, factor, q)) {
    for (uint32_t i = 0; i < (by_column ? rows : cols); ++i) {
      uint32_t& x = by_column ? t[uint64_t{i} * cols + j] : t[uint64_t{j} * cols + i];
      x = static_cast<uint32_t>(mul_mod(x, f, q));
    }
  }
}

}  // namespace

U32Matrix ntt_t1(const NttRoots& r, uint32_t R, uint32_t C, bool fused) {
  const uint64_t w_col = pow_mod(r.w, C, r.q);
  U32Matrix t = power_table(w_col, r.q, r.n, R, R, 1, [&](uint32_t z, uint32_t x) {
    return uint64_t{bit_reverse(z, bits_of(R))} * x;
  });
  if (fused) scale_lines(t, R, R, true, r.psi, C, r.q);  // column x: psi^(C x)
  return t;
}

U32Matrix ntt_t2(const NttRoots& r, uint32_t R, uint32_t C, bool fused) {
  U32Matrix t = power_table(r.w, r.q, r.n, R, C, 1, [&](uint32_t z, uint32_t c) {
    return uint64_t{bit_reverse(z, bits_of(R))} * c;
  });
  if (fused) scale_lines(t, R, C, true, r.psi, 1, r.q);  // column c: psi^c
  return t;
}

U32Matrix ntt_t3(const NttRoots& r, uint32_t R, uint32_t C) {
  const uint64_t w_row = pow_mod(r.w, R, r.q);
  return power_table(w_row, r.q, r.n, C, C, 1, [&](uint32_t c, uint32_t x) {
    return uint64_t{c} * bit_reverse(x, bits_of(C));
  });
}

U32Matrix intt_t1(const NttRoots& r, uint32_t R, uint32_t C, bool fused) {
  const uint64_t w_col = pow_mod(r.w_inv, C, r.q);
  U32Matrix t =
      power_table(w_col, r.q, r.n, R, R, inv_mod(R % r.q, r.q),
                  [&](uint32_t x, uint32_t z) { return uint64_t{x} * bit_reverse(z, bits_of(R)); });
  if (fused) scale_lines(t, R, R, false, r.psi_inv, C, r.q);  // row x: psi^-(C x)
  return t;
}

U32Matrix intt_t2(const NttRoots& r, uint32_t R, uint32_t C, bool fused) {
  U32Matrix t =
      power_table(r.w_inv, r.q, r.n, R, C, inv_mod(C % r.q, r.q),
                  [&](uint32_t z, uint32_t c) { return uint64_t{bit_reverse(z, bits_of(R))} * c; });
  if (fused) scale_lines(t, R, C, true, r.psi_inv, 1, r.q);  // column c: psi^-c
  return t;
}

U32Matrix intt_t3(const NttRoots& r, uint32_t R, uint32_t C) {
  const uint64_t w_row = pow_mod(r.w_inv, R, r.q);
  return power_table(w_row, r.q, r.n, C, C, 1, [&](uint32_t x, uint32_t c) {
    return uint64_t{c} * bit_reverse(x, bits_of(C));
  });
}

U32Matrix twist(const NttRoots& r, bool inverse) {
  U32Matrix out(r.n);
  const uint64_t base = inverse ? r.psi_inv : r.psi;
  uint64_t cur = 1;
  for (uint64_t i = 0; i < r.n; ++i) {
    out[i] = static_cast<uint32_t>(cur);
    cur = mul_mod(cur, base, r.q);
  }
  return out;
}

namespace {

// The 4 x 4 BAT block of one constant: block[k][p] = byte p of (t * 2^(8k) mod q).
void bat_block(uint64_t t, uint64_t q, uint32_t block[4][4]) {
  uint64_t shifted = t % q;
  for (int k = 0; k < 4; ++k) {
    for (int p = 0; p < 4; ++p) block[k][p] = (shifted >> (8 * p)) & 0xff;
    shifted = mul_mod(shifted, 256, q);
  }
}

}  // namespace

U32Matrix bat_left(const U32Matrix& t, uint32_t h, uint64_t q) {
  const uint64_t w = 4 * uint64_t{h};
  U32Matrix out(w * w);
  uint32_t block[4][4];
  for (uint32_t z = 0; z < h; ++z) {
    for (uint32_t x = 0; x < h; ++x) {
      bat_block(t[uint64_t{z} * h + x], q, block);
      for (int p = 0; p < 4; ++p)
        for (int k = 0; k < 4; ++k) out[(4 * uint64_t{z} + p) * w + 4 * x + k] = block[k][p];
    }
  }
  return out;
}

U32Matrix bat_right(const U32Matrix& t, uint32_t h, uint64_t q) {
  return bat_right(t, h, h, q);
}

U32Matrix bat_right(const U32Matrix& t, uint32_t rows, uint32_t cols, uint64_t q) {
  const uint64_t w = 4 * uint64_t{cols};
  U32Matrix out(4 * uint64_t{rows} * w);
  uint32_t block[4][4];
  for (uint32_t c = 0; c < rows; ++c) {
    for (uint32_t x = 0; x < cols; ++x) {
      bat_block(t[uint64_t{c} * cols + x], q, block);
      for (int k = 0; k < 4; ++k)
        for (int p = 0; p < 4; ++p) out[(4 * uint64_t{c} + k) * w + 4 * x + p] = block[k][p];
    }
  }
  return out;
}

}  // namespace hesa
