// What a report shows of one run, read back from the run folder's files only: stats.json (the
// stats tree), trace.json (the unit timelines) and config.effective.yaml. Never re-simulates.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hesa {

struct TraceSlice {
  double start_us, dur_us, busy_us;
  std::string name, cat;
  std::vector<std::pair<std::string, double>> busy_by_cat;  // merged slices: busy us per category
};

struct TraceTrack {
  std::string name;
  std::vector<TraceSlice> slices;
};

struct RunData {
  std::string label;  // the run folder's name
  nlohmann::ordered_json stats;
  std::string config_yaml;
  std::vector<TraceTrack> tracks;
  std::string trace_note;  // how slices were merged, from trace.json
};

// Parses the three files' contents; `where` names the folder in error messages. Throws
// ConfigError ("<where>/<file>: ...") when a file is not what a run writes. A run made with
// --no-trace has no trace.json (nullopt): no tracks, and a note that says so.
RunData parse_run_data(const std::string& label, const std::string& where,
                       const std::string& stats_json, const std::optional<std::string>& trace_json,
                       const std::string& config_yaml);
// The trace note of a run made with --no-trace.
std::string no_trace_note();

// Reads a run folder (trace.json may be missing: a run made with --no-trace).
RunData load_run_data(const std::string& dir);

// The groups of timing parameters (meta.calibration) in `state` ("assumed", "calibrated"),
// comma-separated; "" when none, "not recorded" when the run predates meta.calibration.
std::string calibration_groups_in(const nlohmann::ordered_json& stats, const std::string& state);
// One line naming the groups that rest on assumptions and the calibrated ones.
std::string assumptions_text(const nlohmann::ordered_json& stats);

// A leaf of the stats tree by dotted path ("units.mxu.int8_macs"); 0 when absent.
double stat_value(const nlohmann::ordered_json& stats, const std::string& path);

}  // namespace hesa
