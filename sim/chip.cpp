#include "sim/chip.hpp"

#include <fmt/format.h>

namespace hesa {

Chip::Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace,
           Timeline* timeline)
    : sc_module(name),
      sequencer("sequencer", trace, cfg.issue_window),
      hbm("hbm", cfg.hbm),
      vmem("vmem", cfg.vmem, cfg.clock_ghz, cfg.tensorcores),
      cfg_(cfg) {
  for (int core = 0; core < cfg.tensorcores; ++core) {
    for (int i = 0; i < cfg.mxu.count; ++i) {
      mxus.push_back(std::make_unique<MxuModule>(fmt::format("core{}_mxu{}", core, i).c_str(), cfg,
                                                 sequencer, vmem, timeline));
    }
    vpus.push_back(std::make_unique<VpuModule>(fmt::format("core{}_vpu", core).c_str(), cfg,
                                               sequencer, vmem, timeline));
  }
  for (int i = 0; i < cfg.dma.engines; ++i) {
    dmas.push_back(std::make_unique<DmaModule>(fmt::format("dma{}", i).c_str(), cfg, sequencer, hbm,
                                               vmem, timeline));
  }
  hbm.attach_timeline(timeline);
}

std::vector<const UnitModule*> Chip::units() const {
  std::vector<const UnitModule*> out;
  for (const auto& m : mxus) out.push_back(m.get());
  for (const auto& v : vpus) out.push_back(v.get());
  for (const auto& d : dmas) out.push_back(d.get());
  return out;
}

}  // namespace hesa
