#include "sim/stats/run_breakdown.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/config/chip_area.hpp"
#include "trace/instr_work.hpp"
#include "trace/trace_counts.hpp"
#include "trace/trace_tags.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

static_assert(kCategories == kSliceClasses, "a slice splits its busy time by category");

namespace {

// The index of `name` in `names`, appended when new (`index` maps names to indices: linear time
// over many tags).
size_t index_of(std::vector<std::string>& names, std::unordered_map<std::string, size_t>& index,
                std::string_view name) {
  const auto [it, added] = index.emplace(std::string(name), names.size());
  if (added) names.emplace_back(name);
  return it->second;
}

}  // namespace

TimelineGroups::TimelineGroups(const Trace& trace) {
  std::unordered_map<std::string, size_t> kernel_index, phase_index;
  std::vector<std::pair<size_t, std::string_view>> parts;  // per tag: kernel, phase
  for (const std::string& tag : trace.tags) {
    const TagParts p = split_tag(tag);
    parts.emplace_back(index_of(kernels, kernel_index, p.kernel), p.phase);
    if (!p.phase.empty()) index_of(phases, phase_index, p.phase);
  }
  for (size_t t = 0; t < trace.tags.size(); ++t) {
    std::vector<uint32_t> g = {static_cast<uint32_t>(category_of(trace.tags[t])),
                               static_cast<uint32_t>(kernel_group(parts[t].first))};
    if (!parts[t].second.empty()) {
      g.push_back(static_cast<uint32_t>(phase_group(phase_index.at(std::string(parts[t].second)))));
    }
    g.push_back(static_cast<uint32_t>(any_group()));
    tag_groups.push_back(std::move(g));
  }
}

size_t TimelineGroups::kernel_group(size_t k) const {
  return kCategories + k;
}

size_t TimelineGroups::phase_group(size_t p) const {
  return kCategories + kernels.size() + p;
}

size_t TimelineGroups::any_group() const {
  return kCategories + kernels.size() + phases.size();
}

namespace {

struct Work {
  double instrs = 0, busy_ns = 0, macs = 0, vpu_ops = 0, hbm_bytes = 0;
  LimbCounts counts;
  void add(const Work& o) {
    instrs += o.instrs;
    busy_ns += o.busy_ns;
    macs += o.macs;
    vpu_ops += o.vpu_ops;
    hbm_bytes += o.hbm_bytes;
    counts += o.counts;
  }
};

double share(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

// CROSS's kernel-mix counts (trace/trace_counts.hpp) of a part of the run.
void set_counts(StatsNode& n, const LimbCounts& c) {
  n.set("ntts", c.ntts, "limb", "limb-polynomial NTTs");
  n.set("intts", c.intts, "limb", "limb-polynomial INTTs");
  n.set("automorphisms", c.automorphisms, "limb", "limb-polynomials permuted by automorphisms");
  n.set("bconv_in_out", c.bconv, "limb pair",
        "basis conversions: sum over conversions and polynomials of source x target limbs");
  n.set("modmul", c.modmul, "limb", "limb-polynomials multiplied element-wise (VecModMul)");
  n.set("modadd", c.modadd, "limb",
        "limb-polynomials added or subtracted element-wise (VecModAdd)");
}

// Time and work of a kernel or a phase.
void set_part(StatsNode& n, const Work& w, double active_ns, double time_ns, double ghz,
              const std::string& what) {
  n.set("instructions", w.instrs, "count", "instructions of this " + what);
  n.set("busy", w.busy_ns * ghz, "cycles", "busy cycles, summed over units");
  n.set("active", active_ns * ghz, "cycles",
        "cycles during which at least one unit works on this " + what);
  n.set("elapsed_share", share(active_ns, time_ns), "fraction", "active / elapsed time");
  n.set("int8_macs", w.macs, "MAC", "int8 multiply-accumulates");
  n.set("vpu_ops", w.vpu_ops, "op", "u32 vector element operations");
  n.set("hbm_bytes", w.hbm_bytes, "B", "bytes moved to and from HBM");
  set_counts(n, w.counts);
}

}  // namespace

void add_breakdown_stats(StatsNode& root, const ChipConfig& c, const Trace& trace, const Chip& sim,
                         const Timeline& timeline, double time_ns, uint64_t n) {
  if (n == 0) n = ring_degree_of(trace);
  const TimelineGroups groups(trace);
  std::vector<Work> by_tag(trace.tags.size());
  for (const UnitModule* u : sim.units()) {
    for (size_t t = 0; t < by_tag.size(); ++t) by_tag[t].busy_ns += u->counters().busy_ns_by_tag[t];
  }
  std::vector<std::string_view> steps;
  for (const std::string& tag : trace.tags) steps.push_back(split_tag(tag).step);
  for (const Instr& in : trace.instrs) {
    Work& w = by_tag[in.tag];
    ++w.instrs;
    w.counts += limb_counts(in, steps[in.tag], n);
    w.macs += double(instr_macs(in));
    w.vpu_ops += instr_vpu_ops(in);
    w.hbm_bytes += double(instr_hbm_bytes(trace, in));
  }
  std::vector<Work> by_cat(kCategories), by_kernel(groups.kernels.size()),
      by_phase(groups.phases.size());
  Work all;
  for (size_t t = 0; t < by_tag.size(); ++t) {
    all.add(by_tag[t]);
    for (uint32_t g : groups.tag_groups[t]) {
      if (g < kCategories) {
        by_cat[g].add(by_tag[t]);
      } else if (g < groups.phase_group(0)) {
        by_kernel[g - kCategories].add(by_tag[t]);
      } else if (g < groups.any_group()) {
        by_phase[g - groups.phase_group(0)].add(by_tag[t]);
      }
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
    if (by_kernel[k].instrs == 0) continue;  // e.g. the catch-all tag of untagged instructions
    set_part(kernels.child(groups.kernels[k]), by_kernel[k],
             timeline.coverage_ns(groups.kernel_group(k)), time_ns, c.clock_ghz, "kernel");
  }
  if (!groups.phases.empty()) {
    StatsNode& phases = b.child("phase");
    for (size_t p = 0; p < groups.phases.size(); ++p) {
      set_part(phases.child(groups.phases[p]), by_phase[p],
               timeline.coverage_ns(groups.phase_group(p)), time_ns, c.clock_ghz, "phase");
    }
  }
  set_counts(root.child("workload").child("counts"), all.counts);

  StatsNode& peak = root.child("chip").child("peak");
  const ChipPeaks p = chip_peaks(c);
  peak.set("int8_macs", p.int8_macs_per_s * 1e-9, "GMAC/s", "all MXUs of all TensorCores");
  peak.set("vpu_ops", p.vpu_ops_per_s * 1e-9, "Gop/s", "u32 ALU operations, all VPUs");
  peak.set("hbm_bandwidth", p.hbm_bytes_per_s * 1e-9, "GB/s", "HBM");
}

}  // namespace hesa
