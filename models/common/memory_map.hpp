// Where a trace's buffers live: a byte address per buffer in its space (HBM, VMEM, CMEM), as the
// engine allocates them before a run (sim/engine/chip_memory.hpp). The DMA model reads it.
#pragma once

#include <cstdint>
#include <vector>

namespace hesa {

struct MemoryMap {
  std::vector<uint64_t> base;              // per buffer: byte address in its space
  uint64_t hbm_bytes = 0, cmem_bytes = 0;  // allocated, with alignment
  uint64_t vmem_bytes = 0;                 // the fullest TensorCore's VMEM
};

}  // namespace hesa
