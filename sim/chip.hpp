// The one place a chip is wired from its config: the sequencer, HBM, VMEM and every unit
// (MXUs and VPUs of all TensorCores, the DMA engines) as SystemC modules.
#pragma once

#include <memory>
#include <systemc>
#include <vector>

#include "models/dma/dma_module.hpp"
#include "models/hbm/hbm_module.hpp"
#include "models/mxu/mxu_module.hpp"
#include "models/sequencer/sequencer_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "models/vpu/vpu_module.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class Chip : public sc_core::sc_module {
 public:
  // timeline: records every unit's slices (one track per unit instance, then HBM); may be null.
  Chip(sc_core::sc_module_name name, const ChipConfig& cfg, const Trace& trace, Timeline* timeline);
  const ChipConfig& config() const { return cfg_; }
  Sequencer sequencer;
  HbmModule hbm;
  VmemModule vmem;
  std::vector<std::unique_ptr<MxuModule>> mxus;
  std::vector<std::unique_ptr<VpuModule>> vpus;
  std::vector<std::unique_ptr<DmaModule>> dmas;
  std::vector<const UnitModule*> units() const;

 private:
  const ChipConfig& cfg_;
};

}  // namespace hesa
