// sweep.html: a self-contained page (inline SVG, no script, no network) with the Pareto fronts of
// time vs area and time vs energy, the best mapping per chip, and a utilization heat map.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep_results.hpp"

namespace hesa {

std::string sweep_html(const Sweep& sweep, const std::vector<SweepRow>& rows);

struct SweepOutcome {
  int64_t missing = 0;  // points not run yet
  std::string summary;  // status_summary of every point
};

// Writes DIR/results.csv and DIR/sweep.html.
SweepOutcome write_sweep_results(const Sweep& sweep, const std::string& dir);

}  // namespace hesa
