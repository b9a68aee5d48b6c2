// The parsed form of a sweep file (configs/sweeps/*.yaml), read strictly: every error is one
// line "file:line:col: key.path: message". Expansion into points is in sweep_spec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/yaml_tree.hpp"
#include "sim/config/run_config.hpp"

namespace hesa {

// An axis: a config key path and its values (the nodes keep their sweep-file locations). The
// axes `chip` and `workload` step over files (absolute paths in `files`, one per value).
struct SweepAxis {
  std::string path;
  Location loc;
  std::vector<Node> values;
  std::vector<std::string> files;
  bool is_file() const { return path == "chip" || path == "workload"; }
};

// iso_area: the key derived per point so the point spends the budget.
struct IsoAreaSolve {
  std::string path;
  Location loc;
  double min = 0, max = 0, step = 1;
  std::optional<double> budget_mm2;
  std::vector<NodeOverride> budget_from;
};

// "area_mm2 <= X" (or <, >=, >).
struct AreaConstraint {
  std::string text;
  std::string op;
  double bound = 0;
};

struct SweepFile {
  // chip, workload: the file (the first one when a list or an axis gives several); a list at the
  // top level is a grid axis before the others (chip slowest, then workload).
  std::string name, file, chip, workload;
  // A slice file (instead of chip): every point runs on the slice (hesa run --slice); axes and
  // sets of slice.<key> override the slice file's keys, the others the chip's and workload's.
  std::string slice;
  std::vector<NodeOverride> sets;
  std::vector<SweepAxis> grid, zip;
  std::optional<IsoAreaSolve> iso;
  std::vector<AreaConstraint> constraints;
  int64_t count = 1;  // points
  bool tune = false;  // every point's open mapping knobs chosen by the mapping search
};

// A sweep file with more points than this is refused (even with --yes).
inline constexpr int64_t kMaxSweepPoints = 1000000000000;

SweepFile read_sweep_file(const std::string& file);
// The same from a parsed tree; `file` locates its relative chip and workload paths.
SweepFile read_sweep_tree(const Node& root, const std::string& file);

// The text of a value as --set and results.csv take it: "64", "[256,256]", "\"x\"".
std::string value_text(const Node& node);

bool satisfies(const AreaConstraint& c, double value);

}  // namespace hesa
