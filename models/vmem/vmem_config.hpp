// Configuration of one on-chip SRAM level: the per-TensorCore VMEM (`vmem` section of a chip
// file) or the chip's optional CMEM (`cmem`), with their keys of the `energy` and `area` sections.
#pragma once

#include <cstdint>

namespace hesa {

struct SramConfig {
  uint64_t size_bytes = 0;               // per TensorCore for VMEM, per chip for CMEM
  double bandwidth_bytes_per_cycle = 0;  // per port
  int ports = 1;                         // independent ports, each at the full bandwidth
  int banks = 1;                         // interleaved banks of bank_bytes each
  int bank_bytes = 4;                    // bank word: consecutive words go to consecutive banks
  double read_pj_per_byte = 0;           // energy.<vmem|cmem>_read_pj_per_byte
  double write_pj_per_byte = 0;          // energy.<vmem|cmem>_write_pj_per_byte
  double static_w = 0;                   // energy.static_w.<vmem|cmem>: the whole level
  double mm2_per_mib = 0;                // area.sram_mm2_per_mib (shared by both levels)
};
using VmemConfig = SramConfig;

}  // namespace hesa
