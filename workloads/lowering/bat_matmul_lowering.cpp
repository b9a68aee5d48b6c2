#include "workloads/lowering/bat_matmul_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "trace/trace_builder.hpp"
#include "workloads/math/barrett.hpp"

namespace hesa {

U32Matrix bat_matmul_constant(uint32_t k, uint32_t n, uint64_t q) {
  std::mt19937_64 rng(0xba7ull);
  U32Matrix b(uint64_t{k} * n);
  for (auto& x : b) x = static_cast<uint32_t>(rng() % q);
  return b;
}

U32Matrix reference_mod_matmul(const U32Matrix& a, const U32Matrix& b, uint32_t m, uint32_t n,
                               uint32_t k, uint64_t q) {
  U32Matrix c(uint64_t{m} * n);
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t j = 0; j < n; ++j) {
      uint64_t acc = 0;
      for (uint64_t x = 0; x < k; ++x) acc = (acc + uint64_t{a[i * k + x]} * b[x * n + j]) % q;
      c[i * n + j] = static_cast<uint32_t>(acc);
    }
  return c;
}

namespace {

uint32_t ceil_div(uint32_t a, uint32_t b) {
  return (a + b - 1) / b;
}

void check_ranges(const BatMatmulParams& p) {
  const uint64_t partial = 255ull * 255 * 4 * p.k;  // int32 accumulator of a 4k contraction
  if (partial > 0x7fffffffu) {
    throw LoweringError("bat_matmul.k", fmt::format("a contraction of {} bytes overflows the "
                                                    "MXU's int32 accumulators",
                                                    4 * p.k));
  }
  const uint64_t merged = partial * (1 + (1u << 8) + (1u << 16) + (1u << 24));
  if (merged > Barrett(p.q).input_limit()) {
    throw LoweringError("bat_matmul.k", fmt::format("BAT sums reach {}, beyond Barrett's input "
                                                    "range for q = {}",
                                                    merged, p.q));
  }
}

struct Slot {
  int a, bytes, part, c;  // VMEM working buffers of one row tile
};

}  // namespace

