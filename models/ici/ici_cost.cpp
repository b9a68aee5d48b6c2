#include "models/ici/ici_cost.hpp"

#include <algorithm>

namespace hesa {

IciLinks::IciLinks(const IciConfig& cfg, const IciTopology& topology)
    : cfg_(cfg),
      topo_(topology),
      free_ns_(size_t(topology.links()), 0.0),
      totals_(size_t(topology.links())) {}

double IciLinks::transfer(double now_ns, int src, int dst, uint64_t bytes) {
  const std::vector<int> route = topo_.route(src, dst);
  if (route.empty() || bytes == 0) return now_ns;
  double start = now_ns;
  // Link i of the route carries the data from start + i hop latencies on: it must be free then.
  for (size_t i = 0; i < route.size(); ++i) {
    start = std::max(start, free_ns_[size_t(route[i])] - double(i) * cfg_.hop_latency_ns);
  }
  const double serialize = static_cast<double>(bytes) / cfg_.link_gb_s;  // GB/s = bytes per ns
  for (size_t i = 0; i < route.size(); ++i) {
    const auto l = size_t(route[i]);
    free_ns_[l] = start + double(i) * cfg_.hop_latency_ns + serialize;
    totals_[l].bytes += bytes;
    totals_[l].transfers += 1;
    totals_[l].busy_ns += serialize;
  }
  return start + double(route.size()) * cfg_.hop_latency_ns + serialize;
}

uint64_t IciLinks::bytes() const {
  uint64_t b = 0;
  for (const IciLinkTotals& t : totals_) b += t.bytes;
  return b;
}

}  // namespace hesa
