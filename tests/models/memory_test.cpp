// The memory side through the simulator: DMA loads against the HBM peak, strided and gather
// patterns, double buffering, VMEM -> VMEM and CMEM hops, functional strided/gather copies, and
// the VMEM capacity check. Each test case runs in its own process (one sc_start). The chips are
// built in code (tests/models/test_chips.hpp: fixed test values, not the shipped chips).
#include <catch2/catch.hpp>

#include <systemc>

#include "models/dma/dma_cost.hpp"
#include "models/hbm/hbm_cost.hpp"
#include "models/vpu/vpu_cost.hpp"
#include "sim/engine/chip.hpp"
#include "tests/models/test_chips.hpp"
#include "trace/trace_builder.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;

namespace {

double simulate_ns(const ChipConfig& chip, const Trace& trace) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* c = new Chip("chip", chip, trace, nullptr);
  sc_core::sc_start();
  REQUIRE(c->sequencer.completed() == trace.instrs.size());
  return sc_core::sc_time_stamp().to_seconds() * 1e9;
}

Instr load(int dst, int src, DmaAccess access = {}) {
  return Instr{.op = Opcode::kLoad, .dst = dst, .a = src, .access = access};
}

}  // namespace

TEST_CASE("a DMA load of 64 MiB takes about 64 MiB / peak", "[memory]") {
  const ChipConfig chip = test::one_core_chip();
  const uint64_t bytes = 64ull << 20;
  TraceBuilder b;
  const int hbm = b.buffer("hbm", Space::kHbm, DType::kU32, bytes / 4);
  const int vmem = b.buffer("vmem", Space::kVmem, DType::kU32, bytes / 4);
  b.emit(load(vmem, hbm));
  const double ns = simulate_ns(chip, b.trace());
  const double ideal = bytes / chip.hbm.peak_gbps();
  CHECK(ns >= ideal);
  CHECK(ns <= ideal / 0.9);
}

TEST_CASE("a strided load of 16 KiB chunks streams, of 64-byte chunks crawls", "[memory]") {
  // Two loads, one after the other: 16 KiB chunks every 32 KiB (each chunk covers every
  // pseudo-channel: 64 x 256 B), then 64-byte chunks every 16 KiB + 64 B (a stride of exactly
  // 16 KiB = 64 x 256 B would put them all on one pseudo-channel), whose requests one engine can
  // only keep `outstanding` in flight.
  const ChipConfig chip = test::one_core_chip();
  TraceBuilder b;
  const uint64_t moved = 8ull << 20;
  const int far = b.buffer("hbm", Space::kHbm, DType::kU32, 1ull << 28);  // 1 GiB
  const int big = b.buffer("big", Space::kVmem, DType::kU32, moved / 4);
  const int small = b.buffer("small", Space::kVmem, DType::kU32, moved / 4 / 64);
  const DmaAccess rows{AccessKind::kStrided, 16384, 32768, moved / 16384};
  const DmaAccess bits{AccessKind::kStrided, 64, 16384 + 64, moved / 64 / 64};
  b.emit(load(big, far, rows));
  const uint32_t second = b.emit(load(small, far, bits));
  REQUIRE(second == b.trace().instrs.size() - 1);
  b.trace().instrs.add_dep_to_last(0);  // after the first
  const double ns = simulate_ns(chip, b.trace());
  const double setup = chip.dma.setup_cycles / chip.clock_ghz;
  const double small_ns = setup + dma_issue_bound_ns(chip.dma, chip.hbm, bits.chunks, 64);
  const double rows_ns = ns - small_ns;
  CHECK(double(moved) / rows_ns >= 0.8 * chip.hbm.peak_gbps());
  CHECK(double(bits.chunks * 64) / small_ns < 0.1 * chip.hbm.peak_gbps());
}

