// The HBM's part of the chip schema: the keys of the `hbm` section (with its DRAM `timing`) and
// the HBM's keys of the `energy` and `area` sections, their ranges and consistency, read strictly;
// the data rate per pin or the bandwidth in GB/s (the rate derived).
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/hbm/hbm_config.hpp"

namespace hesa {

const std::vector<std::string>& hbm_keys();
const std::vector<std::string>& hbm_energy_keys();
const std::vector<std::string>& hbm_area_keys();
// Keys that give one quantity two ways, as {section, key, key}: hbm.bandwidth_gbs (GB/s) and
// hbm.data_rate_gbps (per pin). A section takes one of them.
const std::vector<std::vector<std::string>>& hbm_alternative_keys();
void read_hbm(const ConfigReader& section, HbmConfig& hbm);
void read_hbm_energy(const ConfigReader& energy, HbmConfig& hbm);
void read_hbm_area(const ConfigReader& area, HbmConfig& hbm);

}  // namespace hesa
