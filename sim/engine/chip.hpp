// The one place a chip, or a slice of chips, is wired from its config: per chip the trace's
// memory map (throws MemoryError when its buffers do not fit), HBM, the optional CMEM, per
// TensorCore its VMEM, MXUs, VPU and XLUs, plus the DMA engines (engine e serves the chip's core
// e mod cores; at least one per core), as SystemC modules; one sequencer and one scheduler for
// all. Instructions reach the units of the core named by their core id; over a slice, chip k's
// cores are k x cores .. k x cores + cores - 1, and each chip adds ICI engines (one per link
// leaving it) that share the slice's links (models/ici).
#pragma once

#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "models/dma/dma_module.hpp"
#include "models/hbm/hbm_module.hpp"
#include "models/ici/ici_module.hpp"
#include "models/mxu/mxu_module.hpp"
#include "models/sequencer/sequencer_module.hpp"
#include "models/unit/unit_scheduler.hpp"
#include "models/vmem/vmem_module.hpp"
#include "models/vpu/vpu_module.hpp"
#include "models/xlu/xlu_module.hpp"
#include "sim/config/chip_config.hpp"
#include "sim/engine/chip_memory.hpp"

namespace hesa {

class Chip : public sc_core::sc_module {
 public:
  // timeline: records every unit's slices (one track per unit instance, then HBM); may be null.
  // ici: the slice's interconnect when chips > 1 (kept by reference).
  Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace, Timeline* timeline,
       int chips = 1, const IciConfig* ici = nullptr);
  const ChipConfig& config() const { return cfg_; }
  int chips() const { return chips_; }
  std::vector<MemoryMap> memory;  // per chip
  Sequencer sequencer;
  std::vector<std::unique_ptr<HbmModule>> hbms;    // per chip
  std::vector<std::unique_ptr<VmemModule>> cmems;  // per chip, when the chip has one
  std::vector<std::unique_ptr<VmemModule>> vmems;  // one per TensorCore
  std::vector<std::unique_ptr<MxuModule>> mxus;    // one per TensorCore, its arrays inside
  std::vector<std::unique_ptr<VpuModule>> vpus;
  std::vector<std::unique_ptr<XluModule>> xlus;
  std::vector<std::unique_ptr<DmaModule>> dmas;
  std::unique_ptr<IciTopology> ici_topology;  // a slice's
  std::unique_ptr<IciLinks> ici_links;
  std::vector<std::unique_ptr<IciModule>> icis;
  UnitScheduler scheduler;  // runs the units above (in that order) from one SystemC thread
  std::vector<const UnitModule*> units() const;
  // The chip (of a slice) a unit belongs to.
  int chip_of(const UnitModule& unit) const { return unit.core() / cfg_.tensorcores; }
  // Every block as the group of its instances, in the order of the stats' `units` section (and of
  // the summary's utilization): MXUs, VPUs, XLUs, DMA engines, HBM, VMEMs, CMEM, ICI.
  std::vector<std::vector<const ReportingBlock*>> blocks() const;
  // The same for chip `index` of a slice alone (its own instances; the ICI, whose links the
  // chips share, left out).
  std::vector<std::vector<const ReportingBlock*>> chip_blocks(int index) const;
  // The order of the blocks in the stats' `energy` section.
  static const std::vector<std::string>& energy_order();

 private:
  const ChipConfig& cfg_;
  int chips_;
  IciConfig ici_;  // the links keep a reference
};

}  // namespace hesa
