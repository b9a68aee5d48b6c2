// One systolic matrix unit (MXU) of one TensorCore: executes a matmul instruction (int8 or bf16)
// in the closed-form time of mxu_cost.hpp, bounded below by the VMEM <-> vreg traffic of its
// operands and results on its core's VMEM port (the MXU is fed from and drains to vregs).
#pragma once

#include "models/common/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

class MxuModule : public UnitModule {
 public:
  MxuModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
            VmemModule& vmem, Timeline* timeline);
  uint64_t int8_macs() const { return int8_macs_; }
  uint64_t bf16_macs() const { return bf16_macs_; }
  uint64_t macs() const { return int8_macs_ + bf16_macs_; }
  double compute_cycles() const { return compute_cycles_; }
  // Peak-equivalent cycles: MACs of each mode / (PEs x that mode's rate).
  double peak_cycles() const { return peak_cycles_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  const ChipConfig& chip_;
  VmemModule& vmem_;
  uint64_t int8_macs_ = 0, bf16_macs_ = 0;
  double compute_cycles_ = 0, peak_cycles_ = 0;
};

}  // namespace hesa
