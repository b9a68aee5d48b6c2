// The lowered NTT/INTT traces, executed on real numbers, against plain reference NTTs.
#include <catch2/catch.hpp>

#include <random>

#include "tests/workloads/lowering_fixtures.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/barrett.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

NttParams params(uint64_t n, int limbs, int batch, bool inverse, uint32_t rows = 0) {
  NttParams p;
  p.n = n;
  p.primes = ntt_primes(28, n, limbs);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(n, q));
  p.batch = batch;
  p.inverse = inverse;
  if (rows) {
    p.rows = rows;
    p.cols = static_cast<uint32_t>(n / rows);
  }
  return p;
}

// Runs the trace on random inputs; returns (inputs, outputs) per (item, limb) in trace order.
std::pair<std::vector<Limb>, std::vector<Limb>> run_trace(const NttParams& p,
                                                          std::mt19937_64& rng) {
  const NttLowering low = lower_ntt(p, kRoomy, true);
  FunctionalMachine fm(low.trace);
  std::vector<Limb> ins;
  for (const IoSlice& s : low.trace.inputs) {
    ins.push_back(random_limb(p.n, p.primes[s.limb], rng));
    fm.write(s, ins.back());
  }
  fm.run();
  std::vector<Limb> outs;
  for (const IoSlice& s : low.trace.outputs) outs.push_back(fm.read(s, p.n));
  return {ins, outs};
}

}  // namespace

TEST_CASE("Barrett reduction is exact over its whole input range", "[barrett]") {
  std::mt19937_64 rng(1);
  for (int bits = 20; bits <= 31; ++bits) {
    for (uint64_t q : ntt_primes(bits, 1024, 3)) {
      const Barrett red(q);
      REQUIRE(red.m < (uint64_t{1} << 32));
      const uint64_t top = red.input_limit();
      for (uint64_t z : {uint64_t{0}, q - 1, q, 2 * q, top, top - 1, top - q, top / q * q - 1}) {
        REQUIRE(red.reduce(z) == z % q);
      }
      for (int i = 0; i < 20000; ++i) {
        const uint64_t z = rng() & top;
        REQUIRE(red.reduce(z) == z % q);
      }
    }
  }
}

TEST_CASE("radix-2 reference NTT equals the O(N^2) definition", "[reference]") {
  std::mt19937_64 rng(2);
  for (uint64_t n = 16; n <= 256; n *= 2) {
    const uint64_t q = ntt_primes(28, n, 1)[0];
    const uint64_t psi = *smallest_primitive_2n_root(n, q);
    const Limb a = random_limb(n, q, rng);
    const Limb fwd = ntt_definition(a, q, psi);
    REQUIRE(ntt_radix2(a, q, psi) == fwd);
    REQUIRE(intt_definition(fwd, q, psi) == a);
    REQUIRE(intt_radix2(fwd, q, psi) == a);
  }
}

TEST_CASE("lowered NTT is bit-exact for N = 16 .. 4096, several limb counts, layouts near square",
          "[ntt][functional]") {
  std::mt19937_64 rng(3);
  for (uint64_t n = 16; n <= 4096; n *= 2) {
    for (int limbs : {1, 3}) {
      const int log_n = log2_exact(n);
      for (int log_r = std::max(1, log_n / 2 - 2); log_r <= std::min(log_n - 1, log_n / 2 + 2);
           ++log_r) {
        const NttParams p = params(n, limbs, 2, false, 1u << log_r);
        auto [ins, outs] = run_trace(p, rng);
        const NttLowering low = lower_ntt(p, kRoomy, false);
        for (size_t i = 0; i < ins.size(); ++i) {
          const int limb = low.trace.inputs[i].limb;
          const Limb ref = n <= 256 ? ntt_definition(ins[i], p.primes[limb], p.psi[limb])
                                    : ntt_radix2(ins[i], p.primes[limb], p.psi[limb]);
          INFO("n=" << n << " limbs=" << limbs << " R=" << (1u << log_r) << " slice " << i);
          REQUIRE(outs[i] == ref);
        }
      }
    }
  }
}

TEST_CASE("lowered INTT inverts the NTT for N = 16 .. 4096", "[intt][functional]") {
  std::mt19937_64 rng(4);
  for (uint64_t n = 16; n <= 4096; n *= 2) {
    for (int limbs : {1, 2}) {
      const NttParams p = params(n, limbs, 3, true);
      auto [ins, outs] = run_trace(p, rng);
      const NttLowering low = lower_ntt(p, kRoomy, false);
      for (size_t i = 0; i < ins.size(); ++i) {
        const int limb = low.trace.inputs[i].limb;
        const uint64_t q = p.primes[limb], psi = p.psi[limb];
        INFO("n=" << n << " slice " << i);
        REQUIRE(outs[i] == intt_radix2(ins[i], q, psi));
        REQUIRE(ntt_radix2(outs[i], q, psi) == ins[i]);
      }
    }
  }
}

