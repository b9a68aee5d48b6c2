// The NTTs as CROSS lowers them: Shoup's byte convolutions, Montgomery form through the steps and
// the fused twist, executed functionally and compared bit for bit with a plain model of CROSS's
// arithmetic (lazy values included), with CROSS's golden vector and with the reference NTT.
#include <catch2/catch.hpp>

#include <random>

#include "tests/workloads/cross_ntt_model.hpp"
#include "tests/workloads/lowering_fixtures.hpp"
#include "trace/trace_counts.hpp"
#include "workloads/emitters/ntt_emitter.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/mapping/mapping_checks.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

using Limb = std::vector<uint32_t>;

NttParams params(uint64_t n, uint32_t rows, std::vector<uint64_t> primes, int batch, bool inverse) {
  NttParams p;
  p.n = n;
  p.rows = rows;
  p.cols = static_cast<uint32_t>(n / rows);
  p.primes = std::move(primes);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(n, q));
  p.batch = batch;
  p.inverse = inverse;
  return p;
}

// Runs the lowered trace on the given inputs (one per input slice, in order).
std::vector<Limb> run(const NttParams& p, const std::vector<Limb>& ins) {
  const NttLowering low = lower_ntt(p, kRoomy, true);
  FunctionalMachine fm(low.trace);
  for (size_t i = 0; i < ins.size(); ++i) fm.write(low.trace.inputs[i], ins[i]);
  fm.run();
  std::vector<Limb> outs;
  for (const IoSlice& s : low.trace.outputs) outs.push_back(fm.read(s, p.n));
  return outs;
}

Limb reduced(Limb x, uint64_t q) {
  for (uint32_t& v : x) v = static_cast<uint32_t>(v % q);
  return x;
}

size_t count(const Trace& t, Opcode op) {
  size_t c = 0;
  for (const Instr& in : t.instrs) c += in.op == op;
  return c;
}

}  // namespace

TEST_CASE("Shoup and Montgomery NTTs equal CROSS's arithmetic bit for bit, lazy values included",
          "[ntt][functional][cross]") {
  std::mt19937_64 rng(41);
  for (auto kind : {CrossNtt::kShoupConv, CrossNtt::kMontgomeryKept}) {
    bool lazy_seen = false;  // some result is CROSS's lazy value, not reduced to [0, q)
    for (Twist twist : {Twist::kFused, Twist::kSeparate}) {
      for (bool inverse : {false, true}) {
        for (auto [n, rows] : {std::pair<uint64_t, uint32_t>{64, 8}, {256, 8}, {1024, 64}}) {
          NttParams p = params(n, rows, ntt_primes(28, n, 2), 3, inverse);
          p.reduction = kind == CrossNtt::kShoupConv ? Reduction::kShoup : Reduction::kMontgomery;
          p.ntt_steps.twist = twist;
          const NttLowering low = lower_ntt(p, kRoomy, false);
          std::vector<Limb> ins;
          for (const IoSlice& s : low.trace.inputs)
            ins.push_back(random_limb(n, p.primes[s.limb], rng));
          const std::vector<Limb> outs = run(p, ins);
          for (size_t i = 0; i < ins.size(); ++i) {
            const int limb = low.trace.inputs[i].limb;
            const uint64_t q = p.primes[limb], psi = p.psi[limb];
            INFO((kind == CrossNtt::kShoupConv ? "shoup conv" : "montgomery kept")
                 << " twist=" << name_of(twist) << " inverse=" << inverse << " n=" << n);
            REQUIRE(outs[i] == cross_ntt(kind, ins[i], q, psi, rows,
                                         static_cast<uint32_t>(n / rows), inverse, twist));
            REQUIRE(reduced(outs[i], q) ==
                    (inverse ? intt_radix2(ins[i], q, psi) : ntt_radix2(ins[i], q, psi)));
            for (uint32_t x : outs[i]) {
              lazy_seen |= x >= q;
              // Montgomery: hi(z) + q - hi(t q) with z < 2^50 at the last step, in (0, 2q).
              if (kind == CrossNtt::kMontgomeryKept) REQUIRE((x > 0 && x < 2 * q));
            }
          }
        }
      }
    }
    // Shoup's correction of a whole dot product leaves a few q; Montgomery's last reduction of
    // a BAT sum below 2^50 exceeds q with odds of about 2^-16 per value.
    if (kind == CrossNtt::kShoupConv) CHECK(lazy_seen);
  }
}

TEST_CASE("the fused twist gives CROSS's golden negacyclic NTT of 1..16 (q = 2147483489, 4 x 4)",
          "[ntt][functional][cross]") {
  // jaxite_word/ntt_sm_test.py: the psi factors fused into the twiddles, output bit-reversed.
  const Limb in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const Limb golden = {1927271639, 1976851019, 961431098,  750997937, 1858820200, 1645119999,
                       137255436,  1444884120, 379729034,  612811897, 1855784060, 1875694634,
                       102353194,  1048752242, 1711958033, 1037636875};
  const uint64_t q = 2147483489;
  for (auto red : {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup}) {
    INFO(reduction_name(red));
    NttParams fwd = params(16, 4, {q}, 1, false);
    fwd.reduction = red;
    const Limb out = run(fwd, {in})[0];
    if (red == Reduction::kBarrett) CHECK(out == golden);
    CHECK(reduced(out, q) == golden);
    NttParams inv = params(16, 4, {q}, 1, true);
    inv.reduction = red;
    CHECK(reduced(run(inv, {golden})[0], q) == in);
  }
}

