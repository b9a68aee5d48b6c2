// Area and peak rates of a chip configuration, in closed form from its YAML: area = the sum of
// each block's area formula (models/<block>/<block>_cost.hpp: PEs x area per PE, ALUs x area per
// ALU, XLUs x area per XLU, MiB of SRAM x area per MiB, HBM PHYs) + the rest; peaks = unit counts
// x per-cycle rates x clock. Plain C++, used by stats and `hesa info`.
#pragma once

#include <string>
#include <vector>

#include "models/common/block_report.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

using AreaItem = AreaLine;

struct AreaBreakdown {
  std::vector<AreaLine> parts;  // mxu, vpu, xlu, vmem, (cmem), hbm_phy, other
  double total_mm2 = 0;
};

AreaBreakdown chip_area(const ChipConfig& chip);

struct ChipPeaks {
  double int8_macs_per_s = 0;
  double bf16_macs_per_s = 0;
  double vpu_ops_per_s = 0;  // u32 ALU ops, at one cycle per op
  double xlu_transpose_elems_per_s = 0;
  double xlu_permute_elems_per_s = 0;
  double hbm_bytes_per_s = 0;
  double vmem_bytes_per_s = 0;  // all cores
  long pes = 0, alus = 0, xlus = 0;
};

ChipPeaks chip_peaks(const ChipConfig& chip);

}  // namespace hesa
