// Bootstrapping's schedule from its parameters: the Paterson-Stockmeyer split and EvalMod's
// operations against their closed forms, the collapsed-FFT levels (radix, diagonals, baby and
// giant rotations) against values worked out by hand from OpenFHE's rules, and the phases and
// levels of the shipped schedule.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/lowering/bootstrap_schedule.hpp"
#include "workloads/lowering/eval_mod_schedule.hpp"

using namespace hesa;

namespace {

int ceil_log2(int v) {
  int l = 0;
  while ((1 << l) < v) ++l;
  return l;
}

std::vector<int> centred(int count, int half_width, int scale, int mod) {
  std::vector<int> v;
  for (int j = 0; j < count; ++j) v.push_back((((j - half_width) * scale) % mod + mod) % mod);
  return v;
}

}  // namespace

TEST_CASE("Paterson-Stockmeyer splits follow OpenFHE's table", "[bootstrap][schedule]") {
  CHECK(ps_degrees(88).k == 6);  // uniform ternary (OpenFHE, CROSS)
  CHECK(ps_degrees(88).m == 4);
  CHECK(ps_degrees(59).k == 4);
  CHECK(ps_degrees(59).m == 4);
  CHECK(ps_degrees(27).k == 4);
  CHECK(ps_degrees(27).m == 3);
  CHECK(ps_degrees(119).k == 8);
  CHECK(ps_degrees(5).k == 2);
  CHECK(ps_degrees(5).m == 2);
  for (int d = 5; d <= 2204; ++d) {
    const PsDegrees ps = ps_degrees(d);
    INFO(d);
    REQUIRE(ps.k * ((1 << ps.m) - 1) > d);  // the split covers the degree
    REQUIRE(ps.m >= 2);
  }
  CHECK_THROWS_AS(ps_degrees(4), std::invalid_argument);
  CHECK_THROWS_AS(ps_degrees(2205), std::invalid_argument);
}

TEST_CASE("EvalMod takes the HE-Mults, scalar products and levels of its closed forms",
          "[bootstrap][schedule]") {
  for (int degree : {5, 27, 59, 88, 119, 300, 1000}) {
    for (int r : {0, 3, 6}) {
      const auto [k, m] = ps_degrees(degree);
      std::vector<CkksStep> steps;
      const EvalModCounts c = append_eval_mod(steps, 40, degree, r, 1, "EvalMod");
      INFO("degree " << degree << " k " << k << " m " << m << " double angle " << r);
      const int nodes = (1 << (m - 1)) - 1, leaves = 1 << (m - 1), sums = (1 << m) - 1;
      // Powers T_2..T_k, squarings to T_{2^(m-1) k}, products to T_{k (2^m - 1)}, one HE-Mult
      // per inner node of the division tree, one squaring per double angle.
      CHECK(c.he_mults == (k - 1) + (m - 1) + (m - 1) + nodes + r);
      CHECK(c.const_mults == (k - 1) * sums);  // k - 1 terms per linear sum
      CHECK(c.linear_sums == sums);            // per node and per leaf
      CHECK(c.he_adds ==
            (k - 1) + (k - 1) / 2 + 3 * (m - 1) + (k - 2) * sums + leaves + 2 * nodes + 1 + r);
      CHECK(c.const_adds == k / 2 + (m - 1) + nodes + leaves + r);
      CHECK(c.depth == ceil_log2(k) + m + r);
      // The steps say the same, at levels from 40 down.
      int mults = 0, consts = 0, rescales = 0, lowest = 40;
      for (const CkksStep& s : steps) {
        CHECK(s.phase == "EvalMod");
        CHECK(s.level <= 40);
        lowest = std::min(lowest, s.level);
        if (s.kernel == "he_mult") mults += s.count;
        if (s.kernel == "const_mult") consts += s.count;
        if (s.kernel == "rescale") rescales += s.count;
      }
      CHECK(mults == c.he_mults);
      CHECK(consts == c.const_mults);
      CHECK(rescales == 2 * sums);    // both polynomials
      CHECK(lowest == 40 - c.depth);  // the last sums are at the result's level
    }
  }
  // Two ciphertexts side by side (fully packed): every count doubles, the levels do not.
  std::vector<CkksStep> one, two;
  append_eval_mod(one, 40, 88, 6, 1, "");
  append_eval_mod(two, 40, 88, 6, 2, "");
  REQUIRE(one.size() == two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    CHECK(two[i].kernel == one[i].kernel);
    CHECK(two[i].level == one[i].level);
    CHECK(two[i].count == 2 * one[i].count);
  }
}

