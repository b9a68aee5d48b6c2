#include "sim/engine/chip.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hesa {

Chip::Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace,
           Timeline* timeline)
    : sc_module(name),
      memory(allocate_memory(trace, cfg)),
      sequencer("sequencer", trace, cfg.issue_window, cfg.tensorcores),
      hbm("hbm", cfg.hbm),
      cfg_(cfg) {
  if (cfg.cmem.size_bytes > 0)
    cmem = std::make_unique<VmemModule>("cmem", cfg.cmem, cfg.clock_ghz, 1);
  for (int core = 0; core < cfg.tensorcores; ++core) {
    vmems.push_back(std::make_unique<VmemModule>(fmt::format("core{}_vmem", core).c_str(), cfg.vmem,
                                                 cfg.clock_ghz, 1));
    VmemModule& vmem = *vmems.back();
    for (int i = 0; i < cfg.mxu.count; ++i) {
      mxus.push_back(std::make_unique<MxuModule>(fmt::format("core{}_mxu{}", core, i).c_str(), cfg,
                                                 core, sequencer, vmem, timeline));
    }
    vpus.push_back(std::make_unique<VpuModule>(fmt::format("core{}_vpu", core).c_str(), cfg, core,
                                               sequencer, vmem, timeline));
    for (int i = 0; i < cfg.xlu.count; ++i) {
      xlus.push_back(std::make_unique<XluModule>(fmt::format("core{}_xlu{}", core, i).c_str(), cfg,
                                                 core, sequencer, vmem, timeline));
    }
  }
  const int engines = std::max(cfg.dma.engines, cfg.tensorcores);
  for (int i = 0; i < engines; ++i) {
    const int core = i % cfg.tensorcores;
    dmas.push_back(std::make_unique<DmaModule>(fmt::format("dma{}", i).c_str(), cfg, sequencer, hbm,
                                               *vmems[core], cmem.get(), memory, timeline));
    dmas.back()->assign_core(core);
  }
  hbm.attach_timeline(timeline);
}

std::vector<const UnitModule*> Chip::units() const {
  std::vector<const UnitModule*> out;
  for (const auto& m : mxus) out.push_back(m.get());
  for (const auto& v : vpus) out.push_back(v.get());
  for (const auto& x : xlus) out.push_back(x.get());
  for (const auto& d : dmas) out.push_back(d.get());
  return out;
}

}  // namespace hesa