TEST_CASE("a gather of 64-byte chunks is bound by the engine's requests in flight", "[memory]") {
  const ChipConfig chip = test::one_core_chip();
  TraceBuilder b;
  const int far = b.buffer("table", Space::kHbm, DType::kU32, 1ull << 28);
  const int near = b.buffer("rows", Space::kVmem, DType::kU32, 1 << 20);
  const DmaAccess gather{AccessKind::kGather, 64, 0, (4ull << 20) / 64, 7};
  b.emit(load(near, far, gather));
  const double ns = simulate_ns(chip, b.trace());
  // Little's law: chunks / outstanding rounds of one isolated two-burst HBM access each.
  const uint64_t rounds = (gather.chunks + chip.dma.outstanding - 1) / chip.dma.outstanding;
  const double expected = chip.dma.setup_cycles / chip.clock_ghz +
                          double(rounds) * isolated_access_ns(chip.hbm, 64 / 32);
  CHECK(ns == Approx(expected).epsilon(1e-6));  // SystemC time is in ps
  CHECK(double(gather.chunks * 64) / ns < 0.1 * chip.hbm.peak_gbps());
}

TEST_CASE("double buffering overlaps the next load with this compute", "[memory]") {
  ChipConfig chip = test::one_core_chip();
  const uint64_t elems = 1 << 22;
  TraceBuilder b;
  int buf[2] = {b.buffer("x0", Space::kVmem, DType::kU32, elems),
                b.buffer("x1", Space::kVmem, DType::kU32, elems)};
  const int steps = 6;
  Instr mul{.op = Opcode::kModMulVec, .m = uint32_t(elems), .n = uint32_t(elems), .q = 268369921};
  for (int i = 0; i < steps; ++i) {
    const int src = b.buffer("in" + std::to_string(i), Space::kHbm, DType::kU32, elems);
    b.emit(load(buf[i % 2], src));
    mul.dst = mul.a = mul.b = buf[i % 2];
    b.emit(mul);
  }
  const double ns = simulate_ns(chip, b.trace());
  const double load_ns = elems * 4 / chip.hbm.peak_gbps();
  const double mul_ns = vpu_cost(chip.vpu, mul).cycles / chip.clock_ghz;
  REQUIRE(mul_ns > load_ns);  // compute bound: loads should hide behind the multiplies
  CHECK(ns < steps * (load_ns + mul_ns) * 0.9);
  CHECK(ns >= steps * mul_ns);
  CHECK(ns <= steps * mul_ns + 1.3 * load_ns + 2000);
}

TEST_CASE("a VMEM -> VMEM copy reads and writes through the VMEM port", "[memory]") {
  const ChipConfig chip = test::one_core_chip();
  const uint64_t bytes = 32ull << 20;
  TraceBuilder b;
  const int a = b.buffer("a", Space::kVmem, DType::kU32, bytes / 4);
  const int c = b.buffer("c", Space::kVmem, DType::kU32, bytes / 4);
  b.emit(load(c, a));
  const double ns = simulate_ns(chip, b.trace());
  const double port = chip.vmem.bandwidth_bytes_per_cycle * chip.clock_ghz * chip.tensorcores;
  CHECK(ns == Approx(chip.dma.setup_cycles / chip.clock_ghz + 2 * bytes / port).epsilon(1e-6));
}

TEST_CASE("a chip with CMEM stages data HBM -> CMEM -> VMEM", "[memory]") {
  const ChipConfig chip = test::two_core_chip();
  REQUIRE(chip.cmem.size_bytes == 128ull << 20);
  const uint64_t bytes = 64ull << 20;
  TraceBuilder b;
  const int hbm = b.buffer("hbm", Space::kHbm, DType::kU32, bytes / 4);
  const int cmem = b.buffer("cmem", Space::kCmem, DType::kU32, bytes / 4);
  const int vmem = b.buffer("vmem", Space::kVmem, DType::kU32, (8ull << 20) / 4);
  b.emit(load(cmem, hbm));
  b.emit(load(vmem, cmem));  // the first 8 MiB, after the first load (read after write)
  const double ns = simulate_ns(chip, b.trace());
  const double setup = chip.dma.setup_cycles / chip.clock_ghz;
  const double cmem_bw = chip.cmem.bandwidth_bytes_per_cycle * chip.clock_ghz;
  const double hop1 = bytes / chip.hbm.peak_gbps();  // HBM slower than CMEM: HBM bound
  const double hop2 =
      setup + std::max((8ull << 20) / cmem_bw, (8ull << 20) / (chip.vmem.bandwidth_bytes_per_cycle *
                                                               chip.clock_ghz * chip.tensorcores));
  CHECK(ns >= hop1 + hop2);
  CHECK(ns <= hop1 / 0.9 + hop2 + 1000);
}

