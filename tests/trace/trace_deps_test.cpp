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

TEST_CASE("partial overwrites retire the uses they cover: dependency lists stay bounded",
          "[trace]") {
  // x read whole and rewritten half by half, many times (a staging buffer refilled in chunks):
  // each write waits for the reads since that half was last written and for that write, not
  // for every read since the first.
  TraceBuilder b;
  const uint32_t n = 4096, half = n / 2;
  const int x = b.buffer("x", Space::kVmem, DType::kU32, n);
  const int y = b.buffer("y", Space::kVmem, DType::kU32, n);
  const int z = b.buffer("z", Space::kVmem, DType::kU32, n);
  std::vector<uint32_t> reads, writes;
  for (int i = 0; i < 200; ++i) {
    reads.push_back(b.emit(
        Instr{.op = Opcode::kModAddVec, .dst = z, .a = x, .b = x, .m = n, .n = n, .q = 268369921}));
    writes.push_back(b.emit(Instr{.op = Opcode::kModMulVec,
                                  .dst = x,
                                  .a = y,
                                  .b = y,
                                  .m = half,
                                  .n = half,
                                  .q = 268369921,
                                  .dst_off = (i % 2) * half}));
  }
  const auto& instrs = b.trace().instrs;
  for (size_t i = 2; i < writes.size(); ++i) {
    INFO(i);
    // That half's last write and the two reads since.
    const auto span = instrs.deps(writes[i]);
    CHECK(std::vector<uint32_t>(span.begin(), span.end()) ==
          std::vector<uint32_t>{writes[i - 2], reads[i - 1], reads[i]});
  }
}
