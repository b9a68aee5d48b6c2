// The cross-lane unit: its cost formula, the functional meaning of transpose and permute (the
// automorphism of HE-Rotate on NTT-form polynomials), and its timing in the simulator (on the
// one-core test chip of tests/models/test_chips.hpp, built in code).
#include <catch2/catch.hpp>

#include <systemc>

#include "models/xlu/xlu_cost.hpp"
#include "sim/engine/chip.hpp"
#include "tests/models/test_chips.hpp"
#include "trace/trace_builder.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;

namespace {

XluConfig xlu() {
  XluConfig x;
  x.transpose_elems_per_cycle = 128;
  x.permute_elems_per_cycle = 32;
  x.latency_cycles = 32;
  return x;
}

}  // namespace

TEST_CASE("XLU cost: latency plus elements over the per-kind rate", "[xlu]") {
  const Instr tr{.op = Opcode::kTranspose, .m = 2, .n = 256, .k = 512};
  const XluCost t = xlu_cost(xlu(), tr);
  CHECK(t.elements == 2 * 256 * 512);
  CHECK(t.cycles == 32 + 2 * 256 * 512 / 128);
  CHECK(t.vmem_read_bytes == 4 * t.elements);
  CHECK(t.vmem_write_bytes == 4 * t.elements);
  const Instr pm{.op = Opcode::kPermute, .m = 3, .n = 1000, .galois = 5};
  const XluCost p = xlu_cost(xlu(), pm);
  CHECK(p.elements == 3000);
  CHECK(p.tiled_elements == 3072);  // flat: 24 rows of 128 lanes, whole 8-row tiles
  CHECK(p.cycles == 32 + 96);       // 3072 / 32
  CHECK(xlu_cost(xlu(), Instr{.op = Opcode::kModMulVec, .m = 5}).cycles == 0);
  CHECK(opcode_unit(Opcode::kTranspose) == UnitKind::kXlu);
  CHECK(opcode_unit(Opcode::kPermute) == UnitKind::kXlu);
}

TEST_CASE("transpose swaps the last two dimensions of each batch item", "[xlu][functional]") {
  Trace t;
  t.tags = {"other"};
  t.buffers = {{"x", Space::kVmem, DType::kU32, 12}, {"y", Space::kVmem, DType::kU32, 12}};
  t.instrs.push_back(Instr{.op = Opcode::kTranspose, .dst = 1, .a = 0, .m = 2, .n = 2, .k = 3});
  FunctionalMachine fm(t);
  fm.write({0, 0, 0, 0}, {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15});
  fm.run();
  CHECK(fm.read({1, 0, 0, 0}, 12) ==
        std::vector<uint32_t>{0, 3, 1, 4, 2, 5, 10, 13, 11, 14, 12, 15});
}

TEST_CASE("permute is the automorphism X -> X^g on NTT-form polynomials", "[xlu][functional]") {
  for (uint64_t n : {16, 64}) {
    const uint64_t q = ntt_primes(20, n, 1)[0];
    const uint64_t psi = *smallest_primitive_2n_root(n, q);
    Limb a(n);
    for (uint64_t i = 0; i < n; ++i) a[i] = static_cast<uint32_t>((i * 7919 + 13) % q);
    for (uint32_t g : {3u, 5u, uint32_t(2 * n - 1), 1u}) {
      // The automorphism in the coefficient domain: X^i -> X^(i g), with X^n = -1.
      Limb rotated(n, 0);
      for (uint64_t i = 0; i < n; ++i) {
        const uint64_t j = i * g % (2 * n);
        rotated[j % n] = j < n ? a[i] : static_cast<uint32_t>((q - a[i]) % q);
      }
      Trace t;
      t.tags = {"other"};
      t.buffers = {{"x", Space::kVmem, DType::kU32, n}, {"y", Space::kVmem, DType::kU32, n}};
      t.instrs.push_back(Instr{.op = Opcode::kPermute,
                               .dst = 1,
                               .a = 0,
                               .m = 1,
                               .n = static_cast<uint32_t>(n),
                               .galois = g});
      FunctionalMachine fm(t);
      fm.write({0, 0, 0, 0}, ntt_definition(a, q, psi));
      fm.run();
      INFO("n=" << n << " g=" << g);
      CHECK(fm.read({1, 0, 0, 0}, n) == ntt_definition(rotated, q, psi));
    }
  }
}

TEST_CASE("a transpose then a dependent permute take the sum of their closed forms", "[xlu]") {
  ChipConfig chip = test::one_core_chip();
  chip.vmem.bandwidth_bytes_per_cycle = 1e9;  // the XLU is the bound
  TraceBuilder b;
  const uint32_t n = 1 << 16;
  const int x = b.buffer("x", Space::kVmem, DType::kU32, n);
  const int y = b.buffer("y", Space::kVmem, DType::kU32, n);
  const int z = b.buffer("z", Space::kVmem, DType::kU32, n);
  const Instr tr{.op = Opcode::kTranspose, .dst = y, .a = x, .m = 1, .n = 256, .k = 256};
  const Instr pm{.op = Opcode::kPermute, .dst = z, .a = y, .m = 1, .n = n, .galois = 5};
  b.emit(tr);
  b.emit(pm);
  REQUIRE(b.trace().instrs.deps(1).size() == 1);
  REQUIRE(b.trace().instrs.deps(1)[0] == 0);
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* c = new Chip("chip", chip, b.trace(), nullptr);
  sc_core::sc_start();
  REQUIRE(c->sequencer.completed() == 2);
  const double expected =
      (xlu_cost(chip.xlu, tr).cycles + xlu_cost(chip.xlu, pm).cycles) / chip.clock_ghz;
  CHECK(sc_core::sc_time_stamp().to_seconds() * 1e9 == Approx(expected).epsilon(1e-6));
  CHECK(c->xlus[0]->counters().instrs == 2);
  CHECK(c->xlus[0]->elements() == 2ull * n);
}
