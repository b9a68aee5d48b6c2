// The VPU cost model: u64 arithmetic as emulated u32 op sequences, the per-class cycle table of
// the chip config, the lanes x sublanes x ALUs width, and the vreg load/store slots. The VPU is
// the two-core test chip's (tests/models/test_chips.hpp), built in code.
#include <catch2/catch.hpp>

#include "models/vpu/vpu_cost.hpp"
#include "tests/models/test_chips.hpp"
#include "trace/vpu_op_mix.hpp"

using namespace hesa;

TEST_CASE("a modmul element is 19 u32 ops: a widening multiply and a Barrett reduction", "[vpu]") {
  const OpMix m = vpu_op_mix(Instr{.op = Opcode::kModMulVec});
  CHECK(m[OpClass::kMul] == 3);
  CHECK(m[OpClass::kMulhi] == 3);
  CHECK(m[OpClass::kAdd] == 2);
  CHECK(m[OpClass::kSub] == 3);
  CHECK(m[OpClass::kCmp] == 3);
  CHECK(m[OpClass::kShift] == 2);
  CHECK(m[OpClass::kLogic] == 1);
  CHECK(m[OpClass::kSelect] == 2);
  CHECK(m.total() == 19);
}

TEST_CASE("VPU cycles: latency + elements x weighted op mix / ALUs, or the load/store slots",
          "[vpu]") {
  VpuConfig vpu = test::two_core_chip().vpu;
  REQUIRE(vpu.lanes * vpu.sublanes * vpu.alus == 2048);
  const uint32_t e = 1 << 20;
  const Instr mul{.op = Opcode::kModMulVec, .m = e, .n = e, .q = 268369921};
  VpuCost c = vpu_cost(vpu, mul);
  // The test table: mulhi 2 cycles, everything else 1: 19 ops + 3 extra mulhi cycles = 22 per
  // element.
  CHECK(c.alu_cycles == e * 22.0 / 2048);
  CHECK(c.cycles == 8 + e * 22.0 / 2048);
  CHECK(c.alu_ops == 19.0 * e);
  CHECK(c.vmem_read_bytes == 8ull * e);  // a and the full-length b
  CHECK(c.vmem_write_bytes == 4ull * e);
  vpu.op_cycles["mulhi"] = 4;  // the table comes from the config
  CHECK(vpu_cost(vpu, mul).cycles == 8 + e * 28.0 / 2048);
  // A stack that fills half the issue slots takes twice the ALU cycles; the ops stay the ops.
  vpu.issue_rate = 0.5;
  CHECK(vpu_cost(vpu, mul).alu_cycles == e * 56.0 / 2048);
  CHECK(vpu_cost(vpu, mul).alu_ops == 19.0 * e);
  vpu.issue_rate = 1;
  vpu.store_bytes_per_cycle = 64;  // now the store slot is the bound: 4 MiB / 64 B
  CHECK(vpu_cost(vpu, mul).cycles == 8 + 4.0 * e / 64);
  // A broadcast operand is read once.
  const Instr bcast{.op = Opcode::kModMulVec, .m = e, .n = 4096, .q = 268369921};
  CHECK(vpu_cost(vpu, bcast).vmem_read_bytes == 4ull * (e + 4096));
  // A bitcast costs nothing.
  CHECK(vpu_cost(vpu, Instr{.op = Opcode::kSplitBytesCols, .m = 64, .n = 64}).cycles == 0);
}

TEST_CASE("an emulated mulhi costs four 16 x 16 products and their shifts, masks and adds",
          "[vpu]") {
  const OpMix h = emulated_mulhi_mix();
  CHECK(h[OpClass::kMul] == 4);
  CHECK(h[OpClass::kShift] == 6);
  CHECK(h[OpClass::kLogic] == 4);
  CHECK(h[OpClass::kAdd] == 5);
  CHECK(h.total() == 19);
  VpuConfig vpu = test::two_core_chip().vpu;
  vpu.op_cycles["mul"] = 2;
  derive_emulated_mulhi(vpu);
  CHECK(vpu.op_cycles.at("mulhi") == 4 * 2 + 6 + 4 + 5);
  const uint32_t e = 1 << 20;
  const VpuCost c = vpu_cost(vpu, Instr{.op = Opcode::kModMulVec, .m = e, .n = e, .q = 268369921});
  // Barrett: 3 mulhi of 19 ops each and 16 other ops (3 mul at 2 cycles) per element.
  CHECK(c.alu_ops == (16.0 + 3 * 19) * e);
  CHECK(c.alu_cycles == e * (3 * 2 + 13 + 3 * 23.0) / 2048);
}

