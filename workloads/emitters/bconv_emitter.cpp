#include "workloads/emitters/bconv_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/math/modmath.hpp"

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

// VMEM bytes per column of one set. MXU: stage u32 + bytes u8 x4 (in), part i32 x4 + out u32
// (out). VPU: stage u32 (in), out u32 (out) and one u32 product.
uint64_t bytes_per_column(const BconvShape& s) {
  return s.on_vpu ? 4 * s.max_from + 4 * s.max_to + 4 : 8 * s.max_from + 20 * s.max_to;
}

}  // namespace

std::vector<uint32_t> bconv_matrix(const std::vector<uint64_t>& from,
                                   const std::vector<uint64_t>& to) {
  const uint64_t width = 4 * from.size();
  std::vector<uint32_t> mat(16 * from.size() * to.size());
  for (size_t j = 0; j < to.size(); ++j) {
    const std::vector<uint64_t> hat = q_hat_mod(from, to[j]);
    for (size_t i = 0; i < from.size(); ++i) {
      uint64_t shifted = hat[i];
      for (int k = 0; k < 4; ++k) {
        for (int p = 0; p < 4; ++p)
          mat[(4 * j + p) * width + 4 * i + k] = (shifted >> (8 * p)) & 0xff;
        shifted = mul_mod(shifted, 256, to[j]);
      }
    }
  }
  return mat;
}

std::vector<uint32_t> bconv_hats(const std::vector<uint64_t>& from,
                                 const std::vector<uint64_t>& to) {
  std::vector<uint32_t> out;
  for (uint64_t p : to)
    for (uint64_t h : q_hat_mod(from, p)) out.push_back(static_cast<uint32_t>(h));
  return out;
}

std::vector<uint32_t> bconv_hat_inverses(const std::vector<uint64_t>& from) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < from.size(); ++i) {
    out.push_back(static_cast<uint32_t>(inv_mod(q_hat_mod(from, from[i])[i], from[i])));
  }
  return out;
}

uint64_t BconvEmitter::vmem_bytes(const BconvShape& s) {
  const uint64_t per = 4 * constant_elems(1, s.reduction, s.bat_constants);
  const uint64_t consts = (s.on_vpu ? per : 16) * s.max_from * s.max_to + per * s.max_from +
                          (s.on_vpu ? 0 : 4 * s.max_to);  // the target moduli
  return s.depth * bytes_per_column(s) * s.tile + consts +
         ModMulEmitter::vmem_bytes(s.reduction, s.tile, s.depth, s.bat_constants);
}

uint64_t BconvEmitter::fit_tile(BconvShape s, uint64_t max_tile, uint64_t budget) {
  s.tile = max_tile;
  while (s.tile > 128 && vmem_bytes(s) > budget) s.tile /= 2;
  return s.tile;
}

BconvEmitter::BconvEmitter(TraceBuilder& b, const BconvShape& shape, bool with_constants)
    : b_(b),
      shape_(shape),
      with_constants_(with_constants),
      modmul_(b, shape.reduction, shape.tile, shape.depth, with_constants, shape.bat_constants) {
  const uint64_t per = modmul_.elems(1), from = shape.max_from, to = shape.max_to;
  if (shape.on_vpu) {
    hat_ = b_.buffer("vmem.bconv.hats", Space::kVmem, DType::kU32, per * from * to);
  } else {
    mat_ = b_.buffer("vmem.bconv.matrix", Space::kVmem, DType::kU8, 16 * from * to);
  }
  hat_inv_ = b_.buffer("vmem.bconv.hat_inv", Space::kVmem, DType::kU32, per * from);
  if (!shape.on_vpu) moduli_ = b_.buffer("vmem.bconv.moduli", Space::kVmem, DType::kU32, to);
  const uint64_t t = shape.tile;
  for (int s = 0; s < shape.depth; ++s) {
    const auto buf = [&](const char* what, DType type, uint64_t elems) {
      return b_.buffer(fmt::format("vmem.bconv{}.{}", s, what), Space::kVmem, type, elems);
    };
    if (shape.on_vpu) {
      sets_.push_back({buf("stage", DType::kU32, from * t), -1, buf("product", DType::kU32, t),
                       buf("out", DType::kU32, to * t)});
    } else {
      sets_.push_back({buf("stage", DType::kU32, from * t), buf("bytes", DType::kU8, 4 * from * t),
                       buf("part", DType::kI32, 4 * to * t), buf("out", DType::kU32, to * t)});
    }
  }
}

