// Strict YAML loading of chip and workload files: includes, --set overrides, file:line:col errors.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config_error.hpp"
#include "config/yaml_tree.hpp"
#include "models/ici/ici_config.hpp"
#include "sim/config/chip_config.hpp"
#include "workloads/kernels/workload_config.hpp"
#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

struct SearchCandidate {
  std::string value;  // the knob's value, as the workload would write it
  double time_ns = -1;
  std::string error;  // why it could not run (then time_ns < 0)
};

struct KnobSearch {
  std::string knob;                         // mapping.<knob>
  std::vector<SearchCandidate> candidates;  // of its last pass
  int chosen = -1;
};

// How the `auto` knobs of a run were chosen (sim/run/mapping_search.hpp).
struct MappingSearch {
  std::vector<KnobSearch> knobs;
  int simulations = 0;
  bool ran() const { return !knobs.empty(); }
};

struct RunConfig {
  ChipConfig chip;
  WorkloadConfig workload;
  std::string effective_yaml;  // "chip:" and "workload:" trees after includes and overrides
  std::string workload_file, chip_file;
  std::vector<std::string> files;             // every file read: chip, workload, their includes
  std::shared_ptr<const Node> workload_tree;  // for locating keys in later errors
  std::shared_ptr<const Node> chip_tree;
  // A slice (hesa run --slice): its chips (each `chip`), their interconnect, the slice file.
  int chips = 1;
  IciConfig ici;
  std::string slice_file, slice_name;
  std::string slice_yaml;  // the slice file's tree as effective_yaml ends with it
  MappingSearch search;    // when the mapping search chose knobs
  uint64_t max_instructions = kDefaultMaxInstructions;  // --max-instructions
};

// What the lowering knows of the run's chip.
LoweringTarget lowering_target(const RunConfig& run);

// Re-emits effective_yaml with the knobs the search chose (mapping.<knob>: value).
void refresh_effective_yaml(RunConfig& run);

// "file:line:col" of a workload key such as "mapping.layout" (of its deepest existing prefix,
// or of the file when none exists), for errors found after loading.
std::string workload_key_location(const RunConfig& run, const std::string& key_path);

// Loads a chip file and a workload file and applies overrides "path=value" (a path is
// chip.<key...> or workload.<key...>; without the prefix it goes to whichever tree defines its
// first key). Throws ConfigError on any problem.
RunConfig load_run_config(const std::string& chip_path, const std::string& workload_path,
                          const std::vector<std::string>& overrides);

// A chip file and a workload file parsed (includes resolved) but not yet read: load once, then
// build many configs from them with different overrides.
struct ConfigTrees {
  Node chip, workload;
  std::string chip_file, workload_file;
  std::vector<std::string> files;  // every file read: chip, workload, their includes
};
ConfigTrees load_config_trees(const std::string& chip_path, const std::string& workload_path);

// An override whose value is already a tree (e.g. from a sweep file, located there). `path` is as
// for --set: chip.<key...>, workload.<key...>, or unprefixed.
struct NodeOverride {
  std::string path;
  Node value;
  Location loc;  // of the key, for path errors
};

RunConfig build_run_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides);
ChipConfig build_chip_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides);

// The keys of an override's path "a.b.c" (ConfigError at loc for an empty key or too deep a
// path), and where an override "path=value" is named in errors ("--set <its start>").
std::vector<std::string> split_override_path(const std::string& text, const Location& loc);
Location override_location(const std::string& text);

// True when an override path lands in the workload tree (workload.<key> or an unprefixed
// workload key such as mapping.reduction or batch), false for the chip.
bool is_workload_path(const std::string& path);

// For replaying a trace file: the chip with overrides (every override goes to the chip) and a
// workload named after the trace file (bytes other than printable ASCII become "_"), kernel
// "trace".
RunConfig load_trace_run_config(const std::string& chip_path, const std::string& trace_path,
                                const std::vector<std::string>& overrides);

// The same from trees already loaded (load_yaml_file or load_yaml_text); `workload_file` names
// the workload in later errors.
RunConfig run_config_from_trees(Node chip, Node workload, const std::vector<std::string>& overrides,
                                const std::string& workload_file);

ChipConfig load_chip_config(const std::string& chip_path,
                            const std::vector<std::string>& overrides = {});
ChipConfig chip_config_from_tree(Node chip, const std::vector<std::string>& overrides = {});

}  // namespace hesa
