// Validated chip description (a TPU-style accelerator): every hardware number the models use.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace hesa {

struct MxuConfig {
  int count = 4;                      // systolic arrays per TensorCore
  int rows = 128;                     // PE rows (contraction dimension, weights stationary)
  int cols = 128;                     // PE columns (output dimension)
  double int8_macs_per_pe_cycle = 1;  // int8 MACs per PE per cycle
  double bf16_macs_per_pe_cycle = 1;  // bf16 MACs per PE per cycle
  bool double_buffered_weights = true;
};

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
  // logic, cmp, select, convert).
  std::map<std::string, double> op_cycles;
};

struct XluConfig {
  int count = 1;                         // cross-lane units per TensorCore
  double transpose_elems_per_cycle = 1;  // u32 elements a transpose moves per cycle
  double permute_elems_per_cycle = 1;    // u32 elements a general permutation (gather) moves
  int latency_cycles = 0;                // pipeline depth paid once per instruction
};

struct VmemConfig {
  uint64_t size_bytes = 0;
  double bandwidth_bytes_per_cycle = 0;  // VMEM <-> vector registers
};

struct HbmConfig {
  uint64_t capacity_bytes = 0;
  double bandwidth_gbps = 0;  // GB/s (1e9 bytes per second), all channels
  double latency_ns = 0;      // unloaded access latency
};

struct DmaConfig {
  int engines = 4;       // transfers in flight at once
  int setup_cycles = 0;  // descriptor processing per transfer
};

struct EnergyConfig {
  double mxu_int8_mac_pj = 0;
  double mxu_bf16_mac_pj = 0;
  // One u32 ALU op on one element, per op class (add, sub, ...; a single number in the YAML
  // applies to every class).
  std::map<std::string, double> vpu_op_pj;
  double xlu_elem_pj = 0;  // one u32 element through a transpose or permutation
  double vmem_read_pj_per_byte = 0;
  double vmem_write_pj_per_byte = 0;
  double hbm_pj_per_bit = 0;
  double dma_pj_per_byte = 0;
  std::map<std::string, double> static_w;  // per unit name: mxu, vpu, xlu, vmem, hbm, dma
};

struct AreaConfig {
  double mxu_pe_um2 = 0;   // one PE including its registers
  double vpu_alu_um2 = 0;  // one 32-bit ALU
  double xlu_mm2 = 0;      // one cross-lane unit
  double sram_mm2_per_mib = 0;
  double hbm_phy_mm2 = 0;  // all HBM PHYs and controllers
  double other_mm2 = 0;    // everything not modelled (interconnect, I/O, control)
};

struct ChipConfig {
  std::string name;
  double clock_ghz = 1.0;
  int tensorcores = 1;
  int issue_window = 16;  // sequencer: instructions of a unit class it looks ahead to issue
  MxuConfig mxu;
  VpuConfig vpu;
  XluConfig xlu;
  VmemConfig vmem;
  HbmConfig hbm;
  DmaConfig dma;
  EnergyConfig energy;
  AreaConfig area;
};

}  // namespace hesa
