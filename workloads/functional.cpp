#include "workloads/functional.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "workloads/barrett.hpp"
#include "workloads/modmath.hpp"

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

void FunctionalMachine::write(const IoSlice& slice, const std::vector<uint32_t>& limb) {
  auto& d = data(slice.buffer);
  if (slice.offset + limb.size() > d.size()) throw FunctionalError("input slice out of range");
  std::copy(limb.begin(), limb.end(), d.begin() + slice.offset);
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
  switch (in.op) {
    case Opcode::kLoad:
    case Opcode::kStore: {
      // A copy moves min(source, destination) elements: chunks may be shorter than their slot.
      const auto& s = src(in.a);
      auto& d = data(in.dst);
      std::copy_n(s.begin(), std::min(s.size(), d.size()), d.begin());
      break;
    }
    case Opcode::kMatmulU8:
      matmul(in);
      break;
    case Opcode::kModMulVec:
      modmul(in);
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
  }
}

void FunctionalMachine::matmul(const Instr& in) {
  const auto& a = src(in.a);
  const auto& b = src(in.b);
  auto& d = data(in.dst);
  const uint64_t M = in.m, N = in.n, K = in.k;
  if (a.size() < M * K || b.size() < K * N || d.size() < M * N) {
    throw FunctionalError("matmul operands smaller than its shape");
  }
  std::vector<uint64_t> row(N);
  for (uint64_t i = 0; i < M; ++i) {
    std::fill(row.begin(), row.end(), 0);
    for (uint64_t k = 0; k < K; ++k) {
      const uint64_t av = a[i * K + k];
      if (av == 0) continue;
      const uint64_t* bp = &b[k * N];
      for (uint64_t j = 0; j < N; ++j) row[j] += av * bp[j];
    }
    for (uint64_t j = 0; j < N; ++j) {
      if (row[j] > 0x7fffffffu) throw FunctionalError("int32 accumulator overflow in matmul");
      d[i * N + j] = row[j];
    }
  }
}

void FunctionalMachine::matmul_bf16(const Instr& in) {
  const auto& a = src(in.a);
  const auto& b = src(in.b);
  auto& d = data(in.dst);
  const uint64_t M = in.m, N = in.n, K = in.k;
  if (a.size() < M * K || b.size() < K * N || d.size() < M * N) {
    throw FunctionalError("matmul operands smaller than its shape");
  }
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
  const auto& s = src(in.a);
  auto& d = data(in.dst);
  const uint64_t G = in.m, R = in.n, C = in.k;
  if (s.size() < G * R * C || d.size() < G * R * C) {
    throw FunctionalError("transpose operands smaller than its shape");
  }
  for (uint64_t g = 0; g < G; ++g)
    for (uint64_t r = 0; r < R; ++r)
      for (uint64_t c = 0; c < C; ++c) d[(g * C + c) * R + r] = s[(g * R + r) * C + c];
}

void FunctionalMachine::permute(const Instr& in) {
  const auto& s = src(in.a);
  auto& d = data(in.dst);
  const uint64_t polys = in.m, n = in.n, two_n = 2 * n;
  if (!is_power_of_two(n) || in.galois % 2 == 0 || in.galois >= two_n) {
    throw FunctionalError("permute needs a power-of-two n and an odd galois index below 2n");
  }
  if (s.size() < polys * n || d.size() < polys * n) {
    throw FunctionalError("permute operands smaller than its shape");
  }
  const int bits = log2_exact(n);
  for (uint64_t t = 0; t < n; ++t) {
    const uint64_t e = (2 * bit_reverse(t, bits) + 1) * in.galois % two_n;
    const uint64_t from = bit_reverse((e - 1) / 2, bits);
    for (uint64_t p = 0; p < polys; ++p) d[p * n + t] = s[p * n + from];
  }
}

void FunctionalMachine::modmul(const Instr& in) {
  const auto& a = src(in.a);
  const auto& b = src(in.b);
  auto& d = data(in.dst);
  const Barrett red(in.q);
  const uint64_t nb = in.n;
  for (uint64_t i = 0; i < in.m; ++i) d[i] = red.reduce(a[i] * b[i % nb]);
}

void FunctionalMachine::split_rows(const Instr& in) {
  const auto& s = src(in.a);
  auto& d = data(in.dst);
  const uint64_t G = in.m, R = in.n, C = in.k, width = G * C;
  for (uint64_t g = 0; g < G; ++g)
    for (uint64_t r = 0; r < R; ++r)
      for (uint64_t c = 0; c < C; ++c) {
        const uint64_t x = s[(g * R + r) * C + c];
        for (uint64_t k = 0; k < 4; ++k) d[(4 * r + k) * width + g * C + c] = (x >> (8 * k)) & 0xff;
      }
}

void FunctionalMachine::split_cols(const Instr& in) {
  const auto& s = src(in.a);
  auto& d = data(in.dst);
  const uint64_t elems = uint64_t{in.m} * in.n;
  for (uint64_t i = 0; i < elems; ++i)
    for (uint64_t k = 0; k < 4; ++k) d[4 * i + k] = (s[i] >> (8 * k)) & 0xff;
}

void FunctionalMachine::merge(const Instr& in, bool rows) {
  const auto& part = src(in.a);
  auto& d = data(in.dst);
  const Barrett red(in.q);
  const auto combine = [&](uint64_t p0, uint64_t p1, uint64_t p2, uint64_t p3) {
    const uint64_t z = p0 + (p1 << 8) + (p2 << 16) + (p3 << 24);
    if (z > red.input_limit()) throw FunctionalError("BAT sum beyond Barrett's input range");
    return red.reduce(z);
  };
  if (rows) {
    const uint64_t G = in.m, R = in.n, C = in.k, width = G * C;
    for (uint64_t g = 0; g < G; ++g)
      for (uint64_t z = 0; z < R; ++z)
        for (uint64_t c = 0; c < C; ++c) {
          const uint64_t col = g * C + c;
          d[(g * R + z) * C + c] =
              combine(part[(4 * z) * width + col], part[(4 * z + 1) * width + col],
                      part[(4 * z + 2) * width + col], part[(4 * z + 3) * width + col]);
        }
  } else {
    const uint64_t elems = uint64_t{in.m} * in.n;
    for (uint64_t i = 0; i < elems; ++i)
      d[i] = combine(part[4 * i], part[4 * i + 1], part[4 * i + 2], part[4 * i + 3]);
  }
}

}  // namespace hesa