TEST_CASE("lowered NTT and INTT are bit-exact with every reduction and NTT step mapping",
          "[ntt][functional]") {
  std::mt19937_64 rng(6);
  struct Variant {
    Reduction red;
    NttSteps steps;
  };
  const std::vector<Variant> variants = {
      {Reduction::kMontgomery, {.montgomery = MontgomeryNtt::kKept}},
      {Reduction::kMontgomery, {.montgomery = MontgomeryNtt::kBarrett}},
      {Reduction::kShoup, {.shoup = ShoupNtt::kConv}},
      {Reduction::kShoup, {.shoup = ShoupNtt::kBat}},
      {Reduction::kBatLazy, {}},
      {Reduction::kBarrett, {}}};
  for (const Variant& v : variants) {
    for (Twist twist : {Twist::kFused, Twist::kSeparate}) {
      for (bool inverse : {false, true}) {
        for (uint64_t n : {64, 1024}) {
          NttParams p = params(n, 2, 2, inverse);
          p.reduction = v.red;
          p.ntt_steps = v.steps;
          p.ntt_steps.twist = twist;
          auto [ins, outs] = run_trace(p, rng);
          const NttLowering low = lower_ntt(p, kRoomy, false);
          for (size_t i = 0; i < ins.size(); ++i) {
            const int limb = low.trace.inputs[i].limb;
            const uint64_t q = p.primes[limb], psi = p.psi[limb];
            INFO(reduction_name(v.red)
                 << " shoup_ntt=" << name_of(v.steps.shoup)
                 << " montgomery_ntt=" << name_of(v.steps.montgomery) << " twist=" << name_of(twist)
                 << " inverse=" << inverse << " n=" << n);
            // CROSS's lazy reductions (Montgomery kept, Shoup conv) leave congruent values.
            Limb got = outs[i];
            for (uint32_t& x : got) x = static_cast<uint32_t>(x % q);
            REQUIRE(got == (inverse ? intt_radix2(ins[i], q, psi) : ntt_radix2(ins[i], q, psi)));
          }
        }
      }
    }
  }
}

TEST_CASE("radix-2 butterfly NTT and INTT on the VPU are bit-exact", "[ntt][functional]") {
  std::mt19937_64 rng(7);
  for (auto red : {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup}) {
    for (bool inverse : {false, true}) {
      for (uint64_t n : {16, 256, 2048}) {
        NttParams p = params(n, 2, 3, inverse);
        p.reduction = red;
        p.radix2 = true;
        auto [ins, outs] = run_trace(p, rng);
        const NttLowering low = lower_ntt(p, kRoomy, false);
        for (size_t i = 0; i < ins.size(); ++i) {
          const int limb = low.trace.inputs[i].limb;
          const uint64_t q = p.primes[limb], psi = p.psi[limb];
          INFO(reduction_name(red) << " inverse=" << inverse << " n=" << n);
          REQUIRE(outs[i] == (inverse ? intt_radix2(ins[i], q, psi) : ntt_radix2(ins[i], q, psi)));
        }
      }
    }
  }
  NttParams lazy = params(64, 1, 1, false);
  lazy.radix2 = true;
  lazy.reduction = Reduction::kBatLazy;
  CHECK_THROWS_AS(lower_ntt(lazy, kRoomy, false), LoweringError);
}

TEST_CASE("lowered NTT is bit-exact at N = 2^16 for one limb", "[ntt][functional][large]") {
  std::mt19937_64 rng(5);
  const NttParams p = params(65536, 1, 1, false);
  auto [ins, outs] = run_trace(p, rng);
  REQUIRE(outs[0] == ntt_radix2(ins[0], p.primes[0], p.psi[0]));
}

TEST_CASE("NTT chunks are of equal size and every VMEM buffer of the trace fits the limit",
          "[ntt][lowering]") {
  for (Reduction red : {Reduction::kBarrett, Reduction::kShoup, Reduction::kBatLazy}) {
    NttParams p = params(1024, 8, 7, false);
    p.reduction = red;
    const uint64_t item = lower_ntt(p, kRoomy, false).vmem_bytes_used / 7;  // about one item's
    for (uint64_t vmem = item; vmem <= 8 * item; vmem += item / 7) {
      NttLowering low;
      try {
        low = lower_ntt(p, LoweringLimits{vmem, uint64_t{1} << 36}, false);
      } catch (const LoweringError&) {
        continue;  // too small for one item
      }
      uint64_t used = 0;
      for (const Buffer& b : low.trace.buffers) used += b.space == Space::kVmem ? b.bytes() : 0;
      INFO(reduction_name(red) << " vmem=" << vmem);
      CHECK(used <= vmem);  // BAT-lazy's resident fold matrices included
      CHECK(used == low.vmem_bytes_used);
      // 7 items in chunks as even as they can be: g items per chunk is the smallest size that
      // covers the batch with that many chunks (no short last chunk).
      const int g = low.items_per_chunk, chunks = (7 + g - 1) / g;
      CHECK(g == (7 + chunks - 1) / chunks);
    }
  }
}
