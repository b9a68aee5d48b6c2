// The memory part of the chip schema: on-chip SRAM levels (vmem, cmem) and the HBM part
// (organisation, data rate, DRAM timings in tCK), read strictly with one-line errors.
#pragma once

#include <string>
#include <vector>

#include "sim/config/chip_config.hpp"
#include "config/config_reader.hpp"

namespace hesa {

const std::vector<std::string>& sram_keys();
const std::vector<std::string>& hbm_keys();
SramConfig read_sram(const ConfigReader& map);
HbmConfig read_hbm(const ConfigReader& map);

}  // namespace hesa
