// Per kernel and per phase of a program (the tags' phases: bootstrapping's steps, an
// application's layers): each unit kind's busy time and utilization during it, and its share of
// the run's energy. Dynamic energy is shared out by work: a unit kind's by its busy time in the
// phase, HBM's by the phase's HBM bytes, the SRAMs' by all units' busy time; static energy by the
// phase's active time. Phases that overlap in time both take their share of the static energy, so
// the phases' energies sum to the run's only when they run one after the other.
#pragma once

#include <vector>

#include "models/common/block_report.hpp"
#include "models/common/timeline.hpp"
#include "sim/engine/chip.hpp"
#include "sim/stats/stats.hpp"
#include "trace/trace.hpp"

namespace hesa {

void add_phase_energy(StatsNode& root, const std::vector<BlockReport>& reports, const Trace& trace,
                      const Chip& chip, const Timeline& timeline, double time_ns, double clock_ghz);

}  // namespace hesa
