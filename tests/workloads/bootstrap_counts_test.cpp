// CROSS's kernel-mix counts (VecModMul, VecModAdd, (I)NTT, automorphism, BConv): the closed forms
// of the CKKS steps (workloads/lowering/kernel_mix.hpp) against numbers worked out by hand, and
// against what the lowered trace of the shipped bootstrap performs (trace/trace_counts.hpp), in
// total and per phase.
#include <catch2/catch.hpp>

#include <string>

#include "config/yaml_tree.hpp"
#include "tests/workloads/lowering_fixtures.hpp"
#include "trace/trace_counts.hpp"
#include "trace/trace_tags.hpp"
#include "workloads/kernels/kernel_lowering.hpp"
#include "workloads/kernels/workload_schema.hpp"
#include "workloads/lowering/kernel_mix.hpp"
#include "workloads/math/modmath.hpp"

using namespace hesa;

namespace {

void check_limbs(const KernelMix& mix, const LimbCounts& trace) {
  CHECK(trace.ntts == mix.ntt.limbs);
  CHECK(trace.intts == mix.intt.limbs);
  CHECK(trace.automorphisms == mix.automorphism.limbs);
  CHECK(trace.bconv == mix.bconv.limbs);
  CHECK(trace.modmul == mix.modmul.limbs);
  CHECK(trace.modadd == mix.modadd.limbs);
}

// L = 48, K = 17, dnum = 3 with the structure of the textbook lowering (rescale after the
// product, digits of ceil(L / dnum) limbs, eager inner products, hoisted automorphisms).
CkksParams textbook() {
  CkksParams p;
  p.limbs = 48;
  p.special = 17;
  p.dnum = 3;
  p.rescale = RescaleOrder::kAfter;
  p.digits = KeySwitchDigits::kFixed;
  p.inner_product = InnerProduct::kEager;
  p.automorphism = Automorphism::kHoisted;
  return p;
}

}  // namespace

TEST_CASE("the kernel mix of single steps, by hand", "[bootstrap][counts]") {
  // HE-Mult at 48 limbs, K = 17, dnum = 3 (alpha = 16: digits 16, 16, 16).
  const KernelMix m = kernel_mix({{.kernel = "he_mult", .level = 48}}, textbook());
  // INTT: ModUp 48, ModDown 2 x 17, two rescales 1 each; NTT: ModUp 3 x (48 + 17 - 16),
  // ModDown 2 x 48, rescales 2 x 47.
  CHECK(m.intt.limbs == 48 + 34 + 2);
  CHECK(m.intt.calls == 3 + 2 + 2);
  CHECK(m.ntt.limbs == 147 + 96 + 94);
  CHECK(m.ntt.calls == 3 + 2 + 2);
  // BConv: 3 x 16 x 49 + 2 x 17 x 48.
  CHECK(m.bconv.limbs == 2352 + 1632);
  CHECK(m.bconv.calls == 5);
  // Products: tensor 4 x 48, key 3 digits x 2 x 65, P^-1 2 x 48, q^-1 2 x 47.
  CHECK(m.modmul.limbs == 192 + 390 + 96 + 94);
  CHECK(m.modmul.calls == 4 + 6 + 2 + 2);
  // Sums: the tensor's 48, the key's 2 x 2 x 65, per ModDown 17 + 48 + 48, the two 48s of
  // d + k, per rescale 1 + 47 + 47.
  CHECK(m.modadd.limbs == 48 + 260 + 2 * 113 + 96 + 2 * 95);
  CHECK(m.modadd.calls == 1 + 4 + 2 * 3 + 2 + 2 * 3);
  CHECK(m.automorphism.limbs == 0);

  // One linear-transform level at 30 limbs (digits 16, 14): baby steps {0, 1, 2, 3}, giant
  // {0, 4}, 7 diagonals. Three fast rotations and the second group's rotation: 4 key products;
  // 2 x 47 permuted per fast rotation, plus the giant step's 30 on the first polynomial.
  CkksStep lt{.kernel = "linear_transform", .level = 30, .rotations = {0, 1, 2, 3}};
  lt.giant = {0, 4};
  lt.diagonals = 7;
  const KernelMix t = kernel_mix({lt}, textbook());
  CHECK(t.automorphism.limbs == 4 * 2 * 47 + 30);
  // ModUps: the input and the giant step's (2 digits each: 14 + 16 INTTs); ModDowns: the first
  // group's first polynomial, the second group (2), the result (2): 5 x 17 INTTs.
  CHECK(t.intt.limbs == 2 * 30 + 5 * 17);
  CHECK(t.bconv.limbs == 2 * (16 * 31 + 14 * 33) + 5 * 17 * 30);
  // Products: 4 key products x 2 digits x 2 x 47, c0 P for 3 rotations, (c0, c1) P for the
  // identity, 7 diagonals x 2 x 47, ModDown's P^-1 5 x 30.
  CHECK(t.modmul.limbs == 4 * 4 * 47 + 3 * 30 + 2 * 30 + 7 * 2 * 47 + 5 * 30);
}

