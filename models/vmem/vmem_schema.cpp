#include "models/vmem/vmem_schema.hpp"

#include <cmath>

namespace hesa {

namespace {
const Bounds kPj = {0, 1e4};
constexpr double kMiB = 1024.0 * 1024.0;
}  // namespace

const std::vector<std::string>& sram_keys() {
  static const std::vector<std::string> keys = {"size_mib", "bandwidth_bytes_per_cycle", "ports",
                                                "banks", "bank_bytes"};
  return keys;
}

const std::vector<std::string>& sram_energy_keys() {
  static const std::vector<std::string> keys = {"vmem_read_pj_per_byte", "vmem_write_pj_per_byte",
                                                "cmem_read_pj_per_byte", "cmem_write_pj_per_byte"};
  return keys;
}

const std::vector<std::string>& sram_area_keys() {
  static const std::vector<std::string> keys = {"sram_mm2_per_mib"};
  return keys;
}

void read_sram(const ConfigReader& m, SramConfig& s) {
  // At least about 1 KiB (0.001 MiB = 1049 bytes): less holds no working set of any kernel.
  s.size_bytes = std::llround(m.get_number("size_mib", {0.001, 1048576}) * kMiB);
  // At least 1 byte per cycle per port: an SRAM port moves at least one byte a cycle.
  s.bandwidth_bytes_per_cycle = m.get_number("bandwidth_bytes_per_cycle", {1, 1048576});
  s.ports = m.get_int("ports", 1, 64);
  s.banks = m.get_int("banks", 1, 65536);
  s.bank_bytes = m.get_int("bank_bytes", 1, 4096);
}

void read_vmem_energy(const ConfigReader& energy, SramConfig& vmem) {
  vmem.read_pj_per_byte = energy.get_number("vmem_read_pj_per_byte", kPj);
  vmem.write_pj_per_byte = energy.get_number("vmem_write_pj_per_byte", kPj);
}

void read_cmem_energy(const ConfigReader& energy, SramConfig& cmem) {
  if (cmem.size_bytes > 0) {  // a chip with CMEM says what its reads and writes cost
    cmem.read_pj_per_byte = energy.get_number("cmem_read_pj_per_byte", kPj);
    cmem.write_pj_per_byte = energy.get_number("cmem_write_pj_per_byte", kPj);
    return;
  }
  for (const char* key : {"cmem_read_pj_per_byte", "cmem_write_pj_per_byte"}) {
    if (const Node* n = energy.find(key)) {
      config_fail(n->loc, energy.key_path(key), "given but the chip has no cmem");
    }
  }
}

void read_sram_area(const ConfigReader& area, SramConfig& sram) {
  sram.mm2_per_mib = area.get_number("sram_mm2_per_mib", {0, 1e3});
}

}  // namespace hesa
