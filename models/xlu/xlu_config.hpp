// Configuration of the cross-lane units of a TensorCore (the `xlu` section of a chip file, and
// the XLU's keys of its `energy` and `area` sections).
#pragma once

namespace hesa {

struct XluConfig {
  int count = 1;                         // cross-lane units per TensorCore
  double transpose_elems_per_cycle = 1;  // u32 elements a transpose moves per cycle
  double permute_elems_per_cycle = 1;    // u32 elements a general permutation (gather) moves
  int latency_cycles = 0;                // pipeline depth paid once per instruction
  int vreg_lanes = 128;                  // the vector registers' tile (lanes x sublanes of 32-bit
  int vreg_sublanes = 8;                 // words): the chip's vpu.lanes and vpu.sublanes
  double elem_pj = 0;                    // energy.xlu_elem_pj: one u32 element moved
  double static_w = 0;                   // energy.static_w.xlu: every XLU of the chip
  double mm2 = 0;                        // area.xlu_mm2: one cross-lane unit
};

}  // namespace hesa
