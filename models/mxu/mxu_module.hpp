// One systolic matrix unit (MXU): executes a matmul instruction in the closed-form time of
// mxu_cost.hpp, bounded below by the VMEM traffic of its operands and result.
#pragma once

#include "models/common/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class MxuModule : public UnitModule {
 public:
  MxuModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq, VmemModule& vmem,
            Timeline* timeline);
  uint64_t macs() const { return macs_; }
  double compute_cycles() const { return compute_cycles_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  const ChipConfig& chip_;
  VmemModule& vmem_;
  uint64_t macs_ = 0;
  double compute_cycles_ = 0;
};

}  // namespace hesa
