// The bottleneck (sim/stats/run_bottleneck): the unit holding the critical path, on synthetic
// instruction spans with known answers, then on traces simulated on a chip built in code: a chain
// of matmuls (MXU), a chain of HBM loads (HBM), and a mix whose longest chain is on the VPU. Each
// test case runs in its own process (SystemC elaborates once per process).
#include <catch2/catch.hpp>

#include <systemc>

#include "sim/engine/chip.hpp"
#include "sim/stats/run_bottleneck.hpp"
#include "sim/stats/run_breakdown.hpp"
#include "tests/models/test_chips.hpp"
#include "trace/trace_builder.hpp"

using namespace hesa;

namespace {

// Simulates the trace and names the bottleneck of the run and of each kernel.
Bottlenecks simulate(const ChipConfig& chip, const Trace& trace) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  const TimelineGroups groups(trace);
  auto* timeline = new Timeline(groups.tag_groups, groups.count(), 4096);
  auto* c = new Chip("chip", chip, trace, timeline);
  sc_core::sc_start();
  REQUIRE(c->sequencer.completed() == trace.instrs.size());
  const double time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  std::vector<double> active;
  for (size_t k = 0; k < groups.kernels.size(); ++k) {
    active.push_back(timeline->coverage_ns(groups.kernel_group(k)));
  }
  return find_bottlenecks(trace, timeline->spans(), time_ns, groups.kernels, active);
}

Instr matmul(TraceBuilder& b, uint32_t tag, int a, int w, int d, uint32_t m, uint32_t k,
             uint32_t n) {
  return Instr{
      .op = Opcode::kMatmulU8, .dst = d, .a = a, .b = w, .m = m, .n = n, .k = k, .tag = tag};
}

std::string name(int unit) {
  return path_unit_name(unit);
}

}  // namespace

TEST_CASE("the critical path on given spans: released by a dependency or by the unit",
          "[bottleneck]") {
  // 0: vpu [0, 10]; 1: mxu [10, 40] after 0; 2: dma [0, 5] (HBM side ends last); 3: vpu [10, 20]
  // right after 0 on the same VPU (the unit was busy, no dependency); 4: dma [40, 45] after 1
  // and 3, its VMEM side last. Last to end: 4 <- 1 (ended last) <- 0. Path: vpu 10, mxu 30,
  // dma 5 of 45.
  Trace t;
  t.tags = {"k/a", "q/b"};
  const auto instr = [&t](Opcode op, std::vector<uint32_t> deps, uint32_t tag = 0) {
    Instr in{.op = op};
    in.tag = tag;
    t.instrs.push_back(in, deps);
  };
  instr(Opcode::kModMulVec, {});
  instr(Opcode::kMatmulU8, {0});
  instr(Opcode::kLoad, {}, 1);
  instr(Opcode::kModMulVec, {});
  instr(Opcode::kStore, {1, 3});
  SpanTable s;
  s.resize(5);
  s.set(0, {0, 10, 0, false});
  s.set(1, {10, 40, 1, false});
  s.set(2, {0, 5, 2, true});
  s.set(3, {10, 20, 0, false});
  s.set(4, {40, 45, 3, false});
  Bottlenecks b = find_bottlenecks(t, s, 45, {"k", "q"}, {45, 5});
  CHECK(name(b.run.unit) == "mxu");
  CHECK(b.run.share(b.run.unit) == Approx(30.0 / 45));
  CHECK(name(b.run.next) == "vpu");
  CHECK(b.run.path_ns[1] == Approx(10));
  CHECK(b.run.path_ns[3] == Approx(5));  // the store's VMEM side ended last: DMA, not HBM
  CHECK(b.run.wait_ns == Approx(0));
  REQUIRE(b.kernels.size() == 2);
  CHECK(b.kernels[1].first == "q");
  CHECK(name(b.kernels[1].second.unit) == "hbm");  // the load's HBM side ended last
  CHECK(b.kernels[1].second.share(4) == Approx(1.0));

  // Gaps: 1 now ends at 30; 3 starts at 25, released by nothing on record (its VPU was free
  // from 10), and 4 starts at 40, after 3 (the latest of its dependencies) ended at 38. The walk
  // goes from 4 to 3 (waiting 2), then to the latest instruction ended by 25, 0 (waiting 15).
  s.set(1, {10, 30, 1, false});
  s.set(3, {25, 38, 0, false});
  b = find_bottlenecks(t, s, 45, {"k", "q"}, {45, 5});
  CHECK(name(b.run.unit) == "vpu");
  CHECK(b.run.path_ns[1] == Approx(13 + 10));
  CHECK(b.run.path_ns[0] == 0);  // the matmul ran beside the path
  CHECK(name(b.run.next) == "dma");
  CHECK(b.run.wait_ns == Approx(2 + 15));
}

