// What a hardware block reports after a run: the instances of one unit kind (every MXU of the
// chip, say) or one memory level. Its statistics (the `units.<name>` subtree of stats.json, each
// with a unit and a description), its utilization for the run summary and its energy, dynamic
// (energy per action x actions) and static (power x time). Plain data: sim/stats turns reports
// into the stats tree by a loop over the chip's blocks.
#pragma once

#include <string>
#include <vector>

namespace hesa {

struct StatLine {
  std::string key;
  double value = 0;
  std::string unit;
  std::string description;
};

// One component of the chip's area, from its config alone (no run needed).
struct AreaLine {
  std::string component;  // mxu, vpu, xlu, vmem, cmem, hbm_phy, other
  double mm2 = 0;
  std::string basis;  // how it was computed, for reports
};

// The run a report covers.
struct RunSpan {
  double time_ns = 0;
  double clock_ghz = 1;
  double cycles() const { return time_ns * clock_ghz; }
};

struct BlockReport {
  std::string name;  // mxu, vpu, xlu, dma, hbm, vmem, cmem
  std::vector<StatLine> stats;
  double utilization = 0;  // the summary's figure, a fraction of the block's peak
  double dynamic_uj = 0;
  double static_uj = 0;
  void add(std::string key, double value, std::string unit, std::string description) {
    stats.push_back({std::move(key), value, std::move(unit), std::move(description)});
  }
};

inline double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

// Implemented by every module that reports: a unit (one instance of a kind) or a memory.
class ReportingBlock {
 public:
  virtual ~ReportingBlock() = default;
  virtual std::string block_name() const = 0;
  // The report of the block made of `instances`, all of this one's kind (this one among them).
  virtual BlockReport report(const std::vector<const ReportingBlock*>& instances,
                             const RunSpan& span) const = 0;
};

// The instances of a block as their own type (all of one kind by construction).
template <class T>
std::vector<const T*> instances_as(const std::vector<const ReportingBlock*>& instances) {
  std::vector<const T*> out;
  for (const ReportingBlock* b : instances) out.push_back(static_cast<const T*>(b));
  return out;
}

}  // namespace hesa
