// The HBM's part of the chip schema: the keys of the `hbm` section (with its DRAM `timing`) and
// the HBM's keys of the `energy` and `area` sections, their ranges and consistency, read strictly.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/hbm/hbm_config.hpp"

namespace hesa {

const std::vector<std::string>& hbm_keys();
const std::vector<std::string>& hbm_energy_keys();
const std::vector<std::string>& hbm_area_keys();
void read_hbm(const ConfigReader& section, HbmConfig& hbm);
void read_hbm_energy(const ConfigReader& energy, HbmConfig& hbm);
void read_hbm_area(const ConfigReader& area, HbmConfig& hbm);

}  // namespace hesa