TEST_CASE("the fused twist adds no VPU pass and transforms like the separate one",
          "[ntt][functional]") {
  std::mt19937_64 rng(42);
  for (bool inverse : {false, true}) {
    NttParams fused = params(256, 16, ntt_primes(28, 256, 2), 2, inverse);
    NttParams separate = fused;
    separate.ntt_steps.twist = Twist::kSeparate;
    std::vector<Limb> ins;
    const NttLowering f = lower_ntt(fused, kRoomy, false);
    const NttLowering s = lower_ntt(separate, kRoomy, false);
    for (const IoSlice& slice : f.trace.inputs)
      ins.push_back(random_limb(256, fused.primes[slice.limb], rng));
    CHECK(run(fused, ins) == run(separate, ins));
    // One product by constants per chunk (the twiddles) instead of two, and no twist constant.
    CHECK(2 * count(f.trace, Opcode::kModMulVec) == count(s.trace, Opcode::kModMulVec));
    CHECK(count(f.trace, Opcode::kLoad) < count(s.trace, Opcode::kLoad));
    CHECK(NttEmitter::constant_bytes({.n = 256, .rows = 16, .cols = 16}) + 4 * 256 ==
          NttEmitter::constant_bytes(
              {.n = 256, .rows = 16, .cols = 16, .steps = {.twist = Twist::kSeparate}}));
    // Transforms are counted by their twiddle step, whatever the twist.
    uint64_t counted = 0;
    for (const NttLowering* low : {&f, &s}) {
      for (const Instr& in : low->trace.instrs) {
        const std::string& tag = low->trace.tags[in.tag];
        const LimbCounts c = limb_counts(in, tag.substr(tag.find('/') + 1), 256);
        counted += static_cast<uint64_t>(inverse ? c.intts : c.ntts);
      }
    }
    CHECK(counted == 2 * 2 * 2);  // 2 limbs x 2 items, each lowering
  }
}

TEST_CASE(
    "a Shoup NTT runs byte convolutions, CROSS's transpose and no BAT; a Montgomery NTT "
    "reduces every step with Montgomery",
    "[ntt][cross]") {
  for (bool inverse : {false, true}) {
    NttParams p = params(1024, 32, ntt_primes(28, 1024, 3), 4, inverse);
    p.reduction = Reduction::kShoup;
    const Trace conv = lower_ntt(p, kRoomy, false).trace;
    const size_t chunks = count(conv, Opcode::kStore);
    CHECK(count(conv, Opcode::kConvU8) == 4 * chunks);  // 2 steps x (values, companions)
    CHECK(count(conv, Opcode::kMergeShoup) == 2 * chunks);
    CHECK(count(conv, Opcode::kTranspose) == chunks);
    CHECK(count(conv, Opcode::kMatmulU8) == 0);
    CHECK(count(conv, Opcode::kSplitBytesRows) + count(conv, Opcode::kSplitBytesCols) == 0);
    for (const Instr& in : conv.instrs) {
      if (in.op == Opcode::kModMulVec || in.op == Opcode::kMergeShoup) CHECK(in.lazy);
    }
    p.ntt_steps.shoup = ShoupNtt::kBat;  // the earlier lowering: BAT matmuls, Barrett merges
    const Trace bat = lower_ntt(p, kRoomy, false).trace;
    CHECK(count(bat, Opcode::kConvU8) == 0);
    CHECK(count(bat, Opcode::kMatmulU8) == 2 * chunks);

    p.reduction = Reduction::kMontgomery;
    p.ntt_steps = {};
    const Trace kept = lower_ntt(p, kRoomy, false).trace;
    for (const Instr& in : kept.instrs) {
      if (in.op == Opcode::kMergeRows || in.op == Opcode::kMergeCols) {
        CHECK(in.reduction == Reduction::kMontgomery);
        CHECK(in.lazy);
      }
      if (in.op == Opcode::kModMulVec) CHECK(in.lazy);
    }
    p.ntt_steps.montgomery = MontgomeryNtt::kBarrett;
    for (const Instr& in : lower_ntt(p, kRoomy, false).trace.instrs) {
      if (in.op == Opcode::kMergeRows || in.op == Opcode::kMergeCols) {
        CHECK(in.reduction == Reduction::kBarrett);
      }
      CHECK_FALSE(in.lazy);
    }
  }
}

TEST_CASE("a byte-convolution Shoup NTT whose typical values leave 32 bits is refused",
          "[ntt][cross][errors]") {
  // 28-bit primes at 256 x 256: about 5 q (CROSS's benchmark); 30-bit primes: about 17 q.
  CHECK_NOTHROW(check_shoup_conv(256, 256, ntt_primes(28, 65536, 4)));
  CHECK_NOTHROW(check_shoup_conv(128, 512, ntt_primes(28, 65536, 4)));
  CHECK_THROWS_AS(check_shoup_conv(256, 256, ntt_primes(30, 65536, 1)), LoweringError);
  NttParams p = params(64, 8, ntt_primes(31, 64, 1), 1, false);
  p.rows = 4;
  p.cols = 16;
  p.reduction = Reduction::kShoup;
  CHECK_THROWS_AS(lower_ntt(p, kRoomy, false), LoweringError);
  p.ntt_steps.shoup = ShoupNtt::kBat;
  CHECK_NOTHROW(lower_ntt(p, kRoomy, false));
}
