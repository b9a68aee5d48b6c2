// One cross-lane unit (XLU) of one TensorCore: executes transposes and permutations in the
// closed-form time of xlu_cost.hpp, bounded below by their VMEM traffic on its core's port.
#pragma once

#include "models/unit/port_unit.hpp"
#include "models/xlu/xlu_config.hpp"

namespace hesa {

class XluModule : public PortUnit {
 public:
  XluModule(sc_core::sc_module_name name, const XluConfig& xlu, double clock_ghz, int core,
            Sequencer& seq, VmemModule& vmem, Timeline* timeline);
  uint64_t elements() const { return elements_; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  PortCost cost(const Instr& instr) override;

 private:
  const XluConfig& xlu_;
  uint64_t elements_ = 0;
  uint64_t tiled_elements_ = 0;
};

}  // namespace hesa