TEST_CASE("the shipped bootstrap performs its schedule's kernel mix", "[bootstrap][counts]") {
  const WorkloadConfig w = read_workload(
      load_yaml_file(std::string(HESA_SOURCE_DIR) + "/configs/workloads/bootstrap_cheddar.yaml"));
  const LoweringTarget target{test::kRoomy, 1, 1, 128};
  const CkksParams p = ckks_params(w, target);
  const Trace trace = lower_ckks(p, test::kRoomy, false).trace;
  std::vector<LimbCounts> by_phase(std::size(kBootstrapPhases));
  LimbCounts total;
  for (const Instr& in : trace.instrs) {
    const TagParts parts = split_tag(trace.tags[in.tag]);
    const LimbCounts c = limb_counts(in, parts.step, w.n);
    total += c;
    for (size_t i = 0; i < by_phase.size(); ++i) {
      if (parts.phase == kBootstrapPhases[i]) by_phase[i] += c;
    }
  }
  check_limbs(kernel_mix(p.steps, p), total);
  for (size_t i = 0; i < by_phase.size(); ++i) {
    INFO(kBootstrapPhases[i]);
    check_limbs(kernel_mix(p.steps, p, kBootstrapPhases[i]), by_phase[i]);
  }
  // What the shipped schedule performs (docs/validation.md sets it next to CROSS's mix).
  CHECK(total.ntts + total.intts == 28067);
  CHECK(total.bconv == 183884);
  CHECK(total.automorphisms == 12238);
}

TEST_CASE("the kernel mix follows the lowering under every structure knob", "[bootstrap][counts]") {
  // Every kind of step, lowered at small parameters (two digits at the top, one lower down),
  // under both choices of each knob that changes the mix: its trace's counts equal the closed
  // forms.
  CkksStep lt{.kernel = "linear_transform", .level = 6, .rotations = {0, 1, 2}};
  lt.giant = {0, 3, 6};
  lt.diagonals = 8;
  const std::vector<CkksStep> steps = {{.kernel = "he_mult", .level = 7},
                                       {.kernel = "he_mult", .level = 3},
                                       {.kernel = "he_rotate", .level = 7, .rotations = {1}},
                                       {.kernel = "he_rotate", .level = 5, .rotations = {1, -2, 3}},
                                       {.kernel = "conjugate", .level = 4},
                                       {.kernel = "key_switch", .level = 6},
                                       {.kernel = "mod_raise", .level = 7},
                                       lt};
  for (int knobs = 0; knobs < 64; ++knobs) {
    CkksParams p;
    p.kernel = "sequence";
    p.n = 64;
    p.limbs = 7;
    p.special = 2;
    p.dnum = 3;
    p.primes = ntt_primes(28, p.n, p.limbs + p.special);
    for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(p.n, q));
    p.rescale = knobs & 1 ? RescaleOrder::kAfter : RescaleOrder::kBefore;
    p.digits = knobs & 2 ? KeySwitchDigits::kFixed : KeySwitchDigits::kLevel;
    p.inner_product = knobs & 4 ? InnerProduct::kEager : InnerProduct::kLazy;
    p.automorphism = knobs & 8 ? Automorphism::kHoisted : Automorphism::kAfterModDown;
    p.limb_take = knobs & 16 ? LimbTake::kNone : LimbTake::kCopy;
    p.fusion = knobs & 32 ? Fusion::kNone : Fusion::kXla;
    p.steps = steps;
    const Trace trace = lower_ckks(p, test::kRoomy, false).trace;
    LimbCounts total;
    for (const Instr& in : trace.instrs) {
      total += limb_counts(in, split_tag(trace.tags[in.tag]).step, p.n);
    }
    INFO("structure knobs " << knobs);
    check_limbs(kernel_mix(steps, p), total);
  }
}
