// One systolic matrix unit (MXU) of one TensorCore: executes a matmul instruction (int8 or bf16)
// in the closed-form time of mxu_cost.hpp, bounded below by the VMEM <-> vreg traffic of its
// operands and results on its core's VMEM port (the MXU is fed from and drains to vregs).
#pragma once

#include "models/mxu/mxu_config.hpp"
#include "models/unit/port_unit.hpp"

namespace hesa {

class MxuModule : public PortUnit {
 public:
  MxuModule(sc_core::sc_module_name name, const MxuConfig& mxu, double clock_ghz, int core,
            Sequencer& seq, VmemModule& vmem, Timeline* timeline);
  uint64_t int8_macs() const { return int8_macs_; }
  uint64_t bf16_macs() const { return bf16_macs_; }
  uint64_t macs() const { return int8_macs_ + bf16_macs_; }
  // Peak-equivalent cycles: MACs of each mode / (PEs x that mode's rate).
  double peak_cycles() const { return peak_cycles_; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  PortCost cost(const Instr& instr) override;

 private:
  const MxuConfig& mxu_;
  uint64_t int8_macs_ = 0, bf16_macs_ = 0;
  double peak_cycles_ = 0;
};

}  // namespace hesa
