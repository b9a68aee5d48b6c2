// Emits fast basis conversions between HBM limb buffers, as CROSS maps them: a VPU product by
// (Q/q_i)^-1 mod q_i, a BAT int8 matmul of the (4 l_in x columns) byte matrix with a
// (4 l_out x 4 l_in) constant on the MXU, then shift-add + Barrett per target prime on the VPU.
// Columns (coefficients of all batch items) are processed in tiles through a ring of VMEM sets.
// On the VPU instead (mapping bconv: vpu, the non-matrix baseline): per target prime, a product by
// (Q/q_i) mod p_j and a modular add for every source limb.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/modmul_emitter.hpp"

namespace hesa {

struct BconvShape {
  uint64_t max_from = 1, max_to = 1;  // largest bases converted
  uint64_t tile = 1;                  // columns per tile
  int depth = 2;
  Reduction reduction = Reduction::kBarrett;  // of the (Q/q_i)^-1 products
  bool bat_constants = false;                 // products by constants as BAT products (MXU)
  bool on_vpu = false;                        // mapping bconv: vpu
  uint32_t merge_rows = 8;  // target rows one merge reduces: a vector register's rows
};

class BconvEmitter {
 public:
  BconvEmitter(TraceBuilder& b, const BconvShape& shape, bool with_constants);
  static uint64_t vmem_bytes(const BconvShape& shape);
  // Largest power-of-two tile (<= max_tile, >= 128 when possible) whose sets fit `budget` bytes.
  static uint64_t fit_tile(BconvShape shape, uint64_t max_tile, uint64_t budget);
  // out[j] (mod to[j]) from in[i] (mod from[i]), HBM buffers, columns [first, first + columns).
  void emit(const std::vector<int>& in, const std::vector<uint64_t>& from,
            const std::vector<int>& out, const std::vector<uint64_t>& to, uint64_t first,
            uint64_t columns, const std::string& kernel);

 private:
  struct Set {
    int stage, bytes, part, out;
  };
  // The tile's target limbs from the scaled source limbs in s.stage: BAT matmul or VPU sums.
  void convert_on_mxu(const Set& s, uint64_t a, const std::vector<uint64_t>& to, uint64_t t,
                      const std::string& kernel);
  void convert_on_vpu(const Set& s, const std::vector<uint64_t>& from,
                      const std::vector<uint64_t>& to, uint64_t t, const std::string& kernel);
  TraceBuilder& b_;
  BconvShape shape_;
  bool with_constants_;
  ModMulEmitter modmul_;
  int mat_ = -1, hat_inv_ = -1;  // VMEM constant buffers, reloaded per conversion
  int moduli_ = -1;              // the target primes, per merge row (MXU mapping)
  int hat_ = -1, sum_ = -1;      // VPU mapping: (Q/q_i) mod p_j table; a product's scratch
  std::vector<Set> sets_;
  size_t next_ = 0;
  int conversions_ = 0;
};

// The BConv constants: the BAT matrix, row (j,p), column (i,k) = byte p of
// ((Q/q_i) mod p_j) * 2^(8k) mod p_j; (Q/q_i)^-1 mod q_i; and (Q/q_i) mod p_j at j * l_in + i.
std::vector<uint32_t> bconv_matrix(const std::vector<uint64_t>& from,
                                   const std::vector<uint64_t>& to);
std::vector<uint32_t> bconv_hat_inverses(const std::vector<uint64_t>& from);
std::vector<uint32_t> bconv_hats(const std::vector<uint64_t>& from,
                                 const std::vector<uint64_t>& to);

}  // namespace hesa
