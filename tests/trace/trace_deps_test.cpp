// Dependencies derived by the trace builder: a write waits for every earlier reader and writer of
// its range, listed once each, in increasing order (merged from the per-buffer use lists).
#include <catch2/catch.hpp>

#include "trace/trace_builder.hpp"

using namespace hesa;

TEST_CASE("a write after many reads depends on each reader once, in order", "[trace]") {
  TraceBuilder b;
  const uint64_t n = 1024;
  const int x = b.buffer("x", Space::kVmem, DType::kU32, n);
  const int y = b.buffer("y", Space::kVmem, DType::kU32, n);
  const auto op = [&](int dst, int a, int c) {
    return b.emit(Instr{
        .op = Opcode::kModMulVec, .dst = dst, .a = a, .b = c, .m = n, .n = n, .q = 268369921});
  };
  const uint32_t w0 = op(x, y, y);  // writes x
  std::vector<uint32_t> readers;
  for (int i = 0; i < 5; ++i) readers.push_back(op(y, x, x));  // read x (and write y)
  const uint32_t w1 = op(x, y, y);                             // reads y, writes x
  const auto span = b.trace().instrs.deps(w1);
  const std::vector<uint32_t> deps(span.begin(), span.end());
  // w0 (last writer of x) and every reader of x; the readers also wrote y, which w1 reads.
  std::vector<uint32_t> want = {w0};
  want.insert(want.end(), readers.begin(), readers.end());
  CHECK(deps == want);
  CHECK(std::is_sorted(deps.begin(), deps.end()));
}
