#include "models/dma/dma_cost.hpp"

#include <algorithm>

#include "models/hbm/hbm_cost.hpp"

namespace hesa {

uint64_t dma_requests(const HbmConfig& hbm, const DmaAccess& a) {
  if (a.kind == AccessKind::kContiguous) return 0;
  if (a.kind == AccessKind::kStrided && a.stride_bytes == a.chunk_bytes) return 0;
  return a.chunks;
}

double dma_issue_bound_ns(const DmaConfig& dma, const HbmConfig& hbm, uint64_t requests,
                          uint64_t request_bytes) {
  if (requests == 0) return 0;
  const uint64_t bb = hbm.burst_bytes();
  const int bursts = static_cast<int>(std::max<uint64_t>(1, (request_bytes + bb - 1) / bb));
  const uint64_t rounds = (requests + dma.outstanding - 1) / dma.outstanding;
  return double(rounds) * isolated_access_ns(hbm, bursts);
}

}  // namespace hesa
