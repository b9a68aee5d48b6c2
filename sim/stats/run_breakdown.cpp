#include "sim/stats/run_breakdown.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/config/chip_area.hpp"
#include "trace/instr_work.hpp"
#include "trace/trace_counts.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

static_assert(kCategories == kSliceClasses, "a slice splits its busy time by category");

TimelineGroups::TimelineGroups(const Trace& trace) {
  std::unordered_map<std::string, size_t> index;
  for (const std::string& tag : trace.tags) {
    const std::string k = kernel_of(tag);
    if (index.emplace(k, kernels.size()).second) kernels.push_back(k);
  }
  for (const std::string& tag : trace.tags) {
    const size_t k = index.at(kernel_of(tag));
    tag_groups.push_back({static_cast<uint32_t>(category_of(tag)),
                          static_cast<uint32_t>(kernel_group(k)),
                          static_cast<uint32_t>(any_group())});
  }
}

size_t TimelineGroups::kernel_group(size_t k) const {
  return kCategories + k;
}

size_t TimelineGroups::any_group() const {
  return kCategories + kernels.size();
}

namespace {

struct Work {
  double instrs = 0, busy_ns = 0, macs = 0, vpu_ops = 0, hbm_bytes = 0, ntts = 0, intts = 0;
};

double share(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

}  // namespace

void add_breakdown_stats(StatsNode& root, const ChipConfig& c, const Trace& trace, const Chip& sim,
                         const Timeline& timeline, double time_ns) {
  const TimelineGroups groups(trace);
  std::vector<Work> by_tag(trace.tags.size());
  for (const UnitModule* u : sim.units()) {
    for (size_t t = 0; t < by_tag.size(); ++t) by_tag[t].busy_ns += u->counters().busy_ns_by_tag[t];
  }
  std::vector<std::string> steps;  // per tag: the step after the kernel's '/'
  for (const std::string& tag : trace.tags) steps.push_back(tag.substr(tag.find('/') + 1));
  for (const Instr& in : trace.instrs) {
    Work& w = by_tag[in.tag];
    ++w.instrs;
    const TransformCount tc = transforms_of(in, steps[in.tag]);
    w.ntts += double(tc.ntts);
    w.intts += double(tc.intts);
    w.macs += double(instr_macs(in));
    w.vpu_ops += instr_vpu_ops(in);
    w.hbm_bytes += double(instr_hbm_bytes(trace, in));
  }
  std::vector<Work> by_cat(kCategories), by_kernel(groups.kernels.size());
  for (size_t t = 0; t < by_tag.size(); ++t) {
    for (uint32_t g : groups.tag_groups[t]) {
      Work* w = g < kCategories          ? &by_cat[g]
                : g < groups.any_group() ? &by_kernel[g - kCategories]
                                         : nullptr;
      if (!w) continue;
      w->instrs += by_tag[t].instrs;
      w->busy_ns += by_tag[t].busy_ns;
      w->macs += by_tag[t].macs;
      w->vpu_ops += by_tag[t].vpu_ops;
      w->hbm_bytes += by_tag[t].hbm_bytes;
      w->ntts += by_tag[t].ntts;
      w->intts += by_tag[t].intts;
    }
  }

  StatsNode& b = root.child("breakdown");
  b.set("any_busy_share", share(timeline.coverage_ns(groups.any_group()), time_ns), "fraction",
        "share of the elapsed time during which at least one unit is busy");
  StatsNode& cats = b.child("category");
  double split_total = 0;
  for (int i = 0; i < kCategories; ++i) split_total += timeline.split_ns(i);
  for (int i = 0; i < kCategories; ++i) {
    StatsNode& n = cats.child(category_id(static_cast<Category>(i)));
    n.set("busy", by_cat[i].busy_ns * c.clock_ghz, "cycles",
          std::string("busy cycles of ") + category_label(static_cast<Category>(i)) +
              ", summed over units");
    n.set("elapsed_share", share(timeline.coverage_ns(i), time_ns), "fraction",
          "share of the elapsed time during which at least one unit runs this category");
    n.set("profile_share", share(timeline.split_ns(i), split_total), "fraction",
          "share of the busy time as a profile of operations charges it (each busy moment split "
          "equally among the categories busy then; comparable with CROSS's measured split)");
  }
  StatsNode& kernels = b.child("kernel");
  for (size_t k = 0; k < groups.kernels.size(); ++k) {
    const Work& w = by_kernel[k];
    if (w.instrs == 0) continue;  // e.g. the catch-all tag of untagged instructions, unused
    const double active_ns = timeline.coverage_ns(groups.kernel_group(k));
    StatsNode& n = kernels.child(groups.kernels[k]);
    n.set("instructions", w.instrs, "count", "instructions of this kernel");
    n.set("busy", w.busy_ns * c.clock_ghz, "cycles", "busy cycles, summed over units");
    n.set("active", active_ns * c.clock_ghz, "cycles",
          "cycles during which at least one unit works on this kernel");
    n.set("elapsed_share", share(active_ns, time_ns), "fraction", "active / elapsed time");
    n.set("int8_macs", w.macs, "MAC", "int8 multiply-accumulates");
    n.set("vpu_ops", w.vpu_ops, "op", "u32 vector element operations");
    n.set("hbm_bytes", w.hbm_bytes, "B", "bytes moved to and from HBM");
    n.set("ntts", w.ntts, "limb", "limb-polynomial NTTs");
    n.set("intts", w.intts, "limb", "limb-polynomial INTTs");
  }

  StatsNode& peak = root.child("chip").child("peak");
  const ChipPeaks p = chip_peaks(c);
  peak.set("int8_macs", p.int8_macs_per_s * 1e-9, "GMAC/s", "all MXUs of all TensorCores");
  peak.set("vpu_ops", p.vpu_ops_per_s * 1e-9, "Gop/s", "u32 ALU operations, all VPUs");
  peak.set("hbm_bandwidth", p.hbm_bytes_per_s * 1e-9, "GB/s", "HBM");
}

}  // namespace hesa
