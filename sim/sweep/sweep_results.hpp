// A sweep's results: one row per point in index order (axis values, status, time, energy, area,
// EDP, utilization per unit), merged from the manifest and the journal; results.csv and
// sweep.html written atomically. Numbers use format_number, so the same sweep gives the same bytes
// (apart from the last column, the point's wall time).
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
  std::string status;  // ok | failed | filtered | missing
  std::string message;
  const PointResult* result = nullptr;  // ok and run-failed points
  double area_mm2 = 0;
};

std::vector<SweepRow> sweep_rows(const Sweep& sweep, const std::map<int64_t, PointResult>& journal);

std::string results_csv(const Sweep& sweep, const std::vector<SweepRow>& rows);

}  // namespace hesa
