#include "workloads/ntt_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/barrett.hpp"
#include "workloads/modmath.hpp"
#include "workloads/ntt_constants.hpp"
#include "workloads/trace_builder.hpp"

namespace hesa {

std::pair<uint32_t, uint32_t> default_ntt_layout(uint64_t n) {
  const int log_n = log2_exact(n);
  const auto rows = uint32_t{1} << (log_n / 2);
  return {rows, static_cast<uint32_t>(n / rows)};
}

namespace {

constexpr uint64_t kMaxPartial = 255 * 255;  // one u8 x u8 product

void check_layout(const NttParams& p, uint32_t R, uint32_t C) {
  if (uint64_t{R} * C != p.n || !is_power_of_two(R) || !is_power_of_two(C)) {
    throw LoweringError("mapping.layout",
                        fmt::format("{} x {} is not a power-of-two split of N = {}", R, C, p.n));
  }
  const uint32_t h = std::max(R, C);
  const uint64_t partial = kMaxPartial * 4 * h;  // int32 accumulator of a 4h contraction
  if (partial > 0x7fffffffu) {
    throw LoweringError("mapping.layout",
                        fmt::format("{} x {}: a contraction of {} bytes overflows the MXU's int32 "
                                    "accumulators",
                                    R, C, 4 * h));
  }
  const uint64_t merged = partial * (1 + (1u << 8) + (1u << 16) + (1u << 24));
  for (uint64_t q : p.primes) {
    if (merged > Barrett(q).input_limit()) {
      throw LoweringError("mapping.layout",
                          fmt::format("{} x {}: BAT sums reach {}, beyond Barrett's input range "
                                      "for the prime {}",
                                      R, C, merged, q));
    }
  }
}

// Per-limb constants in HBM (and their VMEM slots), in the order the steps use them.
struct LimbConstants {
  int first, mid, last, twist;  // HBM buffers
};

struct Slots {
  int first, mid, last, twist;  // VMEM copies of one limb's constants
};

struct Working {
  int x, bytes, part, y;  // VMEM data buffers of one chunk
};

class Lowerer {
 public:
  Lowerer(const NttParams& p, const LoweringLimits& lim, bool with_constants)
      : p_(p), lim_(lim), with_constants_(with_constants) {}

  NttLowering run() {
    auto [R, C] = p_.rows ? std::pair{p_.rows, p_.cols} : default_ntt_layout(p_.n);
    R_ = R;
    C_ = C;
    check_layout(p_, R_, C_);
    plan_chunks();
    declare_buffers();
    for (size_t limb = 0; limb < p_.primes.size(); ++limb) lower_limb(limb);
    NttLowering out;
    out.rows = R_;
    out.cols = C_;
    out.items_per_chunk = g_;
    out.vmem_bytes_used = vmem_used_;
    out.hbm_bytes_used = hbm_used_;
    out.trace = b_.take();
    return out;
  }

 private:
  uint64_t const_bytes() const { return 16ull * R_ * R_ + 16ull * C_ * C_ + 8 * p_.n; }
  static constexpr uint64_t kItemBytesPerElem = 4 + 4 + 16 + 4;  // x, bytes, part, y

  void plan_chunks() {
    const uint64_t depth = static_cast<uint64_t>(p_.prefetch_depth);
    const uint64_t fixed = depth * const_bytes();
    const uint64_t per_item = depth * kItemBytesPerElem * p_.n;
    if (fixed + per_item > lim_.vmem_bytes) {
      throw LoweringError(
          "mapping.prefetch_depth",
          fmt::format("NTT working set does not fit VMEM: {} x ({} bytes of constants + {} bytes "
                      "per batch item) = {} bytes, VMEM holds {} bytes (vmem.size_mib)",
                      depth, const_bytes(), kItemBytesPerElem * p_.n, fixed + per_item,
                      lim_.vmem_bytes));
    }
    g_ = static_cast<int>(std::min<uint64_t>(p_.batch, (lim_.vmem_bytes - fixed) / per_item));
    chunks_ = (p_.batch + g_ - 1) / g_;
    vmem_used_ = fixed + depth * kItemBytesPerElem * p_.n * g_;
    hbm_used_ = p_.primes.size() * (const_bytes() + 8ull * p_.n * p_.batch);
    if (hbm_used_ > lim_.hbm_bytes) {
      throw LoweringError("batch", fmt::format("NTT data and constants need {} bytes of HBM, the "
                                               "chip has {} bytes (hbm.capacity_gib)",
                                               hbm_used_, lim_.hbm_bytes));
    }
  }

