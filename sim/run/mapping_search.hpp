// The mapping search: every knob a workload sets to `auto` (prefetch depth, core split, NTT
// layout, batch items per chunk) is chosen by simulating its legal candidates and keeping the
// fastest. When the open knobs have at most 64 combinations of candidates, every combination is
// simulated (a chip with more of a resource then never loses to one with less: its candidates are
// a superset). Beyond that, knobs are searched one at a time, the others held at their current
// values, in the order layout, core split, chunk items, prefetch depth; a second pass runs when
// the first changed anything. Each candidate is lowered and simulated in a child process of its own (SystemC
// elaborates once per process), `jobs` at a time; a candidate that cannot be lowered or does not
// fit the chip is skipped with its reason. Ties go to the earlier candidate (the default first).
#pragma once

#include <string>
#include <vector>

#include "sim/config/run_config.hpp"

namespace hesa {

// Searches the `auto` knobs of cfg.workload.mapping and leaves the chosen values in `cfg` (the
// knobs then count as given). Throws ConfigError when no candidate of a knob can run.
MappingSearch search_mapping(RunConfig& cfg, int jobs);

// The knobs `--tune` leaves to the search: every searchable knob the workload does not set.
void open_knobs_to_search(WorkloadConfig& workload);

// The value of a knob in a mapping, as the workload would write it ("limbs", "[256, 256]", "2").
std::string knob_value(const WorkloadConfig& workload, const std::string& knob);

}  // namespace hesa