TEST_CASE("collapsed-FFT levels take OpenFHE's radix, diagonals and rotations",
          "[bootstrap][schedule]") {
  const uint64_t n = 65536, slots = 32768;  // log2(slots) = 15
  // Budget 4: SelectLayers gives 3 levels of 4 layers and one of the remaining 3; 2^5 - 1 = 31
  // diagonals, 2^(4/2 + 2) = 16 baby steps, 32 / 16 = 2 giant steps; the remainder 15, 8, 2.
  const std::vector<TransformLevel> enc = transform_levels(slots, n, 4, 0, true, false);
  REQUIRE(enc.size() == 4);
  for (int i = 0; i < 3; ++i) {
    CHECK(enc[i].layers == 4);
    CHECK(enc[i].diagonals == 31);
    CHECK(enc[i].baby.size() == 16);
    CHECK(enc[i].giant.size() == 2);
  }
  CHECK(enc[3].layers == 3);
  CHECK(enc[3].diagonals == 15);
  CHECK(enc[3].baby.size() == 8);
  CHECK(enc[3].giant.size() == 2);
  // Encoding strides 2^11, 2^7, 2^3, then 1: baby steps (j - 15) x stride mod slots, giant
  // steps 16 x stride mod n/2 (the widest wraps to 0: no rotation).
  CHECK(enc[0].baby == centred(16, 15, 2048, 32768));
  CHECK(enc[0].giant == std::vector<int>{0, 0});
  CHECK(enc[1].giant == std::vector<int>{0, 2048});
  CHECK(enc[2].giant == std::vector<int>{0, 128});
  CHECK(enc[3].baby == centred(8, 7, 1, 32768));
  CHECK(enc[3].giant == std::vector<int>{0, 8});
  // Decoding: strides 1, 2^4, 2^8, then the remainder at 2^12.
  const std::vector<TransformLevel> dec = transform_levels(slots, n, 4, 0, false, false);
  REQUIRE(dec.size() == 4);
  CHECK(dec[0].baby == centred(16, 15, 1, 32768));
  CHECK(dec[0].giant == std::vector<int>{0, 16});
  CHECK(dec[1].giant == std::vector<int>{0, 256});
  CHECK(dec[2].giant == std::vector<int>{0, 4096});
  CHECK(dec[3].layers == 3);
  CHECK(dec[3].baby == centred(8, 7, 4096, 32768));
  CHECK(dec[3].giant == std::vector<int>{0, 0});
  // Budget 3: 3 levels of 5 layers, 63 diagonals, 2^(5/2 + 2) = 16 baby, 4 giant steps; baby
  // steps set by hand split the same diagonals differently.
  for (const TransformLevel& lv : transform_levels(slots, n, 3, 0, true, false)) {
    CHECK(lv.diagonals == 63);
    CHECK(lv.baby.size() == 16);
    CHECK(lv.giant.size() == 4);
  }
  for (const TransformLevel& lv : transform_levels(slots, n, 3, 8, false, false)) {
    CHECK(lv.baby.size() == 8);
    CHECK(lv.giant.size() == 8);
  }
  // Budgets [1, 1]: OpenFHE's dense transform, ceil(sqrt(32768)) = 182 baby steps.
  const std::vector<TransformLevel> dense = transform_levels(slots, n, 1, 0, true, true);
  REQUIRE(dense.size() == 1);
  CHECK(dense[0].diagonals == 32768);
  CHECK(dense[0].baby.size() == 182);
  CHECK(dense[0].giant.size() == 181);  // ceil(32768 / 182)
  CHECK(dense[0].giant[1] == 182);
}

TEST_CASE("the shipped bootstrapping schedule: phases, levels and key switches",
          "[bootstrap][schedule]") {
  const BootstrapParams p;  // the defaults: [4, 4], degree 88, 6 double angles, n/2 slots
  const BootstrapSchedule s = bootstrap_schedule(p, 65536, 48);
  // 1 (prescale) + 4 + 4 + (ceil(log2 6) + 4 + 6) = 22 levels, from 48 limbs down to 26: as
  // OpenFHE's GetBootstrapDepth({4, 4}, UNIFORM_TERNARY) = 14 + 4 + 4; budgets [1, 1] give 16,
  // the depth CROSS's bootstrapping_perf_test.py notes for them.
  CHECK(bootstrap_depth(p) == 22);
  BootstrapParams one = p;
  one.c2s_levels = one.s2c_levels = 1;
  CHECK(bootstrap_depth(one) == 16);
  CHECK(bootstrap_schedule(one, 65536, 48).levels == 16);
  CHECK(s.top == 48);
  CHECK(s.levels == 22);
  CHECK(s.bottom == 26);
  // CoeffToSlot: 15 + (15 + 1) + (15 + 1) + (7 + 1) rotations; SlotToCoeff the same, mirrored;
  // one conjugation; EvalMod twice (real and imaginary parts) with 24 HE-Mults each.
  CHECK(s.key_switches == 55 + 55 + 1 + 2 * 24);
  std::vector<std::string> phases;
  int transforms = 0, previous = 48;
  for (const CkksStep& st : s.steps) {
    if (phases.empty() || phases.back() != st.phase) phases.push_back(st.phase);
    CHECK(st.level >= 2);
    CHECK(st.level <= 48);
    if (st.kernel == "mod_raise") continue;  // from the input's 2 limbs up
    if (st.phase != "ModRaise" && st.phase != "EvalMod") {
      CHECK(st.level <= previous);  // levels only go down (EvalMod's sums use earlier powers)
      previous = st.level;
    }
    if (st.kernel == "linear_transform") ++transforms;
  }
  CHECK(phases == std::vector<std::string>{"ModRaise", "CoeffToSlot", "EvalMod", "SlotToCoeff"});
  CHECK(transforms == 8);
  CHECK(s.steps.back().level == 27);  // the correction's level, its rescale pending

  // Sparse packing: partial sums before CoeffToSlot, one EvalMod, the copies summed at the end.
  BootstrapParams sparse;
  sparse.slots = 4096;
  const BootstrapSchedule sp = bootstrap_schedule(sparse, 65536, 48);
  int partial = 0;
  for (const CkksStep& st : sp.steps) partial += st.kernel == "he_rotate";
  CHECK(partial == 3 + 1);  // rotations by 4096, 8192, 16384, then by 4096 after SlotToCoeff
  CHECK(sp.levels == 22);
  // Too short a chain for the levels is refused.
  CHECK_THROWS_AS(bootstrap_schedule(p, 65536, 22), std::invalid_argument);
  BootstrapParams low = p;
  low.raise_to = 30;
  CHECK(bootstrap_schedule(low, 65536, 48).bottom == 8);
}
