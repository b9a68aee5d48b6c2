// Closed-form timing of ICI transfers with contention per link. A transfer of B bytes over a
// route of h links starts when every link of its route is free, its data cut through the hops:
// it ends after h x hop latency + B / link bandwidth; each link carries it for B / bandwidth,
// from its start plus the hops before that link. Links are busy one transfer at a time. Plain
// C++: the SystemC module only adds time.
#pragma once

#include <cstdint>
#include <vector>

#include "models/ici/ici_config.hpp"
#include "models/ici/ici_topology.hpp"

namespace hesa {

struct IciLinkTotals {
  uint64_t bytes = 0;
  uint64_t transfers = 0;
  double busy_ns = 0;
};

class IciLinks {
 public:
  IciLinks(const IciConfig& cfg, const IciTopology& topology);
  // A transfer of `bytes` from src to dst issued at now_ns; returns when its last byte arrives.
  double transfer(double now_ns, int src, int dst, uint64_t bytes);
  const std::vector<IciLinkTotals>& totals() const { return totals_; }
  uint64_t bytes() const;  // over every link (a byte crossing two links counts twice)
  double energy_pj() const { return static_cast<double>(bytes()) * cfg_.byte_pj; }

 private:
  const IciConfig& cfg_;
  const IciTopology& topo_;
  std::vector<double> free_ns_;  // per link: when its last transfer has left it
  std::vector<IciLinkTotals> totals_;
};

}  // namespace hesa
