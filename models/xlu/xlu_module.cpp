#include "models/xlu/xlu_module.hpp"

#include "models/xlu/xlu_cost.hpp"

namespace hesa {

XluModule::XluModule(sc_core::sc_module_name name, const XluConfig& xlu, double clock_ghz, int core,
                     Sequencer& seq, VmemModule& vmem, Timeline* timeline)
    : PortUnit(name, UnitKind::kXlu, core, clock_ghz, seq, vmem, timeline), xlu_(xlu) {}

PortCost XluModule::cost(const Instr& in) {
  const XluCost cost = xlu_cost(xlu_, in);
  elements_ += cost.elements;
  tiled_elements_ += cost.tiled_elements;
  return {cost.cycles, cost.vmem_read_bytes, cost.vmem_write_bytes};
}

BlockReport XluModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  const auto xlus = instances_as<XluModule>(instances);
  uint64_t elements = 0, tiled = 0, vmem = 0, instrs = 0;
  double compute = 0, busy_ns = 0;
  for (const XluModule* x : xlus) {
    elements += x->elements_, tiled += x->tiled_elements_, compute += x->compute_cycles(),
        vmem += x->vmem_bytes();
  }
  for (const XluModule* x : xlus) busy_ns += x->counters().busy_ns, instrs += x->counters().instrs;
  BlockReport r;
  r.name = "xlu";
  r.utilization = ratio(busy_ns, span.time_ns * xlus.size());
  r.add("instances", double(xlus.size()), "count", "cross-lane units, all TensorCores");
  r.add("instructions", double(instrs), "count", "transposes and permutations");
  r.add("busy", busy_ns * span.clock_ghz, "cycles", "sum over XLUs of busy cycles");
  r.add("compute", compute, "cycles", "closed-form cycles, sum over XLUs");
  r.add("elements", double(elements), "count", "u32 elements moved");
  r.add("tiled_elements", double(tiled), "count",
        "elements of the whole (sublanes x lanes) tiles moved, padding included");
  r.add("vmem_bytes", double(vmem), "B", "elements moved VMEM <-> vregs");
  r.add("utilization", r.utilization, "fraction", "busy time / (time x XLUs)");
  r.dynamic_uj = tiled * xlu_.elem_pj * 1e-6;
  r.static_uj = xlu_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