TEST_CASE("strided and gather copies move the right elements", "[memory][functional]") {
  TraceBuilder b;
  const int table = b.buffer("table", Space::kHbm, DType::kU32, 1024);
  const int rows = b.buffer("rows", Space::kVmem, DType::kU32, 64);
  const int back = b.buffer("back", Space::kHbm, DType::kU32, 1024);
  const DmaAccess strided{AccessKind::kStrided, 16, 64, 16};  // 4 elements every 16
  const DmaAccess gather{AccessKind::kGather, 32, 0, 8, 3};   // 8 chunks of 8 elements
  b.emit(load(rows, table, strided));
  b.emit(Instr{.op = Opcode::kStore, .dst = back, .a = rows, .access = strided});
  const int picked = b.buffer("picked", Space::kVmem, DType::kU32, 64);
  b.emit(load(picked, table, gather));
  const Trace& trace = b.trace();
  FunctionalMachine fm(trace);
  std::vector<uint32_t> values(1024);
  for (uint32_t i = 0; i < 1024; ++i) values[i] = 1000 + i;
  fm.write({table, 0, 0, 0}, values);
  fm.run();
  const std::vector<uint32_t> got = fm.read({rows, 0, 0, 0}, 64);
  const std::vector<uint32_t> stored = fm.read({back, 0, 0, 0}, 1024);
  for (uint32_t j = 0; j < 16; ++j) {
    for (uint32_t e = 0; e < 4; ++e) {
      CHECK(got[j * 4 + e] == 1000 + j * 16 + e);
      CHECK(stored[j * 16 + e] == 1000 + j * 16 + e);  // the store scatters them back
    }
  }
  const std::vector<uint32_t> g = fm.read({picked, 0, 0, 0}, 64);
  for (uint32_t j = 0; j < 8; ++j) {
    const uint64_t slot = gather_slot(3, j, 1024 / 8);
    for (uint32_t e = 0; e < 8; ++e) CHECK(g[j * 8 + e] == 1000 + slot * 8 + e);
  }
}

TEST_CASE("VMEM buffers that do not fit are refused, naming the buffer and sizes", "[memory]") {
  ChipConfig chip = test::two_core_chip();  // 16 MiB VMEM
  TraceBuilder b;
  b.buffer("vmem.a", Space::kVmem, DType::kU32, (10ull << 20) / 4);
  b.buffer("hbm.x", Space::kHbm, DType::kU32, 1 << 20);
  b.buffer("vmem.b", Space::kVmem, DType::kU8, 8ull << 20);
  std::string message;
  std::string key;
  try {
    allocate_memory(b.trace(), chip);
  } catch (const MemoryError& e) {
    message = e.what();
    key = e.key();
  }
  CHECK(key == "vmem.size_mib");
  CHECK(message ==
        "VMEM buffer \"vmem.b\" (8388608 bytes) does not fit: 10485760 of 16777216 bytes are "
        "taken by earlier buffers; the trace's VMEM buffers need 18874368 bytes");
  // A patterned DMA that reaches past its buffer is refused too.
  TraceBuilder p;
  const int h = p.buffer("h", Space::kHbm, DType::kU32, 1024);
  const int v = p.buffer("v", Space::kVmem, DType::kU32, 1024);
  p.emit(load(v, h, DmaAccess{AccessKind::kStrided, 64, 128, 33}));
  try {
    allocate_memory(p.trace(), chip);
    message = "no error";
  } catch (const MemoryError& e) {
    message = e.what();
  }
  CHECK(message == "instruction 0 (load h -> v): strided access spans 4160 bytes, h has 4096");
}
