// DMA engine cost terms in closed form: descriptor setup, and the bound a patterned transfer
// (strided, gather) meets when its chunks are small: each chunk is a memory request, one engine
// keeps `outstanding` in flight, each takes an isolated HBM access (Little's law). Plain C++.
#pragma once

#include <cstdint>

#include "models/dma/dma_config.hpp"
#include "models/hbm/hbm_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

// Requests a patterned HBM access issues: one per chunk (its interleave blocks go to their
// pseudo-channels in parallel); contiguous transfers stream (0: no request bound, the DRAM
// model's queue covers them).
uint64_t dma_requests(const HbmConfig& hbm, const DmaAccess& access);

// Least time (ns) an engine needs for `requests` requests of `request_bytes` each (at most one
// interleave block reaches one pseudo-channel): rounds of `outstanding` isolated accesses.
double dma_issue_bound_ns(const DmaConfig& dma, const HbmConfig& hbm, uint64_t requests,
                          uint64_t request_bytes);

}  // namespace hesa
