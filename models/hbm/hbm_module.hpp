// HBM as seen by the DMA engines: the closed-form DRAM timing model (hbm_cost) behind one
// SystemC module; each transfer is one call, its pseudo-channels' state (free time, open rows)
// carries over so concurrent transfers contend. No wait here: the DMA engine waits once.
#pragma once

#include <systemc>

#include "models/common/block_report.hpp"
#include "models/common/timeline.hpp"
#include "models/hbm/hbm_config.hpp"
#include "models/hbm/hbm_cost.hpp"

namespace hesa {

class HbmModule : public sc_core::sc_module, public ReportingBlock {
 public:
  HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg);
  // A transfer asked at now_ns for instruction `instr` (tag `tag`); returns when its last byte
  // has arrived. On a timeline it shows from the request to the last byte.
  double transfer(double now_ns, const HbmPattern& pattern, uint32_t instr, uint32_t tag);
  // Records transfers on a track of their own (null: none). Set before sc_start.
  void attach_timeline(Timeline* timeline);
  const HbmTotals& totals() const { return model_.totals(); }
  const HbmConfig& config() const { return cfg_; }
  std::string block_name() const override { return "hbm"; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 private:
  const HbmConfig& cfg_;
  HbmTimingModel model_;
  Timeline* timeline_ = nullptr;
  int track_ = -1;
};

}  // namespace hesa
