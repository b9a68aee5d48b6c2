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

// One on-chip SRAM level (VMEM per TensorCore, or the chip's CMEM).
struct SramConfig {
  uint64_t size_bytes = 0;               // per TensorCore for VMEM, per chip for CMEM
  double bandwidth_bytes_per_cycle = 0;  // per port
  int ports = 1;                         // independent ports, each at the full bandwidth
  int banks = 1;                         // interleaved banks of bank_bytes each
  int bank_bytes = 4;                    // bank word: consecutive words go to consecutive banks
};
using VmemConfig = SramConfig;

// DRAM timing of one HBM part, in clock cycles (tCK), as in DRAMSys memspecs.
struct DramTiming {
  int cl = 0, cwl = 0;         // read and write latency (RL, WL)
  int trcd = 0, trp = 0;       // activate -> column, precharge -> activate
  int tras = 0, trc = 0;       // activate -> precharge, activate -> activate (same bank)
  int tfaw = 0;                // window holding at most 4 activates
  int trrd_s = 0, trrd_l = 0;  // activate -> activate, other / same bank group
  int tccd_s = 0, tccd_l = 0;  // column -> column, other / same bank group
  int trefi = 0, trfc = 0;     // refresh interval and all-bank refresh time
};

struct XluConfig {
  int count = 1;                         // cross-lane units per TensorCore
  double transpose_elems_per_cycle = 1;  // u32 elements a transpose moves per cycle
  double permute_elems_per_cycle = 1;    // u32 elements a general permutation (gather) moves
  int latency_cycles = 0;                // pipeline depth paid once per instruction
};

struct HbmConfig {
  uint64_t capacity_bytes = 0;
  int stacks = 1;
  int channels = 8;              // per stack
  int pseudo_channels = 2;       // per channel
  int pseudo_channel_bits = 64;  // data bus width of one pseudo-channel
  int banks = 16;                // per pseudo-channel
  int bank_groups = 4;
  int burst_length = 4;
  uint64_t row_bytes = 1024;        // page of one bank of one pseudo-channel
  uint64_t interleave_bytes = 256;  // consecutive blocks of this size rotate over pseudo-channels
  double data_rate_gbps = 2;        // per pin; tCK = 2 / data rate (double data rate)
  int queue_depth = 8;              // controller requests per pseudo-channel it can reorder
  double controller_ns = 0;         // controller + PHY + on-chip path, paid once per transfer
  DramTiming timing;

  double tck_ns() const { return 2.0 / data_rate_gbps; }
  int pseudo_channels_total() const { return stacks * channels * pseudo_channels; }
  uint64_t burst_bytes() const { return uint64_t(pseudo_channel_bits) / 8 * burst_length; }
  // Aggregate peak in GB/s (= bytes per ns): every pseudo-channel's pins at the data rate.
  double peak_gbps() const {
    return pseudo_channels_total() * pseudo_channel_bits / 8.0 * data_rate_gbps;
  }
};

struct DmaConfig {
  int engines = 4;       // transfers in flight at once
  int setup_cycles = 0;  // descriptor processing per transfer
  int outstanding = 64;  // requests one engine keeps in flight (bounds gathers: Little's law)
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
  double hbm_pj_per_bit = 0;     // data movement + I/O per bit read or written
  double hbm_activation_pj = 0;  // one row activation (and its precharge)
  double cmem_read_pj_per_byte = 0;
  double cmem_write_pj_per_byte = 0;
  double dma_pj_per_byte = 0;
  std::map<std::string, double> static_w;  // per unit name: mxu, vpu, xlu, vmem, hbm, dma (cmem)
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
  SramConfig cmem;  // optional second on-chip level (size 0: none)
  HbmConfig hbm;
  DmaConfig dma;
  EnergyConfig energy;
  AreaConfig area;
};

}  // namespace hesa
