// One DMA engine: executes a descriptor (a load or store between HBM, CMEM and VMEM, contiguous,
// strided or gather on its far side, packed on the other). It pays its setup, then streams
// through the HBM timing model and the SRAM ports at once; it ends when the slowest is done, and
// no earlier than its requests allow (dma_cost). Several engines give several transfers in
// flight; one wait per transfer.
#pragma once

#include "models/common/memory_map.hpp"
#include "models/dma/dma_config.hpp"
#include "models/hbm/hbm_module.hpp"
#include "models/unit/unit_module.hpp"
#include "models/vmem/vmem_module.hpp"

namespace hesa {

// What an engine reaches: the HBM, its core's VMEM, the CMEM (null: none) and where the trace's
// buffers live.
struct DmaPorts {
  HbmModule& hbm;
  VmemModule& vmem;
  VmemModule* cmem;
  const MemoryMap& map;
};

class DmaModule : public UnitModule {
 public:
  DmaModule(sc_core::sc_module_name name, const DmaConfig& dma, double clock_ghz, Sequencer& seq,
            const DmaPorts& ports, Timeline* timeline);
  uint64_t bytes() const { return bytes_; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 protected:
  double execute(const Instr& instr, double now_ns) override;

 private:
  // Time the side `buffer` of the transfer is done: `pattern` when it is the far side.
  double side(double start, int buffer, bool far, bool write, const Instr& in, uint64_t bytes);
  const DmaConfig& dma_;
  double clock_ghz_;
  DmaPorts ports_;
  uint64_t bytes_ = 0;
};

}  // namespace hesa
