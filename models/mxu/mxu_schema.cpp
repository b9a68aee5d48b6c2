#include "models/mxu/mxu_schema.hpp"

namespace hesa {

namespace {
const Bounds kPj = {0, 1e4};
}  // namespace

const std::vector<std::string>& mxu_keys() {
  static const std::vector<std::string> keys = {"count",
                                                "rows",
                                                "cols",
                                                "int8_macs_per_pe_cycle",
                                                "bf16_macs_per_pe_cycle",
                                                "double_buffered_weights"};
  return keys;
}

const std::vector<std::string>& mxu_energy_keys() {
  static const std::vector<std::string> keys = {"mxu_int8_mac_pj", "mxu_bf16_mac_pj"};
  return keys;
}

const std::vector<std::string>& mxu_area_keys() {
  static const std::vector<std::string> keys = {"mxu_pe_um2"};
  return keys;
}

void read_mxu(const ConfigReader& r, MxuConfig& c) {
  c.count = r.get_int("count", 1, 4096);  // 256 arrays of 32x32 fit a v6e's MXU area
  c.rows = r.get_int("rows", 1, 65536);
  c.cols = r.get_int("cols", 1, 65536);
  // 0: the MXU has no int8 matmuls (the run refuses a mapping that needs them); otherwise at
  // least one MAC per 1000 cycles per PE: a slower array is no matrix unit.
  c.int8_macs_per_pe_cycle = r.get_number("int8_macs_per_pe_cycle", {0, 64});
  if (c.int8_macs_per_pe_cycle != 0) {
    c.int8_macs_per_pe_cycle = r.get_number("int8_macs_per_pe_cycle", {0.001, 64});
  }
  c.bf16_macs_per_pe_cycle = r.get_number("bf16_macs_per_pe_cycle", {0.001, 64});
  c.double_buffered_weights = r.get_bool("double_buffered_weights");
}

void read_mxu_energy(const ConfigReader& energy, MxuConfig& c) {
  c.int8_mac_pj = energy.get_number("mxu_int8_mac_pj", kPj);
  c.bf16_mac_pj = energy.get_number("mxu_bf16_mac_pj", kPj);
}

void read_mxu_area(const ConfigReader& area, MxuConfig& c) {
  c.pe_um2 = area.get_number("mxu_pe_um2", {0, 1e6});
}

}  // namespace hesa