TEST_CASE("CROSS's lazy reductions and the Shoup merge have their own op mixes", "[vpu]") {
  // Montgomery as CROSS computes it: t = lo(z) q^-1, hi(t q), hi(z) + q - that: no carry, no
  // conditional subtraction when lazy.
  const OpMix lazy_mont = vpu_op_mix(
      Instr{.op = Opcode::kModMulVec, .reduction = Reduction::kMontgomery, .lazy = true});
  CHECK(lazy_mont.total() == 2 + 4);  // the widening product and the reduction
  CHECK(vpu_op_mix(Instr{.op = Opcode::kModMulVec, .reduction = Reduction::kMontgomery}).total() ==
        2 + 9);
  // Shoup by a constant: hi(x w'), w x, hi q, a subtraction; lazy drops cmp, sub, select.
  CHECK(vpu_op_mix(Instr{.op = Opcode::kModMulVec, .reduction = Reduction::kShoup}).total() == 7);
  CHECK(vpu_op_mix(Instr{.op = Opcode::kModMulVec, .reduction = Reduction::kShoup, .lazy = true})
            .total() == 4);
  // A BAT merge with a Montgomery reduction: 15 ops of shift-add, 4 (lazy) or 7.
  CHECK(
      vpu_op_mix(Instr{.op = Opcode::kMergeCols, .reduction = Reduction::kMontgomery, .lazy = true})
          .total() == 15 + 4);
  CHECK(vpu_op_mix(Instr{.op = Opcode::kMergeRows, .reduction = Reduction::kMontgomery}).total() ==
        15 + 7);
  CHECK(vpu_op_mix(Instr{.op = Opcode::kMergeRows}).total() == 15 + 17);
  // The Shoup merge: the values' low word from 4 partials (6), the companions' u64 from 7 (20),
  // Shoup's correction (2); canonical adds a one-word Barrett (6).
  const OpMix shoup = vpu_op_mix(Instr{.op = Opcode::kMergeShoup, .lazy = true});
  CHECK(shoup.total() == 28);
  CHECK(shoup[OpClass::kShift] == 11);
  CHECK(shoup[OpClass::kMul] == 1);
  CHECK(shoup[OpClass::kMulhi] == 0);
  CHECK(vpu_op_mix(Instr{.op = Opcode::kMergeShoup}).total() == 34);
  // It reads 14 i32 partials and writes one u32 per element.
  const VpuConfig vpu = test::two_core_chip().vpu;
  const VpuCost c = vpu_cost(vpu, Instr{.op = Opcode::kMergeShoup, .m = 4096, .lazy = true});
  CHECK(c.vmem_read_bytes == 56ull * 4096);
  CHECK(c.vmem_write_bytes == 4ull * 4096);
  CHECK(c.alu_ops == 28.0 * 4096);
}

TEST_CASE("VPU tiles: an op on a narrow array pays for whole 128-lane tiles", "[vpu][tiles]") {
  const VpuConfig vpu = test::two_core_chip().vpu;
  REQUIRE(vpu.lanes == 128);
  const uint32_t e = 1 << 16;
  const Instr wide{.op = Opcode::kModMulVec, .m = e, .n = e, .q = 268369921, .cols = 256};
  Instr narrow = wide;
  narrow.cols = 32;
  const VpuCost w = vpu_cost(vpu, wide), n = vpu_cost(vpu, narrow);
  CHECK(w.tiled_elements == e);
  CHECK(w.padding_ops == 0);
  CHECK(n.elements == e);
  CHECK(n.tiled_elements == 4 * e);
  CHECK(n.alu_ops == Approx(4 * w.alu_ops));
  CHECK(n.padding_ops == Approx(3 * w.alu_ops));
  CHECK(n.alu_cycles == Approx(4 * w.alu_cycles).epsilon(1e-6));
  CHECK(n.vmem_read_bytes == 4 * w.vmem_read_bytes);
  CHECK(n.vmem_write_bytes == 4 * w.vmem_write_bytes);
}
