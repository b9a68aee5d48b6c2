// The XLU's part of the chip schema: the keys of the `xlu` section and the XLU's keys of the
// `energy` and `area` sections, their ranges, read strictly.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/xlu/xlu_config.hpp"

namespace hesa {

const std::vector<std::string>& xlu_keys();
const std::vector<std::string>& xlu_energy_keys();
const std::vector<std::string>& xlu_area_keys();
void read_xlu(const ConfigReader& section, XluConfig& xlu);
void read_xlu_energy(const ConfigReader& energy, XluConfig& xlu);
void read_xlu_area(const ConfigReader& area, XluConfig& xlu);

}  // namespace hesa
