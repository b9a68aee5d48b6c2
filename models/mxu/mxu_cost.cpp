#include "models/mxu/mxu_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace hesa {

static uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

MxuCost mxu_gemm_cost(const MxuConfig& mxu, const GemmShape& s, bool int8) {
  MxuCost c;
  const uint64_t R = mxu.rows, C = mxu.cols;
  c.folds = ceil_div(s.contraction, R) * ceil_div(s.outputs, C);
  c.macs = s.stream * s.contraction * s.outputs;
  if (c.macs == 0) return c;
  const double rate = int8 ? mxu.int8_macs_per_pe_cycle : mxu.bf16_macs_per_pe_cycle;
  const double t = std::ceil(static_cast<double>(s.stream) / rate);
  const double fill_drain = static_cast<double>(R + C - 2);
  if (mxu.double_buffered_weights) {
    c.cycles = R + (c.folds - 1) * std::max<double>(t, R) + t + fill_drain;
  } else {
    c.cycles = c.folds * (R + t + fill_drain);
  }
  return c;
}

namespace {

// Sizes of `total` split into `groups` nearly equal groups of whole `unit`s: the first
// `big_count` have `big` units, the rest `big - unit` (none when the split is even).
struct Groups {
  uint64_t big = 0, small = 0;
  uint64_t big_count = 0, small_count = 0;
};
Groups split_units(uint64_t total, uint64_t unit, uint64_t groups) {
  const uint64_t units = ceil_div(total, unit);
  Groups g;
  const uint64_t per = units / groups, extra = units % groups;
  g.big_count = extra ? extra : groups;
  g.small_count = extra ? groups - extra : 0;
  const uint64_t big_units = extra ? per + 1 : per;
  g.big = std::min(total, big_units * unit);
  g.small = per * unit;
  // The last group takes what is left of a partial unit.
  const uint64_t covered = g.big * g.big_count + g.small * g.small_count;
  if (covered > total) {
    if (g.small_count) {
      g.small -= std::min(g.small, covered - total);
    } else {
      g.big -= std::min(g.big, covered - total);
    }
  }
  return g;
}

void add_traffic(MxuTraffic& t, const MxuTraffic& part, uint64_t copies) {
  t.read_bytes += part.read_bytes * copies;
  t.write_bytes += part.write_bytes * copies;
}

}  // namespace

MxuSplit mxu_split_cost(const MxuConfig& mxu, const GemmShape& s, bool int8, bool split_columns) {
  MxuSplit best;
  best.cycles = -1;
  const uint64_t col_folds = ceil_div(s.outputs, mxu.cols);
  const uint64_t max_cols = split_columns ? std::min<uint64_t>(mxu.count, col_folds) : 1;
  for (uint64_t kc = 1; kc <= std::max<uint64_t>(1, max_cols); ++kc) {
    const uint64_t max_rows = std::min<uint64_t>(mxu.count / kc, std::max<uint64_t>(1, s.stream));
    for (uint64_t kr = 1; kr <= max_rows; ++kr) {
      const Groups cols = split_units(s.outputs, mxu.cols, kc);
      const Groups rows = split_units(s.stream, 1, kr);
      MxuSplit m;
      m.col_groups = static_cast<int>(kc);
      m.row_groups = static_cast<int>(kr);
      for (auto [n, nc] : {std::pair{cols.big, cols.big_count}, {cols.small, cols.small_count}}) {
        for (auto [r, rc] : {std::pair{rows.big, rows.big_count}, {rows.small, rows.small_count}}) {
          if (nc == 0 || rc == 0 || n == 0 || r == 0) continue;
          const GemmShape part{r, s.contraction, n};
          const MxuCost c = mxu_gemm_cost(mxu, part, int8);
          m.cycles = std::max(m.cycles, c.cycles);
          m.compute_cycles += c.cycles * double(nc * rc);
          m.macs += c.macs * nc * rc;
          add_traffic(m.traffic, mxu_vmem_traffic(mxu, part, int8), nc * rc);
        }
      }
      const bool better = best.cycles < 0 || m.cycles < best.cycles ||
                          (m.cycles == best.cycles &&
                           (m.arrays() < best.arrays() ||
                            (m.arrays() == best.arrays() && kr < uint64_t(best.row_groups))));
      if (better) best = m;
    }
  }
  if (best.cycles < 0) best = MxuSplit{};
  return best;
}

double mxu_utilization(const MxuConfig& mxu, const MxuCost& cost, bool int8) {
  const double rate = int8 ? mxu.int8_macs_per_pe_cycle : mxu.bf16_macs_per_pe_cycle;
  const double peak = cost.cycles * mxu.rows * mxu.cols * rate;
  return peak > 0 ? static_cast<double>(cost.macs) / peak : 0.0;
}

MxuTraffic mxu_vmem_traffic(const MxuConfig& mxu, const GemmShape& s, bool int8) {
  const uint64_t elem = int8 ? 1 : 2;
  const uint64_t col_folds = ceil_div(s.outputs, mxu.cols);
  MxuTraffic t;
  t.read_bytes = elem * (s.contraction * s.outputs + col_folds * s.stream * s.contraction);
  t.write_bytes = 4 * s.stream * s.outputs;
  return t;
}

GemmShape gemm_shape(const Instr& in) {
  // dst (m x n) = a (m x k) * b (k x n). With b stationary, rows of a stream; with a stationary
  // the product is computed transposed and columns of b stream.
  if (in.a_stationary) return {in.n, in.k, in.m};
  return {in.m, in.k, in.n};
}

GemmShape bat_mul_shape(const MxuConfig& mxu, const Instr& in) {
  const uint64_t n = std::max<uint64_t>(in.n, 1);
  // g blocks fill the diagonal of one weight fold; fewer constants than g are replicated down
  // it, so every streamed row carries g elements either way.
  const uint64_t g = std::max<uint64_t>(1, std::min(mxu.rows, mxu.cols) / 4);
  const uint64_t folds = ceil_div(n, g);
  // Contraction folds * (4 x g) onto the rows gives `folds` folds of one column fold each.
  return {ceil_div(in.m, g * folds), 4 * g * folds, 4 * g};
}

MxuTraffic bat_mul_vmem_traffic(const Instr& in) {
  return {4ull * in.m + 16ull * in.n, 16ull * in.m};
}

GemmShape conv_shape(const Instr& in) {
  const uint64_t products = std::max<uint32_t>(in.group, 1);
  // Weights: the stationary operand, k x (4 taps x m or n); the other streams 4 rows per row.
  if (in.a_stationary) return {4ull * in.n * products, in.k, 4ull * in.m};
  return {4ull * in.m * products, in.k, 4ull * in.n};
}

MxuTraffic conv_vmem_traffic(const MxuConfig& mxu, const Instr& in) {
  const GemmShape s = conv_shape(in);
  MxuTraffic t = mxu_vmem_traffic(mxu, s, true);
  t.write_bytes = 4ull * 7 * in.m * in.n * std::max<uint32_t>(in.group, 1);
  return t;
}

bool matmul_is_int8(const Instr& in) {
  return in.op != Opcode::kMatmulBf16;
}

AreaLine mxu_area(const MxuConfig& mxu, int tensorcores) {
  const long pes = static_cast<long>(tensorcores) * mxu.count * mxu.rows * mxu.cols;
  return {"mxu", pes * mxu.pe_um2 * 1e-6, fmt::format("{} PEs x {} um2", pes, mxu.pe_um2)};
}

}  // namespace hesa
