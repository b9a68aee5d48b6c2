// A sweep: a chip and a workload, or lists of them (axes over files), axes over config key paths
// (crossed as a grid or zipped),
// an optional iso-area solve that derives one key so every point spends the same area, and area
// constraints. Expanded into points up front, with area computed from the config (no simulation).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/file_digest.hpp"

namespace hesa {

// What is known about a point before it is simulated.
enum class PointState { kPending, kFiltered, kUnbuildable };

struct SweepPoint {
  int64_t index = 0;
  std::vector<std::string> values;  // one per Sweep::columns, as text ("256", "[256,256]")
  std::vector<std::string> sets;    // "path=value" overrides for hesa run --set
  PointState state = PointState::kPending;
  std::string message;         // why it was filtered or cannot be built
  double area_mm2 = 0;         // 0 when the config could not be read
  std::string chip, workload;  // absolute paths of the point's files ("": the sweep's)
};

struct Sweep {
  std::string name;
  std::string file;      // the sweep YAML
  std::string chip;      // absolute path of the (first) chip
  std::string workload;  // absolute path of the (first) workload
  std::string slice;     // absolute path of the slice file (its chip is `chip`), or none
  // "chip" and "workload" (file names without .yaml), then the other axes' key paths in file
  // order, then the iso-area key.
  std::vector<std::string> columns;
  std::vector<bool> workload_column;  // column lands in the workload tree (mapping, batch, ...)
  std::vector<SweepPoint> points;     // in index order
  bool tune = false;                  // points run with --tune (the mapping search)
  // Every file a point reads (chip, workload, their includes) with its digest at expansion.
  FileDigests inputs;
};

// Points above which the CLI asks for --yes.
constexpr int64_t kLargeSweep = 100000;

// Parses a sweep file strictly (ConfigError "file:line:col: key.path: message") and counts its
// points without expanding them.
int64_t count_sweep_points(const std::string& file);

// Parses and expands a sweep: every point's config is read and validated (an invalid value is a
// ConfigError located in the sweep file), its area computed, the iso-area key solved, the
// constraints checked and the workload lowered once to find mappings that cannot be built.
Sweep expand_sweep(const std::string& file);

struct SweepFile;
struct RunConfig;
// The same for a sweep file already read. A point whose config `lower_if` refuses is not lowered
// (it stays pending); the default lowers every point.
using LowerIf = bool (*)(const RunConfig& cfg);
Sweep expand_sweep(const SweepFile& s, LowerIf lower_if = nullptr);

// The text of a point state in the manifest (pending, filtered, unbuildable); results.csv says
// the same words.
const char* point_state_name(PointState state);

}  // namespace hesa
