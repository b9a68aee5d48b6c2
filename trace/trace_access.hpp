// Which element ranges of which buffers an instruction reads and writes: the one definition used
// for dependencies, bounds checks and functional execution.
#pragma once

#include <cstdint>
#include <vector>

#include "trace/trace.hpp"

namespace hesa {

struct Access {
  int buffer = -1;
  uint64_t begin = 0, end = 0;  // elements [begin, end)
  bool overlaps(const Access& o) const {
    return buffer == o.buffer && begin < o.end && o.begin < end;
  }
};

struct Footprint {
  Access reads[3];  // a, b and, for an accumulating op, dst
  int num_reads = 0;
  Access write;
};

Footprint footprint(const Instr& instr, const std::vector<Buffer>& buffers);
// Elements a DMA copy moves.
uint64_t copy_elements(const Instr& instr, const std::vector<Buffer>& buffers);

// Bytes a DMA instruction moves (the whole smaller buffer, or chunks x chunk bytes).
uint64_t dma_bytes(const Trace& trace, const Instr& in);

}  // namespace hesa
