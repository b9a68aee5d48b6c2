// The VPU's part of the chip schema: the keys of the `vpu` section (op_cycles: one number per op
// class of trace/vpu_op_mix.hpp) and the VPU's keys of the `energy` and `area` sections.
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "models/vpu/vpu_config.hpp"

namespace hesa {

const std::vector<std::string>& vpu_keys();
const std::vector<std::string>& vpu_energy_keys();
const std::vector<std::string>& vpu_area_keys();
void read_vpu(const ConfigReader& section, VpuConfig& vpu);
void read_vpu_energy(const ConfigReader& energy, VpuConfig& vpu);
void read_vpu_area(const ConfigReader& area, VpuConfig& vpu);

}  // namespace hesa
