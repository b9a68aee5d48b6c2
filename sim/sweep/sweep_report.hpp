// sweep.html: a self-contained page (inline SVG, no script, no network) with the Pareto fronts of
// time vs area and time vs energy, the best mapping per chip, and a utilization heat map.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep_results.hpp"

namespace hesa {

std::string sweep_html(const Sweep& sweep, const std::vector<SweepRow>& rows);

// Writes DIR/results.csv and DIR/sweep.html; returns the number of points not yet run.
int64_t write_sweep_results(const Sweep& sweep, const std::string& dir);

}  // namespace hesa
