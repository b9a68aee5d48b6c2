// Chips and HBM parts built in code for the model tests, so that recalibrating a shipped chip
// (configs/chips/*.yaml) never changes what a formula test expects. The numbers are fixed test
// values, not the shipped chips: copied once from tpu_v4.yaml, tpu_v5e.yaml, tpu_v6e.yaml and
// configs/memories/hbm2.yaml, hbm2e.yaml, and not kept in step with them.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/config/chip_config.hpp"

namespace hesa::test {

inline constexpr uint64_t kMiB = uint64_t{1} << 20;
inline constexpr uint64_t kGiB = uint64_t{1} << 30;

// Fixed test values: an HBM2 part (JEDEC organisation, DRAM timings in tCK), one stack at 2 Gb/s.
inline HbmConfig hbm2_part() {
  HbmConfig h;
  h.stacks = 1;
  h.channels = 8;
  h.pseudo_channels = 2;
  h.pseudo_channel_bits = 64;
  h.banks = 16;
  h.bank_groups = 4;
  h.burst_length = 4;
  h.row_bytes = 1024;
  h.interleave_bytes = 256;
  h.data_rate_gbps = 2.0;
  h.queue_depth = 8;
  h.controller_ns = 90;
  h.timing = DramTiming{.cl = 17,
                        .cwl = 7,
                        .trcd = 12,
                        .trp = 14,
                        .tras = 28,
                        .trc = 42,
                        .tfaw = 16,
                        .trrd_s = 4,
                        .trrd_l = 6,
                        .tccd_s = 2,
                        .tccd_l = 3,
                        .trefi = 3900,
                        .trfc = 220};
  h.pj_per_bit = 2.54;
  h.activation_pj = 620;
  return h;
}

// Fixed test values: an HBM2e part (the HBM2 organisation, timings for tCK = 0.625 ns), one stack
// at 3.2 Gb/s.
inline HbmConfig hbm2e_part() {
  HbmConfig h = hbm2_part();
  h.data_rate_gbps = 3.2;
  h.timing = DramTiming{.cl = 28,
                        .cwl = 12,
                        .trcd = 20,
                        .trp = 23,
                        .tras = 45,
                        .trc = 68,
                        .tfaw = 26,
                        .trrd_s = 7,
                        .trrd_l = 10,
                        .tccd_s = 2,
                        .tccd_l = 5,
                        .trefi = 6240,
                        .trfc = 352};
  return h;
}

// `part` with a chip's stack count, capacity and data rate (the keys a chip file merges over the
// part it includes).
inline HbmConfig hbm_stacks(HbmConfig part, int stacks, uint64_t capacity_gib, double gbps) {
  part.stacks = stacks;
  part.capacity_bytes = capacity_gib * kGiB;
  part.data_rate_gbps = gbps;
  return part;
}

// Fixed test values: 4 stacks of HBM2 at 2.34375 Gb/s, peak 4 x 8 x 2 x 8 B x 2.34375 = 1200 GB/s.
inline HbmConfig hbm2_x4() {
  return hbm_stacks(hbm2_part(), 4, 32, 2.34375);
}

// Fixed test values: 2 stacks of HBM2e at 3.19921875 Gb/s, peak 2 x 8 x 2 x 8 B x 3.19921875 =
// 819 GB/s.
inline HbmConfig hbm2e_x2() {
  return hbm_stacks(hbm2e_part(), 2, 16, 3.19921875);
}

// Fixed test values: 4 stacks of HBM2e at 2.82192 Gb/s, peak 4 x 8 x 2 x 8 B x 2.82192 =
// 1444.82 GB/s.
inline HbmConfig hbm2e_x4() {
  return hbm_stacks(hbm2e_part(), 4, 32, 2.82192);
}

// Per-class VPU op energies (pJ per u32 op).
inline std::map<std::string, double> test_vpu_op_pj() {
  return {{"add", 0.03},   {"sub", 0.03}, {"mul", 1.48},    {"mulhi", 1.48},  {"shift", 0.03},
          {"logic", 0.03}, {"cmp", 0.03}, {"select", 0.03}, {"convert", 0.03}};
}

// Fixed test values (not the shipped tpu_v4): 2 TensorCores of 4 MXUs of 128 x 128 at 1.05 GHz,
// a 2048-ALU VPU per core with one cycle per op (two for mulhi), 16 MiB of VMEM per core, 128 MiB
// of CMEM, 4 stacks of HBM2 (1200 GB/s).
inline ChipConfig two_core_chip() {
  ChipConfig c;
  c.name = "test_two_core";
  c.clock_ghz = 1.05;
  c.tensorcores = 2;
  c.sequencer.issue_window = 16;

  c.mxu.count = 4;
  c.mxu.rows = 128;
  c.mxu.cols = 128;
  c.mxu.int8_macs_per_pe_cycle = 1;
  c.mxu.bf16_macs_per_pe_cycle = 1;
  c.mxu.double_buffered_weights = true;
  c.mxu.int8_mac_pj = 0.10;
  c.mxu.bf16_mac_pj = 0.45;
  c.mxu.static_w = 15;
  c.mxu.pe_um2 = 25;

  c.vpu.lanes = 128;
  c.vpu.sublanes = 8;
  c.vpu.alus = 2;
  c.vpu.latency_cycles = 8;
  c.vpu.load_bytes_per_cycle = 8192;
  c.vpu.store_bytes_per_cycle = 4096;
  c.vpu.op_cycles = {{"add", 1},   {"sub", 1}, {"mul", 1},    {"mulhi", 2},  {"shift", 1},
                     {"logic", 1}, {"cmp", 1}, {"select", 1}, {"convert", 1}};
  c.vpu.op_pj = test_vpu_op_pj();
  c.vpu.static_w = 5;
  c.vpu.alu_um2 = 400;

  c.xlu.count = 1;
  c.xlu.transpose_elems_per_cycle = 128;
  c.xlu.permute_elems_per_cycle = 32;
  c.xlu.latency_cycles = 32;
  c.xlu.elem_pj = 1.0;
  c.xlu.static_w = 2;
  c.xlu.mm2 = 0.5;

  c.vmem.size_bytes = 16 * kMiB;
  c.vmem.bandwidth_bytes_per_cycle = 8192;
  c.vmem.ports = 1;
  c.vmem.banks = 128;
  c.vmem.bank_bytes = 32;
  c.vmem.read_pj_per_byte = 1.75;
  c.vmem.write_pj_per_byte = 1.75;
  c.vmem.static_w = 6;
  c.vmem.mm2_per_mib = 0.4;

  c.cmem.size_bytes = 128 * kMiB;
  c.cmem.bandwidth_bytes_per_cycle = 2048;
  c.cmem.ports = 1;
  c.cmem.banks = 64;
  c.cmem.bank_bytes = 32;
  c.cmem.read_pj_per_byte = 3.5;
  c.cmem.write_pj_per_byte = 3.5;
  c.cmem.static_w = 4;
  c.cmem.mm2_per_mib = 0.4;

  c.hbm = hbm2_x4();
  c.hbm.static_w = 15;
  c.hbm.phy_mm2 = 48;

  c.dma.engines = 4;
  c.dma.outstanding = 256;
  c.dma.setup_cycles = 64;
  c.dma.pj_per_byte = 0.8;
  c.dma.static_w = 5;

  c.other_mm2 = 282;
  return c;
}

// Fixed test values (not the shipped tpu_v6e): 1 TensorCore of 4 MXUs of 256 x 256 (int8 at twice
// the bf16 rate) at 1.75 GHz, a 2048-ALU VPU with fractional cycles per op, 128 MiB of VMEM, no
// CMEM, 4 stacks of HBM2e (1444.82 GB/s).
inline ChipConfig one_core_chip() {
  ChipConfig c;
  c.name = "test_one_core";
  c.clock_ghz = 1.75;
  c.tensorcores = 1;
  c.sequencer.issue_window = 16;

  c.mxu.count = 4;
  c.mxu.rows = 256;
  c.mxu.cols = 256;
  c.mxu.int8_macs_per_pe_cycle = 2;
  c.mxu.bf16_macs_per_pe_cycle = 1;
  c.mxu.double_buffered_weights = true;
  c.mxu.int8_mac_pj = 0.10;
  c.mxu.bf16_mac_pj = 0.45;
  c.mxu.static_w = 20;
  c.mxu.pe_um2 = 25;

  c.vpu.lanes = 128;
  c.vpu.sublanes = 8;
  c.vpu.alus = 2;
  c.vpu.latency_cycles = 8;
  c.vpu.load_bytes_per_cycle = 8192;
  c.vpu.store_bytes_per_cycle = 4096;
  c.vpu.op_cycles = {{"add", 2.25},      {"sub", 2.25},    {"mul", 1.68119},
                     {"mulhi", 3.36238}, {"shift", 2.25},  {"logic", 2.25},
                     {"cmp", 2.25},      {"select", 2.25}, {"convert", 2.25}};
  c.vpu.op_pj = test_vpu_op_pj();
  c.vpu.static_w = 6;
  c.vpu.alu_um2 = 400;

  c.xlu.count = 1;
  c.xlu.transpose_elems_per_cycle = 128;
  c.xlu.permute_elems_per_cycle = 32;
  c.xlu.latency_cycles = 32;
  c.xlu.elem_pj = 1.0;
  c.xlu.static_w = 1;
  c.xlu.mm2 = 0.5;

  c.vmem.size_bytes = 128 * kMiB;
  c.vmem.bandwidth_bytes_per_cycle = 8192;
  c.vmem.ports = 1;
  c.vmem.banks = 128;
  c.vmem.bank_bytes = 32;
  c.vmem.read_pj_per_byte = 1.75;
  c.vmem.write_pj_per_byte = 1.75;
  c.vmem.static_w = 12;
  c.vmem.mm2_per_mib = 0.4;
  c.cmem.mm2_per_mib = 0.4;  // no CMEM (size 0)

  c.hbm = hbm2e_x4();
  c.hbm.static_w = 16;
  c.hbm.phy_mm2 = 48;

  c.dma.engines = 4;
  c.dma.outstanding = 256;
  c.dma.setup_cycles = 64;
  c.dma.pj_per_byte = 0.8;
  c.dma.static_w = 6;

  c.other_mm2 = 293;
  return c;
}

}  // namespace hesa::test
