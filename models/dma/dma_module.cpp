#include "models/dma/dma_module.hpp"

#include <algorithm>

#include "models/dma/dma_cost.hpp"

namespace hesa {

DmaModule::DmaModule(sc_core::sc_module_name name, const ChipConfig& chip, Sequencer& seq,
                     HbmModule& hbm, VmemModule& vmem, VmemModule* cmem, const MemoryMap& map,
                     Timeline* timeline)
    : UnitModule(name, UnitKind::kDma, seq, timeline),
      chip_(chip),
      hbm_(hbm),
      vmem_(vmem),
      cmem_(cmem),
      map_(map) {}

double DmaModule::side(double start, int buffer, bool far, bool write, const Instr& in,
                       uint64_t bytes) {
  const Buffer& b = trace().buffers[buffer];
  const DmaAccess packed{};
  const DmaAccess& a = far ? in.access : packed;
  if (b.space == Space::kHbm) {
    HbmPattern p;
    // A contiguous copy starts at its operand's offset.
    const uint64_t offset = buffer == in.a ? in.a_off : in.dst_off;
    p.base = map_.base[buffer] + offset * dtype_bytes(b.dtype);
    p.write = write;
    if (a.kind == AccessKind::kContiguous) {
      p.chunk_bytes = bytes;
    } else {
      p.chunk_bytes = a.chunk_bytes;
      p.chunks = a.chunks;
      p.stride_bytes = a.stride_bytes;
      p.gather = a.kind == AccessKind::kGather;
      p.span_bytes = b.bytes();
    }
    const double hbm_done = hbm_.transfer(start, p, instr_index(in), in.tag);
    const uint64_t request = std::min<uint64_t>(a.chunk_bytes, chip_.hbm.interleave_bytes);
    return std::max(hbm_done,
                    start + dma_issue_bound_ns(chip_, dma_requests(chip_.hbm, a), request));
  }
  VmemModule& sram = b.space == Space::kCmem ? *cmem_ : vmem_;
  const SramConfig& cfg = b.space == Space::kCmem ? chip_.cmem : chip_.vmem;
  const double eff = sram_efficiency(cfg, a);
  return write ? sram.write(start, bytes, eff) : sram.read(start, bytes, eff);
}

double DmaModule::execute(const Instr& in, double now_ns) {
  const uint64_t bytes = dma_bytes(trace(), in);
  bytes_ += bytes;
  const double start = now_ns + chip_.dma.setup_cycles / chip_.clock_ghz;
  const bool load = in.op == Opcode::kLoad;
  const double read_done = side(start, in.a, load, false, in, bytes);
  const double write_done = side(start, in.dst, !load, true, in, bytes);
  return std::max(read_done, write_done);
}

}  // namespace hesa
