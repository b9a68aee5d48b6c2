// DMA transfers are named after the computation they feed or drain (as a TPU profile counts an
// operation's own HBM traffic), except pure copies.
#include <catch2/catch.hpp>

#include "trace/trace_builder.hpp"
#include "workloads/kernels/cross_categories.hpp"
#include "workloads/kernels/kernel_registry.hpp"
#include "workloads/kernels/transfer_attribution.hpp"

using namespace hesa;

TEST_CASE("a load takes its reader's step, a store its writer's, a copy stays a copy",
          "[categories]") {
  TraceBuilder b;
  const int x = b.buffer("hbm.x", Space::kHbm, DType::kU32, 64);
  const int y = b.buffer("hbm.y", Space::kHbm, DType::kU32, 64);
  const int v = b.buffer("vmem.v", Space::kVmem, DType::kU32, 64);
  const int w = b.buffer("vmem.w", Space::kVmem, DType::kU32, 64);
  b.emit(Instr{.op = Opcode::kLoad, .dst = v, .a = x, .tag = b.tag("k/load")});
  b.emit(Instr{.op = Opcode::kModMulVec,
               .dst = w,
               .a = v,
               .b = v,
               .m = 64,
               .n = 64,
               .q = 97,
               .tag = b.tag("k/modmul")});
  b.emit(Instr{.op = Opcode::kStore, .dst = y, .a = w, .tag = b.tag("k/store")});
  b.emit(Instr{.op = Opcode::kLoad, .dst = v, .a = y, .tag = b.tag("k/load")});
  b.emit(Instr{.op = Opcode::kStore, .dst = x, .a = v, .tag = b.tag("k/store")});
  b.emit(Instr{.op = Opcode::kLoad, .dst = w, .a = x, .tag = b.tag("other/load")});
  b.emit(Instr{.op = Opcode::kNttStage,
               .dst = w,
               .a = w,
               .b = w,
               .m = 64,
               .n = 64,
               .k = 1,
               .q = 97,
               .tag = b.tag("j/butterfly")});
  Trace t = b.take();
  attribute_transfers(t);
  const auto tag = [&](size_t i) { return t.tags[t.instrs[i].tag]; };
  CHECK(tag(0) == "k/modmul.load");
  CHECK(tag(2) == "k/modmul.store");
  CHECK(tag(3) == "k/load");  // read only by a store: a copy
  CHECK(tag(4) == "k/store");
  CHECK(tag(5) == "j/butterfly.load");  // fused across kernels: the computation's kernel
  CHECK(category_of(tag(0)) == Category::kVectorModOps);
  CHECK(category_of(tag(4)) == Category::kCopyReshape);
}
