// CKKS kernels on real ciphertexts: random slots encrypted with
// tests/workloads/ckks_scheme.hpp, run through the lowered HE-Mult, HE-Rotate and Rescale traces
// (FunctionalMachine) with the scheme's keys, decrypt and decode to z1 * z2, the rotated slots
// and z within CKKS precision.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "tests/workloads/ckks_scheme.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

// The largest error a decoded slot may have at ring degree n and output scale delta:
// c n^(3/2) / delta. The dominant noise is key switching's: ModUp's digits are residues in
// [0, Q_j), so the approximate basis conversion adds multiples of Q_j times the key's error, and
// the all-ones polynomial that shows up in such sums is ~2N/pi near zeta^(+-1), times an error
// or the secret (~sigma sqrt(N) in the slots). Rescale and ModDown round (they add half the
// divisor before dividing), so a plain Rescale stays far below its bound. c = 16 after a key
// switch that is not rescaled (HE-Rotate: 2^-9 at N = 2^10, 2^-4.5 at N = 2^13 for
// delta ~ 2^28), c = 2 for rescaled results (HE-Mult, Rescale, fresh encryptions: 2^-12 ..
// 2^-7.5). Measured errors stay well below (WARN lines); a wrong key or a broken step decodes to
// errors above 1.
double bound(uint64_t n, double delta, bool key_switched = false) {
  return (key_switched ? 16 : 2) * std::pow(static_cast<double>(n), 1.5) / delta;
}

struct Size {
  uint64_t n;
  int limbs, special, dnum;
  Reduction red;
  bool bat = false;                    // mapping constant_mul: bat
  bool bconv_vpu = false;              // mapping bconv: vpu
  CoreSplit split = CoreSplit::kNone;  // over two TensorCores unless none
  bool cross = true;  // CROSS's kernel structure (the defaults), else the other of each knob
  int chips = 1;      // a slice sharded by limbs
};

CkksParams params(const std::string& kernel, const Size& s, int batch = 1) {
  CkksParams p;
  p.kernel = kernel;
  p.n = s.n;
  p.limbs = s.limbs;
  p.special = s.special;
  p.dnum = s.dnum;
  p.primes = ntt_primes(28, p.n, s.limbs + s.special);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(p.n, q));
  p.batch = batch;
  p.reduction = s.red;
  p.bat_constants = s.bat;
  p.bconv_on_vpu = s.bconv_vpu;
  p.split = s.split;
  p.cores = s.split == CoreSplit::kNone ? 1 : 2;
  p.chips = s.chips;
  if (!s.cross) {
    p.rescale = RescaleOrder::kAfter;
    p.digits = KeySwitchDigits::kFixed;
    p.inner_product = InnerProduct::kEager;
    p.automorphism = Automorphism::kHoisted;
    p.limb_take = LimbTake::kNone;
    p.fusion = Fusion::kNone;
  }
  return p;
}

using Polys = std::vector<RefPoly>;

// Lowers p, writes in[item][operand][poly], runs the trace: out[item][output].
std::vector<Polys> run(const CkksParams& p, const std::vector<std::vector<Polys>>& in) {
  const NttLowering low = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, true);
  FunctionalMachine fm(low.trace);
  for (const IoSlice& s : low.trace.inputs) {
    fm.write(s, in.at(s.item).at(s.operand).at(s.poly).at(s.limb), p.primes[s.limb]);
  }
  fm.run();
  std::vector<Polys> out(p.batch);
  for (const IoSlice& s : low.trace.outputs) {
    auto& polys = out[s.item];
    if (polys.size() <= static_cast<size_t>(s.poly)) polys.resize(s.poly + 1);
    polys[s.poly][s.limb] = fm.read(s, p.n);
  }
  return out;
}

std::string describe(const Size& s) {
  return "N=" + std::to_string(s.n) + " L=" + std::to_string(s.limbs) +
         " K=" + std::to_string(s.special) + " dnum=" + std::to_string(s.dnum) + " " +
         reduction_name(s.red) + (s.bat ? " constant_mul=bat" : "") +
         (s.bconv_vpu ? " bconv=vpu" : "") +
         (s.split == CoreSplit::kLimbs   ? " split=limbs"
          : s.split == CoreSplit::kBatch ? " split=batch"
                                         : "") +
         (s.cross ? " structure=cross" : " structure=after,fixed,eager,hoisted,none,unfused") +
         (s.chips > 1 ? " chips=" + std::to_string(s.chips) : "");
}