  int items_in(int chunk) const { return std::min(g_, p_.batch - chunk * g_); }

  void declare_buffers() {
    const int depth = p_.prefetch_depth;
    for (int s = 0; s < depth; ++s) {
      slots_.push_back(
          {b_.buffer(fmt::format("vmem.const{}.first", s), Space::kVmem, DType::kU8,
                     16ull * first_dim() * first_dim()),
           b_.buffer(fmt::format("vmem.const{}.mid", s), Space::kVmem, DType::kU32, p_.n),
           b_.buffer(fmt::format("vmem.const{}.last", s), Space::kVmem, DType::kU8,
                     16ull * last_dim() * last_dim()),
           b_.buffer(fmt::format("vmem.const{}.twist", s), Space::kVmem, DType::kU32, p_.n)});
      const uint64_t e = p_.n * g_;
      work_.push_back(
          {b_.buffer(fmt::format("vmem.data{}.x", s), Space::kVmem, DType::kU32, e),
           b_.buffer(fmt::format("vmem.data{}.bytes", s), Space::kVmem, DType::kU8, 4 * e),
           b_.buffer(fmt::format("vmem.data{}.part", s), Space::kVmem, DType::kI32, 4 * e),
           b_.buffer(fmt::format("vmem.data{}.y", s), Space::kVmem, DType::kU32, e)});
    }
  }

  // The first matmul is the R x R left product (NTT) or the C x C right product (INTT).
  uint32_t first_dim() const { return p_.inverse ? C_ : R_; }
  uint32_t last_dim() const { return p_.inverse ? R_ : C_; }

  int constant(const std::string& name, DType t, uint64_t elems, U32Matrix data) {
    const int id = with_constants_ ? b_.constant(std::move(data)) : -1;
    return b_.buffer(name, Space::kHbm, t, elems, id);
  }

  LimbConstants limb_constants(size_t limb) {
    const uint64_t q = p_.primes[limb];
    const std::string pre = fmt::format("hbm.limb{}.", limb);
    U32Matrix first, mid, last, tw;
    if (with_constants_) {
      const NttRoots roots(p_.n, q, p_.psi[limb]);
      if (p_.inverse) {
        first = bat_right(intt_t3(roots, R_, C_), C_, q);
        mid = intt_t2(roots, R_, C_);
        last = bat_left(intt_t1(roots, R_, C_), R_, q);
      } else {
        first = bat_left(ntt_t1(roots, R_, C_), R_, q);
        mid = ntt_t2(roots, R_, C_);
        last = bat_right(ntt_t3(roots, R_, C_), C_, q);
      }
      tw = twist(roots, p_.inverse);
    }
    const uint64_t f = first_dim(), l = last_dim();
    return {constant(pre + "first", DType::kU8, 16 * f * f, std::move(first)),
            constant(pre + "mid", DType::kU32, p_.n, std::move(mid)),
            constant(pre + "last", DType::kU8, 16 * l * l, std::move(last)),
            constant(pre + "twist", DType::kU32, p_.n, std::move(tw))};
  }

  void lower_limb(size_t limb) {
    const uint64_t q = p_.primes[limb];
    const LimbConstants hbm = limb_constants(limb);
    const Slots& slot = slots_[limb % slots_.size()];
    const std::string kernel = p_.inverse ? "intt" : "ntt";
    const uint32_t load_tag = b_.tag(kernel + "/load_constants");
    for (auto [src, dst] : {std::pair{hbm.first, slot.first},
                            {hbm.mid, slot.mid},
                            {hbm.last, slot.last},
                            {hbm.twist, slot.twist}}) {
      b_.emit(Instr{.op = Opcode::kLoad, .dst = dst, .a = src, .tag = load_tag});
    }
    for (int chunk = 0; chunk < chunks_; ++chunk) lower_chunk(limb, chunk, q, slot, kernel);
  }

  Instr vpu(Opcode op, int dst, int a, int b, uint64_t q, const std::string& tag) {
    return Instr{.op = op,
                 .reduction = p_.reduction,
                 .dst = dst,
                 .a = a,
                 .b = b,
                 .q = q,
                 .tag = b_.tag(tag)};
  }

