// The tile rule of trace/tile_layout.hpp: arrays padded to whole (sublanes x 32/bits) x lanes
// tiles, dimensions of size 1 dropped, one-dimensional arrays as rows of lanes; which array each
// opcode works through; and Instr::cols through the packed list and the text format.
#include <catch2/catch.hpp>

#include "trace/tile_layout.hpp"
#include "trace/trace_builder.hpp"
#include "trace/trace_io.hpp"
#include "trace/vpu_op_mix.hpp"

using namespace hesa;

TEST_CASE("arrays are padded to whole sublanes x lanes tiles", "[trace][tiles]") {
  // u32 [.., 32]: a quarter of the 128 lanes used.
  CHECK(tiled_elements({1, 64, 32, 32}, 128, 8) == 64 * 128);
  CHECK(tiled_elements({1, 64, 128, 32}, 128, 8) == 64 * 128);
  CHECK(tiled_elements({1, 64, 200, 32}, 128, 8) == 64 * 256);
  // Rows to a multiple of the sublanes, per leading index.
  CHECK(tiled_elements({3, 5, 128, 32}, 128, 8) == 3 * 8 * 128);
  // Narrower types pack more rows into a word: u8 tiles have 32 rows.
  CHECK(tiled_elements({1, 40, 128, 8}, 128, 8) == 64 * 128);
  CHECK(tiled_elements({1, 40, 128, 16}, 128, 8) == 48 * 128);
  // Dimensions of size 1 are dropped; a vector is rows of lanes.
  CHECK(tiled_elements({1, 1000, 1, 32}, 128, 8) == 1024);
  CHECK(tiled_elements({1, 1, 1000, 32}, 128, 8) == 1024);
  CHECK(tiled_elements({4, 1, 256, 32}, 128, 8) == 8 * 256);
  // The tile follows the chip's vector registers.
  CHECK(tiled_elements({1, 64, 32, 32}, 32, 8) == 64 * 32);
}

TEST_CASE("each VPU and XLU opcode is tiled by the array it works through", "[trace][tiles]") {
  const auto vpu = [](const Instr& in) { return vpu_tiled_elements(in, 128, 8); };
  // Element-wise ops: rows of Instr::cols, or flat.
  CHECK(vpu(Instr{.op = Opcode::kModMulVec, .m = 4096, .n = 1, .cols = 256}) == 4096);
  CHECK(vpu(Instr{.op = Opcode::kModMulVec, .m = 4096, .n = 1, .cols = 32}) == 4 * 4096);
  CHECK(vpu(Instr{.op = Opcode::kModAddVec, .m = 4096, .n = 1}) == 4096);
  CHECK(vpu(Instr{.op = Opcode::kModAddVec, .m = 100, .n = 1}) == 1024);  // one whole vreg
  // Splits their u32 input [g, r, c]; merges their u32 output.
  CHECK(vpu(Instr{.op = Opcode::kSplitBytesRows, .m = 2, .n = 8, .k = 64}) == 2 * 8 * 128);
  CHECK(vpu(Instr{.op = Opcode::kMergeRows, .m = 1, .n = 12, .k = 512}) == 16 * 512);
  CHECK(vpu(Instr{.op = Opcode::kMergeCols, .m = 4096, .n = 1}) == 4096);  // [E, 1]: a vector
  CHECK(vpu(Instr{.op = Opcode::kSplitBytesCols, .m = 256, .n = 64}) == 256 * 128);
  // Every tiled count covers the elements.
  for (const Instr& in : {Instr{.op = Opcode::kNttStage, .m = 2048, .n = 1024, .k = 4},
                          Instr{.op = Opcode::kMergeShoup, .m = 77, .cols = 8}}) {
    CHECK(vpu(in) >= vpu_elements(in));
  }
  // A transpose pays for the larger of its input and output tiles.
  CHECK(xlu_tiled_elements(Instr{.op = Opcode::kTranspose, .m = 1, .n = 256, .k = 256}, 128, 8) ==
        65536);
  CHECK(xlu_tiled_elements(Instr{.op = Opcode::kTranspose, .m = 1, .n = 8, .k = 256}, 128, 8) ==
        256 * 128);  // [8, 256] -> [256, 8]: the output uses 8 of 128 lanes
}

TEST_CASE("cols is kept by the trace, its text format and the builder's default",
          "[trace][tiles]") {
  TraceBuilder b;
  const int x = b.buffer("vmem.x", Space::kVmem, DType::kU32, 4096);
  const int c = b.buffer("vmem.c", Space::kVmem, DType::kU32, 1);
  b.set_cols(64);
  b.emit(Instr{.op = Opcode::kModMulVec, .dst = x, .a = x, .b = c, .m = 4096, .n = 1, .q = 97});
  b.emit(Instr{
      .op = Opcode::kModAddVec, .dst = x, .a = x, .b = c, .m = 4096, .n = 1, .q = 97, .cols = 512});
  b.emit(Instr{.op = Opcode::kSplitBytesCols, .dst = x, .a = x, .m = 8, .n = 64});
  const Trace t = b.take();
  CHECK(t.instrs[0].cols == 64);   // the builder's
  CHECK(t.instrs[1].cols == 512);  // its own
  CHECK(t.instrs[2].cols == 0);    // a shape of its own
  const std::string text = write_trace(t);
  CHECK(text.find(" cols=64") != std::string::npos);
  const Trace back = parse_trace(text, "t.trace");
  for (size_t i = 0; i < t.instrs.size(); ++i) CHECK(back.instrs[i].cols == t.instrs[i].cols);
  CHECK(write_trace(back) == text);
}

TEST_CASE("the parser refuses cols that are no power of two or on a shaped opcode",
          "[trace][tiles]") {
  const std::string head = "hesa-trace 2\nbuffer x vmem u32 4096\nbuffer c vmem u32 1\n0 vpu ";
  const auto error = [&](const std::string& instr) {
    try {
      parse_trace(head + instr + "\nend\n", "t.trace");
    } catch (const TraceError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("modmul dst=x a=x b=c m=4096 n=1 q=97 cols=64").empty());
  CHECK(error("modmul dst=x a=x b=c m=4096 n=1 q=97 cols=48")
            .find("cols: expected a power of two, got 48") != std::string::npos);
  CHECK(error("modmul dst=x a=x b=c m=4096 n=1 q=97 cols=0").find("power of two") !=
        std::string::npos);
  CHECK(error("split_cols dst=x a=x m=8 n=64 cols=64")
            .find("split_cols takes its tiles from its shape, not cols") != std::string::npos);
}
