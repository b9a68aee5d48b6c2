// The constant matrices of the MAT 3-step NTT (bit-reversal folded in) and their BAT byte forms.
// Layout: N = R x C, input index i = r*C + c, output in bit-reversed order, row-major R x C.
#pragma once

#include <cstdint>
#include <vector>

namespace hesa {

struct NttRoots {
  NttRoots(uint64_t n, uint64_t q, uint64_t psi);
  uint64_t n, q, psi, psi_inv, w, w_inv, n_inv;
};

using U32Matrix = std::vector<uint32_t>;  // row-major

// Forward: T1 (R x R) left, T2 (R x C) elementwise, T3 (C x C) right. The negacyclic twist
// psi^i (i = r C + c) is a product by twist() before them, or with `fused` (CROSS's Gen-2
// constants) folded in: psi^(C r) into column r of T1, psi^c into column c of T2.
U32Matrix ntt_t1(const NttRoots& roots, uint32_t R, uint32_t C, bool fused = false);
U32Matrix ntt_t2(const NttRoots& roots, uint32_t R, uint32_t C, bool fused = false);
U32Matrix ntt_t3(const NttRoots& roots, uint32_t R, uint32_t C);
// Inverse: T3inv (C x C) right, T2inv (R x C, with C^-1) elementwise, T1inv (R x R, with R^-1)
// left (CROSS's split of N^-1). The twist psi^-i is a product by twist() after them, or with
// `fused` folded in: psi^-c into column c of T2inv, psi^-(C i) into row i of T1inv.
U32Matrix intt_t1(const NttRoots& roots, uint32_t R, uint32_t C, bool fused = false);
U32Matrix intt_t2(const NttRoots& roots, uint32_t R, uint32_t C, bool fused = false);
U32Matrix intt_t3(const NttRoots& roots, uint32_t R, uint32_t C);
U32Matrix twist(const NttRoots& roots, bool inverse);  // psi^i or psi^-i, i = 0..N-1

// BAT byte matrices for a left product (out = T * X, T is H x H): 4H x 4H bytes, row (z,p),
// column (r,k), entry = byte p of (T[z][r] * 2^(8k) mod q).
U32Matrix bat_left(const U32Matrix& t, uint32_t h, uint64_t q);
// For a right product (out = X * T, T is H x H): 4H x 4H bytes, row (c,k), column (n,p).
U32Matrix bat_right(const U32Matrix& t, uint32_t h, uint64_t q);
// The same for a rectangular T (rows x cols): 4 rows x 4 cols bytes.
U32Matrix bat_right(const U32Matrix& t, uint32_t rows, uint32_t cols, uint64_t q);

}  // namespace hesa