TEST_CASE("a chain of matmuls is bound by the MXU", "[bottleneck]") {
  ChipConfig chip = test::one_core_chip();
  TraceBuilder b;
  const uint32_t tag = b.tag("gemm/matmul");
  const int a = b.buffer("a", Space::kVmem, DType::kU8, 2048 * 1024);
  const int w = b.buffer("w", Space::kVmem, DType::kU8, 1024 * 1024);
  const int d = b.buffer("d", Space::kVmem, DType::kI32, 2048 * 1024);
  for (int i = 0; i < 4; ++i) b.emit(matmul(b, tag, a, w, d, 2048, 1024, 1024));
  const Bottlenecks bn = simulate(chip, b.trace());
  CHECK(name(bn.run.unit) == "mxu");
  CHECK(bn.run.share(bn.run.unit) > 0.99);
  CHECK(bn.run.next == -1);
  REQUIRE(bn.kernels.size() == 1);
  CHECK(name(bn.kernels[0].second.unit) == "mxu");
}

TEST_CASE("a chain of HBM loads is bound by the HBM", "[bottleneck]") {
  ChipConfig chip = test::one_core_chip();
  TraceBuilder b;
  const uint32_t tag = b.tag("ntt/load");
  const uint64_t elems = 4 << 20;  // 16 MiB a load: the DRAM time dwarfs the setup
  const int hbm = b.buffer("hbm", Space::kHbm, DType::kU32, elems);
  const int x = b.buffer("x", Space::kVmem, DType::kU32, elems);
  for (int i = 0; i < 3; ++i) b.emit(Instr{.op = Opcode::kLoad, .dst = x, .a = hbm, .tag = tag});
  const Bottlenecks bn = simulate(chip, b.trace());
  CHECK(name(bn.run.unit) == "hbm");
  CHECK(bn.run.share(bn.run.unit) > 0.99);
}

TEST_CASE("a mix: loads feed a matmul and a longer chain of VPU products: the VPU bounds it",
          "[bottleneck]") {
  ChipConfig chip = test::one_core_chip();
  TraceBuilder b;
  const uint32_t load_tag = b.tag("bconv/load"), mm_tag = b.tag("bconv/matmul"),
                 vpu_tag = b.tag("he_add/add");
  const uint64_t elems = 1 << 20;
  const int hbm = b.buffer("hbm", Space::kHbm, DType::kU32, elems);
  const int x = b.buffer("x", Space::kVmem, DType::kU32, elems);
  const int a = b.buffer("a", Space::kVmem, DType::kU8, 256 * 256);
  const int w = b.buffer("w", Space::kVmem, DType::kU8, 256 * 256);
  const int d = b.buffer("d", Space::kVmem, DType::kI32, 256 * 256);
  b.emit(Instr{.op = Opcode::kLoad, .dst = x, .a = hbm, .tag = load_tag});
  b.emit(matmul(b, mm_tag, a, w, d, 256, 256, 256));
  // Eight products in place on x, after the load: far longer than the load and the matmul.
  for (int i = 0; i < 8; ++i) {
    b.emit(Instr{.op = Opcode::kModMulVec,
                 .dst = x,
                 .a = x,
                 .b = x,
                 .m = elems,
                 .n = elems,
                 .q = 268369921,
                 .tag = vpu_tag});
  }
  const Bottlenecks bn = simulate(chip, b.trace());
  CHECK(name(bn.run.unit) == "vpu");
  CHECK(name(bn.run.next) == "hbm");  // the load that fed the chain
  CHECK(bn.run.share(bn.run.unit) + bn.run.share(bn.run.next) > 0.98);
  REQUIRE(bn.kernels.size() == 2);
  CHECK(bn.kernels[0].first == "bconv");
  // bconv's own path: its load ends last, the matmul ran beside it.
  CHECK(name(bn.kernels[0].second.unit) == "hbm");
  CHECK(name(bn.kernels[1].second.unit) == "vpu");
}
