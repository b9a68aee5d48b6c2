#include "workloads/lowering/gemm_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "trace/trace_builder.hpp"

namespace hesa {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// VMEM bytes of one set of tiles: a rows, b columns, the result.
uint64_t tile_bytes(uint64_t elem, uint64_t tm, uint64_t tn, uint64_t k) {
  return elem * (tm * k + k * tn) + 4 * tm * tn;
}

}  // namespace

GemmTiling gemm_tiling(const GemmParams& p, const LoweringLimits& limits) {
  const uint64_t elem = p.int8 ? 1 : 2;
  GemmTiling t;
  const uint64_t cols_per_core = ceil_div(ceil_div(p.n, p.array_cols), p.cores) * p.array_cols;
  const uint64_t resident_n = std::min<uint64_t>(p.n, cols_per_core);
  if (tile_bytes(elem, p.m, resident_n, p.k) <= limits.vmem_bytes) {
    t.tile_m = p.m;
    t.tile_n = static_cast<uint32_t>(resident_n);
    return t;
  }
  const uint64_t hbm = elem * (uint64_t{p.m} * p.k + uint64_t{p.k} * p.n) + 4ull * p.m * p.n;
  if (hbm > limits.hbm_bytes) {
    throw LoweringError("gemm", fmt::format("operands and result need {} bytes, HBM holds {} bytes",
                                            hbm, limits.hbm_bytes));
  }
  // Two sets of tiles in flight. Wide column tiles first (each re-reads a from HBM once), then
  // the tallest row tiles that fit beside them.
  t.resident = false;
  const uint64_t budget = limits.vmem_bytes / 2;
  for (uint64_t tn = std::min<uint64_t>(p.n, cols_per_core); tn >= 1;) {
    for (uint64_t tm = std::min<uint64_t>(p.m, 4096); tm >= 8 || tm == p.m;) {
      if (tile_bytes(elem, tm, tn, p.k) <= budget) {
        t.tile_m = static_cast<uint32_t>(tm);
        t.tile_n = static_cast<uint32_t>(tn);
        return t;
      }
      if (tm <= 8) break;
      tm = std::max<uint64_t>(8, tm / 2);
    }
    if (tn <= p.array_cols) break;
    tn = std::max<uint64_t>(p.array_cols, tn / 2 / p.array_cols * p.array_cols);
  }
  throw LoweringError(
      "gemm", fmt::format("even tiles of 8 rows and {} columns with k = {} need {} bytes of VMEM "
                          "twice over, a core holds {} bytes",
                          std::min<uint64_t>(p.n, p.array_cols), p.k,
                          tile_bytes(elem, std::min<uint64_t>(p.m, 8),
                                     std::min<uint64_t>(p.n, p.array_cols), p.k),
                          limits.vmem_bytes));
}

Trace lower_gemm(const GemmParams& p, const LoweringLimits& limits) {
  const GemmTiling tiling = gemm_tiling(p, limits);
  const DType in_t = p.int8 ? DType::kU8 : DType::kBf16;
  const DType out_t = p.int8 ? DType::kI32 : DType::kF32;
  const Opcode op = p.int8 ? Opcode::kMatmulU8 : Opcode::kMatmulBf16;
  TraceBuilder b;
  const uint32_t tag = b.tag(p.int8 ? "gemm/int8" : "gemm/bf16");
  const uint32_t tm = tiling.tile_m, tn = tiling.tile_n;
  if (tiling.resident) {
    // One matmul per core, each on its share of the output columns (a read by every core).
    for (uint32_t col = 0, core = 0; col < p.n; col += tn, ++core) {
      const uint32_t cols = std::min(tn, p.n - col);
      const auto c = static_cast<uint8_t>(core);
      b.set_core(core);
      const int a = b.buffer("vmem.a", Space::kVmem, in_t, uint64_t{p.m} * p.k);
      const int w = b.buffer("vmem.b", Space::kVmem, in_t, uint64_t{p.k} * cols);
      const int d = b.buffer("vmem.c", Space::kVmem, out_t, uint64_t{p.m} * cols);
      b.emit(Instr{.op = op, .dst = d, .a = a, .b = w, .m = p.m, .n = cols, .k = p.k, .tag = tag,
                   .core = c});
    }
    b.set_core(0);
    return b.take();
  }
  const uint32_t load = b.tag("gemm/load");
  const uint32_t store = b.tag("gemm/store");
  b.set_core(0);
  const int a_hbm = b.buffer("hbm.a", Space::kHbm, in_t, uint64_t{p.m} * p.k);
  const uint64_t col_tiles = ceil_div(p.n, tn), row_tiles = ceil_div(p.m, tm);
  std::vector<int> b_hbm;
  for (uint64_t j = 0; j < col_tiles; ++j) {
    const uint64_t cols = std::min<uint64_t>(tn, p.n - j * tn);
    b_hbm.push_back(b.buffer(fmt::format("hbm.b{}", j), Space::kHbm, in_t, uint64_t{p.k} * cols));
  }
  const int c_hbm = b.buffer("hbm.c", Space::kHbm, out_t, uint64_t{p.m} * p.n);
  struct Slots {
    int a[2], w[2], d[2];
  };
  std::vector<Slots> slots(p.cores);
  for (int core = 0; core < p.cores; ++core) {
    b.set_core(core);
    for (int s = 0; s < 2; ++s) {
      slots[core].a[s] = b.buffer(fmt::format("vmem.a{}", s), Space::kVmem, in_t, uint64_t{tm} * p.k);
      slots[core].w[s] = b.buffer(fmt::format("vmem.b{}", s), Space::kVmem, in_t, uint64_t{p.k} * tn);
      slots[core].d[s] = b.buffer(fmt::format("vmem.c{}", s), Space::kVmem, out_t, uint64_t{tm} * tn);
    }
  }
  b.set_core(0);
  // Column tile j is held by core j mod cores; its row tiles stream through two slots.
  uint64_t c_off = 0;
  std::vector<int> next(p.cores, 0);
  for (uint64_t j = 0; j < col_tiles; ++j) {
    const auto core = static_cast<int>(j % p.cores);
    const auto c = static_cast<uint8_t>(core);
    Slots& sl = slots[core];
    const auto cols = static_cast<uint32_t>(std::min<uint64_t>(tn, p.n - j * tn));
    const int wslot = static_cast<int>((j / p.cores) % 2);
    b.emit(Instr{.op = Opcode::kLoad, .dst = sl.w[wslot], .a = b_hbm[j],
                 .count = uint64_t{p.k} * cols, .tag = load, .core = c});
    for (uint64_t i = 0; i < row_tiles; ++i) {
      const auto rows = static_cast<uint32_t>(std::min<uint64_t>(tm, p.m - i * tm));
      const int s = next[core]++ % 2;
      b.emit(Instr{.op = Opcode::kLoad, .dst = sl.a[s], .a = a_hbm, .a_off = i * tm * p.k,
                   .count = uint64_t{rows} * p.k, .tag = load, .core = c});
      b.emit(Instr{.op = op, .dst = sl.d[s], .a = sl.a[s], .b = sl.w[wslot], .m = rows, .n = cols,
                   .k = p.k, .tag = tag, .core = c});
      b.emit(Instr{.op = Opcode::kStore, .dst = c_hbm, .a = sl.d[s], .dst_off = c_off,
                   .count = uint64_t{rows} * cols, .tag = store, .core = c});
      c_off += uint64_t{rows} * cols;
    }
  }
  return b.take();
}

}  // namespace hesa
