// The systolic matrix units (MXUs) of one TensorCore: a matmul instruction is spread over the
// core's `count` arrays as the compiler tiles one dot (mxu_cost.hpp, mxu_split_cost: output
// column groups x streamed-row groups) and takes the closed-form time of its slowest part,
// bounded below by the VMEM <-> vreg traffic of every part on the core's VMEM port (the arrays
// are fed from and drain to vregs). Each array is an instance: its own timeline track, busy for
// the instructions it takes part in. Splits are memoized per shape (instructions repeat them).
#pragma once

#include <map>
#include <tuple>

#include "models/mxu/mxu_config.hpp"
#include "models/mxu/mxu_cost.hpp"
#include "models/unit/port_unit.hpp"

namespace hesa {

class MxuModule : public PortUnit {
 public:
  MxuModule(sc_core::sc_module_name name, const MxuConfig& mxu, double clock_ghz, int core,
            Sequencer& seq, VmemModule& vmem, Timeline* timeline);
  int arrays() const { return mxu_.count; }
  uint64_t int8_macs() const { return int8_macs_; }
  uint64_t bf16_macs() const { return bf16_macs_; }
  uint64_t macs() const { return int8_macs_ + bf16_macs_; }
  // Peak-equivalent cycles: MACs of each mode / (PEs x that mode's rate).
  double peak_cycles() const { return peak_cycles_; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  PortCost cost(const Instr& instr) override;
  void record(const Instr& instr, uint32_t index, double start, double end) override;

 private:
  const MxuConfig& mxu_;
  std::map<std::tuple<uint64_t, uint64_t, uint64_t, bool, bool>, MxuSplit> splits_;
  int last_arrays_ = 1;  // arrays the instruction being executed uses
  uint64_t int8_macs_ = 0, bf16_macs_ = 0;
  double peak_cycles_ = 0;
};

}  // namespace hesa
