// The MXU's part of the chip schema: the keys of the `mxu` section and the MXU's keys of the
// `energy` and `area` sections, their ranges, read strictly (config/config_reader.hpp).
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/mxu/mxu_config.hpp"

namespace hesa {

const std::vector<std::string>& mxu_keys();
const std::vector<std::string>& mxu_energy_keys();
const std::vector<std::string>& mxu_area_keys();
void read_mxu(const ConfigReader& section, MxuConfig& mxu);
void read_mxu_energy(const ConfigReader& energy, MxuConfig& mxu);
void read_mxu_area(const ConfigReader& area, MxuConfig& mxu);

}  // namespace hesa
