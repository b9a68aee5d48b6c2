// One cross-lane unit (XLU) of one TensorCore: executes transposes and permutations in the
// closed-form time of xlu_cost.hpp, bounded below by their VMEM traffic on its core's port.
#pragma once

#include "models/common/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

class XluModule : public UnitModule {
 public:
  XluModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
            VmemModule& vmem, Timeline* timeline);
  uint64_t elements() const { return elements_; }
  double compute_cycles() const { return compute_cycles_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  const ChipConfig& chip_;
  VmemModule& vmem_;
  uint64_t elements_ = 0;
  double compute_cycles_ = 0;
};

}  // namespace hesa
