#include "workloads/bconv_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/bigint.hpp"
#include "workloads/modmath.hpp"
#include "workloads/trace_builder.hpp"

namespace hesa {

namespace {

// (Q / q_i) mod m for every i, Q the product of `from`.
std::vector<uint64_t> q_hat_mod(const std::vector<uint64_t>& from, uint64_t m) {
  std::vector<uint64_t> out(from.size(), 1 % m);
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t k = 0; k < from.size(); ++k)
      if (k != i) out[i] = mul_mod(out[i], from[k] % m, m);
  return out;
}

class Lowerer {
 public:
  Lowerer(const BconvParams& p, const LoweringLimits& lim, bool with_constants)
      : p_(p), lim_(lim), with_constants_(with_constants), a_(p.from.size()), b_out_(p.to.size()) {}

  NttLowering run() {
    check_accumulation();
    plan_tiles();
    declare();
    const uint64_t columns = p_.n * p_.batch;
    for (uint64_t c0 = 0; c0 < columns; c0 += tile_) lower_tile(c0);
    NttLowering out;
    out.items_per_chunk = static_cast<int>(tile_);
    out.vmem_bytes_used = vmem_used_;
    out.hbm_bytes_used = hbm_used_;
    out.trace = b_.take();
    return out;
  }

 private:
  struct Set {
    int stage, bytes, part, out;
  };

  void check_accumulation() {
    const uint64_t partial = 255ull * 255 * 4 * a_;
    if (partial > 0x7fffffffu) {
      throw LoweringError("scheme.limbs", fmt::format("a BConv from {} limbs overflows the MXU's "
                                                      "int32 accumulators",
                                                      a_));
    }
  }

  uint64_t bytes_per_column() const { return 8 * a_ + 20 * b_out_; }

  void plan_tiles() {
    const uint64_t depth = p_.prefetch_depth;
    const uint64_t consts = 16 * a_ * b_out_ + 4 * a_;
    const uint64_t columns = p_.n * p_.batch;
    tile_ = p_.n;  // a power of two; shrink until it fits, never below 128 columns
    while (tile_ > 128 && depth * bytes_per_column() * tile_ + consts > lim_.vmem_bytes) tile_ /= 2;
    tile_ = std::min(tile_, columns);
    vmem_used_ = depth * bytes_per_column() * tile_ + consts;
    if (vmem_used_ > lim_.vmem_bytes) {
      throw LoweringError(
          "mapping.prefetch_depth",
          fmt::format("BConv working set does not fit VMEM: {} x {} bytes per column x {} "
                      "columns + {} bytes of constants = {} bytes, VMEM holds {} bytes",
                      depth, bytes_per_column(), tile_, consts, vmem_used_, lim_.vmem_bytes));
    }
    hbm_used_ = 4 * columns * (a_ + b_out_) + consts;
    if (hbm_used_ > lim_.hbm_bytes) {
      throw LoweringError("batch", fmt::format("BConv operands need {} bytes of HBM, the chip has "
                                               "{} bytes",
                                               hbm_used_, lim_.hbm_bytes));
    }
  }

  void declare() {
    const uint64_t columns = p_.n * p_.batch;
    for (size_t i = 0; i < a_; ++i) {
      in_.push_back(b_.buffer(fmt::format("hbm.in.limb{}", i), Space::kHbm, DType::kU32, columns));
      for (int item = 0; item < p_.batch; ++item) {
        b_.trace().inputs.push_back({in_.back(), uint64_t(item) * p_.n, item, int(i), 0, 0});
      }
    }
    for (size_t j = 0; j < b_out_; ++j) {
      out_.push_back(
          b_.buffer(fmt::format("hbm.out.limb{}", j), Space::kHbm, DType::kU32, columns));
      for (int item = 0; item < p_.batch; ++item) {
        b_.trace().outputs.push_back({out_.back(), uint64_t(item) * p_.n, item, int(j), 0, 0});
      }
    }
    std::vector<uint32_t> mat, hat_inv;
    if (with_constants_) {
      mat.resize(16 * a_ * b_out_);
      const uint64_t width = 4 * a_;
      for (size_t j = 0; j < b_out_; ++j) {
        const uint64_t pj = p_.to[j];
        const std::vector<uint64_t> hat = q_hat_mod(p_.from, pj);
        for (size_t i = 0; i < a_; ++i) {
          uint64_t shifted = hat[i];
          for (int k = 0; k < 4; ++k) {
            for (int p = 0; p < 4; ++p)
              mat[(4 * j + p) * width + 4 * i + k] = (shifted >> (8 * p)) & 0xff;
            shifted = mul_mod(shifted, 256, pj);
          }
        }
      }
      for (size_t i = 0; i < a_; ++i) {
        const uint64_t qi = p_.from[i];
        hat_inv.push_back(static_cast<uint32_t>(inv_mod(q_hat_mod(p_.from, qi)[i], qi)));
      }
    }
    const auto constant = [&](const char* name, DType t, uint64_t elems, std::vector<uint32_t> d) {
      const int id = with_constants_ ? b_.constant(std::move(d)) : -1;
      const int hbm = b_.buffer(fmt::format("hbm.{}", name), Space::kHbm, t, elems, id);
      const int vmem = b_.buffer(fmt::format("vmem.{}", name), Space::kVmem, t, elems);
      b_.emit(
          Instr{.op = Opcode::kLoad, .dst = vmem, .a = hbm, .tag = b_.tag("bconv/load_constants")});
      return vmem;
    };
    mat_ = constant("bat_matrix", DType::kU8, 16 * a_ * b_out_, std::move(mat));
    hat_inv_ = constant("q_hat_inv", DType::kU32, a_, std::move(hat_inv));
    for (int s = 0; s < p_.prefetch_depth; ++s) {
      sets_.push_back(
          {b_.buffer(fmt::format("vmem.set{}.stage", s), Space::kVmem, DType::kU32, a_ * tile_),
           b_.buffer(fmt::format("vmem.set{}.bytes", s), Space::kVmem, DType::kU8, 4 * a_ * tile_),
           b_.buffer(fmt::format("vmem.set{}.part", s), Space::kVmem, DType::kI32,
                     4 * b_out_ * tile_),
           b_.buffer(fmt::format("vmem.set{}.out", s), Space::kVmem, DType::kU32, b_out_ * tile_)});
    }
  }

