// Turns a finished simulation into stats: the stats tree (per unit busy time, utilization, bytes,
// energy; chip area; workload op counts), the summary, run metadata (how each group of timing
// parameters was obtained: meta.calibration), and the human table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/config/run_config.hpp"
#include "sim/engine/chip.hpp"

namespace hesa {

// The layout of stats.json (meta.schema_version) and of results.csv (its schema_version
// column): raised when a key or a column changes meaning or goes away. 2: whole summary.cycles,
// bottleneck, meta.clock_ghz.
inline constexpr int kStatsSchemaVersion = 2;

struct RunStats {
  nlohmann::ordered_json json;
  std::string csv;
  std::string table;
};

RunStats collect_stats(const RunConfig& cfg, const Trace& trace, const Chip& chip,
                       const Timeline& timeline, double time_ns);

// "timing rests on assumptions for: vpu, dma; calibrated: hbm (stats.json meta.calibration)".
std::string assumptions_line(const std::vector<ParamSource>& groups);

// FNV-1a 64 of a text, as 16 hex digits (stable across builds and hosts).
std::string config_hash(const std::string& text);

}  // namespace hesa
