#include "sim/engine/chip.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hesa {

namespace {

// Module names: as on one chip, prefixed "chip<k>_" on a slice.
std::string unit_label(int chips, int chip, const std::string& name) {
  return chips == 1 ? name : fmt::format("chip{}_{}", chip, name);
}

}  // namespace

Chip::Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace,
           Timeline* timeline, int chips, const IciConfig* ici)
    : sc_module(name),
      sequencer("sequencer", trace, cfg.sequencer.issue_window, cfg.tensorcores * chips),
      scheduler("scheduler", sequencer),
      cfg_(cfg),
      chips_(chips) {
  const double clock = cfg.clock_ghz;
  const int cores = cfg.tensorcores;
  if (chips > 1) {
    ici_ = *ici;
    ici_topology = std::make_unique<IciTopology>(ici_);
    ici_links = std::make_unique<IciLinks>(ici_, *ici_topology);
  }
  if (chips == 1) {
    memory.push_back(allocate_memory(trace, cfg));
  } else {
    memory = allocate_slice_memory(trace, cfg, chips);
  }
  for (int k = 0; k < chips; ++k) {
    const auto label = [&](const std::string& n) { return unit_label(chips, k, n); };
    hbms.push_back(std::make_unique<HbmModule>(label("hbm").c_str(), cfg.hbm));
    if (cfg.cmem.size_bytes > 0) {
      cmems.push_back(std::make_unique<VmemModule>(label("cmem").c_str(), cfg.cmem,
                                                   SramLevel::kCmem, clock, 1,
                                                   memory[size_t(k)].cmem_bytes));
    }
    for (int c = 0; c < cores; ++c) {
      const int core = k * cores + c;
      vmems.push_back(std::make_unique<VmemModule>(label(fmt::format("core{}_vmem", c)).c_str(),
                                                   cfg.vmem, SramLevel::kVmem, clock, 1,
                                                   memory[size_t(k)].vmem_bytes));
      VmemModule& vmem = *vmems.back();
      mxus.push_back(std::make_unique<MxuModule>(label(fmt::format("core{}_mxu", c)).c_str(),
                                                 cfg.mxu, clock, core, sequencer, vmem, timeline));
      vpus.push_back(std::make_unique<VpuModule>(label(fmt::format("core{}_vpu", c)).c_str(),
                                                 cfg.vpu, clock, core, sequencer, vmem, timeline));
      for (int i = 0; i < cfg.xlu.count; ++i) {
        xlus.push_back(std::make_unique<XluModule>(label(fmt::format("core{}_xlu{}", c, i)).c_str(),
                                                   cfg.xlu, clock, core, sequencer, vmem,
                                                   timeline));
      }
    }
  }
  const int engines = std::max(cfg.dma.engines, cores);
  for (int k = 0; k < chips; ++k) {
    for (int i = 0; i < engines; ++i) {
      const int core = k * cores + i % cores;
      const DmaPorts ports{*hbms[size_t(k)], *vmems[size_t(core)],
                           cmems.empty() ? nullptr : cmems[size_t(k)].get(), memory[size_t(k)]};
      dmas.push_back(
          std::make_unique<DmaModule>(unit_label(chips, k, fmt::format("dma{}", i)).c_str(),
                                      cfg.dma, clock, sequencer, ports, timeline));
      dmas.back()->assign_core(core);
    }
  }
  for (int k = 0; k < chips && ici_links; ++k) {
    // One engine per link leaving the chip: as many copies in flight as links to carry them.
    int links = 0;
    for (int l = 0; l < ici_topology->links(); ++l) links += ici_topology->link_src(l) == k;
    for (int i = 0; i < std::max(links, 1); ++i) {
      icis.push_back(
          std::make_unique<IciModule>(unit_label(chips, k, fmt::format("ici{}", i)).c_str(),
                                      k * cores, sequencer, *ici_links, timeline));
    }
  }
  for (const auto& h : hbms) h->attach_timeline(timeline);
  // The units in the order they were created (a thread each would start in that order).
  for (int core = 0; core < cores * chips; ++core) {
    scheduler.add(*mxus[size_t(core)]);
    scheduler.add(*vpus[size_t(core)]);
    for (int i = 0; i < cfg.xlu.count; ++i) scheduler.add(*xlus[size_t(core) * cfg.xlu.count + i]);
  }
  for (const auto& d : dmas) scheduler.add(*d);
  for (const auto& x : icis) scheduler.add(*x);
}

std::vector<const UnitModule*> Chip::units() const {
  std::vector<const UnitModule*> out;
  for (const auto& m : mxus) out.push_back(m.get());
  for (const auto& v : vpus) out.push_back(v.get());
  for (const auto& x : xlus) out.push_back(x.get());
  for (const auto& d : dmas) out.push_back(d.get());
  for (const auto& i : icis) out.push_back(i.get());
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
                                                         group(dmas), group(hbms), group(vmems)};
  if (!cmems.empty()) out.push_back(group(cmems));
  if (!icis.empty()) out.push_back(group(icis));
  return out;
}

std::vector<std::vector<const ReportingBlock*>> Chip::chip_blocks(int index) const {
  const auto mine = [&](const auto& modules) {
    std::vector<const ReportingBlock*> out;
    for (const auto& m : modules) {
      if (chip_of(*m) == index) out.push_back(m.get());
    }
    return out;
  };
  std::vector<const ReportingBlock*> vmem;
  for (size_t i = 0; i < vmems.size(); ++i) {
    if (int(i) / cfg_.tensorcores == index) vmem.push_back(vmems[i].get());
  }
  std::vector<std::vector<const ReportingBlock*>> out = {
      mine(mxus), mine(vpus), mine(xlus), mine(dmas), {hbms[size_t(index)].get()}, vmem};
  if (!cmems.empty()) out.push_back({cmems[size_t(index)].get()});
  return out;
}

const std::vector<std::string>& Chip::energy_order() {
  static const std::vector<std::string> order = {"mxu", "vpu", "xlu",  "vmem",
                                                 "hbm", "dma", "cmem", "ici"};
  return order;
}

}  // namespace hesa
