// Closed-form timing of a VPU instruction: the elements of its arrays' padded tiles
// (trace/tile_layout.hpp) spread over lanes x sublanes x ALUs, each element costing its op mix (u64
// arithmetic as emulated u32 sequences) weighted by the chip's per-class cycle table, or the VPU's
// vreg load/store slots if they take longer; plus the pipeline latency. Operands come from and
// results go back to VMEM through vector registers.
#pragma once

#include <cstdint>

#include "models/common/block_report.hpp"
#include "models/vpu/vpu_config.hpp"
#include "trace/trace.hpp"
#include "trace/vpu_op_mix.hpp"

namespace hesa {

struct VpuCost {
  double cycles = 0;  // latency + max(ALU, load slot, store slot) cycles (the shared VMEM port
                      // is timed by the VMEM model)
  double alu_cycles = 0;
  double alu_ops = 0;           // u32 element-ops executed, padding included
  double padding_ops = 0;       // of which on the padding of partly filled tiles
  uint64_t elements = 0;        // vpu_elements
  uint64_t tiled_elements = 0;  // elements of the padded tiles worked through
  uint64_t vmem_read_bytes = 0;
  uint64_t vmem_write_bytes = 0;
};

VpuCost vpu_cost(const VpuConfig& vpu, const Instr& instr);
// vpu.op_cycles per op class, in OpClass order: read once by a module, not per instruction.
using OpCycleTable = std::array<double, kOpClasses>;
OpCycleTable op_cycle_table(const VpuConfig& vpu);
VpuCost vpu_cost(const VpuConfig& vpu, const OpCycleTable& op_cycles, const Instr& instr);

// The high word of a u32 x u32 product from the low-word multiplier: both operands split into
// 16-bit halves (2 shifts, 2 masks), four 16 x 16 products, the middle column summed from the low
// product's high half and the cross products' low halves (1 shift, 2 masks, 2 adds), the high
// word from the high product, the cross products' high halves and the middle column's carry
// (3 shifts, 3 adds): 4 mul, 6 shift, 4 logic, 5 add.
OpMix emulated_mulhi_mix();
// Cycles and energy of an emulated mulhi from its ops' entries (vpu.mulhi: emulated).
void derive_emulated_mulhi(VpuConfig& vpu);

// Area of the VPUs of `tensorcores` cores: ALUs x area per ALU.
AreaLine vpu_area(const VpuConfig& vpu, int tensorcores);

}  // namespace hesa
