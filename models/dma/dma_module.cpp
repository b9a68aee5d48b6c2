#include "models/dma/dma_module.hpp"

#include <algorithm>

namespace hesa {

DmaModule::DmaModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq,
                     HbmModule& hbm, VmemModule& vmem, Timeline* timeline)
    : UnitModule(name, UnitKind::kDma, seq, timeline), chip_(chip), hbm_(hbm), vmem_(vmem) {}

double DmaModule::execute(const Instr& in, double now_ns) {
  const Buffer& src = trace().buffers[in.a];
  const Buffer& dst = trace().buffers[in.dst];
  const uint64_t bytes = std::min(src.bytes(), dst.bytes());
  bytes_ += bytes;
  const double start = now_ns + chip_.dma.setup_cycles / chip_.clock_ghz;
  double hbm_done = start, vmem_done = start;
  const bool hbm_side = src.space == Space::kHbm || dst.space == Space::kHbm;
  if (hbm_side) hbm_done = hbm_.transfer(start, bytes, instr_index(in), in.tag);
  if (src.space == Space::kVmem) vmem_done = vmem_.read(start, bytes);
  if (dst.space == Space::kVmem) vmem_done = std::max(vmem_done, vmem_.write(start, bytes));
  return std::max(hbm_done, vmem_done);
}

}  // namespace hesa
