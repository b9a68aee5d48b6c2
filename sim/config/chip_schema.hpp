// The chip schema: a chip file's top-level keys and the `energy` and `area` sections assembled
// from each block's schema (models/<block>/<block>_schema.hpp), read into a ChipConfig.
#pragma once

#include <string>
#include <vector>

#include "config/yaml_tree.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

const std::vector<std::string>& chip_keys();
// Keys that give one quantity two ways, as {section, key, key} (hbm.bandwidth_gbs and
// hbm.data_rate_gbps): a chip takes one of each pair.
const std::vector<std::vector<std::string>>& chip_alternative_keys();
ChipConfig read_chip(const Node& root);

}  // namespace hesa
