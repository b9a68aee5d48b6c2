// The vector unit (VPU) of one TensorCore: executes elementwise and layout instructions in the
// closed-form time of vpu_cost.hpp, bounded below by their VMEM <-> vreg traffic on its core's
// VMEM port.
#pragma once

#include "models/unit/port_unit.hpp"
#include "models/vpu/vpu_config.hpp"
#include "models/vpu/vpu_cost.hpp"

namespace hesa {

class VpuModule : public PortUnit {
 public:
  VpuModule(sc_core::sc_module_name name, const VpuConfig& vpu, double clock_ghz, int core,
            Sequencer& seq, VmemModule& vmem, Timeline* timeline);
  double alu_ops() const { return alu_ops_; }
  // Energy per op class from the op mix of every VPU instruction of the trace (each runs once).
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  PortCost cost(const Instr& instr) override;

 private:
  const VpuConfig& vpu_;
  OpCycleTable op_cycles_;  // vpu_.op_cycles by op class
  double alu_ops_ = 0;
  double padding_ops_ = 0;
};

}  // namespace hesa
