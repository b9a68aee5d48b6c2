#include "workloads/bconv_emitter.hpp"

#include <fmt/format.h>

#include "workloads/modmath.hpp"

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

// VMEM bytes per column of one set: stage u32 + bytes u8 x4 (in), part i32 x4 + out u32 (out).
uint64_t bytes_per_column(const BconvShape& s) {
  return 8 * s.max_from + 20 * s.max_to;
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

std::vector<uint32_t> bconv_hat_inverses(const std::vector<uint64_t>& from) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < from.size(); ++i) {
    out.push_back(static_cast<uint32_t>(inv_mod(q_hat_mod(from, from[i])[i], from[i])));
  }
  return out;
}

uint64_t BconvEmitter::vmem_bytes(const BconvShape& s) {
  const uint64_t consts = 16 * s.max_from * s.max_to + 4 * 2 * s.max_from;
  return s.depth * bytes_per_column(s) * s.tile + consts +
         ModMulEmitter::vmem_bytes(s.reduction, s.tile, s.depth);
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
      modmul_(b, shape.reduction, shape.tile, shape.depth, with_constants) {
  mat_ =
      b_.buffer("vmem.bconv.matrix", Space::kVmem, DType::kU8, 16 * shape.max_from * shape.max_to);
  hat_inv_ = b_.buffer("vmem.bconv.hat_inv", Space::kVmem, DType::kU32, 2 * shape.max_from);
  const uint64_t t = shape.tile;
  for (int s = 0; s < shape.depth; ++s) {
    sets_.push_back({b_.buffer(fmt::format("vmem.bconv{}.stage", s), Space::kVmem, DType::kU32,
                               shape.max_from * t),
                     b_.buffer(fmt::format("vmem.bconv{}.bytes", s), Space::kVmem, DType::kU8,
                               4 * shape.max_from * t),
                     b_.buffer(fmt::format("vmem.bconv{}.part", s), Space::kVmem, DType::kI32,
                               4 * shape.max_to * t),
                     b_.buffer(fmt::format("vmem.bconv{}.out", s), Space::kVmem, DType::kU32,
                               shape.max_to * t)});
  }
}

void BconvEmitter::emit(const std::vector<int>& in, const std::vector<uint64_t>& from,
                        const std::vector<int>& out, const std::vector<uint64_t>& to,
                        uint64_t columns, const std::string& kernel) {
  const uint64_t a = from.size(), b = to.size();
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  // Constants of this conversion: HBM, then VMEM.
  std::vector<uint32_t> mat, hat;
  if (with_constants_) {
    mat = bconv_matrix(from, to);
    for (size_t i = 0; i < a; ++i) {
      for (uint32_t v : constant_form({bconv_hat_inverses(from)[i]}, from[i], shape_.reduction)) {
        hat.push_back(v);
      }
    }
  }
  const uint64_t per_hat = constant_elems(1, shape_.reduction);
  const auto constant = [&](const char* name, DType t, uint64_t elems, std::vector<uint32_t> d,
                            int vmem) {
    const int id = with_constants_ ? b_.constant(std::move(d)) : -1;
    const int hbm =
        b_.buffer(fmt::format("hbm.bconv{}.{}", conversions_, name), Space::kHbm, t, elems, id);
    b_.emit(Instr{.op = Opcode::kLoad, .dst = vmem, .a = hbm, .tag = tag("load_constants")});
  };
  constant("matrix", DType::kU8, 16 * a * b, std::move(mat), mat_);
  constant("hat_inv", DType::kU32, per_hat * a, std::move(hat), hat_inv_);
  ++conversions_;
  for (uint64_t c0 = 0; c0 < columns; c0 += shape_.tile) {
    const uint64_t t = std::min(shape_.tile, columns - c0);
    const auto tt = static_cast<uint32_t>(t);
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
                   kernel + "/modmul");
    }
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
    for (size_t j = 0; j < b; ++j) {
      b_.emit(Instr{.op = Opcode::kMergeRows,
                    .dst = s.out,
                    .a = s.part,
                    .m = 1,
                    .n = 1,
                    .k = tt,
                    .q = to[j],
                    .dst_off = j * t,
                    .group = static_cast<uint32_t>(j),
                    .tag = tag("reduce")});
      b_.emit(Instr{.op = Opcode::kStore,
                    .dst = out[j],
                    .a = s.out,
                    .dst_off = c0,
                    .a_off = j * t,
                    .count = t,
                    .tag = tag("store")});
    }
  }
}

}  // namespace hesa
