#include "models/mxu/mxu_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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
  const uint64_t per_fold = std::max<uint64_t>(1, std::min(mxu.rows, mxu.cols) / 4);
  const uint64_t blocks = std::min(n, per_fold);
  const uint64_t folds = ceil_div(n, blocks);
  // Contraction folds * (4 x blocks) onto the rows gives `folds` folds of one column fold each.
  return {ceil_div(in.m, n), 4 * blocks * folds, 4 * blocks};
}

MxuTraffic bat_mul_vmem_traffic(const Instr& in) {
  return {4ull * in.m + 16ull * in.n, 16ull * in.m};
}

bool matmul_is_int8(const Instr& in) {
  return in.op != Opcode::kMatmulBf16;
}

AreaLine mxu_area(const MxuConfig& mxu, int tensorcores) {
  const long pes = static_cast<long>(tensorcores) * mxu.count * mxu.rows * mxu.cols;
  return {"mxu", pes * mxu.pe_um2 * 1e-6, fmt::format("{} PEs x {} um2", pes, mxu.pe_um2)};
}

}  // namespace hesa
