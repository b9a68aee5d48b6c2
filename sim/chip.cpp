#include "sim/chip.hpp"

#include <fmt/format.h>

namespace hesa {

Chip::Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace,
           bool record_slices)
    : sc_module(name),
      memory(allocate_memory(trace, cfg)),
      sequencer("sequencer", trace, cfg.issue_window),
      hbm("hbm", cfg.hbm),
      vmem("vmem", cfg.vmem, cfg.clock_ghz, cfg.tensorcores),
      cfg_(cfg) {
  if (cfg.cmem.size_bytes > 0)
    cmem = std::make_unique<VmemModule>("cmem", cfg.cmem, cfg.clock_ghz, 1);
  for (int core = 0; core < cfg.tensorcores; ++core) {
    for (int i = 0; i < cfg.mxu.count; ++i) {
      mxus.push_back(std::make_unique<MxuModule>(fmt::format("core{}_mxu{}", core, i).c_str(), cfg,
                                                 sequencer, vmem, record_slices));
    }
    vpus.push_back(std::make_unique<VpuModule>(fmt::format("core{}_vpu", core).c_str(), cfg,
                                               sequencer, vmem, record_slices));
  }
  for (int i = 0; i < cfg.dma.engines; ++i) {
    dmas.push_back(std::make_unique<DmaModule>(fmt::format("dma{}", i).c_str(), cfg, sequencer, hbm,
                                               vmem, cmem.get(), memory, record_slices));
  }
}

std::vector<const UnitModule*> Chip::units() const {
  std::vector<const UnitModule*> out;
  for (const auto& m : mxus) out.push_back(m.get());
  for (const auto& v : vpus) out.push_back(v.get());
  for (const auto& d : dmas) out.push_back(d.get());
  return out;
}

}  // namespace hesa
