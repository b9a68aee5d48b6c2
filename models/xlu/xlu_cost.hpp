// Closed-form timing of the cross-lane unit (XLU): a transpose or a general permutation (the
// automorphism of HE-Rotate, a gather) streams its u32 elements at the chip's per-kind rate
// after a fixed pipeline latency; every element is read from and written back to VMEM once.
#pragma once

#include <cstdint>

#include "models/common/block_report.hpp"
#include "models/xlu/xlu_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

struct XluCost {
  double cycles = 0;
  uint64_t elements = 0;
  uint64_t tiled_elements = 0;  // elements of the padded tiles moved (trace/tile_layout.hpp)
  uint64_t vmem_read_bytes = 0;
  uint64_t vmem_write_bytes = 0;
};

// latency + ceil(tiled elements / rate); rate = transpose or permute elements per cycle.
XluCost xlu_cost(const XluConfig& xlu, const Instr& instr);
uint64_t xlu_elements(const Instr& instr);

// Area of the XLUs of `tensorcores` cores: XLUs x area per XLU.
AreaLine xlu_area(const XluConfig& xlu, int tensorcores);

}  // namespace hesa
