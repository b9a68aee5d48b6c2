// The SystemC engine: instruction times come from the closed forms, dependencies serialize,
// independent work on different units overlaps. Each test case runs in its own process. The chip
// is built in code (tests/models/test_chips.hpp: fixed test values, not a shipped chip).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <systemc>

#include "models/hbm/hbm_cost.hpp"
#include "models/mxu/mxu_cost.hpp"
#include "models/vpu/vpu_cost.hpp"
#include "sim/engine/chip.hpp"
#include "tests/models/test_chips.hpp"
#include "trace/trace_builder.hpp"

using namespace hesa;

namespace {

double simulate_ns(const ChipConfig& chip, const Trace& trace) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* c = new Chip("chip", chip, trace, nullptr);
  sc_core::sc_start();
  REQUIRE(c->sequencer.completed() == trace.instrs.size());
  return sc_core::sc_time_stamp().to_seconds() * 1e9;
}

// The same in a child process (SystemC elaborates once per process): several chips in one test.
double simulate_ns_forked(const ChipConfig& chip, const Trace& trace) {
  int fd[2];
  REQUIRE(pipe(fd) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fd[0]);
    double t = -1;
    try {
      sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
      auto* c = new Chip("chip", chip, trace, nullptr);
      sc_core::sc_start();
      if (c->sequencer.completed() == trace.instrs.size()) {
        t = sc_core::sc_time_stamp().to_seconds() * 1e9;
      }
    } catch (...) {
    }
    _exit(write(fd[1], &t, sizeof t) == sizeof t ? 0 : 1);
  }
  close(fd[1]);
  double t = -1;
  REQUIRE(read(fd[0], &t, sizeof t) == sizeof t);
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(t >= 0);
  return t;
}

// A VMEM-resident matmul of the given shape (b stationary), no DMA.
Instr matmul(TraceBuilder& b, uint32_t m, uint32_t k, uint32_t n) {
  const int a = b.buffer("a", Space::kVmem, DType::kU8, uint64_t{m} * k);
  const int w = b.buffer("w", Space::kVmem, DType::kU8, uint64_t{k} * n);
  const int d = b.buffer("d", Space::kVmem, DType::kI32, uint64_t{m} * n);
  return Instr{.op = Opcode::kMatmulU8, .dst = d, .a = a, .b = w, .m = m, .n = n, .k = k};
}

}  // namespace

TEST_CASE("a lone matmul takes the systolic closed form", "[engine]") {
  ChipConfig chip = test::one_core_chip();
  chip.vmem.bandwidth_bytes_per_cycle = 1e9;  // VMEM never the bound here
  chip.mxu.count = 1;
  TraceBuilder b;
  const Instr in = matmul(b, 4096, 1024, 1024);
  b.emit(in);
  const double expected = mxu_gemm_cost(chip.mxu, gemm_shape(in), true).cycles / chip.clock_ghz;
  CHECK(simulate_ns(chip, b.trace()) == Approx(expected).epsilon(1e-6));
}

TEST_CASE("a matmul spreads over every MXU of its core: time falls as 1 / count", "[engine]") {
  ChipConfig chip = test::one_core_chip();
  chip.vmem.bandwidth_bytes_per_cycle = 1e9;  // VMEM never the bound here
  chip.mxu.rows = chip.mxu.cols = 128;
  TraceBuilder b;
  b.emit(matmul(b, 4096, 1024, 4096));  // 8 x 32 folds of 4096 streamed rows
  chip.mxu.count = 1;
  const double one = simulate_ns_forked(chip, b.trace());
  for (int count : {2, 4, 8, 16, 32}) {
    chip.mxu.count = count;
    INFO(count << " arrays");
    const double t = simulate_ns_forked(chip, b.trace());
    // Whole column folds per array: the split is exact up to each part's first weight load and
    // its fill and drain (2 % at 32 arrays, 2 column folds each).
    CHECK(t == Approx(one / count).epsilon(0.025));
    const MxuSplit split = mxu_split_cost(chip.mxu, gemm_shape(b.trace().instrs[0]), true);
    CHECK(split.arrays() == count);
    CHECK(t == Approx(split.cycles / chip.clock_ghz).epsilon(1e-6));
  }
}

TEST_CASE("a split matmul is bound by its core's VMEM port", "[engine]") {
  ChipConfig chip = test::one_core_chip();
  chip.mxu.rows = chip.mxu.cols = 128;
  TraceBuilder b;
  b.emit(matmul(b, 4096, 1024, 4096));
  chip.vmem.bandwidth_bytes_per_cycle = 256;
  chip.mxu.count = 16;
  const MxuSplit split = mxu_split_cost(chip.mxu, gemm_shape(b.trace().instrs[0]), true);
  const double port_ns = double(split.traffic.read_bytes + split.traffic.write_bytes) /
                         (chip.vmem.bandwidth_bytes_per_cycle * chip.clock_ghz);
  REQUIRE(port_ns > split.cycles / chip.clock_ghz);  // the port, not the arrays, is the bound
  CHECK(simulate_ns_forked(chip, b.trace()) == Approx(port_ns).epsilon(1e-3));
  chip.mxu.count = 32;  // more arrays do not help past the port
  CHECK(simulate_ns_forked(chip, b.trace()) >= port_ns * 0.999);
}

