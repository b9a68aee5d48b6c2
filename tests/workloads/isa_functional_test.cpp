// Functional semantics of the instructions of CROSS's Shoup and Montgomery NTTs, one by one on
// hand-built traces: the byte convolution (layouts, shared operands), the Shoup merge and the lazy
// reductions.
#include <catch2/catch.hpp>

#include <random>

#include "trace/trace_builder.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/modmul_variants.hpp"
#include "workloads/reference/functional.hpp"

using namespace hesa;

namespace {

// A trace with buffers a, b (u32, holding the given values as constants) and dst (elems), and one
// instruction on them.
struct OneInstr {
  Trace trace;
  std::vector<uint64_t> run(Instr in, const std::vector<uint32_t>& a,
                            const std::vector<uint32_t>& b, uint64_t dst_elems) {
    TraceBuilder tb;
    const int ia = tb.buffer("a", Space::kVmem, DType::kU32, a.size(), tb.constant(a));
    const int ib = tb.buffer("b", Space::kVmem, DType::kU32, b.size(), tb.constant(b));
    const int id = tb.buffer("d", Space::kVmem, DType::kI32, dst_elems);
    in.a = ia;
    in.b = ib;
    in.dst = id;
    tb.emit(in);
    trace = tb.take();
    FunctionalMachine fm(trace);
    fm.run();
    const std::vector<uint32_t> v = fm.read({id, 0}, dst_elems);
    return std::vector<uint64_t>(v.begin(), v.end());
  }
};

std::vector<uint32_t> random_words(size_t n, std::mt19937_64& rng, uint64_t below = 1ull << 32) {
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = static_cast<uint32_t>(rng() % below);
  return v;
}

}  // namespace

TEST_CASE("conv_u8: 7 byte partials whose shifted sum is the exact product, in every layout",
          "[functional][isa]") {
  std::mt19937_64 rng(51);
  const uint32_t m = 5, k = 6, n = 3, groups = 2;
  for (bool a_stationary : {false, true}) {
    for (uint8_t dims :
         {uint8_t{0}, kConvLhsCnw, kConvOutCnw, uint8_t{kConvLhsCnw | kConvOutCnw}}) {
      const uint64_t a_count = a_stationary ? 1 : groups, b_count = a_stationary ? groups : 1;
      const std::vector<uint32_t> a = random_words(a_count * m * k, rng);
      const std::vector<uint32_t> b = random_words(b_count * k * n, rng);
      OneInstr t;
      const std::vector<uint64_t> d = t.run(Instr{.op = Opcode::kConvU8,
                                                  .m = m,
                                                  .n = n,
                                                  .k = k,
                                                  .group = groups,
                                                  .a_stationary = a_stationary,
                                                  .conv_dims = dims},
                                            a, b, uint64_t{groups} * m * n * 7);
      for (uint32_t h = 0; h < groups; ++h) {
        const uint32_t* A = a.data() + (a_stationary ? 0 : h * m * k);
        const uint32_t* B = b.data() + (a_stationary ? h * k * n : 0);
        for (uint32_t i = 0; i < m; ++i) {
          for (uint32_t j = 0; j < n; ++j) {
            unsigned __int128 exact = 0;
            for (uint32_t l = 0; l < k; ++l) {
              const uint64_t av = dims & kConvLhsCnw ? A[l * m + i] : A[i * k + l];
              exact += static_cast<unsigned __int128>(av) * B[l * n + j];
            }
            const uint64_t at =
                (dims & kConvOutCnw ? j * m + i : i * n + j) * 7 + uint64_t{h} * m * n * 7;
            unsigned __int128 sum = 0;
            for (int p = 0; p < 7; ++p) {
              CHECK(d[at + p] <= 4ull * 255 * 255 * k);
              sum += static_cast<unsigned __int128>(d[at + p]) << (8 * p);
            }
            INFO("a_stationary=" << a_stationary << " dims=" << int(dims));
            CHECK(sum == exact);
          }
        }
      }
    }
  }
}

