// CKKS kernels built from polynomial steps (ModUp, ModDown, KeySwitch, Rescale, HE-Mult):
// lowered traces executed functionally equal the plain reference, for every reduction.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include <random>

#include "trace/trace_counts.hpp"
#include "trace/trace_tags.hpp"
#include "workloads/lowering/ckks_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/reference/ckks_reference.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;

namespace {

CkksParams params(const std::string& kernel, Reduction red, int limbs, int special, int dnum) {
  CkksParams p;
  p.kernel = kernel;
  p.n = 128;
  p.limbs = limbs;
  p.special = special;
  p.dnum = dnum;
  p.primes = ntt_primes(28, p.n, limbs + special);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(p.n, q));
  p.batch = 2;
  p.reduction = red;
  return p;
}

// Number of differing outputs between the trace and the reference.
int mismatches(const CkksParams& p, uint64_t vmem_bytes = uint64_t{64} << 20) {
  const NttLowering low = lower_ckks(p, {vmem_bytes, uint64_t{1} << 34}, true);
  FunctionalMachine fm(low.trace);
  std::mt19937_64 rng(21);
  // inputs[item][operand][poly][prime]
  std::vector<std::vector<std::vector<RefPoly>>> in(
      p.batch, std::vector<std::vector<RefPoly>>(2, std::vector<RefPoly>(2)));
  for (const IoSlice& s : low.trace.inputs) {
    std::vector<uint32_t> limb(p.n);
    for (auto& x : limb) x = static_cast<uint32_t>(rng() % p.primes[s.limb]);
    fm.write(s, limb, p.primes[s.limb]);
    in[s.item][s.operand][s.poly][s.limb] = limb;
  }
  fm.run();
  int wrong = 0;
  std::vector<std::vector<RefPoly>> ref;
  for (int item = 0; item < p.batch; ++item) ref.push_back(ckks_reference(p, in[item]));
  for (const IoSlice& s : low.trace.outputs) {
    if (fm.read(s, p.n) != ref[s.item].at(s.poly).at(s.limb)) ++wrong;
  }
  return wrong + (low.trace.outputs.empty() ? 1 : 0);
}

}  // namespace

TEST_CASE("CKKS kernels equal the plain reference for every reduction", "[ckks][functional]") {
  for (const char* kernel : {"mod_up", "mod_down", "key_switch", "rescale", "he_mult"}) {
    for (auto red :
         {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
      INFO(kernel << " " << reduction_name(red));
      CHECK(mismatches(params(kernel, red, 4, 2, 2)) == 0);
    }
  }
}

TEST_CASE("HE-Rotate with hoisted rotations equals the plain reference", "[ckks][functional]") {
  for (auto red : {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kBatLazy}) {
    CkksParams p = params("he_rotate", red, 4, 2, 2);
    p.rotations = {1, -3, 5};
    INFO(reduction_name(red));
    CHECK(mismatches(p) == 0);
  }
  CHECK(rotation_galois(1, 128) == 5);
  CHECK(rotation_galois(-1, 128) * 5 % 256 == 1);  // 5^-1 mod 2n
  CHECK(rotation_galois(64, 128) == 1);            // 5 has order n/2
}

TEST_CASE("key switching is exact for several (L, K, dnum)", "[ckks][functional]") {
  for (auto [limbs, special, dnum] : {std::tuple{3, 1, 1}, {5, 2, 3}, {6, 3, 2}, {4, 4, 4}}) {
    INFO("L=" << limbs << " K=" << special << " dnum=" << dnum);
    CHECK(mismatches(params("key_switch", Reduction::kBarrett, limbs, special, dnum)) == 0);
    CHECK(mismatches(params("he_mult", Reduction::kBarrett, limbs, special, dnum)) == 0);
  }
}

TEST_CASE("key-switch digits cover the level with alpha = ceil(L / dnum)", "[ckks]") {
  using D = std::vector<std::pair<int, int>>;
  CHECK(key_switch_digits(51, 3, 51) == D{{0, 17}, {17, 17}, {34, 17}});
  CHECK(key_switch_digits(51, 3, 20) == D{{0, 17}, {17, 3}});
  CHECK(key_switch_digits(64, 4, 64).size() == 4);
  CHECK(key_switch_digits(5, 2, 5) == D{{0, 3}, {3, 2}});
}

TEST_CASE("the CKKS functional check notices a wrong key", "[ckks][functional]") {
  CkksParams p = params("key_switch", Reduction::kBarrett, 4, 2, 2);
  const NttLowering low = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, true);
  FunctionalMachine fm(low.trace);
  std::vector<std::vector<RefPoly>> in(2, std::vector<RefPoly>(2));
  for (const IoSlice& s : low.trace.inputs) {
    std::vector<uint32_t> limb(p.n, static_cast<uint32_t>(s.limb + 1));
    fm.write(s, limb);
    if (s.item == 0) in[s.operand][s.poly][s.limb] = limb;
  }
  fm.run();
  p.dnum = 1;  // the reference now switches with one digit: other keys, other result
  const auto ref = ckks_reference(p, in);
  int same = 0, outputs = 0;
  for (const IoSlice& s : low.trace.outputs) {
    if (s.item != 0) continue;
    ++outputs;
    same += fm.read(s, p.n) == ref.at(s.poly).at(s.limb);
  }
  CHECK(outputs == 8);
  CHECK(same == 0);
}