// The scale of HE-Mult's inputs after a rescale-first (CROSS) HE-Mult rescales them.
constexpr double kRescaledScale = 1 << 22;

// HE-Mult of two encryptions (one secret-key, one public-key). Rescaling after: both at scale
// q_{L-1}, the result at q_{L-1}^2 / q_{L-1} = q_{L-1}. Rescaling first (CROSS): both at scale
// q_{L-1} 2^22, rescaled to 2^22, the result at 2^44. `wrong_secret`: relinearize with the key of
// another secret. Returns the error over the result's precision bound's own scale.
double mult_error(const Size& size, bool wrong_secret = false, double* scale_out = nullptr) {
  CkksParams p = params("he_mult", size);
  CkksScheme scheme(p, 7), other(p, 8);
  scheme.make_key(0);
  other.make_key(0);
  p.evk = (wrong_secret ? other : scheme).evk_provider();
  const Slots z1 = scheme.random_slots(1), z2 = scheme.random_slots(2);
  const double q_last = static_cast<double>(p.primes[size.limbs - 1]);
  const bool first = p.rescale == RescaleOrder::kBefore;
  const double in_scale = first ? q_last * kRescaledScale : q_last;
  const Ciphertext a = scheme.encrypt(z1, in_scale, size.limbs);
  const Ciphertext b = scheme.encrypt_public(z2, in_scale, size.limbs);
  CHECK(max_error(scheme.decrypt_decode(a), z1) < bound(p.n, in_scale));
  CHECK(max_error(scheme.decrypt_decode(b), z2) < bound(p.n, in_scale));
  const auto out = run(p, {{{a.c0, a.c1}, {b.c0, b.c1}}});
  REQUIRE(out[0].size() == 2);
  REQUIRE(out[0][0].size() == static_cast<size_t>(size.limbs - 1));
  Slots want(z1.size());
  for (size_t j = 0; j < want.size(); ++j) want[j] = z1[j] * z2[j];
  const double out_scale = first ? kRescaledScale * kRescaledScale : q_last;
  if (scale_out) *scale_out = first ? kRescaledScale : q_last;
  return max_error(scheme.decrypt_decode({out[0][0], out[0][1], out_scale}), want);
}

// Hoisted HE-Rotate of one encryption by each of `rotations`: the error of each output.
// `key_of`: which rotation's key the lowering is given for each rotation (default: its own).
std::vector<double> rotate_errors(const Size& size, const std::vector<int>& rotations,
                                  const std::vector<int>& key_of = {}) {
  CkksParams p = params("he_rotate", size);
  p.rotations = rotations;
  CkksScheme scheme(p, 11);
  // One rotation with the automorphism after ModDown has a key of its own kind.
  const Automorphism where = rotations.size() == 1 ? p.automorphism : Automorphism::kHoisted;
  for (int r : rotations) scheme.make_rotation_key(r, where);
  for (int r : key_of) scheme.make_rotation_key(r, where);
  const auto provider = scheme.evk_provider();
  p.evk = [&](int key, int first, int count, int poly, int prime, uint64_t coeff) {
    for (size_t i = 0; i < key_of.size(); ++i) {
      if (key == rotation_key(rotation_galois(rotations[i], p.n), where, p.n)) {
        key = rotation_key(rotation_galois(key_of[i], p.n), where, p.n);
        break;
      }
    }
    return provider(key, first, count, poly, prime, coeff);
  };
  const Slots z = scheme.random_slots(3);
  const double delta = static_cast<double>(p.primes[size.limbs - 1]);
  const Ciphertext ct = scheme.encrypt(z, delta, size.limbs);
  const auto out = run(p, {{{ct.c0, ct.c1}}});
  REQUIRE(out[0].size() == 2 * rotations.size());
  std::vector<double> errors;
  const auto slots = static_cast<int64_t>(z.size());
  for (size_t i = 0; i < rotations.size(); ++i) {
    Slots want(z.size());
    for (int64_t j = 0; j < slots; ++j) want[j] = z[((j + rotations[i]) % slots + slots) % slots];
    errors.push_back(
        max_error(scheme.decrypt_decode({out[0][2 * i], out[0][2 * i + 1], delta}), want));
  }
  return errors;
}

