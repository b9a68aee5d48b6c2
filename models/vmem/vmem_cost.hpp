// On-chip SRAM (VMEM, CMEM) access cost in closed form: `ports` independent ports, each moving
// bandwidth_bytes_per_cycle; consecutive bank words (bank_bytes) rotate over `banks` banks, so a
// strided or gathered access that keeps hitting few banks, or uses part of each word, gets only a
// fraction of a port's bandwidth. Plain C++.
#pragma once

#include <cstdint>

#include "models/common/block_report.hpp"
#include "models/vmem/vmem_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

// Fraction of a port's bandwidth an access gets: 1 for contiguous data; for chunks of
// chunk_bytes every stride_bytes (or at random, gather) the banks it reaches per round of
// `banks` words times the useful share of the words it reads.
double sram_efficiency(const SramConfig& sram, const DmaAccess& access);

// Area of `instances` copies of an SRAM level named `component` (vmem, cmem): MiB x area per MiB.
AreaLine sram_area(const SramConfig& sram, const char* component, int instances);

}  // namespace hesa
