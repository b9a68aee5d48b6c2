#include "sim/engine/chip.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hesa {

Chip::Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace,
           Timeline* timeline)
    : sc_module(name),
      memory(allocate_memory(trace, cfg)),
      sequencer("sequencer", trace, cfg.sequencer.issue_window, cfg.tensorcores),
      hbm("hbm", cfg.hbm),
      scheduler("scheduler", sequencer),
      cfg_(cfg) {
  const double clock = cfg.clock_ghz;
  if (cfg.cmem.size_bytes > 0) {
    cmem = std::make_unique<VmemModule>("cmem", cfg.cmem, SramLevel::kCmem, clock, 1,
                                        memory.cmem_bytes);
  }
  for (int core = 0; core < cfg.tensorcores; ++core) {
    vmems.push_back(std::make_unique<VmemModule>(fmt::format("core{}_vmem", core).c_str(), cfg.vmem,
                                                 SramLevel::kVmem, clock, 1, memory.vmem_bytes));
    VmemModule& vmem = *vmems.back();
    mxus.push_back(std::make_unique<MxuModule>(fmt::format("core{}_mxu", core).c_str(), cfg.mxu,
                                               clock, core, sequencer, vmem, timeline));
    vpus.push_back(std::make_unique<VpuModule>(fmt::format("core{}_vpu", core).c_str(), cfg.vpu,
                                               clock, core, sequencer, vmem, timeline));
    for (int i = 0; i < cfg.xlu.count; ++i) {
      xlus.push_back(std::make_unique<XluModule>(fmt::format("core{}_xlu{}", core, i).c_str(),
                                                 cfg.xlu, clock, core, sequencer, vmem, timeline));
    }
  }
  const int engines = std::max(cfg.dma.engines, cfg.tensorcores);
  for (int i = 0; i < engines; ++i) {
    const int core = i % cfg.tensorcores;
    const DmaPorts ports{hbm, *vmems[core], cmem.get(), memory};
    dmas.push_back(std::make_unique<DmaModule>(fmt::format("dma{}", i).c_str(), cfg.dma, clock,
                                               sequencer, ports, timeline));
    dmas.back()->assign_core(core);
  }
  hbm.attach_timeline(timeline);
  // The units in the order they were created (a thread each would start in that order).
  for (int core = 0; core < cfg.tensorcores; ++core) {
    scheduler.add(*mxus[core]);
    scheduler.add(*vpus[core]);
    for (int i = 0; i < cfg.xlu.count; ++i) scheduler.add(*xlus[size_t(core) * cfg.xlu.count + i]);
  }
  for (const auto& d : dmas) scheduler.add(*d);
}

std::vector<const UnitModule*> Chip::units() const {
  std::vector<const UnitModule*> out;
  for (const auto& m : mxus) out.push_back(m.get());
  for (const auto& v : vpus) out.push_back(v.get());
  for (const auto& x : xlus) out.push_back(x.get());
  for (const auto& d : dmas) out.push_back(d.get());
  return out;
}

namespace {

template <class Modules>
std::vector<const ReportingBlock*> group(const Modules& modules) {
  std::vector<const ReportingBlock*> out;
  for (const auto& m : modules) out.push_back(m.get());
  return out;
}

}  // namespace

std::vector<std::vector<const ReportingBlock*>> Chip::blocks() const {
  std::vector<std::vector<const ReportingBlock*>> out = {group(mxus), group(vpus), group(xlus),
                                                         group(dmas), {&hbm},      group(vmems)};
  if (cmem) out.push_back({cmem.get()});
  return out;
}

const std::vector<std::string>& Chip::energy_order() {
  static const std::vector<std::string> order = {"mxu", "vpu", "xlu", "vmem", "hbm", "dma", "cmem"};
  return order;
}

}  // namespace hesa
