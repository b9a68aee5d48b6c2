// The lowering states the minor dimension of the arrays its element-wise steps process (the NTT
// layout's columns), so the VPU pays for narrow layouts: an NTT laid out as 1024 x 64 uses half
// of the 128 lanes on its element-wise steps, one laid out as 256 x 256 all of them; a basis
// conversion's merges run once over all target rows.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/workloads/lowering_fixtures.hpp"
#include "trace/tile_layout.hpp"
#include "trace/vpu_op_mix.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/modmath.hpp"

using namespace hesa;

namespace {

struct Work {
  uint64_t elements = 0, tiled = 0;
};

Work vpu_work(const Trace& t) {
  Work w;
  for (size_t i = 0; i < t.instrs.size(); ++i) {
    if (t.instrs.unit(i) != UnitKind::kVpu) continue;
    const Instr in = t.instrs[i];
    w.elements += vpu_elements(in);
    w.tiled += vpu_tiled_elements(in, 128, 8);
  }
  return w;
}

}  // namespace

TEST_CASE("an NTT's element-wise steps are tiled by the layout's columns", "[tiles][lowering]") {
  const uint64_t n = 65536;
  NttParams p;
  p.n = n;
  p.primes = ntt_primes(28, n, 2);
  p.psi.assign(2, 0);
  p.batch = 1;
  p.rows = 256;
  p.cols = 256;
  const NttLowering square = lower_ntt(p, test::kRoomy, false);
  p.rows = 1024;
  p.cols = 64;
  const NttLowering narrow = lower_ntt(p, test::kRoomy, false);
  for (const Instr& in : narrow.trace.instrs) {
    if (takes_cols(in.op)) CHECK(in.cols == 64);
  }
  const Work s = vpu_work(square.trace), w = vpu_work(narrow.trace);
  CHECK(s.tiled == s.elements);
  CHECK(w.elements == s.elements);
  CHECK(w.tiled == 2 * w.elements);  // 64 of 128 lanes on every step
}

TEST_CASE("a basis conversion merges a vector register's rows of targets at a time",
          "[tiles][lowering]") {
  BconvParams p;
  p.n = 4096;
  const std::vector<uint64_t> primes = ntt_primes(28, p.n, 20);
  p.from.assign(primes.begin(), primes.begin() + 8);
  p.to.assign(primes.begin() + 8, primes.end());  // 12 targets
  p.batch = 1;
  p.vreg_rows = 8;
  const NttLowering low = lower_bconv(p, test::kRoomy, false);
  int full = 0, rest = 0;
  for (const Instr& in : low.trace.instrs) {
    if (in.op != Opcode::kMergeRows) continue;
    REQUIRE(in.b >= 0);  // with its rows' moduli
    CHECK(in.b_off == in.group);
    if (in.group == 0) {
      CHECK(in.n == 8);
      ++full;
    } else {
      CHECK(in.group == 8);
      CHECK(in.n == 4);
      ++rest;
    }
    CHECK(in.q == *std::max_element(p.to.begin() + in.group, p.to.begin() + in.group + in.n));
    CHECK(vpu_tiled_elements(in, 128, 8) == 8 * uint64_t{in.k});  // 4 rows pad to 8
  }
  CHECK(full > 0);
  CHECK(full == rest);
}
