// Configuration of the vector unit of a TensorCore (the `vpu` section of a chip file, and the
// VPU's keys of its `energy` and `area` sections): lanes x sublanes x ALUs, per-op-class cycles.
#pragma once

#include <map>
#include <string>

namespace hesa {

struct VpuConfig {
  int lanes = 128;
  int sublanes = 8;
  int alus = 2;            // ALUs per lane per sublane
  int latency_cycles = 8;  // pipeline depth paid once per instruction
  // The VPU's own load and store slots between VMEM and its vector registers (the VMEM port,
  // shared with the DMA and the MXU, bounds it as well).
  double load_bytes_per_cycle = 8192;
  double store_bytes_per_cycle = 4096;
  // Cycles one ALU spends on one u32 vector op of each class (add, sub, mul, mulhi, shift,
  // logic, cmp, select, convert). With an emulated mulhi, its entry is derived: the cycles of its
  // emulation's ops (models/vpu/vpu_cost.hpp, emulated_mulhi_mix).
  std::map<std::string, double> op_cycles;
  // The fraction of the ALUs' issue slots the software stack fills with the kernel's own ops
  // (compiled loops also spend slots on address arithmetic, loop control and register moves):
  // a property of the compiler and its code, not of the chip, so one value, calibrated once, is
  // shared by every chip that runs the same stack (configs/stacks/). 1: every slot.
  double issue_rate = 1;
  // vpu.mulhi: whether the ALUs have a u32 x u32 -> high-word multiply (native) or only the low
  // word, the high word then computed from four 16 x 16 products (emulated).
  bool native_mulhi = true;
  double mulhi_ops = 1;  // ALU operations one mulhi takes (1 native, the emulation's otherwise)
  // energy.vpu_op_pj: one u32 ALU op on one element, per op class (a single number in the YAML
  // applies to every class).
  std::map<std::string, double> op_pj;
  double static_w = 0;  // energy.static_w.vpu: every VPU of the chip
  double alu_um2 = 0;   // area.vpu_alu_um2: one 32-bit ALU
};

}  // namespace hesa
