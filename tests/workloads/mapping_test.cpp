// Mappings of products by constants (constant_mul: vpu | bat) and of basis conversion
// (bconv: mxu | vpu): every combination executes bit-exactly, puts its work on the unit it names,
// and the combinations that cannot run are refused with the key to change.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <random>
#include <set>

#include "models/mxu/mxu_cost.hpp"
#include "tests/workloads/lowering_fixtures.hpp"
#include "trace/trace_io.hpp"
#include "workloads/emitters/modmul_emitter.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/lowering/ckks_lowering.hpp"
#include "workloads/lowering/elementwise_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

int count_ops(const Trace& t, Opcode op) {
  int c = 0;
  for (const Instr& in : t.instrs) c += in.op == op;
  return c;
}

std::string lowering_error(const std::function<void()>& lower) {
  try {
    lower();
  } catch (const LoweringError& e) {
    return e.key() + ": " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("BAT constant form: per value the words x * 2^(8k) mod q", "[mapping]") {
  const uint64_t q = ntt_primes(28, 64, 1)[0];
  const std::vector<uint32_t> form = constant_form({12345, 1}, q, Reduction::kBarrett, true);
  REQUIRE(form.size() == 8);
  CHECK(form[0] == 12345);
  CHECK(form[1] == 12345u * 256);
  CHECK(form[3] == mul_mod(12345, pow_mod(2, 24, q), q));
  CHECK(form[7] == pow_mod(2, 24, q));
  CHECK(constant_elems(10, Reduction::kBarrett, true) == 40);
  CHECK(constant_elems(10, Reduction::kShoup) == 20);
}

TEST_CASE("NTT and INTT with BAT constant products are bit-exact and use no VPU products",
          "[mapping][functional]") {
  std::mt19937_64 rng(31);
  for (auto red : {Reduction::kBarrett, Reduction::kBatLazy}) {
    for (auto twist : {Twist::kFused, Twist::kSeparate}) {
      for (bool inverse : {false, true}) {
        for (uint64_t n : {64, 1024}) {
          NttParams p;
          p.n = n;
          p.primes = ntt_primes(28, n, 2);
          for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(n, q));
          p.batch = 3;
          p.inverse = inverse;
          p.reduction = red;
          p.bat_constants = true;
          p.ntt_steps.twist = twist;
          const NttLowering low = lower_ntt(p, kRoomy, true);
          FunctionalMachine fm(low.trace);
          std::vector<std::vector<uint32_t>> ins;
          for (const IoSlice& s : low.trace.inputs) {
            ins.push_back(random_limb(n, p.primes[s.limb], rng));
            fm.write(s, ins.back());
          }
          fm.run();
          INFO(reduction_name(red)
               << " twist=" << name_of(twist) << " inverse=" << inverse << " n=" << n);
          for (size_t i = 0; i < ins.size(); ++i) {
            const int limb = low.trace.inputs[i].limb;
            const uint64_t q = p.primes[limb], psi = p.psi[limb];
            REQUIRE(fm.read(low.trace.outputs[i], n) ==
                    (inverse ? intt_radix2(ins[i], q, psi) : ntt_radix2(ins[i], q, psi)));
          }
          // The twiddles (and a separate twist) are BAT products, one per limb chunk each; no
          // VPU product is left.
          CHECK(count_ops(low.trace, Opcode::kModMulVec) == 0);
          CHECK(count_ops(low.trace, Opcode::kMulBytes) == 0);
          CHECK(count_ops(low.trace, Opcode::kBatMulVec) ==
                (twist == Twist::kFused ? 1 : 2) * count_ops(low.trace, Opcode::kSplitBytesCols));
        }
      }
    }
  }
}

TEST_CASE("VecModMul and PMult by BAT constants equal plain modular products",
          "[mapping][functional]") {
  std::mt19937_64 rng(32);
  for (auto kernel : {ElementwiseKernel::kVecModMul, ElementwiseKernel::kPMult}) {
    ElementwiseParams p;
    p.kernel = kernel;
    p.n = 64;
    p.primes = ntt_primes(28, p.n, 2);
    p.batch = 3;
    p.bat_constants = true;
    const NttLowering low = lower_elementwise(p, {8 * 1024, uint64_t{1} << 30}, true);
    REQUIRE(low.items_per_chunk < p.batch);  // several chunks: offsets of the BAT form matter
    FunctionalMachine fm(low.trace);
    std::map<std::tuple<int, int, int, int>, std::vector<uint32_t>> in;
    int bat_slices = 0;
    for (const IoSlice& s : low.trace.inputs) {
      auto limb = random_limb(p.n, p.primes[s.limb], rng);
      fm.write(s, limb, p.primes[s.limb]);
      in[{s.operand, s.item, s.poly, s.limb}] = limb;
      bat_slices += s.bat_form;
      CHECK(s.bat_form == (s.operand == 1));
    }
    CHECK(bat_slices > 0);
    fm.run();
    for (const IoSlice& s : low.trace.outputs) {
      const int b_poly = elementwise_polys(kernel, 1) == 1 ? 0 : s.poly;
      const auto& a = in.at({0, s.item, s.poly, s.limb});
      const auto& b = in.at({1, s.item, b_poly, s.limb});
      const auto out = fm.read(s, p.n);
      for (uint64_t c = 0; c < p.n; ++c) REQUIRE(out[c] == mul_mod(a[c], b[c], p.primes[s.limb]));
    }
    CHECK(count_ops(low.trace, Opcode::kModMulVec) == 0);
    CHECK(count_ops(low.trace, Opcode::kBatMulVec) > 0);
  }
}

TEST_CASE("BConv on the MXU or the VPU, with VPU or BAT constant products, equals exact CRT",
          "[mapping][bconv][functional]") {
  std::mt19937_64 rng(33);
  const int l_in = 3, l_out = 5;
  for (bool on_vpu : {false, true}) {
    for (auto red :
         {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
      for (bool bat : {false, true}) {
        if (bat && (red == Reduction::kMontgomery || red == Reduction::kShoup)) continue;
        BconvParams p;
        p.n = 128;
        const auto primes = ntt_primes(28, p.n, l_in + l_out);
        p.from.assign(primes.begin(), primes.begin() + l_in);
        p.to.assign(primes.begin() + l_in, primes.end());
        p.batch = 2;
        p.reduction = red;
        p.bat_constants = bat;
        p.on_vpu = on_vpu;
        // VMEM for tiles of 128 columns: two tiles per conversion.
        const NttLowering low = lower_bconv(p, {48 * 1024, uint64_t{1} << 30}, true);
        REQUIRE(uint64_t(low.items_per_chunk) < p.n * p.batch);
        FunctionalMachine fm(low.trace);
        std::map<std::pair<int, int>, std::vector<uint32_t>> in;
        for (const IoSlice& s : low.trace.inputs) {
          auto limb = random_limb(p.n, p.from[s.limb], rng);
          fm.write(s, limb);
          in[{s.item, s.limb}] = limb;
        }
        fm.run();
        std::map<std::pair<int, int>, std::vector<uint32_t>> out;
        for (const IoSlice& s : low.trace.outputs) out[{s.item, s.limb}] = fm.read(s, p.n);
        INFO("vpu=" << on_vpu << " " << reduction_name(red) << " bat=" << bat);
        for (int item = 0; item < p.batch; ++item) {
          for (uint64_t c = 0; c < p.n; ++c) {
            std::vector<uint32_t> column;
            for (int i = 0; i < l_in; ++i) column.push_back(in[{item, i}][c]);
            const auto ref = bconv_reference(column, p.from, p.to);
            for (int j = 0; j < l_out; ++j) REQUIRE(out[{item, j}][c] == ref[j]);
          }
        }
        const int tiles = static_cast<int>(p.n * p.batch / low.items_per_chunk);
        const int products = tiles * (l_in + (on_vpu ? l_in * l_out : 0));
        CHECK(count_ops(low.trace, Opcode::kMatmulU8) ==
              (on_vpu ? 0 : tiles) + (red == Reduction::kBatLazy && !bat ? products : 0));
        CHECK(count_ops(low.trace, bat                          ? Opcode::kBatMulVec
                                   : red == Reduction::kBatLazy ? Opcode::kMulBytes
                                                                : Opcode::kModMulVec) == products);
        CHECK(count_ops(low.trace, Opcode::kModAddVec) ==
              (on_vpu ? tiles * (l_in - 1) * l_out : 0));
      }
    }
  }
}

TEST_CASE("mappings that cannot run are refused naming mapping.constant_mul", "[mapping]") {
  NttParams p;
  p.n = 64;
  p.primes = ntt_primes(28, p.n, 1);
  p.psi = {*smallest_primitive_2n_root(p.n, p.primes[0])};
  p.bat_constants = true;
  p.reduction = Reduction::kShoup;
  CHECK(lowering_error([&] { lower_ntt(p, kRoomy, false); }) ==
        "mapping.constant_mul: bat folds each constant into an int8 block on the MXU; Shoup "
        "multiplies by the constant's precomputed quotient on the VPU: use reduction barrett or "
        "bat_lazy, or constant_mul: vpu");
  p.reduction = Reduction::kMontgomery;
  CHECK(lowering_error([&] { lower_ntt(p, kRoomy, false); }).rfind("mapping.constant_mul: ", 0) ==
        0);
  p.reduction = Reduction::kBarrett;
  p.radix2 = true;
  CHECK(lowering_error([&] { lower_ntt(p, kRoomy, false); }) ==
        "mapping.constant_mul: radix2 butterflies multiply by their twiddles inside VPU stages: "
        "use ntt: mat, or constant_mul: vpu");
  p.radix2 = false;
  CHECK(lowering_error([&] { lower_ntt(p, kRoomy, false); }) == "no error");
  BconvParams b;
  b.n = 64;
  b.from = ntt_primes(28, 64, 2);
  b.to = {b.from[1]};
  b.reduction = Reduction::kShoup;
  b.bat_constants = true;
  CHECK(lowering_error([&] { lower_bconv(b, kRoomy, false); }).rfind("mapping.constant_mul", 0) ==
        0);
}

TEST_CASE("a BAT product's array time: min(R, C) / 4 constants per weight fold", "[mapping][mxu]") {
  MxuConfig mxu;
  mxu.rows = mxu.cols = 256;
  mxu.double_buffered_weights = true;
  // One constant per limb (a scalar): its block replicated 64 times down the diagonal of a single
  // fold, each streamed row carrying 64 elements.
  const Instr scalar{.op = Opcode::kBatMulVec, .m = 65536, .n = 1};
  const MxuCost one = mxu_gemm_cost(mxu, bat_mul_shape(mxu, scalar), true);
  CHECK(one.folds == 1);
  CHECK(one.cycles == 256 + 65536 / 64 + (256 + 256 - 2));
  // 16 constants (fewer than 64): replicated 4 times, still 64 elements a row.
  const Instr few{.op = Opcode::kBatMulVec, .m = 65536, .n = 16};
  CHECK(mxu_gemm_cost(mxu, bat_mul_shape(mxu, few), true).cycles == one.cycles);
  // A constant per coefficient (a twist) at batch 4: 1024 folds of 4 streamed rows each, every
  // fold waiting for its 256-cycle weight load.
  const Instr vec{.op = Opcode::kBatMulVec, .m = 4 * 65536, .n = 65536};
  const MxuCost many = mxu_gemm_cost(mxu, bat_mul_shape(mxu, vec), true);
  CHECK(many.folds == 1024);
  CHECK(many.cycles == 256 + 1023 * 256 + 4 + (256 + 256 - 2));
  CHECK(bat_mul_macs(vec) == 16ull * 4 * 65536);
  const MxuTraffic t = bat_mul_vmem_traffic(vec);
  CHECK(t.read_bytes == 4ull * 4 * 65536 + 16ull * 65536);
  CHECK(t.write_bytes == 16ull * 4 * 65536);
}

TEST_CASE("element-wise kernels and BConv split over two TensorCores stay exact",
          "[mapping][multicore][functional]") {
  std::mt19937_64 rng(34);
  const auto check_cores = [](const Trace& t) {
    int on_core[2] = {0, 0}, foreign = 0;
    for (const Instr& in : t.instrs) {
      ++on_core[in.core];
      for (int buf : {in.dst, in.a, in.b}) {
        if (buf >= 0 && t.buffers[buf].space == Space::kVmem)
          foreign += t.buffers[buf].core != in.core;
      }
    }
    CHECK(on_core[0] > 0);
    CHECK(on_core[1] > 0);
    CHECK(foreign == 0);
  };
  for (CoreSplit split : {CoreSplit::kLimbs, CoreSplit::kBatch}) {
    INFO((split == CoreSplit::kLimbs ? "limbs" : "batch"));
    ElementwiseParams e;
    e.kernel = ElementwiseKernel::kPMult;
    e.n = 64;
    e.primes = ntt_primes(28, e.n, 3);
    e.batch = 3;
    e.cores = 2;
    e.split = split;
    const NttLowering el = lower_elementwise(e, kRoomy, true);
    check_cores(el.trace);
    FunctionalMachine fm(el.trace);
    std::map<std::tuple<int, int, int, int>, std::vector<uint32_t>> in;
    for (const IoSlice& s : el.trace.inputs) {
      auto limb = random_limb(e.n, e.primes[s.limb], rng);
      fm.write(s, limb, e.primes[s.limb]);
      in[{s.operand, s.item, s.poly, s.limb}] = limb;
    }
    fm.run();
    REQUIRE(el.trace.outputs.size() == size_t(2 * 3 * e.batch));
    for (const IoSlice& s : el.trace.outputs) {
      const auto out = fm.read(s, e.n);
      const auto& a = in.at({0, s.item, s.poly, s.limb});
      const auto& b = in.at({1, s.item, 0, s.limb});
      for (uint64_t c = 0; c < e.n; ++c) REQUIRE(out[c] == mul_mod(a[c], b[c], e.primes[s.limb]));
    }

    BconvParams p;
    p.n = 128;
    const auto primes = ntt_primes(28, p.n, 7);
    p.from.assign(primes.begin(), primes.begin() + 3);
    p.to.assign(primes.begin() + 3, primes.end());
    p.batch = 1;  // one item: the cores split its columns
    p.cores = 2;
    p.split = split;
    const NttLowering bl = lower_bconv(p, kRoomy, true);
    check_cores(bl.trace);
    FunctionalMachine fb(bl.trace);
    std::vector<std::vector<uint32_t>> x;
    for (const IoSlice& s : bl.trace.inputs) {
      x.push_back(random_limb(p.n, p.from[s.limb], rng));
      fb.write(s, x.back());
    }
    fb.run();
    for (uint64_t c = 0; c < p.n; ++c) {
      std::vector<uint32_t> column;
      for (const auto& limb : x) column.push_back(limb[c]);
      const auto ref = bconv_reference(column, p.from, p.to);
      for (const IoSlice& s : bl.trace.outputs) REQUIRE(fb.read(s, p.n)[c] == ref[s.limb]);
    }
  }
}

TEST_CASE("CKKS traces of every mapping round-trip through the text format", "[mapping][trace]") {
  struct Case {
    Reduction red;
    bool bat, bconv_vpu;
    CoreSplit split;
  };
  for (Case c : {Case{Reduction::kBatLazy, false, false, CoreSplit::kNone},
                 {Reduction::kBarrett, true, false, CoreSplit::kLimbs},
                 {Reduction::kBatLazy, true, true, CoreSplit::kBatch},
                 {Reduction::kShoup, false, true, CoreSplit::kNone}}) {
    CkksParams p;
    p.kernel = "he_mult";
    p.n = 64;
    p.limbs = 3;
    p.special = 2;
    p.dnum = 2;
    p.primes = ntt_primes(28, p.n, 5);
    for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(p.n, q));
    p.batch = 2;
    p.reduction = c.red;
    p.bat_constants = c.bat;
    p.bconv_on_vpu = c.bconv_vpu;
    p.split = c.split;
    p.cores = 2;
    const Trace t = lower_ckks(p, kRoomy, false).trace;
    INFO(reduction_name(c.red) << " bat=" << c.bat << " bconv_vpu=" << c.bconv_vpu);
    std::set<std::string> names;
    for (const Buffer& b : t.buffers) names.insert(b.name);
    CHECK(names.size() == t.buffers.size());
    const Trace back = parse_trace(write_trace(t), "he_mult.trace");
    CHECK(write_trace(back) == write_trace(t));
  }
}
