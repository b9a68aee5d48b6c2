// Static memory allocation of a trace on a chip: every buffer gets a base address in its space
// (HBM, VMEM, CMEM), packed in buffer order; a trace whose buffers of one space do not fit is
// refused, naming the buffer and the sizes. DMA access patterns are checked against their
// buffers. VMEM buffers are static slots (all live at once) in their TensorCore's VMEM.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/memory_map.hpp"
#include "sim/config/chip_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

// A trace that does not fit the chip; key() names the chip key at fault (e.g. vmem.size_mib).
class MemoryError : public std::runtime_error {
 public:
  MemoryError(std::string key, const std::string& message, int buffer = -1)
      : std::runtime_error(message), key_(std::move(key)), buffer_(buffer) {}
  const std::string& key() const { return key_; }
  int buffer() const { return buffer_; }  // the buffer at fault, or -1

 private:
  std::string key_;
  int buffer_;
};

// Alignment of buffers: HBM interleave blocks, SRAM bank words.
MemoryMap allocate_memory(const Trace& trace, const ChipConfig& chip);
// Each chip of a slice of `chips`: the HBM and CMEM buffers its DMA engines and ICI copies touch
// (a constant read by several chips has a copy on each), the VMEM buffers of its cores.
std::vector<MemoryMap> allocate_slice_memory(const Trace& trace, const ChipConfig& chip, int chips);

// Checks a strided or gather DMA instruction's pattern against its buffers (allocate_memory checks
// every one); MemoryError with key "trace" naming the instruction.
void check_dma_access(const Trace& trace, uint32_t index);

}  // namespace hesa