// Rescale of an encryption at scale q_{L-2} q_{L-1}: the kernel takes one polynomial, so c0 and
// c1 are batch items 0 and 1.
double rescale_error(const Size& size) {
  const CkksParams p = params("rescale", size, 2);
  CkksScheme scheme(p, 13);
  const Slots z = scheme.random_slots(4);
  const double delta = static_cast<double>(p.primes[size.limbs - 2]);
  const Ciphertext ct =
      scheme.encrypt(z, delta * static_cast<double>(p.primes[size.limbs - 1]), size.limbs);
  const auto out = run(p, {{{ct.c0}}, {{ct.c1}}});
  REQUIRE(out[1].size() == 1);
  REQUIRE(out[0][0].size() == static_cast<size_t>(size.limbs - 1));
  return max_error(scheme.decrypt_decode({out[0][0], out[1][0], delta}), z);
}

// The three kernels at one size; every error within bound(N, delta).
void check_kernels(const Size& size, const std::vector<int>& rotations) {
  INFO(describe(size));
  const std::vector<uint64_t> primes = ntt_primes(28, size.n, size.limbs + size.special);
  const double delta = static_cast<double>(primes[size.limbs - 1]);
  double mult_scale = 0;
  const double mult = mult_error(size, false, &mult_scale);
  CHECK(mult < bound(size.n, mult_scale));
  std::vector<double> rotate = rotate_errors(size, rotations);
  // A single rotation (the automorphism after ModDown in CROSS's structure) as well.
  rotate.push_back(rotate_errors(size, {rotations[0]})[0]);
  for (size_t i = 0; i < rotate.size(); ++i) {
    INFO("rotation " << (i < rotations.size() ? rotations[i] : rotations[0]));
    CHECK(rotate[i] < bound(size.n, delta, true));
  }
  const double rescale = rescale_error(size);
  CHECK(rescale < bound(size.n, static_cast<double>(primes[size.limbs - 2])));
  // A rounding Rescale of a fresh encryption: within 8 N / delta (2^-12 at N = 2^13, where a
  // flooring one measured 2^-9.7).
  CHECK(rescale < 8.0 * static_cast<double>(size.n) / static_cast<double>(primes[size.limbs - 2]));
  WARN(describe(size) << ": log2 max error he_mult " << std::log2(mult) << " (scale 2^"
                      << std::log2(mult_scale) << "), he_rotate "
                      << std::log2(*std::max_element(rotate.begin(), rotate.end())) << ", rescale "
                      << std::log2(rescale) << ", bounds " << std::log2(bound(size.n, delta))
                      << ", " << std::log2(bound(size.n, delta, true)));
}

}  // namespace

