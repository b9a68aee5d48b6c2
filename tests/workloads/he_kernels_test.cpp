// Element-wise kernels (all reductions) and BConv: traces executed functionally against plain
// references (BConv against exact big-integer CRT arithmetic), and their op counts.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "tests/workloads/lowering_fixtures.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/lowering/elementwise_lowering.hpp"
#include "workloads/math/bigint.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;
using namespace hesa::test;

TEST_CASE("element-wise kernels are exact for every reduction", "[elementwise][functional]") {
  std::mt19937_64 rng(11);
  for (auto kernel : {ElementwiseKernel::kVecModAdd, ElementwiseKernel::kVecModMul,
                      ElementwiseKernel::kHeAdd, ElementwiseKernel::kPMult}) {
    for (auto red :
         {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
      ElementwiseParams p;
      p.kernel = kernel;
      p.n = 64;
      p.primes = ntt_primes(28, p.n, 3);
      p.batch = 5;
      p.reduction = red;
      // Small VMEM: several chunks per limb.
      const NttLowering low = lower_elementwise(p, {6 * 1024, uint64_t{1} << 30}, true);
      REQUIRE(low.items_per_chunk < p.batch);
      FunctionalMachine fm(low.trace);
      std::map<std::tuple<int, int, int, int>, std::vector<uint32_t>> in;
      for (const IoSlice& s : low.trace.inputs) {
        auto limb = random_limb(p.n, p.primes[s.limb], rng);
        fm.write(s, limb, p.primes[s.limb]);
        in[{s.operand, s.item, s.poly, s.limb}] = limb;
      }
      fm.run();
      REQUIRE(low.trace.outputs.size() == size_t(2 * 3 * p.batch));
      for (const IoSlice& s : low.trace.outputs) {
        const int b_poly = elementwise_polys(kernel, 1) == 1 ? 0 : s.poly;
        const auto& a = in.at({0, s.item, s.poly, s.limb});
        const auto& b = in.at({1, s.item, b_poly, s.limb});
        const auto out = fm.read(s, p.n);
        for (uint64_t c = 0; c < p.n; ++c) {
          INFO("kernel " << int(kernel) << " reduction " << reduction_name(red));
          REQUIRE(out[c] == elementwise_reference(kernel, red, a[c], b[c], p.primes[s.limb]));
        }
      }
    }
  }
}

TEST_CASE("the Montgomery product is a*b*2^-32 and an exact product in Montgomery form",
          "[elementwise]") {
  const uint64_t q = ntt_primes(30, 1024, 1)[0];
  const uint64_t r_inv = inv_mod((uint64_t{1} << 32) % q, q);
  const uint32_t a = 123456789 % q, b = 987654321 % q;
  const uint32_t prod =
      elementwise_reference(ElementwiseKernel::kVecModMul, Reduction::kMontgomery, a, b, q);
  CHECK(prod == mul_mod(mul_mod(a, b, q), r_inv, q));
}

TEST_CASE("big-integer BConv reference satisfies the CRT", "[bconv]") {
  const std::vector<uint64_t> from = ntt_primes(28, 1024, 4);
  std::vector<uint32_t> x = {1, 2, 3, 4};
  for (size_t i = 0; i < from.size(); ++i) x[i] = static_cast<uint32_t>((x[i] * 7777777) % from[i]);
  // Converting to the primes themselves gives x back (v = x + e*Q is x mod each q_i).
  CHECK(bconv_reference(x, from, from) == x);
  BigUint big(1);
  big.mul_small(4000000000u).mul_small(4000000000u).add(BigUint(5));
  const unsigned __int128 exact = static_cast<unsigned __int128>(4000000000u) * 4000000000u + 5;
  for (uint32_t m : {7u, 268369921u, 4294967291u}) CHECK(big.mod_small(m) == uint32_t(exact % m));
}

TEST_CASE("BConv trace equals exact CRT arithmetic, CROSS shapes at small N",
          "[bconv][functional]") {
  std::mt19937_64 rng(12);
  for (auto [l_in, l_out] : {std::pair{12, 28}, {3, 5}, {20, 48}}) {
    BconvParams p;
    p.n = 256;
    const auto primes = ntt_primes(28, p.n, l_in + l_out);
    p.from.assign(primes.begin(), primes.begin() + l_in);
    p.to.assign(primes.begin() + l_in, primes.end());
    p.batch = 2;
    const NttLowering low = lower_bconv(p, {uint64_t(400) * 1024, uint64_t{1} << 30}, true);
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
    for (int item = 0; item < p.batch; ++item) {
      for (uint64_t c = 0; c < p.n; c += 7) {
        std::vector<uint32_t> column;
        for (int i = 0; i < l_in; ++i) column.push_back(in[{item, i}][c]);
        const auto ref = bconv_reference(column, p.from, p.to);
        for (int j = 0; j < l_out; ++j) REQUIRE(out[{item, j}][c] == ref[j]);
      }
    }
    // MXU work: N * 16 * l_in * l_out int8 MACs per polynomial.
    uint64_t macs = 0;
    for (const Instr& in_ : low.trace.instrs) {
      if (in_.op == Opcode::kMatmulU8) macs += uint64_t{in_.m} * in_.n * in_.k;
    }
    CHECK(macs == p.n * p.batch * 16 * uint64_t(l_in) * l_out);
  }
}

TEST_CASE("a corrupted BAT constant is caught by the functional check", "[bconv][functional]") {
  BconvParams p;
  p.n = 64;
  const auto primes = ntt_primes(28, p.n, 5);
  p.from.assign(primes.begin(), primes.begin() + 2);
  p.to.assign(primes.begin() + 2, primes.end());
  NttLowering low = lower_bconv(p, kRoomy, true);
  for (auto& c : low.trace.constants) {
    if (c.data.size() == 16 * 2 * 3) c.data[5] ^= 1;  // the BAT matrix
  }
  FunctionalMachine fm(low.trace);
  std::mt19937_64 rng(13);
  std::map<int, std::vector<uint32_t>> in;
  for (const IoSlice& s : low.trace.inputs) {
    in[s.limb] = random_limb(p.n, p.from[s.limb], rng);
    fm.write(s, in[s.limb]);
  }
  fm.run();
  int wrong = 0;
  for (const IoSlice& s : low.trace.outputs) {
    const auto out = fm.read(s, p.n);
    for (uint64_t c = 0; c < p.n; ++c) {
      if (out[c] != bconv_reference({in[0][c], in[1][c]}, p.from, p.to)[s.limb]) ++wrong;
    }
  }
  CHECK(wrong > 0);
}
