#include "models/ici/ici_collectives.hpp"

#include <algorithm>

namespace hesa {

namespace {

IciSteps ring_steps(const IciTopology& topo, uint64_t chunk) {
  const std::vector<int> order = topo.ring_order();
  const size_t n = order.size();
  IciSteps steps;
  if (n < 2 || chunk == 0) return steps;
  for (size_t s = 0; s + 1 < n; ++s) {
    std::vector<IciTransfer> step;
    for (size_t i = 0; i < n; ++i) step.push_back({order[i], order[(i + 1) % n], chunk});
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

IciSteps all_gather_steps(const IciTopology& topo, uint64_t bytes_per_chip) {
  return ring_steps(topo, bytes_per_chip);
}

IciSteps reduce_scatter_steps(const IciTopology& topo, uint64_t bytes_per_chip) {
  const auto n = static_cast<uint64_t>(topo.chips());
  return ring_steps(topo, (bytes_per_chip + n - 1) / n);
}

IciSteps all_to_all_steps(const IciTopology& topo, uint64_t bytes_per_pair) {
  IciSteps steps;
  if (topo.chips() < 2 || bytes_per_pair == 0) return steps;
  std::vector<IciTransfer> step;
  // Round by round (chip i to chip i + r), so each round's transfers spread over the links.
  for (int r = 1; r < topo.chips(); ++r) {
    for (int i = 0; i < topo.chips(); ++i) {
      step.push_back({i, (i + r) % topo.chips(), bytes_per_pair});
    }
  }
  steps.push_back(std::move(step));
  return steps;
}

double run_steps(IciLinks& links, double now_ns, const IciSteps& steps) {
  double t = now_ns;
  for (const std::vector<IciTransfer>& step : steps) {
    double end = t;
    for (const IciTransfer& x : step) end = std::max(end, links.transfer(t, x.src, x.dst, x.bytes));
    t = end;
  }
  return t;
}

}  // namespace hesa
