// The gemm and bat_matmul lowerings: structure, VMEM tiling, and the BAT matmul executed on real
// numbers against a plain modular matmul.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "models/mxu/mxu_cost.hpp"
#include "tests/workloads/lowering_fixtures.hpp"
#include "workloads/lowering/bat_matmul_lowering.hpp"
#include "workloads/lowering/gemm_lowering.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

// Runs the lowered BAT matmul on random A; returns whether every C tile equals the reference.
bool bat_matmul_exact(const BatMatmulParams& p, const LoweringLimits& lim,
                      BatMatmulLowering* keep = nullptr) {
  const BatMatmulLowering low = lower_bat_matmul(p, lim, true);
  std::mt19937_64 rng(11);
  U32Matrix a(uint64_t{p.m} * p.k);
  for (auto& x : a) x = static_cast<uint32_t>(rng() % p.q);
  const U32Matrix c =
      reference_mod_matmul(a, bat_matmul_constant(p.k, p.n, p.q), p.m, p.n, p.k, p.q);
  FunctionalMachine fm(low.trace);
  for (const MatrixTile& t : low.a_tiles) {
    fm.write({t.buffer, 0, 0, 0},
             std::vector<uint32_t>(a.begin() + uint64_t{t.row0} * p.k,
                                   a.begin() + uint64_t{t.row0 + t.rows} * p.k));
  }
  fm.run();
  bool same = true;
  uint64_t covered = 0;
  for (const MatrixTile& t : low.c_tiles) {
    const auto got = fm.read({t.buffer, 0, 0, 0}, uint64_t{t.rows} * t.cols);
    for (uint32_t r = 0; r < t.rows; ++r)
      for (uint32_t col = 0; col < t.cols; ++col)
        same &= got[uint64_t{r} * t.cols + col] == c[uint64_t{t.row0 + r} * p.n + t.col0 + col];
    covered += uint64_t{t.rows} * t.cols;
  }
  if (keep) *keep = low;
  return same && covered == uint64_t{p.m} * p.n;
}

}  // namespace

TEST_CASE("reference modular matmul on a hand-checked example", "[kernels]") {
  // [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50], mod 17 = [2 5; 9 16]
  CHECK(reference_mod_matmul({1, 2, 3, 4}, {5, 6, 7, 8}, 2, 2, 2, 17) == U32Matrix{2, 5, 9, 16});
}

TEST_CASE("BAT matmul lowering is bit-exact against a plain modular matmul", "[kernels]") {
  const uint64_t q = 268435399;  // the largest 28-bit prime
  BatMatmulParams p{.m = 64, .n = 64, .k = 64, .q = q};
  BatMatmulLowering low;
  CHECK(bat_matmul_exact(p, kRoomy, &low));
  CHECK(low.a_tiles.size() == 1);  // fits VMEM in one tile
  CHECK(low.c_tiles.size() == 1);
  // Odd shapes with a VMEM so small that rows and columns are tiled with partial last tiles.
  p = {.m = 37, .n = 29, .k = 23, .q = q};
  const LoweringLimits tiny{2 * (16 * 23 * 16 + 8 * 16 * 23 + 20 * 16 * 16), kRoomy.hbm_bytes};
  CHECK(bat_matmul_exact(p, tiny, &low));
  CHECK(low.tile_m < 37);
  CHECK(low.tile_n < 29);
  CHECK(low.c_tiles.size() == low.a_tiles.size() * ((29 + low.tile_n - 1) / low.tile_n));
  // Row tiles split over two cores, each with its own VMEM slots.
  p.cores = 2;
  CHECK(bat_matmul_exact(p, tiny, &low));
  bool core1 = false;
  for (const Instr& in : low.trace.instrs) core1 |= in.core == 1;
  CHECK(core1);
}

TEST_CASE("BAT matmul uses the MXU for the u8 product and the VPU around it", "[kernels]") {
  const BatMatmulParams p{.m = 128, .n = 256, .k = 512, .q = 268435399};
  const BatMatmulLowering low = lower_bat_matmul(p, kRoomy, false);
  uint64_t macs = 0, mxu = 0, vpu = 0, dma = 0;
  for (const Instr& in : low.trace.instrs) {
    switch (opcode_unit(in.op)) {
      case UnitKind::kMxu:
        ++mxu;
        macs += uint64_t{in.m} * in.n * in.k;
        CHECK_FALSE(in.a_stationary);  // the BAT-expanded constant is the weights
        break;
      case UnitKind::kVpu:
        ++vpu;
        break;
      default:
        ++dma;
    }
  }
  CHECK(mxu == 1);
  CHECK(vpu == 2);                         // split, merge + Barrett
  CHECK(dma == 3);                         // A, the expanded constant, C
  CHECK(macs == 16ull * 128 * 256 * 512);  // 4k x 4n bytes per u32 product
}

