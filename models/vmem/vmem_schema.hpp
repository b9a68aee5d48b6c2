// The SRAM levels' part of the chip schema: the keys of the `vmem` and `cmem` sections and their
// keys of the `energy` and `area` sections, their ranges, read strictly.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/vmem/vmem_config.hpp"

namespace hesa {

const std::vector<std::string>& sram_keys();
const std::vector<std::string>& sram_energy_keys();  // of both levels
const std::vector<std::string>& sram_area_keys();
void read_sram(const ConfigReader& section, SramConfig& sram);
// energy.vmem_read_pj_per_byte and energy.vmem_write_pj_per_byte.
void read_vmem_energy(const ConfigReader& energy, SramConfig& vmem);
// The cmem keys of `energy`: required when the chip has a CMEM, an error when it has none.
void read_cmem_energy(const ConfigReader& energy, SramConfig& cmem);
void read_sram_area(const ConfigReader& area, SramConfig& sram);

}  // namespace hesa
