#include "models/xlu/xlu_schema.hpp"

namespace hesa {

const std::vector<std::string>& xlu_keys() {
  static const std::vector<std::string> keys = {"count", "transpose_elems_per_cycle",
                                                "permute_elems_per_cycle", "latency_cycles"};
  return keys;
}

const std::vector<std::string>& xlu_energy_keys() {
  static const std::vector<std::string> keys = {"xlu_elem_pj"};
  return keys;
}

const std::vector<std::string>& xlu_area_keys() {
  static const std::vector<std::string> keys = {"xlu_mm2"};
  return keys;
}

void read_xlu(const ConfigReader& r, XluConfig& c) {
  c.count = r.get_int("count", 1, 1024);
  // At least 1 element per cycle: a transpose or gather unit moves at least one word a cycle.
  c.transpose_elems_per_cycle = r.get_number("transpose_elems_per_cycle", {1, 1e6});
  c.permute_elems_per_cycle = r.get_number("permute_elems_per_cycle", {1, 1e6});
  c.latency_cycles = r.get_int("latency_cycles", 0, 1000000);
}

void read_xlu_energy(const ConfigReader& energy, XluConfig& c) {
  c.elem_pj = energy.get_number("xlu_elem_pj", {0, 1e4});
}

void read_xlu_area(const ConfigReader& area, XluConfig& c) {
  c.mm2 = area.get_number("xlu_mm2", {0, 1e4});
}

}  // namespace hesa