TEST_CASE("CKKS kernels are exact with BAT constant products and with BConv on the VPU",
          "[ckks][functional][mapping]") {
  struct Mapping {
    Reduction reduction;
    bool bat, bconv_vpu;
  };
  for (const char* kernel :
       {"mod_up", "mod_down", "key_switch", "rescale", "he_mult", "he_rotate"}) {
    for (Mapping m : {Mapping{Reduction::kBarrett, true, false},
                      {Reduction::kBatLazy, true, false},
                      {Reduction::kBarrett, true, true},
                      {Reduction::kMontgomery, false, true},
                      {Reduction::kShoup, false, true}}) {
      CkksParams p = params(kernel, m.reduction, 4, 2, 2);
      p.bat_constants = m.bat;
      p.bconv_on_vpu = m.bconv_vpu;
      p.rotations = {1, -3};
      INFO(kernel << " " << reduction_name(m.reduction) << " bat=" << m.bat
                  << " bconv_vpu=" << m.bconv_vpu);
      CHECK(mismatches(p) == 0);
    }
  }
}

TEST_CASE("CKKS kernels split over two TensorCores by limbs or batch stay exact",
          "[ckks][functional][multicore]") {
  for (const char* kernel :
       {"mod_up", "mod_down", "key_switch", "rescale", "he_mult", "he_rotate"}) {
    for (CoreSplit split : {CoreSplit::kLimbs, CoreSplit::kBatch}) {
      CkksParams p = params(kernel, Reduction::kBarrett, 4, 2, 2);
      p.batch = 3;  // uneven: core 0 takes 2 items, core 1 one
      p.cores = 2;
      p.split = split;
      p.rotations = {1, -3};
      INFO(kernel << (split == CoreSplit::kLimbs ? " limbs" : " batch"));
      CHECK(mismatches(p) == 0);
      const NttLowering low = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false);
      int on_core[2] = {0, 0}, foreign = 0;
      for (const Instr& in : low.trace.instrs) {
        ++on_core[in.core];
        // Every VMEM operand lives in the VMEM of the core that runs the instruction.
        for (int buf : {in.dst, in.a, in.b}) {
          if (buf < 0) continue;
          const Buffer& b = low.trace.buffers[buf];
          foreign += b.space == Space::kVmem && b.core != in.core;
        }
      }
      CHECK(on_core[0] > 0);
      CHECK(on_core[1] > 0);
      CHECK(foreign == 0);
    }
  }
}

