// Closed-form timing of a VPU instruction: elements spread over lanes x sublanes x ALUs, each
// element costing its op mix (u64 arithmetic as emulated u32 sequences) weighted by the chip's
// per-class cycle table, or the VPU's vreg load/store slots if they take longer; plus the
// pipeline latency. Operands come from and results go back to VMEM through vector registers.
#pragma once

#include <cstdint>

#include "models/common/block_report.hpp"
#include "models/vpu/vpu_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

struct VpuCost {
  double cycles = 0;  // latency + max(ALU, load slot, store slot) cycles (the shared VMEM port
                      // is timed by the VMEM model)
  double alu_cycles = 0;
  double alu_ops = 0;  // u32 element-ops executed
  uint64_t vmem_read_bytes = 0;
  uint64_t vmem_write_bytes = 0;
};

VpuCost vpu_cost(const VpuConfig& vpu, const Instr& instr);

// Area of the VPUs of `tensorcores` cores: ALUs x area per ALU.
AreaLine vpu_area(const VpuConfig& vpu, int tensorcores);

}  // namespace hesa
