#include "workloads/emitters/ntt_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/math/modmath.hpp"
#include "workloads/math/ntt_constants.hpp"

namespace hesa {

namespace {

uint64_t max_dim(const NttShape& s) {
  return std::max(s.rows, s.cols);
}
constexpr uint64_t kWorkBytesPerElem = 4 + 4 + 16 + 4;  // x, bytes, part, y

}  // namespace

uint64_t NttEmitter::constant_bytes(const NttShape& s) {
  if (s.radix2)
    return 4 * (constant_elems(s.n, s.reduction, s.bat_constants) +
                constant_elems(1, s.reduction, s.bat_constants));
  return 16ull * s.rows * s.rows + 16ull * s.cols * s.cols +
         2 * 4 * constant_elems(s.n, s.reduction, s.bat_constants);
}

uint64_t NttEmitter::vmem_bytes(const NttShape& s, bool shared_modmul) {
  const uint64_t h = s.radix2 ? 0 : max_dim(s);
  const uint64_t slot = 2 * 16 * h * h + 2 * 4 * constant_elems(s.n, s.reduction, s.bat_constants);
  const uint64_t elems = s.n * s.max_items;
  return s.depth * (slot + (s.radix2 ? 4 : kWorkBytesPerElem) * elems) +
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
  for (int s = 0; s < shape.depth; ++s) {
    Slot slot;
    slot.bufs = {
        b_.buffer(fmt::format("vmem.ntt.const{}.first", s), Space::kVmem, DType::kU8, 16 * h * h),
        b_.buffer(fmt::format("vmem.ntt.const{}.mid", s), Space::kVmem, DType::kU32, c),
        b_.buffer(fmt::format("vmem.ntt.const{}.last", s), Space::kVmem, DType::kU8, 16 * h * h),
        b_.buffer(fmt::format("vmem.ntt.const{}.twist", s), Space::kVmem, DType::kU32, c)};
    slots_.push_back(slot);
    work_.push_back(
        {b_.buffer(fmt::format("vmem.ntt.data{}.x", s), Space::kVmem, DType::kU32, e),
         b_.buffer(fmt::format("vmem.ntt.data{}.bytes", s), Space::kVmem, DType::kU8, 4 * we),
         b_.buffer(fmt::format("vmem.ntt.data{}.part", s), Space::kVmem, DType::kI32, 4 * we),
         b_.buffer(fmt::format("vmem.ntt.data{}.y", s), Space::kVmem, DType::kU32, we)});
  }
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
    if (inverse) {
      first = bat_right(intt_t3(roots, R, C), C, q);
      mid = intt_t2(roots, R, C);
      last = bat_left(intt_t1(roots, R, C), R, q);
    } else {
      first = bat_left(ntt_t1(roots, R, C), R, q);
      mid = ntt_t2(roots, R, C);
      last = bat_right(ntt_t3(roots, R, C), C, q);
    }
    mid = constant_form(mid, q, shape_.reduction, shape_.bat_constants);
    tw = constant_form(twist(roots, inverse), q, shape_.reduction, shape_.bat_constants);
  }
  const auto constant = [&](const char* what, DType t, uint64_t elems, U32Matrix data) {
    const int id = with_constants_ ? b_.constant(std::move(data)) : -1;
    return b_.buffer(fmt::format("hbm.{}.q{}.{}", inverse ? "intt" : "ntt", q, what), Space::kHbm,
                     t, elems, id);
  };
  const uint64_t f = shape_.radix2 ? 0 : first_dim(inverse);
  const uint64_t l = shape_.radix2 ? 0 : last_dim(inverse);
  const uint64_t c = constant_elems(shape_.n, shape_.reduction, shape_.bat_constants);
  const uint64_t cm = shape_.radix2 ? constant_elems(1, shape_.reduction, shape_.bat_constants) : c;
  Constants k{constant("first", DType::kU8, 16 * f * f, std::move(first)),
              constant("mid", DType::kU32, cm, std::move(mid)),
              constant("last", DType::kU8, 16 * l * l, std::move(last)),
              constant("twist", DType::kU32, c, std::move(tw))};
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
    if (b_.trace().buffers[src].elems == 0) continue;  // radix-2 has no matmul constants
    b_.emit(Instr{.op = Opcode::kLoad, .dst = dst, .a = src, .tag = tag});
  }
  return slot.bufs;
}

void NttEmitter::emit(int src, uint64_t src_off, int dst, uint64_t dst_off, int items, uint64_t q,
                      uint64_t psi, bool inverse, const std::string& kernel) {
  const Constants& k = vmem_constants(q, psi, inverse, kernel);
  const Working& w = work_[next_work_++ % work_.size()];
  const uint32_t R = shape_.rows, C = shape_.cols;
  const uint64_t n = shape_.n, elems = n * items;
  const auto g = static_cast<uint32_t>(items);
  const auto tag = [&](const char* step) { return b_.tag(kernel + "/" + step); };
  const auto modmul = [&](int buf, int consts, const char* step) {
    modmul_->emit(buf, 0, buf, 0, consts, 0, n, elems, q, kernel + "/" + step);
  };
  const auto left = [&](int from, int consts, int to) {
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
                  .dst = to,
                  .a = w.part,
                  .m = g,
                  .n = R,
                  .k = C,
                  .q = q,
                  .tag = tag("reduce")});
  };
  const auto right = [&](int from, int consts, int to) {
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
                  .dst = to,
                  .a = w.part,
                  .m = g * R,
                  .n = C,
                  .q = q,
                  .tag = tag("reduce")});
  };
  b_.emit(Instr{.op = Opcode::kLoad,
                .dst = w.x,
                .a = src,
                .a_off = src_off,
                .count = elems,
                .tag = tag("load")});
  if (shape_.radix2) {
    emit_radix2(k, w.x, items, q, inverse, kernel);
  } else if (!inverse) {
    modmul(w.x, k.twist, "twist");
    left(w.x, k.first, w.y);
    modmul(w.y, k.mid, "twiddle");
    right(w.y, k.last, w.x);
  } else {
    right(w.x, k.first, w.y);
    modmul(w.y, k.mid, "twiddle");
    left(w.y, k.last, w.x);
    modmul(w.x, k.twist, "twist_inverse");
  }
  b_.emit(Instr{.op = Opcode::kStore,
                .dst = dst,
                .a = w.x,
                .dst_off = dst_off,
                .count = elems,
                .tag = tag("store")});
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
