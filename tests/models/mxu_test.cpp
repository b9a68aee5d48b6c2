// The MXU cost model: the closed form against the SCALE-Sim weight-stationary formula across many
// shapes, modes and array sizes, and against a cycle-stepped reference of a small WS array that
// moves every operand and partial sum register by register.
#include <catch2/catch.hpp>

#include <random>

#include "models/mxu/mxu_cost.hpp"
#include "trace/instr_work.hpp"

using namespace hesa;

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

MxuConfig array(int rows, int cols, bool dbl, double int8_rate = 1, double bf16_rate = 1) {
  MxuConfig m;
  m.rows = rows;
  m.cols = cols;
  m.double_buffered_weights = dbl;
  m.int8_macs_per_pe_cycle = int8_rate;
  m.bf16_macs_per_pe_cycle = bf16_rate;
  return m;
}

// A cycle-stepped weight-stationary array of R x C PEs. Weights of a fold load one row per cycle
// (R cycles); streamed row t of a fold enters PE row r at cycle s + t + r (skewed); each cycle a
// PE passes its input to the right and its partial sum down, so output (t, c) leaves the bottom of
// column c. Row folds accumulate into the output. Without double buffering a fold's weights load
// after the previous fold has drained; with it they load into shadow registers as soon as the
// previous fold starts streaming, and a fold streams once its weights are in and the previous
// fold's last row has entered.
struct Stepped {
  uint64_t cycles = 0;
  std::vector<int64_t> out;  // M x N
};

Stepped stepped_ws(int R, int C, bool dbl, int M, int K, int N, const std::vector<int>& A,
                   const std::vector<int>& W) {
  struct Fold {
    int kf, nf;
    int64_t start;  // first cycle of streaming
  };
  std::vector<Fold> folds;
  for (int kf = 0; kf < (K + R - 1) / R; ++kf)
    for (int nf = 0; nf < (N + C - 1) / C; ++nf) folds.push_back({kf, nf, 0});
  const auto weight = [&](const Fold& f, int r, int c) {
    const int k = f.kf * R + r, n = f.nf * C + c;
    return k < K && n < N ? W[k * N + n] : 0;
  };
  const auto input = [&](const Fold& f, int t, int r) {
    const int k = f.kf * R + r;
    return k < K ? A[t * K + k] : 0;
  };
  struct Reg {
    bool valid = false;
    int fold = 0, t = 0;
    int64_t value = 0;
  };
  Stepped s;
  s.out.assign(M * N, 0);
  // Simulates folds [first, last] from cycle `from`; returns the cycle after the last output.
  const auto simulate = [&](size_t first, size_t last, int64_t from) {
    std::vector<Reg> a(R * C), p(R * C);
    int64_t end = from;
    size_t outputs = 0;
    const size_t expected = (last - first + 1) * size_t(M) * C;
    for (int64_t cycle = from; outputs < expected; ++cycle) {
      std::vector<Reg> na(R * C), np(R * C);
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          Reg in;
          if (c == 0) {
            for (size_t f = first; f <= last; ++f) {
              const int64_t t = cycle - folds[f].start - r;
              if (t >= 0 && t < M) in = {true, int(f), int(t), input(folds[f], int(t), r)};
            }
          } else {
            in = a[r * C + c - 1];
          }
          na[r * C + c] = in;
          if (!in.valid) continue;
          Reg sum = r == 0 ? Reg{true, in.fold, in.t, 0} : p[(r - 1) * C + c];
          REQUIRE(sum.valid);  // the skew lines each input up with its partial sum
          REQUIRE(sum.fold == in.fold);
          REQUIRE(sum.t == in.t);
          sum.value += in.value * weight(folds[in.fold], r, c);
          np[r * C + c] = sum;
        }
      }
      for (int c = 0; c < C; ++c) {
        const Reg& o = np[(R - 1) * C + c];
        if (!o.valid) continue;
        const int n = folds[o.fold].nf * C + c;
        if (n < N) s.out[o.t * N + n] += o.value;
        ++outputs;
        end = cycle + 1;
      }
      a.swap(na);
      p.swap(np);
    }
    return end;
  };
  if (dbl) {
    int64_t load = 0;
    for (size_t f = 0; f < folds.size(); ++f) {
      folds[f].start = load + R;
      if (f > 0) folds[f].start = std::max(folds[f].start, folds[f - 1].start + M);
      load = folds[f].start;  // the shadow registers free up once this fold streams
    }
    s.cycles = simulate(0, folds.size() - 1, 0);
  } else {
    int64_t t = 0;
    for (size_t f = 0; f < folds.size(); ++f) {
      folds[f].start = t + R;
      t = simulate(f, f, t);
    }
    s.cycles = t;
  }
  return s;
}

}  // namespace

