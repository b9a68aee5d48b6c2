#include "workloads/reference/functional.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "trace/trace_access.hpp"
#include "workloads/emitters/modmul_emitter.hpp"
#include "workloads/math/barrett.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/modmul_variants.hpp"

namespace hesa {

FunctionalMachine::FunctionalMachine(const Trace& trace)
    : trace_(trace), mem_(trace.buffers.size()) {
  for (size_t i = 0; i < trace.buffers.size(); ++i) {
    const Buffer& b = trace.buffers[i];
    if (b.const_id < 0) continue;
    const auto& c = trace.constants.at(b.const_id).data;
    if (c.size() != b.elems) {
      throw FunctionalError(fmt::format("constant of buffer {} has {} elements, expected {}",
                                        b.name, c.size(), b.elems));
    }
    mem_[i].assign(c.begin(), c.end());
  }
}

std::vector<uint64_t>& FunctionalMachine::data(int buffer) {
  auto& d = mem_.at(buffer);
  if (d.empty()) d.assign(trace_.buffers[buffer].elems, 0);
  return d;
}

const std::vector<uint64_t>& FunctionalMachine::src(int buffer) const {
  const auto& d = mem_.at(buffer);
  if (d.size() != trace_.buffers[buffer].elems) {
    throw FunctionalError(
        fmt::format("buffer {} is read before it is written", trace_.buffers[buffer].name));
  }
  return d;
}

void FunctionalMachine::write(const IoSlice& slice, const std::vector<uint32_t>& limb, uint64_t q) {
  auto& d = data(slice.buffer);
  if (slice.bat_form) {
    const std::vector<uint32_t> words = constant_form(limb, q, Reduction::kBarrett, true);
    if (slice.offset + words.size() > d.size()) throw FunctionalError("input slice out of range");
    std::copy(words.begin(), words.end(), d.begin() + slice.offset);
    return;
  }
  const uint64_t end = slice.offset + slice.companion_offset + limb.size();
  if (slice.offset + limb.size() > d.size() || end > d.size()) {
    throw FunctionalError("input slice out of range");
  }
  std::copy(limb.begin(), limb.end(), d.begin() + slice.offset);
  if (slice.companion_offset) {
    for (size_t i = 0; i < limb.size(); ++i) {
      d[slice.offset + slice.companion_offset + i] = shoup_companion(limb[i], q);
    }
  }
}

std::vector<uint32_t> FunctionalMachine::read(const IoSlice& slice, uint64_t n) const {
  const auto& d = src(slice.buffer);
  return std::vector<uint32_t>(d.begin() + slice.offset, d.begin() + slice.offset + n);
}

void FunctionalMachine::run() {
  for (uint32_t i = 0; i < trace_.instrs.size(); ++i) execute(i);
}

void FunctionalMachine::execute(uint32_t index) {
  const Instr& in = trace_.instrs.at(index);
  const Footprint f = footprint(in, trace_.buffers);
  for (int r = 0; r < f.num_reads; ++r) {
    const Access& a = f.reads[r];
    if (a.end > src(a.buffer).size()) {
      throw FunctionalError(fmt::format("instruction {} reads {} beyond its end", index,
                                        trace_.buffers[a.buffer].name));
    }
  }
  if (f.write.end > data(f.write.buffer).size()) {
    throw FunctionalError(fmt::format("instruction {} writes {} beyond its end", index,
                                      trace_.buffers[f.write.buffer].name));
  }
  switch (in.op) {
    case Opcode::kIciCopy:  // another chip's HBM: one flat memory here
    case Opcode::kLoad:
    case Opcode::kStore: {
      const auto& s = src(in.a);
      auto& d = data(in.dst);
      if (in.access.kind == AccessKind::kContiguous) {
        std::copy_n(s.begin() + in.a_off, copy_elements(in, trace_.buffers),
                    d.begin() + in.dst_off);
        break;
      }
      // Chunks of the far side (source of a load, destination of a store), packed on the other.
      const bool load = in.op == Opcode::kLoad;
      const uint64_t elem = dtype_bytes(trace_.buffers[load ? in.a : in.dst].dtype);
      const uint64_t per_chunk = in.access.chunk_bytes / elem;
      const uint64_t slots = (load ? s.size() : d.size()) / per_chunk;
      for (uint64_t j = 0; j < in.access.chunks; ++j) {
        const uint64_t far = in.access.kind == AccessKind::kStrided
                                 ? j * (in.access.stride_bytes / elem)
                                 : gather_slot(in.access.seed, j, slots) * per_chunk;
        const uint64_t from = load ? far : j * per_chunk, to = load ? j * per_chunk : far;
        if (from + per_chunk > s.size() || to + per_chunk > d.size()) {
          throw FunctionalError("DMA chunk out of range");
        }
        std::copy_n(s.begin() + from, per_chunk, d.begin() + to);
      }
      break;
    }
    case Opcode::kMatmulU8:
      matmul(in);
      break;
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
    case Opcode::kMulBytes:
    case Opcode::kMulWideVec:
    case Opcode::kMacWideVec:
    case Opcode::kReduceWideVec:
      elementwise(in);
      break;
    case Opcode::kNttStage:
    case Opcode::kInttStage:
      butterflies(in);
      break;
    case Opcode::kSplitBytesRows:
      split_rows(in);
      break;
    case Opcode::kSplitBytesCols:
      split_cols(in);
      break;
    case Opcode::kMergeRows:
      merge(in, true);
      break;
    case Opcode::kMergeCols:
      merge(in, false);
      break;
    case Opcode::kMatmulBf16:
      matmul_bf16(in);
      break;
    case Opcode::kTranspose:
      transpose(in);
      break;
    case Opcode::kPermute:
      permute(in);
      break;
    case Opcode::kBatMulVec:
      bat_mul(in);
      break;
    case Opcode::kConvU8:
      conv(in);
      break;
    case Opcode::kMergeShoup:
      merge_shoup(in);
      break;
  }
}

void FunctionalMachine::matmul(const Instr& in) {
  const uint64_t* a = src(in.a).data() + in.a_off;
  const uint64_t* b = src(in.b).data() + in.b_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t M = in.m, N = in.n, K = in.k;
  std::vector<uint64_t> row(N);
  for (uint64_t i = 0; i < M; ++i) {
    std::fill(row.begin(), row.end(), 0);
    for (uint64_t k = 0; k < K; ++k) {
      const uint64_t av = a[i * K + k];
      if (av == 0) continue;
      if (av > 255) throw FunctionalError("matmul operand is not a byte");
      const uint64_t* bp = &b[k * N];
      for (uint64_t j = 0; j < N; ++j) row[j] += av * bp[j];
    }
    for (uint64_t j = 0; j < N; ++j) {
      if (row[j] > 0x7fffffffu) throw FunctionalError("int32 accumulator overflow in matmul");
      d[i * N + j] = row[j];
    }
  }
}

void FunctionalMachine::bat_mul(const Instr& in) {
  const uint64_t* a = src(in.a).data() + in.a_off;
  const uint64_t* b = src(in.b).data() + in.b_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  if (in.n == 0) throw FunctionalError("bat_mul without constants (n = 0)");
  for (uint64_t i = 0; i < in.m; ++i) {
    const uint64_t* block = b + 4 * (i % in.n);
    for (int p = 0; p < 4; ++p) {
      uint64_t sum = 0;
      for (int k = 0; k < 4; ++k)
        sum += ((a[i] >> (8 * k)) & 0xff) * ((block[k] >> (8 * p)) & 0xff);
      d[4 * i + p] = sum;
    }
  }
}

void FunctionalMachine::conv(const Instr& in) {
  const uint64_t M = in.m, N = in.n, K = in.k, products = std::max<uint32_t>(in.group, 1);
  const bool lhs_cnw = in.conv_dims & kConvLhsCnw, out_cnw = in.conv_dims & kConvOutCnw;
  std::vector<uint64_t> acc(N * 7);
  for (uint64_t h = 0; h < products; ++h) {
    const uint64_t* a = src(in.a).data() + in.a_off + (in.a_stationary ? 0 : h * M * K);
    const uint64_t* b = src(in.b).data() + in.b_off + (in.a_stationary ? h * K * N : 0);
    uint64_t* d = data(in.dst).data() + in.dst_off + h * M * N * 7;
    for (uint64_t i = 0; i < M; ++i) {
      std::fill(acc.begin(), acc.end(), 0);
      for (uint64_t l = 0; l < K; ++l) {
        const uint64_t av = lhs_cnw ? a[l * M + i] : a[i * K + l];
        if (av == 0) continue;
        for (uint64_t j = 0; j < N; ++j) {
          const uint64_t bv = b[l * N + j];
          for (int s = 0; s < 4; ++s) {
            const uint64_t as = (av >> (8 * s)) & 0xff;
            for (int t = 0; t < 4; ++t) acc[j * 7 + s + t] += as * ((bv >> (8 * t)) & 0xff);
          }
        }
      }
      for (uint64_t j = 0; j < N; ++j) {
        for (int p = 0; p < 7; ++p) {
          const uint64_t v = acc[j * 7 + p];
          if (v > 0x7fffffffu) throw FunctionalError("int32 accumulator overflow in conv_u8");
          d[(out_cnw ? j * M + i : i * N + j) * 7 + p] = v;
        }
      }
    }
  }
}

void FunctionalMachine::merge_shoup(const Instr& in) {
  const uint64_t* s = src(in.a).data() + in.a_off;
  const uint64_t* c = src(in.b).data() + in.b_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  for (uint64_t i = 0; i < in.m; ++i) {
    uint64_t sum = 0, companion = 0;  // wrap mod 2^64, as CROSS's u64 sums do
    for (int p = 0; p < 7; ++p) {
      sum += s[7 * i + p] << (8 * p);
      companion += c[7 * i + p] << (8 * p);
    }
    const uint32_t u = shoup_reduce(sum, companion, in.q);
    d[i] = in.lazy ? u : u % in.q;
  }
}

void FunctionalMachine::elementwise(const Instr& in) {
  const uint64_t* a = src(in.a).data() + in.a_off;
  const uint64_t* b = has_b_operand(in.op) ? src(in.b).data() + in.b_off : nullptr;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t nb = in.n, q = in.q;
  switch (in.op) {
    case Opcode::kModAddVec:
      for (uint64_t i = 0; i < in.m; ++i) {
        const uint64_t s = a[i] + b[i % nb];
        d[i] = s >= q ? s - q : s;
      }
      return;
    case Opcode::kModSubVec:
      for (uint64_t i = 0; i < in.m; ++i)
        d[i] = a[i] >= b[i % nb] ? a[i] - b[i % nb] : a[i] + q - b[i % nb];
      return;
    case Opcode::kMulBytes:
      for (uint64_t i = 0; i < in.m; ++i) {
        const uint64_t z = a[i] * b[i % nb];
        for (int p = 0; p < 8; ++p) d[8 * i + p] = (z >> (8 * p)) & 0xff;
      }
      return;
    case Opcode::kMulWideVec:
      for (uint64_t i = 0; i < in.m; ++i) {
        if (a[i] >> 32 || b[i % nb] >> 32) throw FunctionalError("mul_wide operand above 32 bits");
        d[i] = a[i] * b[i % nb];
      }
      return;
    case Opcode::kMacWideVec:
      for (uint64_t i = 0; i < in.m; ++i) {
        if (a[i] >> 32 || b[i % nb] >> 32) throw FunctionalError("mac_wide operand above 32 bits");
        const uint64_t z = a[i] * b[i % nb];
        if (d[i] > UINT64_MAX - z) throw FunctionalError("u64 accumulator overflow in mac_wide");
        d[i] += z;
      }
      return;
    case Opcode::kReduceWideVec:
      if (q == 0) throw FunctionalError("reduce_wide without a modulus");
      for (uint64_t i = 0; i < in.m; ++i) d[i] = a[i] % q;
      return;
    default:
      break;
  }
  switch (in.reduction) {
    case Reduction::kBarrett: {
      const Barrett red(q);
      for (uint64_t i = 0; i < in.m; ++i) d[i] = red.reduce(a[i] * b[i % nb]);
      return;
    }
    case Reduction::kMontgomery: {
      const Montgomery mont(q);
      for (uint64_t i = 0; i < in.m; ++i) {
        if (in.lazy) {
          d[i] = mont.reduce_cross(a[i] * b[i % nb], true);
        } else {
          d[i] = mont.mul(static_cast<uint32_t>(a[i]), static_cast<uint32_t>(b[i % nb]));
        }
      }
      return;
    }
    case Reduction::kShoup:
      for (uint64_t i = 0; i < in.m; ++i) {
        const uint64_t j = i % nb;
        d[i] = shoup_mul(static_cast<uint32_t>(a[i]), static_cast<uint32_t>(b[j]),
                         static_cast<uint32_t>(b[nb + j]), q, in.lazy);
      }
      return;
    case Reduction::kBatLazy:
      throw FunctionalError("a bat_lazy product is lowered to mul_bytes, matmul and merge");
  }
}

// w * x mod q for a twiddle w stored in the reduction's constant form at `at` (n values).
static uint64_t const_product(uint64_t x, const uint64_t* table, uint64_t at, uint64_t n,
                              Reduction red, uint64_t q) {
  switch (red) {
    case Reduction::kMontgomery:
      return Montgomery(q).mul(static_cast<uint32_t>(x), static_cast<uint32_t>(table[at]));
    case Reduction::kShoup:
      return shoup_mul(static_cast<uint32_t>(x), static_cast<uint32_t>(table[at]),
                       static_cast<uint32_t>(table[at + n]), q);
    default:
      return Barrett(q).reduce(x * table[at]);
  }
}

void FunctionalMachine::butterflies(const Instr& in) {
  if (in.reduction == Reduction::kBatLazy) throw FunctionalError("bat_lazy butterflies");
  const uint64_t* a = src(in.a).data() + in.a_off;
  const uint64_t* tw = src(in.b).data() + in.b_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t n = in.n, blocks = in.k, t = n / (2 * blocks), q = in.q;
  for (uint64_t base = 0; base < in.m; base += n) {
    for (uint64_t i = 0; i < blocks; ++i) {
      for (uint64_t j = base + 2 * i * t; j < base + 2 * i * t + t; ++j) {
        const uint64_t u = a[j], v = a[j + t];
        if (in.op == Opcode::kNttStage) {
          const uint64_t vw = const_product(v, tw, blocks + i, n, in.reduction, q);
          d[j] = (u + vw) % q;
          d[j + t] = (u + q - vw) % q;
        } else {
          d[j] = (u + v) % q;
          d[j + t] = const_product((u + q - v) % q, tw, blocks + i, n, in.reduction, q);
        }
      }
    }
  }
}

void FunctionalMachine::matmul_bf16(const Instr& in) {
  const uint64_t* a = src(in.a).data() + in.a_off;
  const uint64_t* b = src(in.b).data() + in.b_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t M = in.m, N = in.n, K = in.k;
  // A bf16 is the upper half of an f32: widen exactly, multiply and accumulate in f32.
  const auto widen = [](uint64_t bits) {
    return std::bit_cast<float>(static_cast<uint32_t>((bits & 0xffff) << 16));
  };
  for (uint64_t i = 0; i < M; ++i) {
    for (uint64_t j = 0; j < N; ++j) {
      float acc = 0;
      for (uint64_t k = 0; k < K; ++k) acc += widen(a[i * K + k]) * widen(b[k * N + j]);
      d[i * N + j] = std::bit_cast<uint32_t>(acc);
    }
  }
}

void FunctionalMachine::transpose(const Instr& in) {
  const uint64_t* s = src(in.a).data() + in.a_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t G = in.m, R = in.n, C = in.k;
  for (uint64_t g = 0; g < G; ++g)
    for (uint64_t r = 0; r < R; ++r)
      for (uint64_t c = 0; c < C; ++c) d[(g * C + c) * R + r] = s[(g * R + r) * C + c];
}

void FunctionalMachine::permute(const Instr& in) {
  const uint64_t* s = src(in.a).data() + in.a_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t polys = in.m, n = in.n, two_n = 2 * n;
  if (!is_power_of_two(n) || in.galois % 2 == 0 || in.galois >= two_n) {
    throw FunctionalError("permute needs a power-of-two n and an odd galois index below 2n");
  }
  const int bits = log2_exact(n);
  for (uint64_t t = 0; t < n; ++t) {
    const uint64_t e = (2 * bit_reverse(t, bits) + 1) * in.galois % two_n;
    const uint64_t from = bit_reverse((e - 1) / 2, bits);
    for (uint64_t p = 0; p < polys; ++p) d[p * n + t] = s[p * n + from];
  }
}

void FunctionalMachine::split_rows(const Instr& in) {
  const uint64_t* s = src(in.a).data() + in.a_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t G = in.m, R = in.n, C = in.k, width = G * C;
  for (uint64_t g = 0; g < G; ++g)
    for (uint64_t r = 0; r < R; ++r)
      for (uint64_t c = 0; c < C; ++c) {
        const uint64_t x = s[(g * R + r) * C + c];
        for (uint64_t k = 0; k < 4; ++k) d[(4 * r + k) * width + g * C + c] = (x >> (8 * k)) & 0xff;
      }
}

void FunctionalMachine::split_cols(const Instr& in) {
  const uint64_t* s = src(in.a).data() + in.a_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const uint64_t elems = uint64_t{in.m} * in.n;
  for (uint64_t i = 0; i < elems; ++i)
    for (uint64_t k = 0; k < 4; ++k) d[4 * i + k] = (s[i] >> (8 * k)) & 0xff;
}

void FunctionalMachine::merge(const Instr& in, bool rows) {
  const uint64_t* part = src(in.a).data() + in.a_off;
  uint64_t* d = data(in.dst).data() + in.dst_off;
  const bool montgomery = in.reduction == Reduction::kMontgomery;
  if (!montgomery && in.reduction != Reduction::kBarrett) {
    throw FunctionalError("a merge reduces with barrett or montgomery");
  }
  // The modulus of a row: q, or with b (merge_rows) the row's own from b.
  const uint64_t* moduli = rows && in.b >= 0 ? src(in.b).data() + in.b_off : nullptr;
  const auto combine = [&](const Barrett& red, const Montgomery& mont, uint64_t p0, uint64_t p1,
                           uint64_t p2, uint64_t p3) -> uint64_t {
    const uint64_t z = p0 + (p1 << 8) + (p2 << 16) + (p3 << 24);
    if (montgomery) {
      if ((z >> 32) >= mont.q) throw FunctionalError("BAT sum beyond Montgomery's input range");
      return mont.reduce_cross(z, in.lazy);
    }
    if (z > red.input_limit()) throw FunctionalError("BAT sum beyond Barrett's input range");
    return red.reduce(z);
  };
  if (rows) {
    const uint64_t G = in.m, R = in.n, C = in.k, width = G * C, z0 = in.group;
    for (uint64_t z = 0; z < R; ++z) {
      const uint64_t q = moduli ? moduli[z] : in.q;
      if (q < 2 || q > in.q || (montgomery && q % 2 == 0)) {
        throw FunctionalError(
            "a merge row's modulus is not one between 2 and q (odd for "
            "Montgomery)");
      }
      const Barrett red(q);
      const Montgomery mont(montgomery ? q : 1);
      for (uint64_t g = 0; g < G; ++g)
        for (uint64_t c = 0; c < C; ++c) {
          const uint64_t col = g * C + c, row = 4 * (z0 + z);
          d[(g * R + z) * C + c] =
              combine(red, mont, part[row * width + col], part[(row + 1) * width + col],
                      part[(row + 2) * width + col], part[(row + 3) * width + col]);
        }
    }
  } else {
    const uint64_t rows_n = in.m, C = in.n, groups = in.k ? in.k : in.n, n0 = in.group;
    const Barrett red(in.q);
    const Montgomery mont(montgomery ? in.q : 1);
    for (uint64_t r = 0; r < rows_n; ++r)
      for (uint64_t c = 0; c < C; ++c) {
        const uint64_t* p = part + r * 4 * groups + 4 * (n0 + c);
        d[r * C + c] = combine(red, mont, p[0], p[1], p[2], p[3]);
      }
  }
}

}  // namespace hesa
