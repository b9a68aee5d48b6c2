#include "models/vpu/vpu_module.hpp"

#include "models/vpu/vpu_cost.hpp"
#include "trace/tile_layout.hpp"
#include "trace/vpu_op_mix.hpp"

namespace hesa {

VpuModule::VpuModule(sc_core::sc_module_name name, const VpuConfig& vpu, double clock_ghz, int core,
                     Sequencer& seq, VmemModule& vmem, Timeline* timeline)
    : PortUnit(name, UnitKind::kVpu, core, clock_ghz, seq, vmem, timeline),
      vpu_(vpu),
      op_cycles_(op_cycle_table(vpu)) {}

PortCost VpuModule::cost(const Instr& in) {
  const VpuCost cost = vpu_cost(vpu_, op_cycles_, in);
  alu_ops_ += cost.alu_ops;
  padding_ops_ += cost.padding_ops;
  return {cost.cycles, cost.vmem_read_bytes, cost.vmem_write_bytes};
}

BlockReport VpuModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  const auto vpus = instances_as<VpuModule>(instances);
  double alu_ops = 0, padding_ops = 0, busy_ns = 0;
  uint64_t vmem = 0, instrs = 0;
  for (const VpuModule* v : vpus) {
    alu_ops += v->alu_ops_, padding_ops += v->padding_ops_, vmem += v->vmem_bytes();
  }
  for (const VpuModule* v : vpus) busy_ns += v->counters().busy_ns, instrs += v->counters().instrs;
  // Peak: one op per ALU per cycle on every lane and sublane of every VPU.
  const double hz = span.clock_ghz * 1e9;
  const long alus = static_cast<long>(vpus.size()) * vpu_.lanes * vpu_.sublanes * vpu_.alus;
  const double per_cycle = alus * hz / (span.clock_ghz * 1e9);
  BlockReport r;
  r.name = "vpu";
  r.utilization = ratio(alu_ops, span.cycles() * per_cycle);
  r.add("instances", double(vpus.size()), "count", "vector units, one per TensorCore");
  r.add("instructions", double(instrs), "count", "vector instructions executed");
  r.add("busy", busy_ns * span.clock_ghz, "cycles", "sum over VPUs of busy cycles");
  r.add("alu_ops", alu_ops, "op", "u32 element operations, on tile padding included");
  r.add("padding_ops", padding_ops, "op",
        "of those, operations on the padding of partly filled (sublanes x lanes) tiles");
  r.add("vmem_bytes", double(vmem), "B", "operands and results moved VMEM <-> vregs");
  r.add("utilization", r.utilization, "fraction", "ALU ops / (cycles x peak ALU ops per cycle)");
  std::vector<double> by_class(kOpClasses, 0);
  const InstrList& list = trace().instrs;
  for (size_t index = 0; index < list.size(); ++index) {
    if (list.unit(index) != UnitKind::kVpu) continue;
    const Instr in = list[index];
    const OpMix mix = vpu_op_mix(in);
    const double tiled = double(vpu_tiled_elements(in, vpu_.lanes, vpu_.sublanes));
    for (int i = 0; i < kOpClasses; ++i) by_class[i] += double(mix.count[i]) * tiled;
  }
  double pj = 0;
  for (int i = 0; i < kOpClasses; ++i) {
    pj += by_class[i] * vpu_.op_pj.at(op_class_name(static_cast<OpClass>(i)));
  }
  r.dynamic_uj = pj * 1e-6;
  r.static_uj = vpu_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
