#include "workloads/emitters/ntt_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/mapping/mapping_checks.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/modmul_variants.hpp"
#include "workloads/math/ntt_constants.hpp"

namespace hesa {

bool NttShape::conv() const {
  return shoup_conv(reduction, radix2, steps);
}
bool NttShape::kept() const {
  return montgomery_kept(reduction, radix2, steps);
}
bool NttShape::fused() const {
  return !radix2 && steps.twist == Twist::kFused;
}

namespace {

uint64_t max_dim(const NttShape& s) {
  return std::max(s.rows, s.cols);
}
// Working bytes per element: x, bytes, part (4 i32), y for BAT; x, y and two sets of 7 i32
// partials for the convolutions.
uint64_t work_bytes_per_elem(const NttShape& s) {
  return s.conv() ? 4 + 4 + 28 + 28 : 4 + 4 + 16 + 4;
}
// Bytes of an h x h step matrix: BAT's 4h x 4h bytes, or h x h values and their companions.
uint64_t matrix_bytes(const NttShape& s, uint64_t h) {
  return s.conv() ? 8 * h * h : 16 * h * h;
}
// Elements of the twist constant (none when it is folded into the step constants).
uint64_t twist_elems(const NttShape& s, uint64_t n) {
  return s.fused() ? 0 : constant_elems(n, s.reduction, s.bat_constants);
}

}  // namespace

uint64_t NttEmitter::constant_bytes(const NttShape& s) {
  if (s.radix2)
    return 4 * (constant_elems(s.n, s.reduction, s.bat_constants) +
                constant_elems(1, s.reduction, s.bat_constants));
  return matrix_bytes(s, s.rows) + matrix_bytes(s, s.cols) +
         4 * (constant_elems(s.n, s.reduction, s.bat_constants) + twist_elems(s, s.n));
}

uint64_t NttEmitter::vmem_bytes(const NttShape& s, bool shared_modmul) {
  const uint64_t h = s.radix2 ? 0 : max_dim(s);
  const uint64_t mid = constant_elems(s.n, s.reduction, s.bat_constants);  // radix-2's too
  const uint64_t twist = s.radix2 ? mid : twist_elems(s, s.n);             // radix-2: its twiddles
  const uint64_t slot = 2 * matrix_bytes(s, h) + 4 * (mid + twist);
  const uint64_t elems = s.n * s.max_items;
  return s.depth * (slot + (s.radix2 ? 4 : work_bytes_per_elem(s)) * elems) +
         (shared_modmul ? 0
                        : ModMulEmitter::vmem_bytes(s.reduction, elems, s.depth, s.bat_constants));
}

NttEmitter::NttEmitter(TraceBuilder& b, const NttShape& shape, bool with_constants,
                       ModMulEmitter* shared_modmul)
    : b_(b),
      shape_(shape),
      with_constants_(with_constants),
      own_modmul_(shared_modmul ? nullptr
                                : std::make_unique<ModMulEmitter>(
                                      b, shape.reduction, shape.n * shape.max_items, shape.depth,
                                      with_constants, shape.bat_constants)),
      modmul_(shared_modmul ? shared_modmul : own_modmul_.get()) {
  const uint64_t h = shape.radix2 ? 1 : max_dim(shape), e = shape.n * shape.max_items;
  const uint64_t we = shape.radix2 ? 1 : e;  // MAT's byte/partial/second buffers
  const uint64_t c = constant_elems(shape.n, shape.reduction, shape.bat_constants);
  const bool conv = shape.conv();
  // Conv constants are u32 values followed by their companions; BAT's are byte matrices.
  const DType mat_type = conv ? DType::kU32 : DType::kU8;
  const uint64_t mat_elems = conv ? 2 * h * h : 16 * h * h;
  const uint64_t tw = shape.radix2 ? c : twist_elems(shape, shape.n);
  for (int s = 0; s < shape.depth; ++s) {
    Slot slot;
    slot.bufs = {
        b_.buffer(fmt::format("vmem.ntt.const{}.first", s), Space::kVmem, mat_type, mat_elems),
        b_.buffer(fmt::format("vmem.ntt.const{}.mid", s), Space::kVmem, DType::kU32, c),
        b_.buffer(fmt::format("vmem.ntt.const{}.last", s), Space::kVmem, mat_type, mat_elems),
        b_.buffer(fmt::format("vmem.ntt.const{}.twist", s), Space::kVmem, DType::kU32, tw)};
    slots_.push_back(slot);
    Working w{b_.buffer(fmt::format("vmem.ntt.data{}.x", s), Space::kVmem, DType::kU32, e), -1, -1,
              -1, -1};
    if (conv) {
      w.part = b_.buffer(fmt::format("vmem.ntt.data{}.part", s), Space::kVmem, DType::kI32, 7 * e);
      w.part2 =
          b_.buffer(fmt::format("vmem.ntt.data{}.part2", s), Space::kVmem, DType::kI32, 7 * e);
    } else {
      w.bytes =
          b_.buffer(fmt::format("vmem.ntt.data{}.bytes", s), Space::kVmem, DType::kU8, 4 * we);
      w.part = b_.buffer(fmt::format("vmem.ntt.data{}.part", s), Space::kVmem, DType::kI32, 4 * we);
    }
    w.y = b_.buffer(fmt::format("vmem.ntt.data{}.y", s), Space::kVmem, DType::kU32, we);
    work_.push_back(w);
  }
}

std::vector<uint32_t> NttEmitter::matrix_form(const std::vector<uint32_t>& t, uint32_t h, bool left,
                                              uint64_t q) const {
  if (shape_.conv()) {
    std::vector<uint32_t> out(t);
    for (uint32_t v : t) out.push_back(shoup_companion(v, q));
    return out;
  }
  if (shape_.kept()) {  // CROSS multiplies the step constants by 2^32 before BAT
    std::vector<uint32_t> mont(t.size());
    const uint64_t r = (uint64_t{1} << 32) % q;
    for (size_t i = 0; i < t.size(); ++i) mont[i] = static_cast<uint32_t>(mul_mod(t[i], r, q));
    return left ? bat_left(mont, h, q) : bat_right(mont, h, q);
  }
  return left ? bat_left(t, h, q) : bat_right(t, h, q);
}

const NttEmitter::Constants& NttEmitter::hbm_constants(uint64_t q, uint64_t psi, bool inverse) {
  const auto key = std::pair{q, inverse};
  auto it = hbm_.find(key);
  if (it != hbm_.end()) return it->second;
  const uint32_t R = shape_.rows, C = shape_.cols;
  U32Matrix first, mid, last, tw;
  if (with_constants_ && shape_.radix2) {
    const NttRoots roots(shape_.n, q, psi);
    const int bits = log2_exact(shape_.n);
    U32Matrix table(shape_.n);
    for (uint64_t k = 0; k < shape_.n; ++k) {
      table[k] = static_cast<uint32_t>(
          pow_mod(inverse ? roots.psi_inv : roots.psi, bit_reverse(k, bits), q));
    }
    tw = constant_form(table, q, shape_.reduction, shape_.bat_constants);
    mid = constant_form({static_cast<uint32_t>(roots.n_inv)}, q, shape_.reduction,
                        shape_.bat_constants);
  } else if (with_constants_) {
    const NttRoots roots(shape_.n, q, psi);
    const bool fused = shape_.fused();
    if (inverse) {
      first = matrix_form(intt_t3(roots, R, C), C, false, q);
      mid = intt_t2(roots, R, C, fused);
      last = matrix_form(intt_t1(roots, R, C, fused), R, true, q);
    } else {
      first = matrix_form(ntt_t1(roots, R, C, fused), R, true, q);
      mid = ntt_t2(roots, R, C, fused);
      last = matrix_form(ntt_t3(roots, R, C), C, false, q);
    }
    mid = constant_form(mid, q, shape_.reduction, shape_.bat_constants);
    if (!fused)
      tw = constant_form(twist(roots, inverse), q, shape_.reduction, shape_.bat_constants);
  }
  const auto constant = [&](const char* what, DType t, uint64_t elems, U32Matrix data) {
    const int id = with_constants_ ? b_.constant(std::move(data)) : -1;
    return b_.buffer(fmt::format("hbm.{}.q{}.{}", inverse ? "intt" : "ntt", q, what), Space::kHbm,
                     t, elems, id);
  };
  const uint64_t f = shape_.radix2 ? 0 : first_dim(inverse);
  const uint64_t l = shape_.radix2 ? 0 : last_dim(inverse);
  const bool conv = shape_.conv();
  const DType mat_type = conv ? DType::kU32 : DType::kU8;
  const uint64_t per = conv ? 2 : 16;  // elements per matrix entry
  const uint64_t c = constant_elems(shape_.n, shape_.reduction, shape_.bat_constants);
  const uint64_t cm = shape_.radix2 ? constant_elems(1, shape_.reduction, shape_.bat_constants) : c;
  const uint64_t ct = shape_.radix2 ? c : twist_elems(shape_, shape_.n);
  Constants k{constant("first", mat_type, per * f * f, std::move(first)),
              constant("mid", DType::kU32, cm, std::move(mid)),
              constant("last", mat_type, per * l * l, std::move(last)),
              constant("twist", DType::kU32, ct, std::move(tw))};
  return hbm_.emplace(key, k).first->second;
}

const NttEmitter::Constants& NttEmitter::vmem_constants(uint64_t q, uint64_t psi, bool inverse,
                                                        const std::string& kernel) {
  const auto key = std::pair{q, inverse};
  if (current_slot_ >= 0 && slots_[current_slot_].holds == key) return slots_[current_slot_].bufs;
  const Constants& hbm = hbm_constants(q, psi, inverse);
  current_slot_ = static_cast<int>(next_slot_++ % slots_.size());
  Slot& slot = slots_[current_slot_];
  slot.holds = key;
  const uint32_t tag = b_.tag(kernel + "/load_constants");
  for (auto [src, dst] : {std::pair{hbm.first, slot.bufs.first},
                          {hbm.mid, slot.bufs.mid},
                          {hbm.last, slot.bufs.last},
                          {hbm.twist, slot.bufs.twist}}) {
    // radix-2 has no matmul constants, a fused twist no twist constant
    if (b_.trace().buffers[src].elems == 0) continue;
    b_.emit(Instr{.op = Opcode::kLoad, .dst = dst, .a = src, .tag = tag});
  }
  return slot.bufs;
}

void NttEmitter::emit(int src, uint64_t src_off, int dst, uint64_t dst_off, int items, uint64_t q,
                      uint64_t psi, bool inverse, const std::string& kernel) {
  const Constants& k = vmem_constants(q, psi, inverse, kernel);
  w_ = &work_[next_work_++ % work_.size()];
  const uint64_t elems = shape_.n * items;
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  b_.emit(Instr{.op = Opcode::kLoad,
                .dst = w_->x,
                .a = src,
                .a_off = src_off,
                .count = elems,
                .tag = tag("load")});
  int out = w_->x;
  if (shape_.radix2) {
    emit_radix2(k, w_->x, items, q, inverse, kernel);
  } else if (shape_.conv()) {
    out = emit_conv(k, items, q, inverse, kernel);
  } else {
    out = emit_bat(k, items, q, inverse, kernel);
  }
  b_.emit(Instr{.op = Opcode::kStore,
                .dst = dst,
                .a = out,
                .dst_off = dst_off,
                .count = elems,
                .tag = tag("store")});
}

int NttEmitter::emit_bat(const Constants& k, int items, uint64_t q, bool inverse,
                         const std::string& kernel) {
  const Working& w = *w_;
  const uint32_t R = shape_.rows, C = shape_.cols;
  const uint64_t n = shape_.n, elems = n * items;
  const auto g = static_cast<uint32_t>(items);
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  // Montgomery kept through the steps: every merge reduces lazily with Montgomery, but the last
  // one when the result must be canonical and no canonical product follows it.
  const bool kept = shape_.kept();
  const Reduction merge_red = kept ? Reduction::kMontgomery : Reduction::kBarrett;
  const bool last_lazy = kept && !(shape_.canonical && (shape_.fused() || !inverse));
  const auto modmul = [&](int buf, int consts, const char* step, bool lazy) {
    modmul_->emit(buf, 0, buf, 0, consts, 0, n, elems, q, kernel + "/" + step, lazy);
  };
  const auto left = [&](int from, int consts, int to, bool lazy) {
    // bytes [4R x gC] = split(from [g, R, C]); part = consts [4R x 4R] * bytes; merge -> to
    b_.emit(Instr{.op = Opcode::kSplitBytesRows,
                  .dst = w.bytes,
                  .a = from,
                  .m = g,
                  .n = R,
                  .k = C,
                  .q = q,
                  .tag = tag("convert")});
    b_.emit(Instr{.op = Opcode::kMatmulU8,
                  .dst = w.part,
                  .a = consts,
                  .b = w.bytes,
                  .m = 4 * R,
                  .n = g * C,
                  .k = 4 * R,
                  .a_stationary = true,
                  .tag = tag(inverse ? "intt_matmul_rows" : "ntt_matmul_rows")});
    b_.emit(Instr{.op = Opcode::kMergeRows,
                  .reduction = merge_red,
                  .dst = to,
                  .a = w.part,
                  .m = g,
                  .n = R,
                  .k = C,
                  .q = q,
                  .lazy = lazy,
                  .tag = tag("reduce")});
  };
  const auto right = [&](int from, int consts, int to, bool lazy) {
    // bytes [gR x 4C] = bitcast(from); part = bytes * consts [4C x 4C]; merge -> to
    b_.emit(Instr{.op = Opcode::kSplitBytesCols,
                  .dst = w.bytes,
                  .a = from,
                  .m = g * R,
                  .n = C,
                  .q = q,
                  .tag = tag("convert")});
    b_.emit(Instr{.op = Opcode::kMatmulU8,
                  .dst = w.part,
                  .a = w.bytes,
                  .b = consts,
                  .m = g * R,
                  .n = 4 * C,
                  .k = 4 * C,
                  .tag = tag(inverse ? "intt_matmul_cols" : "ntt_matmul_cols")});
    b_.emit(Instr{.op = Opcode::kMergeCols,
                  .reduction = merge_red,
                  .dst = to,
                  .a = w.part,
                  .m = g * R,
                  .n = C,
                  .q = q,
                  .lazy = lazy,
                  .tag = tag("reduce")});
  };
  if (!inverse) {
    if (!shape_.fused()) modmul(w.x, k.twist, "twist", false);
    left(w.x, k.first, w.y, kept);
    modmul(w.y, k.mid, "twiddle", kept);
    right(w.y, k.last, w.x, last_lazy);
  } else {
    right(w.x, k.first, w.y, kept);
    modmul(w.y, k.mid, "twiddle_inverse", kept);
    left(w.y, k.last, w.x, last_lazy);
    if (!shape_.fused()) modmul(w.x, k.twist, "twist_inverse", false);
  }
  return w.x;
}

int NttEmitter::emit_conv(const Constants& k, int items, uint64_t q, bool inverse,
                          const std::string& kernel) {
  const Working& w = *w_;
  const uint32_t R = shape_.rows, C = shape_.cols;
  const uint64_t n = shape_.n, elems = n * items;
  const auto g = static_cast<uint32_t>(items);
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  const bool last_lazy = !(shape_.canonical && (shape_.fused() || !inverse));
  const auto modmul = [&](int buf, int consts, const char* step, bool lazy) {
    modmul_->emit(buf, 0, buf, 0, consts, 0, n, elems, q, kernel + "/" + step, lazy);
  };
  // Two convolutions (the constant h x h matrix, then its companions h^2 further), each
  // `g` products of one limb-polynomial; then Shoup's correction into `to`.
  const auto convs = [&](Instr conv, uint64_t h, int to, bool lazy) {
    conv.group = g;
    for (int companion = 0; companion < 2; ++companion) {
      Instr c = conv;
      c.dst = companion ? w.part2 : w.part;
      (c.a_stationary ? c.a_off : c.b_off) = companion ? h * h : 0;
      c.tag = tag(inverse ? (c.a_stationary ? "intt_matmul_rows" : "intt_matmul_cols")
                          : (c.a_stationary ? "ntt_matmul_rows" : "ntt_matmul_cols"));
      b_.emit(c);
    }
    b_.emit(Instr{.op = Opcode::kMergeShoup,
                  .reduction = Reduction::kShoup,
                  .dst = to,
                  .a = w.part,
                  .b = w.part2,
                  .m = static_cast<uint32_t>(elems),
                  .q = q,
                  .lazy = lazy,
                  .tag = tag("reduce")});
  };
  const auto transpose = [&](int from, int to, uint32_t rows, uint32_t cols) {
    b_.emit(Instr{.op = Opcode::kTranspose,
                  .dst = to,
                  .a = from,
                  .m = g,
                  .n = rows,
                  .k = cols,
                  .tag = tag("transpose")});
  };
  if (!inverse) {
    if (!shape_.fused()) modmul(w.x, k.twist, "twist", false);
    // Step 1: T1 [R x R] (stationary, shared) convolved with each item's X [R x C] (CROSS's
    // "NCW", "IOW", "NCW"): partials [R x C x 7] per item.
    convs(Instr{.op = Opcode::kConvU8,
                .a = k.first,
                .b = w.x,
                .m = R,
                .n = C,
                .k = R,
                .a_stationary = true},
          R, w.y, true);
    modmul(w.y, k.mid, "twiddle", true);
    // Step 3: each item's Y [R x C] convolved with T3 [C x C] (stationary), the output laid out
    // [C x R x 7] ("NCW", "IOW", "CNW"), reduced, then transposed back to [R x C] as CROSS does.
    convs(Instr{.op = Opcode::kConvU8,
                .a = w.y,
                .b = k.last,
                .m = R,
                .n = C,
                .k = C,
                .conv_dims = kConvOutCnw},
          C, w.x, last_lazy);
    transpose(w.x, w.y, C, R);
    return w.y;
  }
  // CROSS transposes the input, then reads it feature-major ("CNW", "IOW", "NCW") against
  // Tinv1 [C x C] (stationary); step 3 is Tinv3 [R x R] (stationary) against each item's Y.
  transpose(w.x, w.y, R, C);
  convs(Instr{.op = Opcode::kConvU8,
              .a = w.y,
              .b = k.first,
              .m = R,
              .n = C,
              .k = C,
              .conv_dims = kConvLhsCnw},
        C, w.x, true);
  modmul(w.x, k.mid, "twiddle_inverse", true);
  convs(Instr{.op = Opcode::kConvU8,
              .a = k.last,
              .b = w.x,
              .m = R,
              .n = C,
              .k = R,
              .a_stationary = true},
        R, w.y, last_lazy);
  if (!shape_.fused()) modmul(w.y, k.twist, "twist_inverse", false);
  return w.y;
}

void NttEmitter::emit_radix2(const Constants& k, int x, int items, uint64_t q, bool inverse,
                             const std::string& kernel) {
  const uint64_t n = shape_.n, elems = n * items;
  const auto stage = [&](uint64_t blocks) {
    b_.emit(Instr{.op = inverse ? Opcode::kInttStage : Opcode::kNttStage,
                  .reduction = shape_.reduction,
                  .dst = x,
                  .a = x,
                  .b = k.twist,
                  .m = static_cast<uint32_t>(elems),
                  .n = static_cast<uint32_t>(n),
                  .k = static_cast<uint32_t>(blocks),
                  .q = q,
                  .tag = b_.tag(kernel + "/butterfly")});
  };
  if (!inverse) {
    for (uint64_t blocks = 1; blocks < n; blocks *= 2) stage(blocks);
  } else {
    for (uint64_t blocks = n / 2; blocks >= 1; blocks /= 2) stage(blocks);
    modmul_->emit(x, 0, x, 0, k.mid, 0, 1, elems, q, kernel + "/scale");
  }
}

}  // namespace hesa