TEST_CASE("NTTs and INTTs per kernel follow the closed forms of hybrid key switching",
          "[ckks][counts]") {
  // Per batch item, key switching at level l with K special limbs in d digits: ModUp INTTs l
  // limbs and NTTs d (l + K) - l; each ModDown INTTs K and NTTs l; a Rescale at level l INTTs 1
  // and NTTs l - 1. HE-Mult rescaling first (CROSS) rescales 4 polynomials at L and switches at
  // l = L - 1 with d = ceil(l / ceil(l / dnum)) digits; rescaling after, it switches at L with
  // d = ceil(L / ceil(L / dnum)) and rescales 2 polynomials.
  const auto digits = [](uint64_t l, uint64_t dnum) {
    const uint64_t alpha = (l + dnum - 1) / dnum;
    return (l + alpha - 1) / alpha;
  };
  for (auto [limbs, special, dnum] : {std::tuple{4, 2, 2}, {5, 2, 3}, {6, 3, 1}, {7, 2, 3}}) {
    for (bool radix2 : {false, true}) {
      for (bool bat : {false, true}) {
        for (bool before : {true, false}) {
          if (radix2 && bat) continue;
          const uint64_t L = limbs, K = special, d = digits(L, dnum);
          const uint64_t l = before ? L - 1 : L, dl = digits(l, dnum);
          struct Want {
            const char* kernel;
            uint64_t ntts, intts;
          };
          const Want mult =
              before ? Want{"he_mult", 4 * (L - 1) + dl * (l + K) - l + 2 * l, 4 + l + 2 * K}
                     : Want{"he_mult", dl * (l + K) - l + 2 * l + 2 * (L - 1), l + 2 * K + 2};
          for (Want w : {Want{"mod_up", d * (L + K) - L, L},
                         {"mod_down", L, K},
                         {"rescale", L - 1, 1},
                         {"key_switch", d * (L + K) - L + 2 * L, L + 2 * K},
                         mult}) {
            CkksParams p = params(w.kernel, Reduction::kBarrett, limbs, special, dnum);
            p.radix2 = radix2;
            p.bat_constants = bat;
            p.rescale = before ? RescaleOrder::kBefore : RescaleOrder::kAfter;
            const NttLowering low = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false);
            LimbCounts total;
            for (const Instr& in : low.trace.instrs) {
              total += limb_counts(in, split_tag(low.trace.tags[in.tag]).step, p.n);
            }
            INFO(w.kernel << " L=" << L << " K=" << K << " dnum=" << dnum << " radix2=" << radix2
                          << " bat=" << bat << " rescale first=" << before);
            CHECK(total.ntts == w.ntts * p.batch);
            CHECK(total.intts == w.intts * p.batch);
          }
        }
      }
    }
  }
}

TEST_CASE("key switching digits at the level or fixed", "[ckks]") {
  using D = std::vector<std::pair<int, int>>;
  // CROSS cuts l limbs into digits of ceil(l / dnum); fixed digits keep ceil(L / dnum).
  CHECK(key_switch_digits(48, 3, 47, KeySwitchDigits::kLevel) == D{{0, 16}, {16, 16}, {32, 15}});
  CHECK(key_switch_digits(48, 3, 47, KeySwitchDigits::kFixed) == D{{0, 16}, {16, 16}, {32, 15}});
  CHECK(key_switch_digits(48, 3, 20, KeySwitchDigits::kLevel) == D{{0, 7}, {7, 7}, {14, 6}});
  CHECK(key_switch_digits(48, 3, 20, KeySwitchDigits::kFixed) == D{{0, 16}, {16, 4}});
}

TEST_CASE("a kernel whose working set does not fit VMEM names the prefetch depth that does",
          "[ckks][errors]") {
  CkksParams p = params("he_mult", Reduction::kBarrett, 4, 2, 2);
  p.prefetch_depth = 1;
  const uint64_t one =
      lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false).vmem_bytes_used;
  p.prefetch_depth = 3;
  try {
    lower_ckks(p, {one, uint64_t{1} << 34}, false);
    FAIL("lowered");
  } catch (const LoweringError& e) {
    CHECK(e.key() == "mapping.prefetch_depth");
    CHECK_THAT(e.what(), Catch::EndsWith(fmt::format("prefetch_depth 1 fits ({} bytes)", one)));
  }
  // No depth fits the whole batch: the batch runs in passes (here of one item) at the depth
  // asked; below what one item needs at depth 1 nothing fits.
  p.prefetch_depth = 1;
  p.batch = 1;
  const uint64_t item =
      lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false).vmem_bytes_used;
  p.batch = 2;
  const NttLowering passes = lower_ckks(p, {one - 1, uint64_t{1} << 34}, false);
  CHECK(passes.vmem_bytes_used == item);
  try {
    lower_ckks(p, {item - 1, uint64_t{1} << 34}, false);
    FAIL("lowered");
  } catch (const LoweringError& e) {
    CHECK_THAT(e.what(), Catch::Contains("no prefetch depth fits"));
  }
}