  void lower_tile(uint64_t c0) {
    const Set& s = sets_[step_++ % sets_.size()];
    const auto t = static_cast<uint32_t>(tile_);
    for (size_t i = 0; i < a_; ++i) {
      b_.emit(Instr{.op = Opcode::kLoad,
                    .dst = s.stage,
                    .a = in_[i],
                    .dst_off = i * tile_,
                    .a_off = c0,
                    .count = tile_,
                    .tag = b_.tag("bconv/load")});
      b_.emit(Instr{.op = Opcode::kModMulVec,
                    .dst = s.stage,
                    .a = s.stage,
                    .b = hat_inv_,
                    .m = t,
                    .n = 1,
                    .q = p_.from[i],
                    .dst_off = i * tile_,
                    .a_off = i * tile_,
                    .b_off = i,
                    .tag = b_.tag("bconv/modmul")});
    }
    b_.emit(Instr{.op = Opcode::kSplitBytesRows,
                  .dst = s.bytes,
                  .a = s.stage,
                  .m = 1,
                  .n = static_cast<uint32_t>(a_),
                  .k = t,
                  .tag = b_.tag("bconv/convert")});
    b_.emit(Instr{.op = Opcode::kMatmulU8,
                  .dst = s.part,
                  .a = mat_,
                  .b = s.bytes,
                  .m = static_cast<uint32_t>(4 * b_out_),
                  .n = t,
                  .k = static_cast<uint32_t>(4 * a_),
                  .a_stationary = true,
                  .tag = b_.tag("bconv/matmul")});
    for (size_t j = 0; j < b_out_; ++j) {
      b_.emit(Instr{.op = Opcode::kMergeRows,
                    .dst = s.out,
                    .a = s.part,
                    .m = 1,
                    .n = 1,
                    .k = t,
                    .q = p_.to[j],
                    .dst_off = j * tile_,
                    .group = static_cast<uint32_t>(j),
                    .tag = b_.tag("bconv/reduce")});
      b_.emit(Instr{.op = Opcode::kStore,
                    .dst = out_[j],
                    .a = s.out,
                    .dst_off = c0,
                    .a_off = j * tile_,
                    .count = tile_,
                    .tag = b_.tag("bconv/store")});
    }
  }

  const BconvParams& p_;
  const LoweringLimits& lim_;
  bool with_constants_;
  uint64_t a_, b_out_;
  uint64_t tile_ = 0, vmem_used_ = 0, hbm_used_ = 0;
  size_t step_ = 0;
  TraceBuilder b_;
  std::vector<int> in_, out_;
  int mat_ = -1, hat_inv_ = -1;
  std::vector<Set> sets_;
};

}  // namespace

NttLowering lower_bconv(const BconvParams& params, const LoweringLimits& limits,
                        bool with_constants) {
  return Lowerer(params, limits, with_constants).run();
}

std::vector<uint32_t> bconv_reference(const std::vector<uint32_t>& x,
                                      const std::vector<uint64_t>& from,
                                      const std::vector<uint64_t>& to) {
  BigUint v;
  for (size_t i = 0; i < from.size(); ++i) {
    BigUint q_hat(1);
    for (size_t k = 0; k < from.size(); ++k)
      if (k != i) q_hat.mul_small(static_cast<uint32_t>(from[k]));
    const uint64_t q_hat_i = q_hat.mod_small(static_cast<uint32_t>(from[i]));
    const uint64_t y = mul_mod(x[i], inv_mod(q_hat_i, from[i]), from[i]);
    v.add(q_hat.mul_small(static_cast<uint32_t>(y)));
  }
  std::vector<uint32_t> out;
  for (uint64_t p : to) out.push_back(v.mod_small(static_cast<uint32_t>(p)));
  return out;
}

}  // namespace hesa
