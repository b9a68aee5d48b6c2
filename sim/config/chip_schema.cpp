#include "sim/config/chip_schema.hpp"

#include "config/config_reader.hpp"
#include "models/dma/dma_schema.hpp"
#include "models/hbm/hbm_schema.hpp"
#include "models/mxu/mxu_schema.hpp"
#include "models/sequencer/sequencer_schema.hpp"
#include "models/vmem/vmem_schema.hpp"
#include "models/vpu/vpu_schema.hpp"
#include "models/xlu/xlu_schema.hpp"

namespace hesa {

namespace {

template <class... Lists>
std::vector<std::string> concat(const Lists&... lists) {
  std::vector<std::string> out;
  (out.insert(out.end(), lists.begin(), lists.end()), ...);
  return out;
}

}  // namespace

const std::vector<std::string>& chip_keys() {
  static const std::vector<std::string> keys = {
      "name", "clock_ghz", "tensorcores", "sequencer", "mxu",    "vpu",  "xlu",
      "vmem", "cmem",      "hbm",         "dma",       "energy", "area", "calibration"};
  return keys;
}

const std::vector<std::vector<std::string>>& chip_alternative_keys() {
  return hbm_alternative_keys();
}

ChipConfig read_chip(const Node& root) {
  ChipConfig c;
  const ConfigReader r(root, "", chip_keys());
  c.name = r.get_string("name");
  // At least 1 MHz: slower clocks are no accelerator, and would saturate the simulated time.
  c.clock_ghz = r.get_number("clock_ghz", {0.001, 10});
  c.tensorcores = r.get_int("tensorcores", 1, 1024);  // many small cores in a design space

  read_sequencer(r.child("sequencer", sequencer_keys()), c.sequencer);
  read_mxu(r.child("mxu", mxu_keys()), c.mxu);
  read_vpu(r.child("vpu", vpu_keys()), c.vpu);
  read_xlu(r.child("xlu", xlu_keys()), c.xlu);
  c.xlu.vreg_lanes = c.vpu.lanes;  // the XLU moves the VPU's vector registers
  c.xlu.vreg_sublanes = c.vpu.sublanes;
  read_sram(r.child("vmem", sram_keys()), c.vmem);
  if (r.find("cmem")) read_sram(r.child("cmem", sram_keys()), c.cmem);
  read_hbm(r.child("hbm", hbm_keys()), c.hbm);
  read_dma(r.child("dma", dma_keys()), c.dma);

  const ConfigReader energy = r.child(
      "energy", concat(mxu_energy_keys(), vpu_energy_keys(), xlu_energy_keys(), sram_energy_keys(),
                       hbm_energy_keys(), dma_energy_keys(), std::vector<std::string>{"static_w"}));
  read_mxu_energy(energy, c.mxu);
  read_vpu_energy(energy, c.vpu);
  read_xlu_energy(energy, c.xlu);
  read_vmem_energy(energy, c.vmem);
  read_hbm_energy(energy, c.hbm);
  read_dma_energy(energy, c.dma);
  read_cmem_energy(energy, c.cmem);
  // Static power per block: one key per block the chip has.
  std::vector<std::string> units = {"mxu", "vpu", "xlu", "vmem", "hbm", "dma"};
  if (c.cmem.size_bytes > 0) units.push_back("cmem");
  const auto static_w = energy.get_number_table("static_w", units, {0, 1e5});  // wafer-scale parts
  c.mxu.static_w = static_w.at("mxu");
  c.vpu.static_w = static_w.at("vpu");
  c.xlu.static_w = static_w.at("xlu");
  c.vmem.static_w = static_w.at("vmem");
  c.hbm.static_w = static_w.at("hbm");
  c.dma.static_w = static_w.at("dma");
  if (c.cmem.size_bytes > 0) c.cmem.static_w = static_w.at("cmem");

  const ConfigReader area =
      r.child("area", concat(mxu_area_keys(), vpu_area_keys(), xlu_area_keys(), sram_area_keys(),
                             hbm_area_keys(), std::vector<std::string>{"other_mm2"}));
  read_mxu_area(area, c.mxu);
  read_vpu_area(area, c.vpu);
  read_xlu_area(area, c.xlu);
  read_sram_area(area, c.vmem);
  read_sram_area(area, c.cmem);
  read_hbm_area(area, c.hbm);
  c.other_mm2 = area.get_number("other_mm2", {0, 1e5});
  c.calibration = read_calibration(r);
  return c;
}

}  // namespace hesa
