#include "sim/engine/chip_memory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "trace/trace_access.hpp"

namespace hesa {

void check_dma_access(const Trace& trace, uint32_t index) {
  const Instr& in = trace.instrs[index];
  const DmaAccess& a = in.access;
  if (a.kind == AccessKind::kContiguous) return;
  if (in.a_off || in.dst_off || in.count) {
    throw MemoryError("trace", fmt::format("instruction {}: a strided or gather copy walks whole "
                                           "buffers: no offsets or count",
                                           index));
  }
  const bool load = in.op == Opcode::kLoad;
  const Buffer& far = trace.buffers[load ? in.a : in.dst];
  const Buffer& near = trace.buffers[load ? in.dst : in.a];
  const auto fail = [&](const std::string& what) {
    throw MemoryError("trace",
                      fmt::format("instruction {} ({} {} -> {}): {}", index, opcode_name(in.op),
                                  trace.buffers[in.a].name, trace.buffers[in.dst].name, what));
  };
  const uint64_t elem = dtype_bytes(far.dtype);
  if (a.chunks == 0 || a.chunk_bytes == 0 || a.chunk_bytes % elem != 0) {
    fail(
        fmt::format("chunks of {} bytes x {} must be a non-empty whole number of {}-byte "
                    "elements",
                    a.chunk_bytes, a.chunks, elem));
  }
  if (a.kind == AccessKind::kStrided) {
    if (a.stride_bytes < a.chunk_bytes || a.stride_bytes % elem != 0) {
      fail(fmt::format("stride {} must be a multiple of {} bytes and at least the chunk ({})",
                       a.stride_bytes, elem, a.chunk_bytes));
    }
    const uint64_t extent = (a.chunks - 1) * a.stride_bytes + a.chunk_bytes;
    if (extent > far.bytes()) {
      fail(fmt::format("strided access spans {} bytes, {} has {}", extent, far.name, far.bytes()));
    }
  } else if (a.chunk_bytes > far.bytes()) {
    fail(fmt::format("gather chunk of {} bytes exceeds {} ({} bytes)", a.chunk_bytes, far.name,
                     far.bytes()));
  }
  if (a.chunks * a.chunk_bytes > near.bytes()) {
    fail(fmt::format("{} chunks x {} bytes = {} bytes do not fit {} ({} bytes)", a.chunks,
                     a.chunk_bytes, a.chunks * a.chunk_bytes, near.name, near.bytes()));
  }
}

namespace {

uint64_t align_up(uint64_t v, uint64_t a) {
  return (v + a - 1) / a * a;
}

}  // namespace

namespace {

// Allocates the buffers `mine` selects (all when empty), VMEM buffers of cores first_core ..
// first_core + cores - 1 (the chip's own cores 0 ..).
MemoryMap allocate(const Trace& trace, const ChipConfig& chip, const std::vector<bool>& mine,
                   int first_core) {
  // A slice's chips check their DMA patterns once, in allocate_slice_memory.
  struct Space_ {
    const char* label;
    const char* key;
    uint64_t capacity, align, used = 0, needed = 0;
  };
  // HBM and CMEM are the chip's; VMEM is per TensorCore (a buffer's core picks which).
  std::vector<Space_> spaces = {
      {"HBM", "hbm.capacity_gib", chip.hbm.capacity_bytes, chip.hbm.interleave_bytes},
      {"CMEM", "cmem.size_mib", chip.cmem.size_bytes, uint64_t(std::max(chip.cmem.bank_bytes, 1))},
  };
  for (int core = 0; core < chip.tensorcores; ++core) {
    spaces.push_back(
        {"VMEM", "vmem.size_mib", chip.vmem.size_bytes, uint64_t(chip.vmem.bank_bytes)});
  }
  const auto space_of = [&](const Buffer& b) -> Space_& {
    if (b.space == Space::kHbm) return spaces[0];
    if (b.space == Space::kCmem) return spaces[1];
    if (b.core - first_core >= chip.tensorcores) {
      throw MemoryError("tensorcores",
                        fmt::format("VMEM buffer \"{}\" is on core {}, the chip has {} TensorCores",
                                    b.name, b.core, chip.tensorcores),
                        static_cast<int>(&b - trace.buffers.data()));
    }
    return spaces[2 + b.core - first_core];
  };
  const auto skip = [&](const Buffer& b) {
    return !mine.empty() && !mine[size_t(&b - trace.buffers.data())];
  };
  for (const Buffer& b : trace.buffers) {
    if (skip(b)) continue;
    Space_& s = space_of(b);
    s.needed = align_up(s.needed, s.align) + b.bytes();
  }
  MemoryMap map;
  map.base.reserve(trace.buffers.size());
  for (const Buffer& b : trace.buffers) {
    if (skip(b)) {
      map.base.push_back(0);  // another chip's
      continue;
    }
    Space_& s = space_of(b);
    const uint64_t at = align_up(s.used, s.align);
    if (at + b.bytes() > s.capacity) {
      const std::string what = s.capacity == 0
                                   ? fmt::format("the chip has no {}", s.label)
                                   : fmt::format(
                                         "{} of {} bytes are taken by earlier buffers; the "
                                         "trace's {} buffers need {} bytes",
                                         at, s.capacity, s.label, s.needed);
      throw MemoryError(s.key,
                        fmt::format("{} buffer \"{}\" ({} bytes) does not fit: {}", s.label, b.name,
                                    b.bytes(), what),
                        static_cast<int>(&b - trace.buffers.data()));
    }
    map.base.push_back(at);
    s.used = at + b.bytes();
  }
  map.hbm_bytes = spaces[0].used;
  map.cmem_bytes = spaces[1].used;
  for (size_t i = 2; i < spaces.size(); ++i)
    map.vmem_bytes = std::max(map.vmem_bytes, spaces[i].used);
  for (uint32_t i = 0; i < trace.instrs.size() && mine.empty(); ++i) {
    if (trace.instrs.unit(i) == UnitKind::kDma) check_dma_access(trace, i);
  }
  return map;
}

}  // namespace

MemoryMap allocate_memory(const Trace& trace, const ChipConfig& chip) {
  return allocate(trace, chip, {}, 0);
}

std::vector<MemoryMap> allocate_slice_memory(const Trace& trace, const ChipConfig& chip,
                                             int chips) {
  const int cores = chip.tensorcores;
  // Per chip, the buffers it holds: its cores' VMEM, the HBM and CMEM its DMAs and ICI copies
  // touch.
  std::vector<std::vector<bool>> mine(size_t(chips), std::vector<bool>(trace.buffers.size()));
  for (size_t b = 0; b < trace.buffers.size(); ++b) {
    const Buffer& buf = trace.buffers[b];
    if (buf.space != Space::kVmem) continue;
    if (buf.core / cores >= chips) {
      throw MemoryError("tensorcores",
                        fmt::format("VMEM buffer \"{}\" is on core {}, the slice has {} chips of "
                                    "{} TensorCores",
                                    buf.name, buf.core, chips, cores),
                        static_cast<int>(b));
    }
    mine[size_t(buf.core / cores)][b] = true;
  }
  for (uint32_t i = 0; i < trace.instrs.size(); ++i) {
    const UnitKind unit = trace.instrs.unit(i);
    if (unit != UnitKind::kDma && unit != UnitKind::kIci) continue;
    const Instr in = trace.instrs[i];
    if (unit == UnitKind::kDma) {
      check_dma_access(trace, i);
      const int k = in.core / cores;
      for (int b : {in.a, in.dst}) {
        if (trace.buffers[size_t(b)].space != Space::kVmem) mine[size_t(k)][size_t(b)] = true;
      }
    } else if (int(in.m) < chips && int(in.n) < chips) {
      mine[in.m][size_t(in.a)] = true;
      mine[in.n][size_t(in.dst)] = true;
    } else {
      throw MemoryError("trace", fmt::format("instruction {} copies from chip {} to chip {}, the "
                                             "slice has {} chips",
                                             i, in.m, in.n, chips));
    }
  }
  std::vector<MemoryMap> maps;
  for (int k = 0; k < chips; ++k) maps.push_back(allocate(trace, chip, mine[size_t(k)], k * cores));
  return maps;
}

}  // namespace hesa