TEST_CASE("merge_shoup: S - (S' >> 32) q mod 2^32 from 7 partials each, or that mod q",
          "[functional][isa]") {
  std::mt19937_64 rng(52);
  const uint64_t q = 268435399;
  const uint32_t elems = 50;
  // Partials of a dot product of h values by constants w and by their companions.
  std::vector<uint32_t> s(7 * elems), c(7 * elems);
  std::vector<uint32_t> expect(elems), expect_mod(elems);
  for (uint32_t i = 0; i < elems; ++i) {
    uint64_t sum = 0, companion = 0, exact = 0;
    for (int p = 0; p < 7; ++p) {
      s[7 * i + p] = static_cast<uint32_t>(rng() % (1u << 24));
      c[7 * i + p] = static_cast<uint32_t>(rng() % (1u << 24));
      sum += uint64_t{s[7 * i + p]} << (8 * p);
      companion += uint64_t{c[7 * i + p]} << (8 * p);
    }
    exact = sum - (companion >> 32) * q;
    expect[i] = static_cast<uint32_t>(exact);
    expect_mod[i] = static_cast<uint32_t>(expect[i] % q);
  }
  for (bool lazy : {true, false}) {
    OneInstr t;
    const auto d =
        t.run(Instr{.op = Opcode::kMergeShoup, .m = elems, .q = q, .lazy = lazy}, s, c, elems);
    for (uint32_t i = 0; i < elems; ++i) CHECK(d[i] == (lazy ? expect[i] : expect_mod[i]));
  }
  // On a real dot product the result is congruent to it (no wrap below 2^32).
  const uint32_t w = 123456789, x = 987654;
  const uint64_t sw = uint64_t{w} * x, sc = uint64_t{shoup_companion(w, q)} * x;
  CHECK(shoup_reduce(sw, sc, q) % q == sw % q);
}

TEST_CASE("lazy products and Montgomery merges reduce as CROSS does", "[functional][isa]") {
  std::mt19937_64 rng(53);
  const uint64_t q = 268435399;
  const Montgomery mont(q);
  const uint32_t elems = 200;
  const std::vector<uint32_t> a = random_words(elems, rng, 2 * q);  // lazy inputs, below 2q
  std::vector<uint32_t> w = random_words(elems, rng, q);
  for (bool lazy : {true, false}) {
    OneInstr t;
    const auto d = t.run(Instr{.op = Opcode::kModMulVec,
                               .reduction = Reduction::kMontgomery,
                               .m = elems,
                               .n = elems,
                               .q = q,
                               .lazy = lazy},
                         a, w, elems);
    for (uint32_t i = 0; i < elems; ++i) {
      const uint64_t z = uint64_t{a[i]} * w[i];
      // hi(z) + q - hi(t q), t = lo(z) q^-1: congruent to z 2^-32, in (0, 2q).
      CHECK(d[i] % q == mul_mod(z % q, inv_mod((uint64_t{1} << 32) % q, q), q));
      if (lazy) CHECK((d[i] > 0 && d[i] < 2 * q));
      if (!lazy) CHECK(d[i] < q);
    }
  }
  // Shoup by a constant with its companion: lazy stays below 2q, for any u32 input.
  std::vector<uint32_t> wc(w);
  for (uint32_t v : w) wc.push_back(shoup_companion(v, q));
  const std::vector<uint32_t> big = random_words(elems, rng);
  OneInstr t;
  const auto d = t.run(Instr{.op = Opcode::kModMulVec,
                             .reduction = Reduction::kShoup,
                             .m = elems,
                             .n = elems,
                             .q = q,
                             .lazy = true},
                       big, wc, elems);
  bool above = false;
  for (uint32_t i = 0; i < elems; ++i) {
    CHECK(d[i] < 2 * q);
    CHECK(d[i] % q == mul_mod(big[i], w[i], q));
    above |= d[i] >= q;
  }
  CHECK(above);
  // A Montgomery merge of BAT partials: hi(z) + q - hi(t q) on their shifted sum.
  const std::vector<uint32_t> parts = random_words(4 * elems, rng, 1u << 20);
  for (bool lazy : {true, false}) {
    OneInstr m;
    const auto r = m.run(Instr{.op = Opcode::kMergeCols,
                               .reduction = Reduction::kMontgomery,
                               .m = elems,
                               .n = 1,
                               .k = 1,
                               .q = q,
                               .lazy = lazy},
                         parts, parts, elems);
    for (uint32_t i = 0; i < elems; ++i) {
      uint64_t z = 0;
      for (int p = 0; p < 4; ++p) z += uint64_t{parts[4 * i + p]} << (8 * p);
      const uint32_t t32 = static_cast<uint32_t>(z) * (0u - mont.q_inv_neg);
      const auto cross = static_cast<uint32_t>((z >> 32) + q - ((uint64_t{t32} * q) >> 32));
      CHECK(r[i] == (lazy || cross < q ? cross : cross - q));
    }
  }
}
