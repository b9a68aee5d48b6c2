// The sequencer's part of the chip schema: the keys of the `sequencer` section.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/sequencer/sequencer_config.hpp"

namespace hesa {

const std::vector<std::string>& sequencer_keys();
void read_sequencer(const ConfigReader& section, SequencerConfig& sequencer);

}  // namespace hesa