TEST_CASE("MXU closed form equals the SCALE-Sim WS formula on 128 and 256 arrays, int8 and bf16",
          "[mxu]") {
  int shapes = 0;
  for (int dim : {128, 256}) {
    for (double int8_rate : {1.0, 2.0}) {
      for (uint64_t m : {1, 8, 100, 128, 1000, 4096}) {
        for (uint64_t k : {64, 128, 200, 1024}) {
          for (uint64_t n : {32, 256, 300}) {
            const GemmShape s{m, k, n};
            const uint64_t R = dim, C = dim, folds = ceil_div(k, R) * ceil_div(n, C);
            for (bool int8 : {true, false}) {
              const double rate = int8 ? int8_rate : 1.0;
              const uint64_t T = ceil_div(m, static_cast<uint64_t>(rate));
              MxuConfig single = array(dim, dim, false, int8_rate, 1);
              const MxuCost c1 = mxu_gemm_cost(single, s, int8);
              CHECK(c1.folds == folds);
              CHECK(c1.cycles == double(folds * (2 * R + C + T - 2)));
              CHECK(c1.macs == m * k * n);
              const double u = mxu_utilization(single, c1, int8);
              CHECK(u == Approx(double(m * k * n) / (c1.cycles * R * C * rate)));
              CHECK(u <= 1.0);
              MxuConfig dbl = array(dim, dim, true, int8_rate, 1);
              const MxuCost c2 = mxu_gemm_cost(dbl, s, int8);
              CHECK(c2.cycles == double(R + (folds - 1) * std::max(T, R) + T + R + C - 2));
              CHECK(c2.cycles <= c1.cycles);
              ++shapes;
            }
          }
        }
      }
    }
  }
  CHECK(shapes >= 20);
}

TEST_CASE("the closed form equals a cycle-stepped WS array on small shapes", "[mxu]") {
  std::mt19937 rng(7);
  int checked = 0;
  for (auto [R, C] : {std::pair{4, 4}, {4, 3}, {3, 5}}) {
    for (int M : {1, 2, 5, 9}) {
      for (int K : {1, 4, 7, 9}) {
        for (int N : {1, 3, 4, 8}) {
          std::vector<int> A(M * K), W(K * N);
          for (auto& x : A) x = int(rng() % 256);
          for (auto& x : W) x = int(rng() % 256);
          std::vector<int64_t> expect(M * N, 0);
          for (int i = 0; i < M; ++i)
            for (int j = 0; j < N; ++j)
              for (int k = 0; k < K; ++k) expect[i * N + j] += int64_t{A[i * K + k]} * W[k * N + j];
          for (bool dbl : {false, true}) {
            INFO("R=" << R << " C=" << C << " M=" << M << " K=" << K << " N=" << N
                      << " double=" << dbl);
            const Stepped s = stepped_ws(R, C, dbl, M, K, N, A, W);
            CHECK(s.out == expect);
            const MxuCost c =
                mxu_gemm_cost(array(R, C, dbl), {uint64_t(M), uint64_t(K), uint64_t(N)}, true);
            CHECK(double(s.cycles) == c.cycles);
            ++checked;
          }
        }
      }
    }
  }
  CHECK(checked == 384);
}

TEST_CASE("partial tiles lower MXU utilization honestly", "[mxu]") {
  const MxuConfig m = array(128, 128, true, 1, 1);
  const auto util = [&](uint64_t M, uint64_t K, uint64_t N) {
    return mxu_utilization(m, mxu_gemm_cost(m, {M, K, N}, true), true);
  };
  // Full tiles and a long stream approach peak; one element too many costs a whole fold.
  CHECK(util(65536, 128, 128) > 0.99);
  CHECK(util(65536, 129, 128) == Approx(util(65536, 128, 128) * 129 / 256).epsilon(0.01));
  CHECK(util(65536, 128, 64) == Approx(util(65536, 128, 128) / 2).epsilon(1e-9));
  CHECK(util(8, 128, 128) < 0.03);  // fill and drain dominate a short stream
}

