#include "models/mxu/mxu_module.hpp"

#include <algorithm>

#include "models/mxu/mxu_cost.hpp"

namespace hesa {

MxuModule::MxuModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq,
                     VmemModule& vmem, Timeline* timeline)
    : UnitModule(name, UnitKind::kMxu, seq, timeline), chip_(chip), vmem_(vmem) {}

double MxuModule::execute(const Instr& in, double now_ns) {
  const GemmShape shape = gemm_shape(in);
  const MxuCost cost = mxu_gemm_cost(chip_.mxu, shape, true);
  macs_ += cost.macs;
  compute_cycles_ += cost.cycles;
  const uint64_t operand_bytes =
      shape.stream * shape.contraction + shape.contraction * shape.outputs;
  const uint64_t result_bytes = 4 * shape.stream * shape.outputs;  // int32 accumulators
  const double vmem_done = vmem_.access(now_ns, operand_bytes, result_bytes);
  return std::max(now_ns + cost.cycles / chip_.clock_ghz, vmem_done);
}

}  // namespace hesa
