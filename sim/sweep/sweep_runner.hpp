// Runs sweep points locally: each point is its own `hesa run` process (SystemC elaborates once
// per process), N at a time, each journaled as soon as it finishes; a progress line with ETA.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/sweep/sweep_journal.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace hesa {

struct RunnerOptions {
  int jobs = 1;
  bool keep_runs = false;  // keep each point's run folder in DIR/runs/<index>
  bool trace = true;       // kept folders hold trace.json (points not kept never write it)
  bool progress = true;    // progress on stderr (a redrawn bar on a terminal, else lines)
};

// Points run, by how they ended.
struct RunTally {
  int64_t ok = 0, unbuildable = 0, failed = 0;
};

// Points pending in the manifest and not yet journaled, in index order.
std::vector<int64_t> missing_points(const Sweep& sweep,
                                    const std::map<int64_t, PointResult>& journal);

// Runs the points and journals each. A point whose process was interrupted by a signal (kill,
// Ctrl-C) is not journaled and stops the runner with an error, so a rerun runs it again.
// Returns how many ended ok, unbuildable (the run refused the point's config) and failed.
RunTally run_points(const Sweep& sweep, const std::string& dir, const std::vector<int64_t>& indices,
                    const RunnerOptions& options);

// The path of the running hesa binary (/proc/self/exe resolved).
std::string self_binary();

}  // namespace hesa