TEST_CASE("BAT matmul rejects contractions the accumulators cannot hold", "[kernels]") {
  const auto error = [](uint32_t k, uint64_t q) -> std::string {
    try {
      lower_bat_matmul({.m = 8, .n = 8, .k = k, .q = q}, kRoomy, false);
    } catch (const LoweringError& e) {
      return e.key() + ": " + e.what();
    }
    return "no error";
  };
  CHECK(error(8192, 268435399) == "no error");  // 255^2 x 4 x 8192 < 2^31
  CHECK(error(8300, 268435399) ==
        "bat_matmul.k: a contraction of 33200 bytes overflows the MXU's int32 accumulators");
  CHECK(error(64, 97) ==
        "bat_matmul.k: BAT sums reach 280375465017600, beyond Barrett's input range for q = 97");
}

TEST_CASE("a gemm that fits VMEM is one matmul per core, whole column groups each", "[kernels]") {
  GemmParams p{.m = 1024, .n = 1000, .k = 512, .int8 = true, .cores = 1, .array_cols = 128};
  Trace t = lower_gemm(p, kRoomy);
  REQUIRE(t.instrs.size() == 1);  // the MXUs of the core split it among themselves
  CHECK(t.instrs[0].op == Opcode::kMatmulU8);
  CHECK(t.instrs[0].n == 1000);
  for (const Buffer& buf : t.buffers) CHECK(buf.space == Space::kVmem);  // no DMA, no HBM
  p.cores = 3;
  p.int8 = false;
  t = lower_gemm(p, kRoomy);
  REQUIRE(t.instrs.size() == 3);  // 8 groups of 128 columns: 3 + 3 + 2
  CHECK(t.instrs[0].op == Opcode::kMatmulBf16);
  CHECK(t.buffers[t.instrs[0].a].dtype == DType::kBf16);
  CHECK(t.buffers[t.instrs[0].dst].dtype == DType::kF32);
  CHECK(t.instrs[0].n == 384);
  CHECK(t.instrs[2].n == 1000 - 768);
  for (int c = 0; c < 3; ++c) CHECK(t.instrs[c].core == c);
}

TEST_CASE("a gemm larger than VMEM is tiled through HBM, double-buffered", "[kernels]") {
  const GemmParams p{.m = 4096, .n = 4096, .k = 1024, .int8 = true, .cores = 2, .array_cols = 128};
  const LoweringLimits limits{16ull << 20, 32ull << 30};  // 16 MiB VMEM
  const GemmTiling tiling = gemm_tiling(p, limits);
  CHECK_FALSE(tiling.resident);
  // Two sets of tiles fit one core's VMEM.
  CHECK(2 * (uint64_t{tiling.tile_m} * p.k + uint64_t{p.k} * tiling.tile_n +
             4ull * tiling.tile_m * tiling.tile_n) <=
        limits.vmem_bytes);
  const Trace t = lower_gemm(p, limits);
  uint64_t macs = 0, loaded = 0, stored = 0;
  for (const Instr& in : t.instrs) {
    if (in.op == Opcode::kMatmulU8) macs += uint64_t{in.m} * in.n * in.k;
    if (in.op == Opcode::kLoad) loaded += in.count;
    if (in.op == Opcode::kStore) stored += in.count;
  }
  CHECK(macs == 4096ull * 4096 * 1024);  // every MAC once
  CHECK(stored == 4096ull * 4096);       // every result once
  // b once, a once per column tile.
  CHECK(loaded == 1024ull * 4096 + 4096ull * 1024 * ((4096 + tiling.tile_n - 1) / tiling.tile_n));
  bool both = false;
  for (const Instr& in : t.instrs) both |= in.core == 1;
  CHECK(both);  // column tiles alternate between the cores
  // A contraction so long that 8 rows and one array width do not fit is refused.
  const GemmParams huge{.m = 64, .n = 128, .k = 1u << 20, .int8 = true};
  CHECK_THROWS_AS(gemm_tiling(huge, LoweringLimits{1u << 20, 32ull << 30}), LoweringError);
}

TEST_CASE("bf16 matmul executes with f32 accumulation", "[kernels][functional]") {
  Trace t;
  t.tags = {"other"};
  // bf16 bit patterns: 1.5 = 0x3fc0, 2.0 = 0x4000, -0.5 = 0xbf00
  t.buffers = {{"a", Space::kVmem, DType::kBf16, 2},
               {"b", Space::kVmem, DType::kBf16, 2},
               {"d", Space::kVmem, DType::kF32, 1}};
  t.instrs.push_back(
      Instr{.op = Opcode::kMatmulBf16, .dst = 2, .a = 0, .b = 1, .m = 1, .n = 1, .k = 2});
  FunctionalMachine fm(t);
  fm.write({0, 0, 0, 0}, {0x3fc0, 0x4000});
  fm.write({1, 0, 0, 0}, {0x4000, 0xbf00});
  fm.run();
  const uint32_t bits = fm.read({2, 0, 0, 0}, 1)[0];
  float v;
  std::memcpy(&v, &bits, 4);
  CHECK(v == 1.5f * 2.0f + 2.0f * -0.5f);
}
