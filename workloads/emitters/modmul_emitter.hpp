// Emits a modular product by a multiplicand already in VMEM, for each reduction: Barrett,
// Montgomery and Shoup as one VPU instruction; BAT-lazy as a byte split of the 64-bit product
// (VPU), an [elements x 8] x [8 x 4] int8 matmul folding the high bytes mod q (MXU) and a
// shift-add with Barrett (VPU). Known constants are stored in the form each reduction needs.
// With BAT constants (mapping constant_mul: bat) a product by a known constant is a BAT product
// on the MXU (each constant a 4x4 byte block) and a shift-add with Barrett on the VPU.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "trace/trace_builder.hpp"

namespace hesa {

// A known constant vector in the form its product uses: with BAT, per value x the four words
// x * 2^(8k) mod q (the rows of its byte block); else Montgomery form (x * 2^32) for Montgomery,
// followed by its companions for Shoup, as is otherwise.
std::vector<uint32_t> constant_form(const std::vector<uint32_t>& values, uint64_t q,
                                    Reduction reduction, bool bat = false);
// Elements of a constant vector of n values in that form.
inline uint64_t constant_elems(uint64_t n, Reduction r, bool bat = false) {
  return bat ? 4 * n : r == Reduction::kShoup ? 2 * n : n;
}

class ModMulEmitter {
 public:
  // max_elems: the largest product one instruction computes; depth: scratch sets (BAT-lazy).
  // bat: products by constants are BAT products on the MXU (constants in BAT form).
  ModMulEmitter(TraceBuilder& b, Reduction reduction, uint64_t max_elems, int depth,
                bool with_constants, bool bat = false);
  static uint64_t vmem_bytes(Reduction reduction, uint64_t max_elems, int depth, bool bat = false);
  // VMEM of the BAT-lazy fold matrices, resident once loaded: 32 bytes per prime.
  static uint64_t fold_bytes(Reduction reduction, uint64_t primes) {
    return reduction == Reduction::kBatLazy ? 32 * primes : 0;
  }
  // dst[i] = a[i] * c[i mod n] mod q for i < elems (see Reduction for Montgomery's meaning);
  // `lazy`: Montgomery and Shoup leave out the final conditional subtraction (CROSS's NTTs).
  void emit(int dst, uint64_t dst_off, int a, uint64_t a_off, int c, uint64_t c_off, uint64_t n,
            uint64_t elems, uint64_t q, const std::string& tag, bool lazy = false);
  Reduction reduction() const { return reduction_; }
  bool bat() const { return bat_; }
  // A constant vector in the form this emitter multiplies by, and its length.
  std::vector<uint32_t> form(const std::vector<uint32_t>& values, uint64_t q) const {
    return constant_form(values, q, reduction_, bat_);
  }
  uint64_t elems(uint64_t n) const { return constant_elems(n, reduction_, bat_); }

 private:
  int fold_constant(uint64_t q, const std::string& kernel);
  // dst[i] = sum_p 2^(8p) part[i][p] mod q (shift-add and Barrett on the VPU), i < m.
  void reduce_partials(int dst, uint64_t dst_off, int part, uint32_t m, uint64_t q,
                       const std::string& tag);
  TraceBuilder& b_;
  Reduction reduction_;
  bool with_constants_, bat_;
  std::vector<std::pair<int, int>> scratch_;  // (bytes, part) per set
  size_t next_ = 0;
  std::map<uint64_t, int> folds_;  // per prime: resident VMEM [8 x 4] fold matrix
};

}  // namespace hesa
