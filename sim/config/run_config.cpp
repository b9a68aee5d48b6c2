#include "sim/config/run_config.hpp"

#include "models/ici/ici_topology.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "config/config_reader.hpp"
#include "config/yaml_tree.hpp"
#include "sim/config/chip_schema.hpp"
#include "workloads/kernels/workload_schema.hpp"

namespace hesa {

namespace {

bool contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// No schema nests deeper; the bound keeps a path of thousands of keys from building a tree.
constexpr std::size_t kMaxOverrideDepth = 16;

std::vector<std::string> split_path_impl(const std::string& text, const Location& loc) {
  std::vector<std::string> path;
  for (std::size_t begin = 0; begin <= text.size();) {
    const std::size_t end = std::min(text.find('.', begin), text.size());
    path.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  if (text.empty() || std::any_of(path.begin(), path.end(), [](auto& k) { return k.empty(); })) {
    config_fail(loc, "", "expected path=value");
  }
  if (path.size() > kMaxOverrideDepth) {
    config_fail(
        loc, "",
        fmt::format("the path has {} keys, at most {} make sense", path.size(), kMaxOverrideDepth));
  }
  return path;
}

// At most `limit` bytes of `text` (never cutting a UTF-8 sequence), control characters escaped,
// "..." where cut: an override as its messages name it.
std::string printable_start(const std::string& text, std::size_t limit) {
  std::size_t shown = std::min(text.size(), limit);
  while (shown > 0 && shown < text.size() &&
         (static_cast<unsigned char>(text[shown]) & 0xc0) == 0x80) {
    --shown;
  }
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, text[i]);
  }
  return shown < text.size() ? out + "..." : out;
}

bool from_overrides(const Location& a, const Location& b) {
  const auto is_set = [](const Location& l) { return l.file.rfind("--set ", 0) == 0; };
  return a.file == b.file || (is_set(a) && is_set(b));
}

// Keys giving one quantity two ways (hbm.bandwidth_gbs, hbm.data_rate_gbps): an override of one
// replaces the other as a file gives it; both given by overrides (two --set, or one sweep file)
// is an error.
void replace_alternative(Node& chip, const std::vector<std::string>& path, const Location& loc) {
  if (path.size() != 2) return;
  for (const std::vector<std::string>& alt : chip_alternative_keys()) {
    if (path[0] != alt[0] || (path[1] != alt[1] && path[1] != alt[2])) continue;
    const std::string& other = path[1] == alt[1] ? alt[2] : alt[1];
    Node* section = chip.find(alt[0]);
    if (!section || section->kind != Node::Kind::kMap) return;
    auto& entries = section->entries;
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const MapEntry& e) { return e.key == other; });
    if (it == entries.end()) return;
    if (from_overrides(it->value.loc, loc)) {
      config_fail(loc, fmt::format("{}.{}", path[0], path[1]),
                  fmt::format("conflicts with {}.{} given at {}: give one of them", alt[0], other,
                              it->value.loc.str()));
    }
    entries.erase(it);
  }
}

// Both keys of a pair in the tree: the one from the file nearer the chip file (fewer includes
// away) replaces the other, as an including file's keys replace its included file's; both from
// files at the same depth are left for the schema to refuse.
void settle_alternatives(Node& chip) {
  for (const std::vector<std::string>& alt : chip_alternative_keys()) {
    Node* section = chip.find(alt[0]);
    if (!section || section->kind != Node::Kind::kMap) continue;
    const Node* a = section->find(alt[1]);
    const Node* b = section->find(alt[2]);
    if (!a || !b || a->loc.depth == b->loc.depth) continue;
    const std::string& drop = a->loc.depth < b->loc.depth ? alt[2] : alt[1];
    auto& entries = section->entries;
    entries.erase(std::find_if(entries.begin(), entries.end(),
                               [&](const MapEntry& e) { return e.key == drop; }));
  }
}

ChipConfig read_settled_chip(Node& chip) {
  settle_alternatives(chip);
  return read_chip(chip);
}

