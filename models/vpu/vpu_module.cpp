#include "models/vpu/vpu_module.hpp"

#include <algorithm>

#include "models/vpu/vpu_cost.hpp"

namespace hesa {

VpuModule::VpuModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
                     VmemModule& vmem, Timeline* timeline)
    : UnitModule(name, UnitKind::kVpu, core, seq, timeline), chip_(chip), vmem_(vmem) {}

double VpuModule::execute(const Instr& in, double now_ns) {
  const VpuCost cost = vpu_cost(chip_.vpu, in);
  alu_ops_ += cost.alu_ops;
  compute_cycles_ += cost.cycles;
  vmem_bytes_ += cost.vmem_read_bytes + cost.vmem_write_bytes;
  const double vmem_done = vmem_.access(now_ns, cost.vmem_read_bytes, cost.vmem_write_bytes);
  return std::max(now_ns + cost.cycles / chip_.clock_ghz, vmem_done);
}

}  // namespace hesa
