// The timeline recorder (bounded slices, busy-interval unions) and the tag -> CROSS category table.
#include <catch2/catch.hpp>

#include "models/common/timeline.hpp"
#include "workloads/kernels/kernel_registry.hpp"

using namespace hesa;

TEST_CASE("a slice track merges adjacent slices in pairs once it holds twice its limit",
          "[timeline]") {
  SliceTrack t("mxu", 4);
  for (uint32_t i = 0; i < 7; ++i) t.add(i, i < 4 ? 1 : 2, i < 4 ? 1 : 2, 10.0 * i, 10.0 * i + 4);
  CHECK_FALSE(t.merged());
  REQUIRE(t.slices().size() == 7);
  t.add(7, 2, 2, 70, 74);  // the 8th slice: 2 x limit, halved to 4
  CHECK(t.merged());
  REQUIRE(t.slices().size() == 4);
  const Slice& first = t.slices()[0];
  CHECK(first.instr == 0);
  CHECK(first.count == 2);
  CHECK(first.tag == 1);
  CHECK(first.start_ns == 0);
  CHECK(first.end_ns == 14);
  CHECK(first.busy_ns == 8);
  CHECK(first.class_busy_ns[1] == 8);
  CHECK(first.class_busy_ns[2] == 0);
  CHECK(t.slices()[2].tag == 2);
  // Slices 3 (tag 1) and 4 (tag 2) never share a pair; the total count is kept.
  uint32_t count = 0;
  for (const Slice& s : t.slices()) count += s.count;
  CHECK(count == 8);
  // Later slices merge as many instructions as the earlier ones: the resolution stays uniform.
  t.add(8, 2, 2, 80, 84);
  t.add(9, 3, 3, 90, 94);
  REQUIRE(t.slices().size() == 5);
  CHECK(t.slices()[4].instr == 8);
  CHECK(t.slices()[4].count == 2);
  CHECK(t.slices()[4].tag == kMixedTag);
  CHECK(t.slices()[4].end_ns == 94);
  CHECK(t.slices()[4].busy_ns == 8);
  CHECK(t.slices()[4].class_busy_ns[2] == 4);
  CHECK(t.slices()[4].class_busy_ns[3] == 4);
  t.add(10, 3, 3, 100, 104);
  CHECK(t.slices().size() == 6);
  SliceTrack mixed("vpu", 2);
  mixed.add(0, 1, 0, 0, 1);
  mixed.add(1, 2, 5, 1, 2);
  mixed.add(2, 1, 0, 2, 3);
  mixed.add(3, 1, 0, 3, 4);
  REQUIRE(mixed.slices().size() == 2);
  CHECK(mixed.slices()[0].tag == kMixedTag);
  CHECK(mixed.slices()[0].class_busy_ns[0] == 1);
  CHECK(mixed.slices()[0].class_busy_ns[5] == 1);
  CHECK(mixed.slices()[1].tag == 1);
}

TEST_CASE("coverage is the length of the union of intervals given in start order", "[timeline]") {
  Coverage c;
  c.add(0, 10);
  c.add(5, 12);   // overlaps: union 0..12
  c.add(12, 13);  // touches: 0..13
  c.add(20, 25);
  c.add(21, 22);  // inside
  c.add(30, 30);  // empty
  CHECK(c.total_ns() == Approx(18));
  Timeline tl({{0, 2}, {1, 2}}, 3, 100);
  const int a = tl.add_track("a"), b = tl.add_track("b");
  tl.record(a, 0, 0, 0, 10, true);
  tl.record(b, 1, 1, 5, 8, true);
  tl.record(b, 2, 1, 20, 30, false);  // not busy time: a slice, no coverage
  CHECK(tl.coverage_ns(0) == Approx(10));
  CHECK(tl.coverage_ns(1) == Approx(3));
  CHECK(tl.coverage_ns(2) == Approx(10));
  CHECK(tl.lanes()[1].slices->slices().size() == 2);
}

TEST_CASE("trace tags map to the CROSS time-breakdown categories", "[timeline]") {
  const std::vector<std::pair<std::string, Category>> cases = {
      {"ntt/matmul_rows", Category::kNttMatmul},
      {"ntt/matmul_cols", Category::kNttMatmul},
      {"intt/matmul_rows", Category::kInttMatmul},
      {"ntt/ntt_matmul_rows", Category::kNttMatmul},
      {"mod_up/intt_matmul_cols", Category::kInttMatmul},
      {"rescale/ntt_matmul_cols", Category::kNttMatmul},
      {"mod_down/bconv_matmul", Category::kBconvMatmul},
      {"mod_down/modsub", Category::kVectorModOps},
      {"he_rotate/permute", Category::kPermutation},
      {"bconv/matmul", Category::kBconvMatmul},
      {"keyswitch/matmul_x", Category::kOther},
      {"ntt/twist", Category::kVectorModOps},
      {"ntt/twiddle", Category::kVectorModOps},
      {"intt/reduce", Category::kVectorModOps},
      {"hmul/modmul", Category::kVectorModOps},
      {"hadd/modadd", Category::kVectorModOps},
      {"ntt/convert", Category::kTypeConversion},
      {"ntt/load", Category::kCopyReshape},
      {"ntt/load_constants", Category::kCopyReshape},
      {"ntt/store", Category::kCopyReshape},
      {"rot/copy", Category::kCopyReshape},
      {"rot/permute", Category::kPermutation},
      {"rot/automorph", Category::kPermutation},
      {"ntt/frobnicate", Category::kOther},
      {"other", Category::kOther},
  };
  for (const auto& [tag, cat] : cases) {
    INFO(tag);
    CHECK(category_of(tag) == cat);
  }
  CHECK(kernel_of("ntt/matmul_rows") == "ntt");
  CHECK(kernel_of("other") == "other");
  CHECK(std::string(category_label(Category::kInttMatmul)) == "INTT matmul");
  CHECK(std::string(category_id(Category::kCopyReshape)) == "copy_reshape");
}

