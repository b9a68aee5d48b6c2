// One DMA engine: moves a buffer between HBM and VMEM. A transfer pays its descriptor setup, then
// streams through the HBM port and the VMEM port at once; it ends when the slower one is done.
#pragma once

#include "models/common/unit_module.hpp"
#include "models/hbm/hbm_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class DmaModule : public UnitModule {
 public:
  DmaModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq, HbmModule& hbm,
            VmemModule& vmem, Timeline* timeline);
  uint64_t bytes() const { return bytes_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  const ChipConfig& chip_;
  HbmModule& hbm_;
  VmemModule& vmem_;
  uint64_t bytes_ = 0;
};

}  // namespace hesa
