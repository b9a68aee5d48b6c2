// A sweep's results: one row per point in index order (axis values, status, time, energy, area,
// EDP, utilization per unit, bottleneck, op counts, time per CROSS category and per kernel),
// merged from the manifest and the journal; results.csv and sweep.html written atomically.
// Numbers use format_number, so the same sweep gives the same bytes (apart from the last column,
// the point's wall time). results.csv loads in pandas as it is: one header line, numbers in
// plain decimal, empty fields where a point has no value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/sweep/sweep_journal.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace hesa {

struct SweepRow {
  const SweepPoint* point = nullptr;
  std::string status;  // ok | unbuildable | failed | filtered | missing
  std::string message;
  const PointResult* result = nullptr;  // ok and run-failed points
  double area_mm2 = 0;
};

std::vector<SweepRow> sweep_rows(const Sweep& sweep, const std::map<int64_t, PointResult>& journal);

std::string results_csv(const Sweep& sweep, const std::vector<SweepRow>& rows);

// "18 ok, 14 unbuildable": how many points have each status, in the order ok, unbuildable,
// failed, filtered, missing (absent ones left out). The CLI and sweep.html both say this.
std::string status_summary(const std::vector<SweepRow>& rows);

}  // namespace hesa
