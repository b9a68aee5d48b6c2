// Multi-core chips: instructions run on the units of the core their core id names, each core
// with its own VMEM; the NTT lowering's core split stays bit-exact. Each test case is a process.
// The chip is a test fixture with fixed values (tests/data/chips/two_core.yaml), not a shipped one.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include <random>
#include <systemc>

#include "models/mxu/mxu_cost.hpp"
#include "sim/config/run_config.hpp"
#include "sim/engine/chip.hpp"
#include "trace/trace_builder.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;

namespace {

// The two-TensorCore fixture cut to one MXU per core, VMEM never the bound.
ChipConfig two_cores() {
  ChipConfig c = load_chip_config(std::string(HESA_SOURCE_DIR) + "/tests/data/chips/two_core.yaml");
  c.mxu.count = 1;
  c.vmem.bandwidth_bytes_per_cycle = 1e9;
  c.vmem.size_bytes = uint64_t{1} << 30;
  return c;
}

// Two independent matmuls, on cores (0, second_core).
Trace two_matmuls(int second_core) {
  TraceBuilder b;
  for (int i = 0; i < 2; ++i) {
    b.set_core(i == 0 ? 0 : second_core);  // operands in the VMEM of the core that runs it
    const int a = b.buffer(fmt::format("a{}", i), Space::kVmem, DType::kU8, 4096 * 512);
    const int w = b.buffer(fmt::format("w{}", i), Space::kVmem, DType::kU8, 512 * 512);
    const int d = b.buffer(fmt::format("d{}", i), Space::kVmem, DType::kI32, 4096 * 512);
    b.emit(Instr{.op = Opcode::kMatmulU8,
                 .dst = d,
                 .a = a,
                 .b = w,
                 .m = 4096,
                 .n = 512,
                 .k = 512,
                 .core = static_cast<uint8_t>(i == 0 ? 0 : second_core)});
  }
  return b.take();
}

double run(const ChipConfig& chip, const Trace& trace, Chip** out = nullptr) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* c = new Chip("chip", chip, trace, nullptr);
  sc_core::sc_start();
  REQUIRE(c->sequencer.completed() == trace.instrs.size());
  if (out) *out = c;
  return sc_core::sc_time_stamp().to_seconds() * 1e9;
}

}  // namespace

TEST_CASE("two matmuls on one core's single MXU serialize", "[multicore]") {
  const ChipConfig chip = two_cores();
  const Trace t = two_matmuls(0);
  const double one = mxu_gemm_cost(chip.mxu, gemm_shape(t.instrs[0]), true).cycles / chip.clock_ghz;
  Chip* c = nullptr;
  CHECK(run(chip, t, &c) == Approx(2 * one).epsilon(1e-6));
  CHECK(c->mxus[0]->counters().instrs == 2);
  CHECK(c->mxus[1]->counters().instrs == 0);
}

TEST_CASE("two matmuls on two cores overlap, each on its core's MXU and VMEM", "[multicore]") {
  const ChipConfig chip = two_cores();
  const Trace t = two_matmuls(1);
  const double one = mxu_gemm_cost(chip.mxu, gemm_shape(t.instrs[0]), true).cycles / chip.clock_ghz;
  Chip* c = nullptr;
  CHECK(run(chip, t, &c) == Approx(one).epsilon(1e-6));
  REQUIRE(c->mxus.size() == 2);
  CHECK(c->mxus[0]->core() == 0);
  CHECK(c->mxus[1]->core() == 1);
  CHECK(c->mxus[0]->counters().instrs == 1);
  CHECK(c->mxus[1]->counters().instrs == 1);
  REQUIRE(c->vmems.size() == 2);
  CHECK(c->vmems[0]->read_bytes() == c->vmems[1]->read_bytes());
  CHECK(c->vmems[1]->read_bytes() > 0);
}

TEST_CASE("an instruction for a core the chip lacks is refused", "[multicore][errors]") {
  ChipConfig chip = two_cores();
  chip.tensorcores = 1;
  const Trace t = two_matmuls(1);
  try {
    Sequencer seq("seq", t, 16, 1);
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "instruction 1 runs on core 1, the chip has 1 TensorCore(s)");
  }
}

TEST_CASE("NTT split over cores by limbs or batch stays bit-exact", "[multicore][functional]") {
  NttParams p;
  p.n = 256;
  p.primes = ntt_primes(28, 256, 3);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(256, q));
  p.batch = 4;
  p.cores = 2;
  const LoweringLimits roomy{1 << 24, uint64_t{1} << 32};
  for (CoreSplit split : {CoreSplit::kLimbs, CoreSplit::kBatch}) {
    p.split = split;
    const NttLowering low = lower_ntt(p, roomy, true);
    int on_core[2] = {0, 0};
    for (const Instr& in : low.trace.instrs) ++on_core[in.core];
    CHECK(on_core[0] > 0);
    CHECK(on_core[1] > 0);
    if (split == CoreSplit::kBatch) CHECK(low.items_per_chunk == 2);  // one chunk per core
    FunctionalMachine fm(low.trace);
    std::mt19937_64 rng(3);
    std::vector<Limb> in(low.trace.inputs.size());
    for (size_t i = 0; i < in.size(); ++i) {
      const uint64_t q = p.primes[low.trace.inputs[i].limb];
      in[i].resize(p.n);
      for (auto& x : in[i]) x = static_cast<uint32_t>(rng() % q);
      fm.write(low.trace.inputs[i], in[i]);
    }
    fm.run();
    for (size_t i = 0; i < in.size(); ++i) {
      const IoSlice& o = low.trace.outputs[i];
      const int l = o.limb;
      CHECK(fm.read(o, p.n) == ntt_radix2(in[i], p.primes[l], p.psi[l]));
    }
  }
}
