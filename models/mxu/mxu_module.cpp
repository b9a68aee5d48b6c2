#include "models/mxu/mxu_module.hpp"

#include <algorithm>

#include "models/mxu/mxu_cost.hpp"

namespace hesa {

MxuModule::MxuModule(sc_core::sc_module_name name, const ChipConfig& chip, int core, Sequencer& seq,
                     VmemModule& vmem, Timeline* timeline)
    : UnitModule(name, UnitKind::kMxu, core, seq, timeline), chip_(chip), vmem_(vmem) {}

double MxuModule::execute(const Instr& in, double now_ns) {
  const bool bat = in.op == Opcode::kBatMulVec;
  const GemmShape shape = bat ? bat_mul_shape(chip_.mxu, in) : gemm_shape(in);
  const bool int8 = matmul_is_int8(in);
  MxuCost cost = mxu_gemm_cost(chip_.mxu, shape, int8);
  if (bat) cost.macs = bat_mul_macs(in);
  (int8 ? int8_macs_ : bf16_macs_) += cost.macs;
  compute_cycles_ += cost.cycles;
  const double rate = int8 ? chip_.mxu.int8_macs_per_pe_cycle : chip_.mxu.bf16_macs_per_pe_cycle;
  peak_cycles_ += static_cast<double>(cost.macs) / (rate * chip_.mxu.rows * chip_.mxu.cols);
  const MxuTraffic traffic =
      bat ? bat_mul_vmem_traffic(in) : mxu_vmem_traffic(chip_.mxu, shape, int8);
  vmem_bytes_ += traffic.read_bytes + traffic.write_bytes;
  const double vmem_done = vmem_.access(now_ns, traffic.read_bytes, traffic.write_bytes);
  return std::max(now_ns + cost.cycles / chip_.clock_ghz, vmem_done);
}

}  // namespace hesa