// Sets `path` = value in the chip tree or, when given, the workload tree.
void apply_path(std::vector<std::string> path, Node value, const Location& loc, Node& chip,
                Node* workload) {
  Node* tree = &chip;
  if (path.size() > 1 && (path[0] == "chip" || (workload && path[0] == "workload"))) {
    tree = path[0] == "chip" ? &chip : workload;
    path.erase(path.begin());
  } else if (workload && path[0] == "name") {
    config_fail(loc, "name", "ambiguous, use chip.name or workload.name");
  } else if (workload && contains(workload_keys(), path[0])) {
    tree = workload;
  } else if (workload && !contains(chip_keys(), path[0])) {
    std::vector<std::string> keys(chip_keys().begin() + 1, chip_keys().end());
    keys.insert(keys.end(), workload_keys().begin() + 1, workload_keys().end());
    config_fail(loc, path[0],
                fmt::format("unknown key (expected chip.<key>, workload.<key> or one of: {})",
                            fmt::join(keys, ", ")));
  }
  if (tree == &chip) replace_alternative(chip, path, loc);
  set_path(*tree, path, std::move(value), loc);
}

// Applies one "path=value" override to the chip tree or, when given, the workload tree.
void apply_override(const std::string& text, Node& chip, Node* workload) {
  // Every node of the value carries this location: a long override is named by its start.
  const Location loc{"--set " + printable_start(text, 120)};
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) config_fail(loc, "", "expected path=value");
  std::vector<std::string> path = split_path_impl(text.substr(0, eq), loc);
  Node value = parse_yaml_value(text.substr(eq + 1), loc, fmt::format("{}", fmt::join(path, ".")));
  apply_path(std::move(path), std::move(value), loc, chip, workload);
}

void apply_node_override(const NodeOverride& o, Node& chip, Node* workload) {
  apply_path(split_path_impl(o.path, o.loc), o.value, o.loc, chip, workload);
}

}  // namespace

std::vector<std::string> split_override_path(const std::string& text, const Location& loc) {
  return split_path_impl(text, loc);
}

Location override_location(const std::string& text) {
  return Location{"--set " + printable_start(text, 120)};
}

ConfigTrees load_config_trees(const std::string& chip_path, const std::string& workload_path) {
  ConfigTrees t;
  t.chip = load_yaml_file(chip_path, &t.files);
  t.workload = load_yaml_file(workload_path, &t.files);
  t.chip_file = chip_path;
  t.workload_file = workload_path;
  return t;
}

namespace {

RunConfig read_run_config(ConfigTrees& t) {
  RunConfig run;
  run.chip = read_settled_chip(t.chip);
  run.workload = read_workload(t.workload);
  run.effective_yaml = emit_yaml({{"chip", &t.chip}, {"workload", &t.workload}});
  run.workload_file = t.workload_file;
  run.chip_file = t.chip_file;
  run.files = t.files;
  run.workload_tree = std::make_shared<const Node>(std::move(t.workload));
  run.chip_tree = std::make_shared<const Node>(std::move(t.chip));
  return run;
}

}  // namespace

RunConfig load_run_config(const std::string& chip_path, const std::string& workload_path,
                          const std::vector<std::string>& overrides) {
  ConfigTrees t = load_config_trees(chip_path, workload_path);
  for (const std::string& text : overrides) apply_override(text, t.chip, &t.workload);
  return read_run_config(t);
}

RunConfig build_run_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides) {
  for (const NodeOverride& o : overrides) apply_node_override(o, trees.chip, &trees.workload);
  return read_run_config(trees);
}

ChipConfig build_chip_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides) {
  for (const NodeOverride& o : overrides) apply_node_override(o, trees.chip, &trees.workload);
  return read_settled_chip(trees.chip);
}

bool is_workload_path(const std::string& path) {
  const std::string first = path.substr(0, path.find('.'));
  if (first == "workload") return true;
  if (first == "chip") return false;
  return contains(workload_keys(), first);
}

RunConfig run_config_from_trees(Node chip, Node workload, const std::vector<std::string>& overrides,
                                const std::string& workload_path) {
  ConfigTrees t{std::move(chip), std::move(workload), "", workload_path, {}};
  for (const std::string& text : overrides) apply_override(text, t.chip, &t.workload);
  return read_run_config(t);
}

