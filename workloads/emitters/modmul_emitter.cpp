#include "workloads/emitters/modmul_emitter.hpp"

#include <fmt/format.h>

#include "workloads/math/modmath.hpp"
#include "workloads/math/modmul_variants.hpp"

namespace hesa {

std::vector<uint32_t> constant_form(const std::vector<uint32_t>& values, uint64_t q,
                                    Reduction reduction, bool bat) {
  if (bat) {
    std::vector<uint32_t> out;
    out.reserve(4 * values.size());
    for (uint32_t v : values) {
      uint64_t shifted = v % q;
      for (int k = 0; k < 4; ++k, shifted = (shifted << 8) % q)
        out.push_back(static_cast<uint32_t>(shifted));
    }
    return out;
  }
  if (reduction == Reduction::kMontgomery) {
    const uint64_t r = (uint64_t{1} << 32) % q;
    std::vector<uint32_t> out(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      out[i] = static_cast<uint32_t>(mul_mod(values[i], r, q));
    return out;
  }
  if (reduction == Reduction::kShoup) {
    std::vector<uint32_t> out(values);
    for (uint32_t v : values) out.push_back(shoup_companion(v, q));
    return out;
  }
  return values;
}

ModMulEmitter::ModMulEmitter(TraceBuilder& b, Reduction reduction, uint64_t max_elems, int depth,
                             bool with_constants, bool bat)
    : b_(b), reduction_(reduction), with_constants_(with_constants), bat_(bat) {
  const bool lazy = reduction == Reduction::kBatLazy;
  if (!lazy && !bat) return;
  // BAT-lazy needs the product's bytes and partial sums; BAT products share the partial sums.
  for (int s = 0; s < depth; ++s) {
    scratch_.push_back({lazy ? b_.buffer(fmt::format("vmem.lazy{}.bytes", s), Space::kVmem,
                                         DType::kU8, 8 * max_elems)
                             : -1,
                        b_.buffer(fmt::format("vmem.{}{}.part", lazy ? "lazy" : "bat", s),
                                  Space::kVmem, DType::kI32, 4 * max_elems)});
  }
}

uint64_t ModMulEmitter::vmem_bytes(Reduction reduction, uint64_t max_elems, int depth, bool bat) {
  const uint64_t per_elem = reduction == Reduction::kBatLazy ? 8 + 16 : bat ? 16 : 0;
  return uint64_t(depth) * per_elem * max_elems;
}

int ModMulEmitter::fold_constant(uint64_t q, const std::string& kernel) {
  auto it = folds_.find(q);
  if (it != folds_.end()) return it->second;
  std::vector<uint32_t> data;
  if (with_constants_) {
    data.resize(32);
    for (int k = 0; k < 8; ++k) {
      const uint64_t r = pow_mod(2, 8 * k, q);
      for (int p = 0; p < 4; ++p) data[4 * k + p] = (r >> (8 * p)) & 0xff;
    }
  }
  const int id = with_constants_ ? b_.constant(std::move(data)) : -1;
  const int hbm = b_.buffer(fmt::format("hbm.fold.q{}", q), Space::kHbm, DType::kU8, 32, id);
  const int vmem = b_.buffer(fmt::format("vmem.fold.q{}", q), Space::kVmem, DType::kU8, 32);
  b_.emit(
      Instr{.op = Opcode::kLoad, .dst = vmem, .a = hbm, .tag = b_.tag(kernel + "/load_constants")});
  folds_[q] = vmem;
  return vmem;
}

void ModMulEmitter::emit(int dst, uint64_t dst_off, int a, uint64_t a_off, int c, uint64_t c_off,
                         uint64_t n, uint64_t elems, uint64_t q, const std::string& tag,
                         bool lazy) {
  const auto m = static_cast<uint32_t>(elems);
  const auto nn = static_cast<uint32_t>(n);
  if (bat_) {
    const int part = scratch_[next_++ % scratch_.size()].second;
    b_.emit(Instr{.op = Opcode::kBatMulVec,
                  .dst = part,
                  .a = a,
                  .b = c,
                  .m = m,
                  .n = nn,
                  .a_off = a_off,
                  .b_off = c_off,
                  .tag = b_.tag(tag)});
    reduce_partials(dst, dst_off, part, m, q, tag);
    return;
  }
  if (reduction_ != Reduction::kBatLazy) {
    b_.emit(Instr{.op = Opcode::kModMulVec,
                  .reduction = reduction_,
                  .dst = dst,
                  .a = a,
                  .b = c,
                  .m = m,
                  .n = nn,
                  .q = q,
                  .dst_off = dst_off,
                  .a_off = a_off,
                  .b_off = c_off,
                  .lazy = lazy && reduction_ != Reduction::kBarrett,
                  .tag = b_.tag(tag)});
    return;
  }
  const int fold = fold_constant(q, tag.substr(0, tag.find('/')));
  const auto [bytes, part] = scratch_[next_++ % scratch_.size()];
  b_.emit(Instr{.op = Opcode::kMulBytes,
                .dst = bytes,
                .a = a,
                .b = c,
                .m = m,
                .n = nn,
                .q = q,
                .a_off = a_off,
                .b_off = c_off,
                .tag = b_.tag(tag)});
  b_.emit(Instr{.op = Opcode::kMatmulU8,
                .dst = part,
                .a = bytes,
                .b = fold,
                .m = m,
                .n = 4,
                .k = 8,
                .tag = b_.tag(tag + "_fold")});
  reduce_partials(dst, dst_off, part, m, q, tag);
}

void ModMulEmitter::reduce_partials(int dst, uint64_t dst_off, int part, uint32_t m, uint64_t q,
                                    const std::string& tag) {
  b_.emit(Instr{.op = Opcode::kMergeCols,
                .dst = dst,
                .a = part,
                .m = m,
                .n = 1,
                .q = q,
                .dst_off = dst_off,
                .tag = b_.tag(tag + "_reduce")});
}

}  // namespace hesa
