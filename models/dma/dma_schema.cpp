#include "models/dma/dma_schema.hpp"

namespace hesa {

const std::vector<std::string>& dma_keys() {
  static const std::vector<std::string> keys = {"engines", "setup_cycles", "outstanding"};
  return keys;
}

const std::vector<std::string>& dma_energy_keys() {
  static const std::vector<std::string> keys = {"dma_pj_per_byte"};
  return keys;
}

void read_dma(const ConfigReader& r, DmaConfig& c) {
  c.engines = r.get_int("engines", 1, 1024);
  c.setup_cycles = r.get_int("setup_cycles", 0, 1000000);
  c.outstanding = r.get_int("outstanding", 1, 1 << 20);
}

void read_dma_energy(const ConfigReader& energy, DmaConfig& c) {
  c.pj_per_byte = energy.get_number("dma_pj_per_byte", {0, 1e4});
}

}  // namespace hesa
