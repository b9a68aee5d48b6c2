// The time breakdown of a run: busy time per CROSS category and per kernel (summed over units),
// the share of the elapsed time during which any unit worked on each (union of busy intervals),
// and per kernel the work (int8 MACs, VPU ops, HBM bytes) that places it on the chip's roofline.
#pragma once

#include <string>
#include <vector>

#include "models/common/timeline.hpp"
#include "sim/engine/chip.hpp"
#include "sim/stats/stats.hpp"
#include "trace/trace.hpp"

namespace hesa {

// Coverage groups of a trace's timeline: the categories (0 .. kCategories-1), then one per
// kernel, then "any unit busy".
struct TimelineGroups {
  explicit TimelineGroups(const Trace& trace);
  std::vector<std::string> kernels;
  std::vector<std::vector<uint32_t>> tag_groups;  // per Trace::tags index
  size_t kernel_group(size_t k) const;
  size_t any_group() const;
  size_t count() const { return any_group() + 1; }
};

// Adds `breakdown` (categories, kernels) and `chip.peak` to the stats tree.
void add_breakdown_stats(StatsNode& root, const ChipConfig& chip, const Trace& trace,
                         const Chip& sim, const Timeline& timeline, double time_ns);

}  // namespace hesa
