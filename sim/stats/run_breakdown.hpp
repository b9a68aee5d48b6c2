// The time breakdown of a run: busy time per CROSS category, per kernel and per phase (summed
// over units), the share of the elapsed time during which any unit worked on each (union of busy
// intervals), per kernel and phase the work that places it on the chip's roofline (int8 MACs, VPU
// ops, HBM bytes) and CROSS's kernel-mix counts (trace/trace_counts.hpp), and those counts for
// the whole run under workload.counts.
#pragma once

#include <string>
#include <vector>

#include "models/common/timeline.hpp"
#include "sim/engine/chip.hpp"
#include "sim/stats/stats.hpp"
#include "trace/trace.hpp"

namespace hesa {

// Coverage groups of a trace's timeline: the categories (0 .. kCategories-1), one per kernel,
// one per phase (tags "<phase>:..."), then "any unit busy".
struct TimelineGroups {
  explicit TimelineGroups(const Trace& trace);
  std::vector<std::string> kernels, phases;       // in order of first appearance
  std::vector<std::vector<uint32_t>> tag_groups;  // per Trace::tags index
  size_t kernel_group(size_t k) const;
  size_t phase_group(size_t p) const;
  size_t any_group() const;
  size_t count() const { return any_group() + 1; }
};

// Adds `breakdown` (categories, kernels, phases), `workload.counts` and `chip.peak` to the stats
// tree; `n` is the ring degree the counts of element-wise work and conversions are per (0: the
// trace's, from its transforms and automorphisms).
void add_breakdown_stats(StatsNode& root, const ChipConfig& chip, const Trace& trace,
                         const Chip& sim, const Timeline& timeline, double time_ns, uint64_t n);

}  // namespace hesa