namespace {

// A load of one buffer from HBM and a modmul on the VPU, independent or reading the loaded data.
struct LoadAndMul {
  Trace trace;
  double load_ns, mul_ns;
};

LoadAndMul load_and_mul(const ChipConfig& chip, bool dependent) {
  TraceBuilder b;
  const uint64_t elems = 1 << 20;
  const int hbm = b.buffer("hbm", Space::kHbm, DType::kU32, elems);
  const int x = b.buffer("x", Space::kVmem, DType::kU32, elems);
  const int y = b.buffer("y", Space::kVmem, DType::kU32, elems);
  const int t = b.buffer("t", Space::kVmem, DType::kU32, elems);
  b.emit(Instr{.op = Opcode::kLoad, .dst = x, .a = hbm});
  const int src = dependent ? x : t;
  const Instr mul{.op = Opcode::kModMulVec,
                  .dst = y,
                  .a = src,
                  .b = src,
                  .m = elems,
                  .n = elems,
                  .q = 268369921};
  b.emit(mul);
  LoadAndMul out;
  // The load's HBM side is one contiguous transfer of the DRAM model, at the buffer's address.
  const double setup_ns = chip.dma.setup_cycles / chip.clock_ghz;
  HbmTimingModel dram(chip.hbm);
  HbmPattern p;
  p.base = allocate_memory(b.trace(), chip).base[hbm];
  p.chunk_bytes = elems * 4;
  out.load_ns = dram.transfer(setup_ns, p);
  out.mul_ns = vpu_cost(chip.vpu, mul).cycles / chip.clock_ghz;
  out.trace = b.take();
  return out;
}

}  // namespace

TEST_CASE("independent DMA and compute overlap", "[engine]") {
  ChipConfig chip = test::one_core_chip();
  chip.vmem.bandwidth_bytes_per_cycle = 1e9;
  for (auto& [op, cycles] : chip.vpu.op_cycles) cycles = 1;  // a multiply as long as the load
  const LoadAndMul lm = load_and_mul(chip, false);
  REQUIRE(lm.trace.instrs.deps(1).empty());
  REQUIRE(lm.load_ns > 0.3 * lm.mul_ns);
  REQUIRE(lm.mul_ns > 0.3 * lm.load_ns);
  CHECK(simulate_ns(chip, lm.trace) == Approx(std::max(lm.load_ns, lm.mul_ns)).epsilon(1e-6));
}

TEST_CASE("dependent DMA and compute serialize", "[engine]") {
  ChipConfig chip = test::one_core_chip();
  chip.vmem.bandwidth_bytes_per_cycle = 1e9;
  const LoadAndMul lm = load_and_mul(chip, true);
  REQUIRE(lm.trace.instrs.deps(1).size() == 1);
  REQUIRE(lm.trace.instrs.deps(1)[0] == 0);
  CHECK(simulate_ns(chip, lm.trace) == Approx(lm.load_ns + lm.mul_ns).epsilon(1e-6));
}

TEST_CASE("MXU closed form equals the SCALE-Sim weight-stationary formula", "[mxu]") {
  MxuConfig mxu;
  mxu.rows = 128;
  mxu.cols = 128;
  mxu.int8_macs_per_pe_cycle = 1;
  int shapes = 0;
  for (uint64_t m : {1, 8, 100, 128, 1000, 4096}) {
    for (uint64_t k : {64, 128, 200, 1024}) {
      for (uint64_t n : {32, 128, 300}) {
        const GemmShape s{m, k, n};
        const uint64_t folds = ((k + 127) / 128) * ((n + 127) / 128);
        mxu.double_buffered_weights = false;
        const MxuCost single = mxu_gemm_cost(mxu, s, true);
        CHECK(single.folds == folds);
        CHECK(single.cycles == double(folds * (2 * 128 + 128 + m - 2)));
        CHECK(single.macs == m * k * n);
        CHECK(double(single.macs) / (single.cycles * 128 * 128) <= 1.0);
        mxu.double_buffered_weights = true;
        const MxuCost dbl = mxu_gemm_cost(mxu, s, true);
        CHECK(dbl.cycles ==
              double(128 + (folds - 1) * std::max<uint64_t>(m, 128) + m + 128 + 128 - 2));
        CHECK(dbl.cycles <= single.cycles);
        ++shapes;
      }
    }
  }
  CHECK(shapes >= 20);
}
