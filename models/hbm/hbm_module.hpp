// HBM as seen by the DMA engines: the closed-form DRAM timing model (hbm_cost) behind one
// SystemC module; each transfer is one call, its pseudo-channels' state (free time, open rows)
// carries over so concurrent transfers contend. No wait here: the DMA engine waits once.
#pragma once

#include <systemc>

#include "models/hbm/hbm_cost.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class HbmModule : public sc_core::sc_module {
 public:
  HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg);
  // A transfer asked at now_ns; returns when its last byte has arrived.
  double transfer(double now_ns, const HbmPattern& pattern) {
    return model_.transfer(now_ns, pattern);
  }
  const HbmTotals& totals() const { return model_.totals(); }
  double busy_ns() const { return model_.busy_ns(); }
  const HbmConfig& config() const { return cfg_; }

 private:
  const HbmConfig& cfg_;
  HbmTimingModel model_;
};

}  // namespace hesa
