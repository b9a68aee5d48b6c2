// Chip area from the config alone (no simulation): PEs, ALUs and SRAM times their per-unit areas
// from the chip YAML, plus the fixed HBM PHY and unmodelled remainder.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/chip_config.hpp"

namespace hesa {

struct AreaBreakdown {
  std::vector<std::pair<std::string, double>>
      parts;  // mxu, vpu, vmem, (cmem), hbm_phy, other (mm2)
  double total_mm2 = 0;
};

AreaBreakdown chip_area(const ChipConfig& chip);

}  // namespace hesa