TEST_CASE("encrypted kernels decrypt right at N=2^10 for every reduction", "[ckks][e2e]") {
  for (auto red :
       {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
    check_kernels({1024, 4, 2, 2, red}, {1, -3, 5});
  }
}

TEST_CASE("encrypted kernels decrypt right in the other kernel structure", "[ckks][e2e]") {
  // Rescale after, digits of ceil(L / dnum), an eager inner product, hoisted automorphisms, no
  // limb copies, no fusion: every knob at its other value.
  check_kernels({1024, 4, 2, 2, Reduction::kBarrett, false, false, CoreSplit::kNone, false},
                {1, -3, 5});
  check_kernels({2048, 5, 3, 2, Reduction::kShoup, false, true, CoreSplit::kLimbs, false}, {2, -1});
}

TEST_CASE("encrypted kernels decrypt right at N=2^11 for several (L K dnum)", "[ckks][e2e]") {
  check_kernels({2048, 3, 1, 3, Reduction::kBarrett}, {1, -3, 5});
  check_kernels({2048, 5, 3, 2, Reduction::kMontgomery}, {2, -1});
  check_kernels({2048, 6, 6, 1, Reduction::kBatLazy}, {1, 7});
}

TEST_CASE("encrypted kernels decrypt right at N=2^12", "[ckks][e2e]") {
  check_kernels({4096, 3, 1, 3, Reduction::kShoup}, {1, -3, 5});
  check_kernels({4096, 4, 2, 2, Reduction::kMontgomery}, {-1, 1000});
}

TEST_CASE("encrypted kernels decrypt right at N=2^13", "[ckks][e2e]") {
  check_kernels({8192, 3, 1, 3, Reduction::kBatLazy}, {1, -3, 5});
}

TEST_CASE("encrypted kernels decrypt right with BAT constants or VPU BConv or two TensorCores",
          "[ckks][e2e][mapping]") {
  check_kernels({2048, 4, 2, 2, Reduction::kBarrett, true}, {1, -3});
  check_kernels({2048, 4, 2, 2, Reduction::kBatLazy, true, true}, {1, -3});
  check_kernels({2048, 5, 3, 2, Reduction::kShoup, false, true}, {2, -1});
  check_kernels({2048, 4, 2, 2, Reduction::kBarrett, false, false, CoreSplit::kLimbs}, {1, -3});
  check_kernels({2048, 4, 2, 2, Reduction::kMontgomery, false, true, CoreSplit::kBatch}, {1, 5});
}

TEST_CASE("with real keys the trace equals the plain reference", "[ckks][e2e]") {
  const Size size{1024, 3, 2, 2, Reduction::kShoup};
  for (const char* kernel : {"he_mult", "he_rotate"}) {
    CkksParams p = params(kernel, size);
    p.rotations = {1, -3};
    CkksScheme scheme(p, 5);
    scheme.make_key(0);
    for (int r : p.rotations) scheme.make_rotation_key(r);
    p.evk = scheme.evk_provider();
    const double delta = static_cast<double>(p.primes[size.limbs - 1]);
    const Ciphertext a = scheme.encrypt(scheme.random_slots(1), delta, size.limbs);
    const Ciphertext b = scheme.encrypt(scheme.random_slots(2), delta, size.limbs);
    const std::vector<Polys> in = {{a.c0, a.c1}, {b.c0, b.c1}};
    INFO(kernel);
    CHECK(run(p, {in})[0] == ckks_reference(p, in));
  }
}

TEST_CASE("encrypted kernels decrypt right on a slice sharded by limbs", "[ckks][e2e][slice]") {
  check_kernels({1024, 4, 2, 2, Reduction::kBarrett, false, false, CoreSplit::kNone, true, 2},
                {1, -3});
  check_kernels({2048, 5, 3, 2, Reduction::kShoup, false, true, CoreSplit::kLimbs, false, 3},
                {2, -1});
  check_kernels({1024, 4, 2, 2, Reduction::kMontgomery, false, false, CoreSplit::kBatch, true, 8},
                {1, 5});
}

TEST_CASE("a slice sharded by limbs computes what one chip computes, bit for bit",
          "[ckks][e2e][slice]") {
  const Size one{1024, 5, 2, 2, Reduction::kBarrett};
  for (const char* kernel : {"he_mult", "he_rotate"}) {
    for (int chips : {2, 4}) {
      CkksParams p = params(kernel, one);
      p.rotations = {1, -3};
      CkksScheme scheme(p, 5);
      const double delta = static_cast<double>(p.primes[one.limbs - 1]);
      const Ciphertext a = scheme.encrypt(scheme.random_slots(1), delta, one.limbs);
      const Ciphertext b = scheme.encrypt(scheme.random_slots(2), delta, one.limbs);
      const std::vector<std::vector<Polys>> in = {{{a.c0, a.c1}, {b.c0, b.c1}}};
      const auto want = run(p, in);
      p.chips = chips;
      const NttLowering low = lower_ckks(p, {uint64_t{64} << 20, uint64_t{1} << 34}, true);
      uint64_t copies = 0;
      for (size_t i = 0; i < low.trace.instrs.size(); ++i) {
        copies += low.trace.instrs[i].op == Opcode::kIciCopy;
      }
      INFO(kernel << " on " << chips << " chips");
      CHECK(copies > 0);
      CHECK(run(p, in) == want);
    }
  }
}

TEST_CASE("a key of another secret or of another rotation decrypts to noise", "[ckks][e2e]") {
  const Size size{1024, 3, 1, 3, Reduction::kBarrett};
  const double delta = static_cast<double>(ntt_primes(28, size.n, 4)[2]);
  const double mult = mult_error(size, true);
  CHECK(mult > 1);
  // Rotation 1 switched with the key of rotation 2, rotation -3 with its own key.
  const std::vector<double> rotate = rotate_errors(size, {1, -3}, {2, -3});
  CHECK(rotate[0] > 1);
  CHECK(rotate[1] < bound(size.n, delta, true));
  WARN("wrong keys: log2 max error he_mult " << std::log2(mult) << ", he_rotate "
                                             << std::log2(rotate[0]));
}
