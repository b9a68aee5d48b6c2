#include "models/xlu/xlu_module.hpp"

#include <algorithm>

#include "models/xlu/xlu_cost.hpp"

namespace hesa {

XluModule::XluModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
                     VmemModule& vmem, Timeline* timeline)
    : UnitModule(name, UnitKind::kXlu, core, seq, timeline), chip_(chip), vmem_(vmem) {}

double XluModule::execute(const Instr& in, double now_ns) {
  const XluCost cost = xlu_cost(chip_.xlu, in);
  elements_ += cost.elements;
  compute_cycles_ += cost.cycles;
  vmem_bytes_ += cost.vmem_read_bytes + cost.vmem_write_bytes;
  const double vmem_done = vmem_.access(now_ns, cost.vmem_read_bytes, cost.vmem_write_bytes);
  return std::max(now_ns + cost.cycles / chip_.clock_ghz, vmem_done);
}

}  // namespace hesa