TEST_CASE("a batch beyond VMEM runs in passes and stays exact", "[ckks][functional]") {
  for (const char* kernel : {"he_mult", "he_rotate", "key_switch", "rescale"}) {
    INFO(kernel);
    CkksParams p = params(kernel, Reduction::kMontgomery, 4, 2, 2);
    p.prefetch_depth = 2;
    p.batch = 1;
    const uint64_t item =
        lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false).vmem_bytes_used;
    p.batch = 5;  // room for one item at depth 2: five passes
    const NttLowering whole = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, false);
    REQUIRE(whole.vmem_bytes_used > item);
    const NttLowering low = lower_ckks(p, {item, uint64_t{1} << 34}, false);
    CHECK(low.vmem_bytes_used == item);
    CHECK(low.trace.instrs.size() > whole.trace.instrs.size());
    CHECK(mismatches(p, item) == 0);
  }
}

namespace {

// HBM bytes the trace's loads and stores move.
uint64_t hbm_traffic(const Trace& t) {
  uint64_t bytes = 0;
  for (const Instr& in : t.instrs) {
    if (in.op == Opcode::kLoad || in.op == Opcode::kStore) bytes += 4 * in.count;
  }
  return bytes;
}

}  // namespace

TEST_CASE("fused and unfused element-wise steps both equal the plain reference",
          "[ckks][functional][fusion]") {
  for (const char* kernel :
       {"mod_up", "mod_down", "key_switch", "rescale", "he_mult", "he_rotate"}) {
    for (Fusion fusion : {Fusion::kXla, Fusion::kNone}) {
      for (auto red : {Reduction::kBarrett, Reduction::kShoup}) {
        for (bool bat : {false, true}) {
          if (bat && red == Reduction::kShoup) continue;
          CkksParams p = params(kernel, red, 4, 2, 2);
          p.fusion = fusion;
          p.bat_constants = bat;
          p.rotations = {1, -3};
          INFO(kernel << " fusion=" << name_of(fusion) << " " << reduction_name(red)
                      << " bat=" << bat);
          CHECK(mismatches(p) == 0);
        }
      }
    }
  }
}

TEST_CASE("fusion reads each element-wise chain's inputs once and writes only its result",
          "[ckks][fusion]") {
  for (const char* kernel : {"he_mult", "he_rotate", "rescale"}) {
    CkksParams fused = params(kernel, Reduction::kBarrett, 6, 2, 3);
    fused.rotations = {1};
    CkksParams unfused = fused;
    unfused.fusion = Fusion::kNone;
    const LoweringLimits lim{uint64_t{64} << 20, uint64_t{1} << 34};
    const Trace a = lower_ckks(fused, lim, false).trace;
    const Trace b = lower_ckks(unfused, lim, false).trace;
    INFO(kernel);
    // The traffic of intermediate results is gone; an expression read by two consumers is
    // computed in each (as XLA duplicates cheap element-wise producers), so no fewer operations.
    const auto vector_ops = [](const Trace& t) {
      uint64_t n = 0;
      for (const Instr& in : t.instrs) {
        n += in.op == Opcode::kModAddVec || in.op == Opcode::kModSubVec;
      }
      return n;
    };
    if (std::string(kernel) == "rescale") {
      CHECK(vector_ops(a) == vector_ops(b));
    } else {
      CHECK(vector_ops(a) >= vector_ops(b));
    }
    CHECK(hbm_traffic(a) < hbm_traffic(b));
  }
}
