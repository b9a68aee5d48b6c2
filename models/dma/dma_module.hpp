// One DMA engine: executes a descriptor (a load or store between HBM, CMEM and VMEM, contiguous,
// strided or gather on its far side, packed on the other). It pays its setup, then streams
// through the HBM timing model and the SRAM ports at once; it ends when the slowest is done, and
// no earlier than its requests allow (dma_cost). Several engines give several transfers in
// flight; one wait per transfer.
#pragma once

#include "models/common/unit_module.hpp"
#include "models/hbm/hbm_module.hpp"
#include "models/vmem/vmem_module.hpp"
#include "sim/config/chip_config.hpp"
#include "sim/engine/chip_memory.hpp"

namespace hesa {

class DmaModule : public UnitModule {
 public:
  DmaModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq, HbmModule& hbm,
            VmemModule& vmem, VmemModule* cmem, const MemoryMap& map, Timeline* timeline);
  uint64_t bytes() const { return bytes_; }

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  // Time the side `buffer` of the transfer is done: `pattern` when it is the far side.
  double side(double start, int buffer, bool far, bool write, const Instr& in, uint64_t bytes);
  const ChipConfig& chip_;
  HbmModule& hbm_;
  VmemModule& vmem_;
  VmemModule* cmem_;
  const MemoryMap& map_;
  uint64_t bytes_ = 0;
};

}  // namespace hesa
