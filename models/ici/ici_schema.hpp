// The ICI's part of the slice schema: the keys of the `ici` section and the ICI's key of the
// `energy` section, their ranges, read strictly.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/ici/ici_config.hpp"

namespace hesa {

const std::vector<std::string>& ici_keys();
void read_ici(const ConfigReader& section, IciConfig& ici);
void read_ici_energy(const ConfigReader& energy, IciConfig& ici);

}  // namespace hesa