TEST_CASE("the profile split charges each busy moment to the classes busy then, equally",
          "[timeline]") {
  SplitShare s(3);
  s.add(0, 0, 10);   // class 0 alone on [0, 5), with class 1 on [5, 10)
  s.add(1, 5, 15);   // class 1 alone on [10, 15)
  s.add(1, 6, 8);    // a second class-1 interval does not give class 1 a bigger part
  s.add(2, 20, 24);  // [15, 20) idle: charged to none
  s.finish();
  CHECK(s.ns(0) == Approx(5 + 2.5));
  CHECK(s.ns(1) == Approx(2.5 + 5));
  CHECK(s.ns(2) == Approx(4));
  CHECK(s.ns(0) + s.ns(1) + s.ns(2) == Approx(19));  // the busy time, idle excluded
}

TEST_CASE("the timeline's profile split adds up to the time some class is busy", "[timeline]") {
  Timeline tl({{0, 2}, {1, 2}}, 3, 100);
  const int a = tl.add_track("a"), b = tl.add_track("b");
  tl.record(a, 0, 0, 0, 100, true);
  tl.record(b, 1, 1, 50, 150, true);
  tl.record(b, 2, 1, 160, 170, false);  // not busy (a shared port): not charged
  CHECK(tl.split_ns(0) == Approx(75));
  CHECK(tl.split_ns(1) == Approx(75));
  CHECK(tl.split_ns(0) + tl.split_ns(1) == Approx(tl.coverage_ns(2)));
}

TEST_CASE("overlapping slices of a track go to lanes, and no two slices of a lane overlap",
          "[timeline]") {
  Timeline tl({{0}}, 1, 100);
  const int hbm = tl.add_track("hbm");
  const int vpu = tl.add_track("vpu");
  tl.record(hbm, 0, 0, 0, 10, false);
  tl.record(hbm, 1, 0, 5, 15, false);   // overlaps the first: lane 1
  tl.record(hbm, 2, 0, 10, 12, false);  // lane 0 is free again at 10
  tl.record(hbm, 3, 0, 11, 20, false);  // lanes 0 (to 12) and 1 (to 15) are busy: lane 2
  tl.record(vpu, 4, 0, 0, 3.0000004, true);
  tl.record(vpu, 5, 0, 3, 4, true);  // 0.4 ps before the last end: rounding, the same lane
  const std::vector<TimelineLane> lanes = tl.lanes();
  REQUIRE(lanes.size() == 4);
  CHECK(lanes[0].name == "hbm lane 0");
  CHECK(lanes[2].name == "hbm lane 2");
  CHECK(lanes[3].name == "vpu");
  CHECK(lanes[2].track == hbm);
  CHECK(lanes[0].slices->slices().size() == 2);
  CHECK(lanes[1].slices->slices().size() == 1);
  CHECK(lanes[2].slices->slices().size() == 1);
  REQUIRE(lanes[3].slices->slices().size() == 2);
  CHECK(lanes[3].slices->slices()[1].start_ns == 3.0000004);
  for (const TimelineLane& lane : lanes) {
    const auto& s = lane.slices->slices();
    for (size_t i = 1; i < s.size(); ++i) CHECK(s[i - 1].end_ns <= s[i].start_ns);
  }
  // Per instruction: when it ran on which track, and whether its HBM side ended last.
  const SpanTable& spans = tl.spans();
  REQUIRE(spans.size() == 6);
  CHECK(spans[1].track == -1);  // HBM time alone is not a unit's
  CHECK_FALSE(spans[4].hbm_last);
  CHECK(spans[4].track == vpu);
  CHECK(spans[4].end_ns == 3.0000004);
  CHECK(spans[5].start_ns == 3);
}

TEST_CASE("a transfer's span says whether its HBM side ended last, recorded before or after it",
          "[timeline]") {
  Timeline tl({{0}}, 1, 100);
  const int hbm = tl.add_track("hbm"), dma = tl.add_track("dma");
  tl.record(hbm, 0, 0, 0, 10, false);  // HBM side first, ends with the transfer
  tl.record(dma, 0, 0, 0, 10, true);
  tl.record(hbm, 1, 0, 0, 4, false);  // HBM side done well before the engine
  tl.record(dma, 1, 0, 0, 10, true);
  tl.record(dma, 2, 0, 0, 10, true);  // the engine first, then two HBM parts: the later one last
  tl.record(hbm, 2, 0, 0, 3, false);
  tl.record(hbm, 2, 0, 3, 10, false);
  tl.record(dma, 3, 0, 0, 10, true);  // no HBM side
  const SpanTable& s = tl.spans();
  REQUIRE(s.size() == 4);
  CHECK(s[0].hbm_last);
  CHECK_FALSE(s[1].hbm_last);
  CHECK(s[1].end_ns == 10);  // the engine's end, not the HBM side's
  CHECK(s[2].hbm_last);
  CHECK_FALSE(s[3].hbm_last);
  for (size_t i = 0; i < s.size(); ++i) CHECK(s[i].track == dma);
}