TEST_CASE("MXU VMEM traffic: weights once, the stream once per column fold, 32-bit results",
          "[mxu]") {
  const MxuConfig m = array(128, 128, true);
  const MxuTraffic i8 = mxu_vmem_traffic(m, {1000, 256, 300}, true);
  CHECK(i8.read_bytes == 256 * 300 + 3 * 1000 * 256);
  CHECK(i8.write_bytes == 4 * 1000 * 300);
  const MxuTraffic bf = mxu_vmem_traffic(m, {1000, 256, 300}, false);
  CHECK(bf.read_bytes == 2 * i8.read_bytes);
  CHECK(bf.write_bytes == i8.write_bytes);
}

TEST_CASE("bf16 runs at the bf16 rate, int8 at the int8 rate", "[mxu]") {
  const MxuConfig v6e = array(256, 256, true, 2, 1);
  const Instr i8{.op = Opcode::kMatmulU8, .m = 8192, .n = 256, .k = 256};
  Instr bf = i8;
  bf.op = Opcode::kMatmulBf16;
  CHECK(matmul_is_int8(i8));
  CHECK_FALSE(matmul_is_int8(bf));
  const double c8 = mxu_gemm_cost(v6e, gemm_shape(i8), true).cycles;
  const double c16 = mxu_gemm_cost(v6e, gemm_shape(bf), false).cycles;
  CHECK(c8 == 256 + 4096 + 256 + 256 - 2);
  CHECK(c16 == 256 + 8192 + 256 + 256 - 2);
}

TEST_CASE("a byte convolution: BAT's MACs per product, 7 partials out, taps as weight columns",
          "[mxu]") {
  // Step 1 of a Shoup NTT at 256 x 256 for 8 items: T [256 x 256] (stationary) against each
  // item's X [256 x 256]; the BAT matmul of the same product: [4R x 4R] bytes x [4R x gC].
  const uint32_t R = 256, C = 256, g = 8;
  const MxuConfig v6e = array(256, 256, true, 2, 1);
  const Instr conv{.op = Opcode::kConvU8, .m = R, .n = C, .k = R, .group = g, .a_stationary = true};
  const Instr bat{
      .op = Opcode::kMatmulU8, .m = 4 * R, .n = g * C, .k = 4 * R, .a_stationary = true};
  const GemmShape cs = conv_shape(conv);
  CHECK(cs.contraction == R);        // the feature dimension
  CHECK(cs.outputs == 4 * R);        // 4 taps x the stationary rows
  CHECK(cs.stream == 4ull * C * g);  // 4 byte rows per streamed column, every product
  // The same useful MACs as BAT per convolution, so the values and the companions take twice.
  CHECK(conv_macs(conv) == 16ull * R * C * R * g);
  CHECK(2 * conv_macs(conv) == 2 * instr_macs(bat));
  CHECK(cs.stream * cs.contraction * cs.outputs == conv_macs(conv));
  // 7 i32 partials per output instead of BAT's 4; the operands as bytes (u32 constants, not
  // BAT's 4x expanded matrix).
  const MxuTraffic ct = conv_vmem_traffic(v6e, conv);
  const MxuTraffic bt = mxu_vmem_traffic(v6e, gemm_shape(bat), true);
  CHECK(ct.write_bytes * 4 == bt.write_bytes * 7);
  CHECK(ct.read_bytes == 4ull * R * R + 4 * (4ull * C * g * R));
  // On one 256 x 256 array the convolution streams as long as the BAT matmul (4 folds of 4gC
  // rows against 16 folds of gC rows) and loads fewer weights.
  const double conv_cycles = mxu_gemm_cost(v6e, cs, true).cycles;
  const double bat_cycles = mxu_gemm_cost(v6e, gemm_shape(bat), true).cycles;
  CHECK(conv_cycles == 256 + 3 * (4.0 * C * g / 2) + 4.0 * C * g / 2 + 256 + 256 - 2);
  CHECK(conv_cycles <= bat_cycles);
  // With the other operand stationary (T3 against each item's rows), the rows stream.
  const Instr right{.op = Opcode::kConvU8, .m = g * R, .n = C, .k = C};
  CHECK(conv_shape(right).stream == 4ull * g * R);
  CHECK(conv_shape(right).outputs == 4ull * C);
}
