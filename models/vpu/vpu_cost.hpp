// Closed-form timing of a VPU instruction: elements spread over lanes x sublanes x ALUs, each
// element costing its op mix weighted by the chip's per-class cycle table, plus pipeline latency.
#pragma once

#include <cstdint>

#include "sim/chip_config.hpp"
#include "workloads/trace.hpp"

namespace hesa {

struct VpuCost {
  double cycles = 0;   // compute only (VMEM traffic is timed by the VMEM port)
  double alu_ops = 0;  // u32 element-ops executed
  uint64_t vmem_read_bytes = 0;
  uint64_t vmem_write_bytes = 0;
};

VpuCost vpu_cost(const VpuConfig& vpu, const Instr& instr);

}  // namespace hesa