std::string workload_key_location(const RunConfig& run, const std::string& key_path) {
  if (!run.workload_tree) return run.workload_file;
  const Node* node = run.workload_tree.get();
  Location loc = node->loc;
  if (loc.file.empty()) loc.file = run.workload_file;
  for (std::size_t begin = 0; begin <= key_path.size();) {
    const std::size_t end = std::min(key_path.find('.', begin), key_path.size());
    std::string key = key_path.substr(begin, end - begin);
    // "sequence[1]": the key, then item 1 of its list.
    std::size_t item = std::string::npos;
    if (const std::size_t open = key.find('['); open != std::string::npos && key.back() == ']') {
      item = std::strtoull(key.c_str() + open + 1, nullptr, 10);
      key.resize(open);
    }
    if (node->kind != Node::Kind::kMap) break;
    const MapEntry* entry = nullptr;
    for (const MapEntry& e : node->entries) {
      if (e.key == key) entry = &e;
    }
    if (!entry) break;
    loc = entry->key_loc;
    node = &entry->value;
    if (item != std::string::npos) {
      if (node->kind != Node::Kind::kList || item >= node->items.size()) break;
      node = &node->items[item];
      loc = node->loc;
    }
    begin = end + 1;
  }
  return loc.str();
}

RunConfig load_trace_run_config(const std::string& chip_path, const std::string& trace_path,
                                const std::vector<std::string>& overrides) {
  RunConfig run;
  Node chip = load_yaml_file(chip_path, &run.files);
  for (const std::string& text : overrides) apply_override(text, chip, nullptr);
  run.files.push_back(trace_path);
  run.chip = read_settled_chip(chip);
  std::string stem = trace_path.substr(trace_path.find_last_of('/') + 1);
  stem = stem.substr(0, stem.find('.'));
  // The name reaches stats.json (UTF-8 only) and the default output folder: printable ASCII.
  for (char& c : stem) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) c = '_';
  }
  run.workload.name = stem.empty() ? "trace" : stem;
  run.workload.kernel = Kernel::kTrace;
  run.effective_yaml = emit_yaml({{"chip", &chip}});
  run.workload_file = trace_path;
  run.chip_file = chip_path;
  run.chip_tree = std::make_shared<const Node>(std::move(chip));
  return run;
}

ChipConfig load_chip_config(const std::string& chip_path,
                            const std::vector<std::string>& overrides) {
  return chip_config_from_tree(load_yaml_file(chip_path), overrides);
}

ChipConfig chip_config_from_tree(Node chip, const std::vector<std::string>& overrides) {
  for (const std::string& text : overrides) apply_override(text, chip, nullptr);
  return read_settled_chip(chip);
}

void refresh_effective_yaml(RunConfig& run) {
  if (!run.workload_tree || !run.chip_tree || !run.search.ran()) return;
  Node workload = *run.workload_tree;
  for (const KnobSearch& k : run.search.knobs) {
    const Location loc{"the mapping search"};
    const std::vector<std::string> path = {"mapping", k.knob.substr(k.knob.find('.') + 1)};
    set_path(workload, path, parse_yaml_value(k.candidates[k.chosen].value, loc, k.knob), loc);
  }
  run.effective_yaml =
      emit_yaml({{"chip", run.chip_tree.get()}, {"workload", &workload}}) + run.slice_yaml;
}

LoweringTarget lowering_target(const RunConfig& run) {
  LoweringTarget t;
  t.limits = {run.chip.vmem.size_bytes, run.chip.hbm.capacity_bytes, run.max_instructions};
  t.tensorcores = run.chip.tensorcores;
  t.mxu_count = run.chip.mxu.count;
  t.mxu_cols = static_cast<uint32_t>(run.chip.mxu.cols);
  t.vreg_rows = static_cast<uint32_t>(run.chip.vpu.sublanes);
  t.chips = run.chips;
  if (run.chips > 1) t.ring = IciTopology(run.ici).ring_order();
  return t;
}

}  // namespace hesa
