// Collectives over a slice lowered into point-to-point transfers, step by step, as ring
// algorithms run them on the slice's ring order (IciTopology::ring_order): all-gather and
// reduce-scatter pass one chunk a step to the next chip (n - 1 steps), all-to-all sends every
// pair's share at once. Each transfer is routed over the links (ici_topology.hpp) and timed with
// their contention (ici_cost.hpp). Plain C++.
#pragma once

#include <cstdint>
#include <vector>

#include "models/ici/ici_cost.hpp"
#include "models/ici/ici_topology.hpp"

namespace hesa {

struct IciTransfer {
  int src = 0, dst = 0;
  uint64_t bytes = 0;
};
using IciSteps = std::vector<std::vector<IciTransfer>>;

// Every chip ends with every chip's `bytes_per_chip`.
IciSteps all_gather_steps(const IciTopology& topo, uint64_t bytes_per_chip);
// Every chip starts with `bytes_per_chip` to sum and ends with its 1/n of the sum: chunks of
// bytes_per_chip / n (rounded up) pass n - 1 times.
IciSteps reduce_scatter_steps(const IciTopology& topo, uint64_t bytes_per_chip);
// Every chip sends `bytes_per_pair` to every other chip.
IciSteps all_to_all_steps(const IciTopology& topo, uint64_t bytes_per_pair);
// Runs the steps from now_ns, a step issuing its transfers when the previous one has arrived;
// returns when the last byte has arrived.
double run_steps(IciLinks& links, double now_ns, const IciSteps& steps);

}  // namespace hesa
