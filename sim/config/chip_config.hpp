// Validated chip description (a TPU-style accelerator): the configs of its blocks, each owned by
// its model's folder, and the chip-level numbers (clock, TensorCores, the rest of the area).
#pragma once

#include <string>
#include <vector>

#include "models/dma/dma_config.hpp"
#include "models/hbm/hbm_config.hpp"
#include "models/mxu/mxu_config.hpp"
#include "models/sequencer/sequencer_config.hpp"
#include "models/vmem/vmem_config.hpp"
#include "models/vpu/vpu_config.hpp"
#include "models/xlu/xlu_config.hpp"
#include "sim/config/chip_calibration.hpp"

namespace hesa {

struct ChipConfig {
  std::string name;
  double clock_ghz = 1.0;
  int tensorcores = 1;
  SequencerConfig sequencer;
  MxuConfig mxu;
  VpuConfig vpu;
  XluConfig xlu;
  VmemConfig vmem;
  SramConfig cmem;  // optional second on-chip level (size 0: none)
  HbmConfig hbm;
  DmaConfig dma;
  double other_mm2 = 0;  // area.other_mm2: everything not modelled (interconnect, I/O, control)
  std::vector<ParamSource> calibration;  // how each group that sets time was obtained
};

}  // namespace hesa
