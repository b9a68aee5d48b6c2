#include "models/mxu/mxu_module.hpp"

#include "models/mxu/mxu_cost.hpp"

namespace hesa {

MxuModule::MxuModule(sc_core::sc_module_name name, const MxuConfig& mxu, double clock_ghz, int core,
                     Sequencer& seq, VmemModule& vmem, Timeline* timeline)
    : PortUnit(name, UnitKind::kMxu, core, clock_ghz, seq, vmem, timeline), mxu_(mxu) {}

PortCost MxuModule::cost(const Instr& in) {
  const bool bat = in.op == Opcode::kBatMulVec;
  const GemmShape shape = bat ? bat_mul_shape(mxu_, in) : gemm_shape(in);
  const bool int8 = matmul_is_int8(in);
  MxuCost cost = mxu_gemm_cost(mxu_, shape, int8);
  if (bat) cost.macs = bat_mul_macs(in);
  (int8 ? int8_macs_ : bf16_macs_) += cost.macs;
  const double rate = int8 ? mxu_.int8_macs_per_pe_cycle : mxu_.bf16_macs_per_pe_cycle;
  peak_cycles_ += static_cast<double>(cost.macs) / (rate * mxu_.rows * mxu_.cols);
  const MxuTraffic traffic = bat ? bat_mul_vmem_traffic(in) : mxu_vmem_traffic(mxu_, shape, int8);
  return {cost.cycles, traffic.read_bytes, traffic.write_bytes};
}

BlockReport MxuModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  const auto mxus = instances_as<MxuModule>(instances);
  uint64_t int8_macs = 0, bf16_macs = 0, vmem = 0, instrs = 0;
  double compute = 0, peak_cycles = 0, busy_ns = 0;
  for (const MxuModule* m : mxus) {
    int8_macs += m->int8_macs_, bf16_macs += m->bf16_macs_;
    compute += m->compute_cycles(), peak_cycles += m->peak_cycles_;
    vmem += m->vmem_bytes();
  }
  for (const MxuModule* m : mxus) busy_ns += m->counters().busy_ns, instrs += m->counters().instrs;
  BlockReport r;
  r.name = "mxu";
  r.utilization = ratio(peak_cycles, span.cycles() * mxus.size());
  r.add("instances", double(mxus.size()), "count", "systolic arrays, all TensorCores");
  r.add("instructions", double(instrs), "count", "matmul instructions executed");
  r.add("busy", busy_ns * span.clock_ghz, "cycles", "sum over arrays of busy cycles");
  r.add("compute", compute, "cycles", "closed-form systolic cycles, sum over arrays");
  r.add("int8_macs", double(int8_macs), "MAC", "int8 multiply-accumulates");
  r.add("bf16_macs", double(bf16_macs), "MAC", "bf16 multiply-accumulates");
  r.add("vmem_bytes", double(vmem), "B", "operands and results moved VMEM <-> vregs");
  r.add("utilization", r.utilization, "fraction", "MACs / (cycles x arrays x peak MACs per cycle)");
  r.dynamic_uj = (int8_macs * mxu_.int8_mac_pj + bf16_macs * mxu_.bf16_mac_pj) * 1e-6;
  r.static_uj = mxu_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
