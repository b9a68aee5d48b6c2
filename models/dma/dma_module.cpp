#include "models/dma/dma_module.hpp"

#include <algorithm>

#include "models/dma/dma_cost.hpp"
#include "trace/trace_access.hpp"

namespace hesa {

DmaModule::DmaModule(sc_core::sc_module_name name, const DmaConfig& dma, double clock_ghz,
                     Sequencer& seq, const DmaPorts& ports, Timeline* timeline)
    : UnitModule(name, UnitKind::kDma, seq, timeline),
      dma_(dma),
      clock_ghz_(clock_ghz),
      ports_(ports) {}

double DmaModule::side(double start, int buffer, bool far, bool write, const Instr& in,
                       uint64_t bytes) {
  const Buffer& b = trace().buffers[buffer];
  const DmaAccess packed{};
  const DmaAccess& a = far ? in.access : packed;
  if (b.space == Space::kHbm) {
    HbmPattern p;
    // A contiguous copy starts at its operand's offset.
    const uint64_t offset = buffer == in.a ? in.a_off : in.dst_off;
    p.base = ports_.map.base[buffer] + offset * dtype_bytes(b.dtype);
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
    const HbmConfig& hbm = ports_.hbm.config();
    const double hbm_done = ports_.hbm.transfer(start, p, instr_index(in), in.tag);
    const uint64_t request = std::min<uint64_t>(a.chunk_bytes, hbm.interleave_bytes);
    return std::max(hbm_done, start + dma_issue_bound_ns(dma_, hbm, dma_requests(hbm, a), request));
  }
  VmemModule& sram = b.space == Space::kCmem ? *ports_.cmem : ports_.vmem;
  const SramConfig& cfg = sram.config();
  const double eff = sram_efficiency(cfg, a);
  return write ? sram.write(start, bytes, eff) : sram.read(start, bytes, eff);
}

double DmaModule::execute(const Instr& in, double now_ns) {
  const uint64_t bytes = dma_bytes(trace(), in);
  bytes_ += bytes;
  const double start = now_ns + dma_.setup_cycles / clock_ghz_;
  const bool load = in.op == Opcode::kLoad;
  const double read_done = side(start, in.a, load, false, in, bytes);
  const double write_done = side(start, in.dst, !load, true, in, bytes);
  return std::max(read_done, write_done);
}

BlockReport DmaModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  const auto dmas = instances_as<DmaModule>(instances);
  uint64_t bytes = 0, instrs = 0;
  double busy_ns = 0;
  for (const DmaModule* d : dmas) bytes += d->bytes_;
  for (const DmaModule* d : dmas) busy_ns += d->counters().busy_ns, instrs += d->counters().instrs;
  BlockReport r;
  r.name = "dma";
  r.utilization = ratio(busy_ns, span.time_ns * dmas.size());
  r.add("instances", double(dmas.size()), "count", "DMA engines");
  r.add("transfers", double(instrs), "count", "transfers");
  r.add("bytes", double(bytes), "B", "bytes moved");
  r.add("busy", busy_ns * span.clock_ghz, "cycles", "sum over engines of busy cycles");
  r.add("utilization", r.utilization, "fraction", "busy time / (time x engines)");
  r.dynamic_uj = bytes * dma_.pj_per_byte * 1e-6;
  r.static_uj = dma_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
