// The DMA's part of the chip schema: the keys of the `dma` section and the DMA's key of the
// `energy` section, their ranges, read strictly.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/dma/dma_config.hpp"

namespace hesa {

const std::vector<std::string>& dma_keys();
const std::vector<std::string>& dma_energy_keys();
void read_dma(const ConfigReader& section, DmaConfig& dma);
void read_dma_energy(const ConfigReader& energy, DmaConfig& dma);

}  // namespace hesa