BatMatmulLowering lower_bat_matmul(const BatMatmulParams& p, const LoweringLimits& lim,
                                   bool with_constants) {
  check_ranges(p);
  const uint64_t K = p.k, depth = p.prefetch_depth;
  // Per core: depth x (B tile 16 K tn) + slots x (a 4 tm K, bytes 4 tm K, part 16 tm tn, c 4 tm tn)
  const auto need = [&](uint64_t tm, uint64_t tn, uint64_t slots) {
    return depth * 16 * K * tn + slots * (8 * tm * K + 20 * tm * tn);
  };
  // Halves the larger tile side until the working set fits or a side would drop below `floor`.
  const auto fit = [&](uint64_t slots, uint32_t floor, uint32_t& tm, uint32_t& tn) {
    tm = ceil_div(p.m, static_cast<uint32_t>(slots / depth * p.cores));
    tn = p.n;
    while (need(tm, tn, slots) > lim.vmem_bytes) {
      if (tm >= tn && tm > floor) {
        tm = ceil_div(tm, 2);
      } else if (tn > floor) {
        tn = ceil_div(tn, 2);
      } else {
        return false;
      }
    }
    return true;
  };
  // Prefer depth x arrays row tiles in flight (every MXU fed) with tiles of at least 128 (full
  // array passes); when VMEM is too small for that, fewer tiles in flight, then smaller tiles.
  uint32_t tm = 0, tn = 0;
  uint64_t slots_per_core = 0;
  for (uint64_t a = p.arrays; a >= 1 && !slots_per_core; a /= 2) {
    if (fit(depth * a, std::min<uint32_t>(128, std::min(p.m, p.n)), tm, tn)) {
      slots_per_core = depth * a;
    }
  }
  if (!slots_per_core && fit(depth, 8, tm, tn)) slots_per_core = depth;
  if (!slots_per_core) {
    throw LoweringError("bat_matmul.k",
                        fmt::format("even 8 x 8 tiles with k = {} need {} bytes of VMEM, a core "
                                    "holds {} bytes",
                                    p.k, need(8, 8, depth), lim.vmem_bytes));
  }
  const uint64_t hbm = 4 * K * p.m + 16 * K * p.n + 4ull * p.m * p.n;
  if (hbm > lim.hbm_bytes) {
    throw LoweringError("bat_matmul", fmt::format("A, the expanded B and C need {} bytes of HBM, "
                                                  "the chip has {} bytes",
                                                  hbm, lim.hbm_bytes));
  }
  BatMatmulLowering out;
  out.tile_m = tm;
  out.tile_n = tn;
  TraceBuilder b;
  const U32Matrix constant = with_constants ? bat_matmul_constant(p.k, p.n, p.q) : U32Matrix{};
  std::vector<int> b_hbm;
  for (uint32_t col0 = 0; col0 < p.n; col0 += tn) {
    const uint32_t cols = std::min(tn, p.n - col0);
    int id = -1;
    if (with_constants) {
      U32Matrix part(K * cols);
      for (uint64_t r = 0; r < K; ++r)
        std::copy_n(&constant[r * p.n + col0], cols, &part[r * cols]);
      id = b.constant(bat_right(part, p.k, cols, p.q));
    }
    b_hbm.push_back(b.buffer(fmt::format("hbm.bexp{}", b_hbm.size()), Space::kHbm, DType::kU8,
                             16 * K * cols, id));
  }
  for (uint32_t row0 = 0; row0 < p.m; row0 += tm) {
    const uint32_t rows = std::min(tm, p.m - row0);
    out.a_tiles.push_back({b.buffer(fmt::format("hbm.a{}", out.a_tiles.size()), Space::kHbm,
                                    DType::kU32, uint64_t{rows} * K),
                           row0, rows, 0, p.k});
  }
  std::vector<std::vector<int>> b_slots(p.cores);
  std::vector<std::vector<Slot>> slots(p.cores);
  for (int core = 0; core < p.cores; ++core) {
    b.set_core(core);  // the core's VMEM holds its slots
    for (uint64_t s = 0; s < depth; ++s) {
      b_slots[core].push_back(b.buffer(fmt::format("vmem.core{}.bexp{}", core, s), Space::kVmem,
                                       DType::kU8, 16 * K * tn));
    }
    for (uint64_t s = 0; s < slots_per_core; ++s) {
      const std::string pre = fmt::format("vmem.core{}.slot{}.", core, s);
      slots[core].push_back({b.buffer(pre + "a", Space::kVmem, DType::kU32, uint64_t{tm} * K),
                             b.buffer(pre + "bytes", Space::kVmem, DType::kU8, 4ull * tm * K),
                             b.buffer(pre + "part", Space::kVmem, DType::kI32, 4ull * tm * tn),
                             b.buffer(pre + "c", Space::kVmem, DType::kU32, uint64_t{tm} * tn)});
    }
  }
  b.set_core(0);
  const uint32_t t_load = b.tag("bat_matmul/load"), t_const = b.tag("bat_matmul/load_constants"),
                 t_convert = b.tag("bat_matmul/convert"), t_mm = b.tag("bat_matmul/matmul"),
                 t_reduce = b.tag("bat_matmul/reduce"), t_store = b.tag("bat_matmul/store");
  std::vector<size_t> step(p.cores, 0);
  for (size_t j = 0; j < b_hbm.size(); ++j) {
    const uint32_t col0 = static_cast<uint32_t>(j) * tn, cols = std::min(tn, p.n - col0);
    for (int core = 0; core < p.cores; ++core) {
      const auto c8 = static_cast<uint8_t>(core);
      const int bslot = b_slots[core][j % depth];
      bool loaded = false;
      for (size_t i = core; i < out.a_tiles.size(); i += p.cores) {
        const MatrixTile& at = out.a_tiles[i];
        if (!loaded) {
          b.emit(
              Instr{.op = Opcode::kLoad, .dst = bslot, .a = b_hbm[j], .tag = t_const, .core = c8});
          loaded = true;
        }
        const Slot& w = slots[core][step[core]++ % slots_per_core];
        b.emit(Instr{.op = Opcode::kLoad, .dst = w.a, .a = at.buffer, .tag = t_load, .core = c8});
        b.emit(Instr{.op = Opcode::kSplitBytesCols,
                     .dst = w.bytes,
                     .a = w.a,
                     .m = at.rows,
                     .n = p.k,
                     .q = p.q,
                     .tag = t_convert,
                     .core = c8});
        b.emit(Instr{.op = Opcode::kMatmulU8,
                     .dst = w.part,
                     .a = w.bytes,
                     .b = bslot,
                     .m = at.rows,
                     .n = 4 * cols,
                     .k = 4 * p.k,
                     .tag = t_mm,
                     .core = c8});
        b.emit(Instr{.op = Opcode::kMergeCols,
                     .dst = w.c,
                     .a = w.part,
                     .m = at.rows,
                     .n = cols,
                     .q = p.q,
                     .tag = t_reduce,
                     .core = c8});
        const int c_hbm = b.buffer(fmt::format("hbm.c{}.{}", i, j), Space::kHbm, DType::kU32,
                                   uint64_t{at.rows} * cols);
        out.c_tiles.push_back({c_hbm, at.row0, at.rows, col0, cols});
        b.emit(Instr{.op = Opcode::kStore, .dst = c_hbm, .a = w.c, .tag = t_store, .core = c8});
      }
    }
  }
  out.trace = b.take();
  return out;
}

}  // namespace hesa
