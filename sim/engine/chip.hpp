// The one place a chip is wired from its config: the trace's memory map (throws MemoryError when
// its buffers do not fit), the sequencer, HBM, the optional CMEM, and per TensorCore its VMEM,
// MXUs, VPU and XLUs, plus the DMA engines (engine e serves core e mod cores; at least one per
// core), as SystemC modules. Instructions reach the units of the core named by their core id.
#pragma once

#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "models/dma/dma_module.hpp"
#include "models/hbm/hbm_module.hpp"
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
  Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace, Timeline* timeline);
  const ChipConfig& config() const { return cfg_; }
  MemoryMap memory;
  Sequencer sequencer;
  HbmModule hbm;
  std::unique_ptr<VmemModule> cmem;                // when the chip has one
  std::vector<std::unique_ptr<VmemModule>> vmems;  // one per TensorCore
  std::vector<std::unique_ptr<MxuModule>> mxus;    // one per TensorCore, its arrays inside
  std::vector<std::unique_ptr<VpuModule>> vpus;
  std::vector<std::unique_ptr<XluModule>> xlus;
  std::vector<std::unique_ptr<DmaModule>> dmas;
  UnitScheduler scheduler;  // runs the units above (in that order) from one SystemC thread
  std::vector<const UnitModule*> units() const;
  // Every block as the group of its instances, in the order of the stats' `units` section (and of
  // the summary's utilization): MXUs, VPUs, XLUs, DMA engines, HBM, VMEMs, CMEM.
  std::vector<std::vector<const ReportingBlock*>> blocks() const;
  // The order of the blocks in the stats' `energy` section.
  static const std::vector<std::string>& energy_order();

 private:
  const ChipConfig& cfg_;
};

}  // namespace hesa