void BconvEmitter::emit(const std::vector<int>& in, const std::vector<uint64_t>& from,
                        const std::vector<int>& out, const std::vector<uint64_t>& to,
                        uint64_t first, uint64_t columns, const std::string& kernel) {
  const uint64_t a = from.size(), b = to.size();
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  // Constants of this conversion: HBM, then VMEM.
  std::vector<uint32_t> mat, hat;
  if (with_constants_) {
    const std::vector<uint32_t> inverses = bconv_hat_inverses(from);
    for (size_t i = 0; i < a; ++i) {
      for (uint32_t v : modmul_.form({inverses[i]}, from[i])) hat.push_back(v);
    }
    if (shape_.on_vpu) {
      const std::vector<uint32_t> hats = bconv_hats(from, to);
      for (size_t j = 0; j < b; ++j)
        for (size_t i = 0; i < a; ++i)
          for (uint32_t v : modmul_.form({hats[j * a + i]}, to[j])) mat.push_back(v);
    } else {
      mat = bconv_matrix(from, to);
    }
  }
  const uint64_t per_hat = modmul_.elems(1);
  const auto constant = [&](const char* name, DType t, uint64_t elems, std::vector<uint32_t> d,
                            int vmem) {
    const int id = with_constants_ ? b_.constant(std::move(d)) : -1;
    const int hbm =
        b_.buffer(fmt::format("hbm.bconv{}.{}", conversions_, name), Space::kHbm, t, elems, id);
    b_.emit(Instr{.op = Opcode::kLoad, .dst = vmem, .a = hbm, .tag = tag("load_constants")});
  };
  if (shape_.on_vpu) {
    constant("hats", DType::kU32, per_hat * a * b, std::move(mat), hat_);
  } else {
    constant("matrix", DType::kU8, 16 * a * b, std::move(mat), mat_);
  }
  constant("hat_inv", DType::kU32, per_hat * a, std::move(hat), hat_inv_);
  if (!shape_.on_vpu) {
    std::vector<uint32_t> moduli;
    if (with_constants_) moduli.assign(to.begin(), to.end());
    constant("moduli", DType::kU32, b, std::move(moduli), moduli_);
  }
  ++conversions_;
  // A limb's tile of t coefficients is whole rows of lanes in VMEM ([limbs, t / lanes, lanes]),
  // so the per-limb products fill their vector registers.
  const uint32_t layout_cols = b_.cols();
  b_.set_cols(0);
  for (uint64_t c0 = first; c0 < first + columns; c0 += shape_.tile) {
    const uint64_t t = std::min(shape_.tile, first + columns - c0);
    const Set& s = sets_[next_++ % sets_.size()];
    for (size_t i = 0; i < a; ++i) {
      b_.emit(Instr{.op = Opcode::kLoad,
                    .dst = s.stage,
                    .a = in[i],
                    .dst_off = i * t,
                    .a_off = c0,
                    .count = t,
                    .tag = tag("load")});
      modmul_.emit(s.stage, i * t, s.stage, i * t, hat_inv_, per_hat * i, 1, t, from[i],
                   kernel + "/modmul_hat_inv");
    }
    if (shape_.on_vpu) {
      convert_on_vpu(s, from, to, t, kernel);
    } else {
      convert_on_mxu(s, a, to, t, kernel);
    }
    for (size_t j = 0; j < b; ++j) {
      b_.emit(Instr{.op = Opcode::kStore,
                    .dst = out[j],
                    .a = s.out,
                    .dst_off = c0,
                    .a_off = j * t,
                    .count = t,
                    .tag = tag("store")});
    }
  }
  b_.set_cols(layout_cols);
}

void BconvEmitter::convert_on_vpu(const Set& s, const std::vector<uint64_t>& from,
                                  const std::vector<uint64_t>& to, uint64_t t,
                                  const std::string& kernel) {
  const uint64_t a = from.size(), per = modmul_.elems(1);
  const auto tt = static_cast<uint32_t>(t);
  for (size_t j = 0; j < to.size(); ++j) {
    for (size_t i = 0; i < a; ++i) {
      // out_j (+)= y_i * ((Q/q_i) mod p_j) mod p_j; y_i < q_i < 2^31 is in every product's range.
      const int dst = i == 0 ? s.out : s.part;
      modmul_.emit(dst, i == 0 ? j * t : 0, s.stage, i * t, hat_, per * (j * a + i), 1, t, to[j],
                   kernel + "/modmul_hat");
      if (i == 0) continue;
      b_.emit(Instr{.op = Opcode::kModAddVec,
                    .dst = s.out,
                    .a = s.out,
                    .b = s.part,
                    .m = tt,
                    .n = tt,
                    .q = to[j],
                    .dst_off = j * t,
                    .a_off = j * t,
                    .tag = b_.tag(kernel + "/modadd_hat")});
    }
  }
}

void BconvEmitter::convert_on_mxu(const Set& s, uint64_t a, const std::vector<uint64_t>& to,
                                  uint64_t t, const std::string& kernel) {
  const uint64_t b = to.size();
  const auto tt = static_cast<uint32_t>(t);
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  b_.emit(Instr{.op = Opcode::kSplitBytesRows,
                .dst = s.bytes,
                .a = s.stage,
                .m = 1,
                .n = static_cast<uint32_t>(a),
                .k = tt,
                .tag = tag("convert")});
  b_.emit(Instr{.op = Opcode::kMatmulU8,
                .dst = s.part,
                .a = mat_,
                .b = s.bytes,
                .m = static_cast<uint32_t>(4 * b),
                .n = tt,
                .k = static_cast<uint32_t>(4 * a),
                .a_stationary = true,
                .tag = tag("bconv_matmul")});
  // Shift-add and Barrett over a vector register's rows of targets at a time, each row reduced by
  // its own prime (XLA's loop over [b, t] with the moduli broadcast along the lanes, its results
  // stored as they are done).
  const uint64_t group = std::max<uint32_t>(shape_.merge_rows, 1);
  for (uint64_t j0 = 0; j0 < b; j0 += group) {
    const uint64_t rows = std::min(group, b - j0);
    const auto first = to.begin() + static_cast<std::ptrdiff_t>(j0);
    b_.emit(Instr{.op = Opcode::kMergeRows,
                  .dst = s.out,
                  .a = s.part,
                  .b = moduli_,
                  .m = 1,
                  .n = static_cast<uint32_t>(rows),
                  .k = tt,
                  .q = *std::max_element(first, first + static_cast<std::ptrdiff_t>(rows)),
                  .dst_off = j0 * t,
                  .b_off = j0,
                  .group = static_cast<uint32_t>(j0),
                  .tag = tag("reduce")});
  }
}

}  // namespace hesa