  void lower_chunk(size_t limb, int chunk, uint64_t q, const Slots& slot,
                   const std::string& kernel) {
    const int items = items_in(chunk);
    const uint64_t elems = p_.n * items;
    const Working& w = work_[step_++ % work_.size()];
    const int in = b_.buffer(fmt::format("hbm.in.limb{}.chunk{}", limb, chunk), Space::kHbm,
                             DType::kU32, elems);
    const int out = b_.buffer(fmt::format("hbm.out.limb{}.chunk{}", limb, chunk), Space::kHbm,
                              DType::kU32, elems);
    for (int i = 0; i < items; ++i) {
      const int item = chunk * g_ + i;
      b_.trace().inputs.push_back({in, uint64_t(i) * p_.n, item, static_cast<int>(limb)});
      b_.trace().outputs.push_back({out, uint64_t(i) * p_.n, item, static_cast<int>(limb)});
    }
    const auto modmul = [&](int dst, int a, int b, const std::string& tag) {
      Instr in_ = vpu(Opcode::kModMulVec, dst, a, b, q, kernel + "/" + tag);
      in_.m = static_cast<uint32_t>(elems);
      in_.n = static_cast<uint32_t>(p_.n);
      b_.emit(in_);
    };
    const auto left = [&](int src, int consts, int dst, const std::string& step) {
      // split to bytes [4R x gC], matmul with the constant [4R x 4R], merge back to u32 [g, R, C]
      Instr s = vpu(Opcode::kSplitBytesRows, w.bytes, src, -1, q, kernel + "/convert");
      s.m = items, s.n = R_, s.k = C_;
      b_.emit(s);
      b_.emit(Instr{.op = Opcode::kMatmulU8,
                    .dst = w.part,
                    .a = consts,
                    .b = w.bytes,
                    .m = 4 * R_,
                    .n = static_cast<uint32_t>(items) * C_,
                    .k = 4 * R_,
                    .a_stationary = true,
                    .tag = b_.tag(kernel + "/" + step)});
      Instr mg = vpu(Opcode::kMergeRows, dst, w.part, -1, q, kernel + "/reduce");
      mg.m = items, mg.n = R_, mg.k = C_;
      b_.emit(mg);
    };
    const auto right = [&](int src, int consts, int dst, const std::string& step) {
      Instr s = vpu(Opcode::kSplitBytesCols, w.bytes, src, -1, q, kernel + "/convert");
      s.m = items * R_, s.n = C_;
      b_.emit(s);
      b_.emit(Instr{.op = Opcode::kMatmulU8,
                    .dst = w.part,
                    .a = w.bytes,
                    .b = consts,
                    .m = static_cast<uint32_t>(items) * R_,
                    .n = 4 * C_,
                    .k = 4 * C_,
                    .a_stationary = false,
                    .tag = b_.tag(kernel + "/" + step)});
      Instr mg = vpu(Opcode::kMergeCols, dst, w.part, -1, q, kernel + "/reduce");
      mg.m = items * R_, mg.n = C_;
      b_.emit(mg);
    };
    b_.emit(Instr{.op = Opcode::kLoad, .dst = w.x, .a = in, .tag = b_.tag(kernel + "/load")});
    if (!p_.inverse) {
      modmul(w.x, w.x, slot.twist, "twist");
      left(w.x, slot.first, w.y, "matmul_rows");
      modmul(w.y, w.y, slot.mid, "twiddle");
      right(w.y, slot.last, w.x, "matmul_cols");
    } else {
      right(w.x, slot.first, w.y, "matmul_cols");
      modmul(w.y, w.y, slot.mid, "twiddle");
      left(w.y, slot.last, w.x, "matmul_rows");
      modmul(w.x, w.x, slot.twist, "twist");
    }
    b_.emit(Instr{.op = Opcode::kStore, .dst = out, .a = w.x, .tag = b_.tag(kernel + "/store")});
  }

  const NttParams& p_;
  const LoweringLimits& lim_;
  bool with_constants_;
  uint32_t R_ = 0, C_ = 0;
  int g_ = 1, chunks_ = 1;
  uint64_t vmem_used_ = 0, hbm_used_ = 0;
  size_t step_ = 0;
  TraceBuilder b_;
  std::vector<Slots> slots_;
  std::vector<Working> work_;
};

}  // namespace

NttLowering lower_ntt(const NttParams& params, const LoweringLimits& limits, bool with_constants) {
  if (params.reduction != Reduction::kBarrett) {
    throw LoweringError("mapping.reduction",
                        fmt::format("{} is not supported by the NTT lowering yet (use barrett)",
                                    reduction_name(params.reduction)));
  }
  return Lowerer(params, limits, with_constants).run();
}

}  // namespace hesa
