// The vector unit (VPU) of one TensorCore: executes elementwise and layout instructions in the
// closed-form time of vpu_cost.hpp, bounded below by their VMEM <-> vreg traffic on its core's
// VMEM port.
#pragma once

#include "models/common/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

class VpuModule : public UnitModule {
 public:
  VpuModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
            VmemModule& vmem, Timeline* timeline);
  double alu_ops() const { return alu_ops_; }
  double compute_cycles() const { return compute_cycles_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  const ChipConfig& chip_;
  VmemModule& vmem_;
  double alu_ops_ = 0;
  double compute_cycles_ = 0;
};

}  // namespace hesa
