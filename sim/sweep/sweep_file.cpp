#include "sim/sweep/sweep_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "config/config_reader.hpp"
#include "sim/config/slice_config.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSweepKeys = {"name", "chip",     "workload",    "set",  "grid",
                                             "zip",  "iso_area", "constraints", "tune", "slice"};
const std::vector<std::string> kIsoKeys = {"solve", "min",        "max",
                                           "step",  "budget_mm2", "budget_from"};

std::string resolve_file(const Node& node, const std::string& path, const std::string& from) {
  const std::string name = read_string(node, path);
  std::error_code ec;  // a name too long for the file system is "cannot open" too
  const fs::path file = fs::absolute(fs::path(from).parent_path() / name, ec).lexically_normal();
  if (ec || !fs::is_regular_file(file, ec)) {
    config_fail(node.loc, path, fmt::format("cannot open \"{}\"", name));
  }
  return file.string();
}

std::vector<NodeOverride> read_overrides(const Node& map) {
  std::vector<NodeOverride> out;
  for (const MapEntry& e : map.entries) out.push_back({e.key, e.value, e.key_loc});
  return out;
}

// A map of axes: key path -> non-empty list of values; `chip` and `workload` list files relative
// to the sweep file `from`.
std::vector<SweepAxis> read_axes(const Node& map, const std::string& path,
                                 const std::string& from) {
  if (map.kind != Node::Kind::kMap) {
    config_fail(map.loc, path,
                fmt::format("expected a map of key: [values], got {}", map.describe()));
  }
  std::vector<SweepAxis> axes;
  for (const MapEntry& e : map.entries) {
    const std::string key_path = join_key(path, e.key);
    const std::vector<Node>& values = read_list(e.value, key_path);
    if (values.empty()) config_fail(e.value.loc, key_path, "expected at least one value");
    axes.push_back({e.key, e.key_loc, values, {}});
    SweepAxis& axis = axes.back();
    if (!axis.is_file()) continue;
    for (std::size_t i = 0; i < values.size(); ++i) {
      axis.files.push_back(resolve_file(values[i], fmt::format("{}[{}]", key_path, i), from));
    }
  }
  return axes;
}

// `chip:` or `workload:` at the top level: a file, or a list of files (then an axis).
void read_file_key(const Node& node, const std::string& key, const std::string& from,
                   std::string& first, std::vector<SweepAxis>& axes) {
  if (node.kind != Node::Kind::kList) {
    first = resolve_file(node, key, from);
    return;
  }
  Node map = node;
  map.kind = Node::Kind::kMap;
  map.items.clear();
  map.entries = {{key, node.loc, node}};
  std::vector<SweepAxis> axis = read_axes(map, "", from);
  first = axis.front().files.front();
  axes.push_back(std::move(axis.front()));
}

AreaConstraint read_constraint(const Node& node, const std::string& path) {
  const std::string text = read_string(node, path);
  AreaConstraint c{text, "", 0};
  for (const char* op : {"<=", ">=", "<", ">"}) {
    const std::size_t at = text.find(op);
    if (at == std::string::npos) continue;
    std::string metric = text.substr(0, at), number = text.substr(at + std::string(op).size());
    const auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    metric = trim(metric);
    Node bound = node;
    bound.scalar = trim(number);
    if (metric != "area_mm2") {
      config_fail(node.loc, path,
                  fmt::format("unknown metric \"{}\" (constraints apply to area_mm2)", metric));
    }
    c.op = op;
    c.bound = read_number(bound, path, {0, 1e9});
    return c;
  }
  config_fail(node.loc, path,
              fmt::format("expected \"area_mm2 <= X\" (or <, >=, >), got {}", node.describe()));
}

// The name becomes a folder (out/sweeps/<name>) and the Slurm job's name: a plain word only.
void check_sweep_name(const Node& node, const std::string& name) {
  const bool plain =
      !name.empty() && name.size() <= 64 && name[0] != '.' && name[0] != '-' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!plain) {
    config_fail(node.loc, "name",
                fmt::format("{} is not a plain name (1 to 64 letters, digits, '.', '_' or '-', "
                            "not starting with '.' or '-'): it names the output folder and the "
                            "Slurm job",
                            node.describe()));
  }
}

}  // namespace

// The text of a value as --set and results.csv take it.
std::string value_text(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kScalar:
      return node.quoted ? fmt::format("\"{}\"", node.scalar) : node.scalar;
    case Node::Kind::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i) out += ',';
        out += value_text(node.items[i]);
      }
      return out + "]";
    }
    case Node::Kind::kMap: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        out += fmt::format("{}{}: {}", i ? ", " : "", node.entries[i].key,
                           value_text(node.entries[i].value));
      }
      return out + "}";
    }
  }
  return "";
}

bool satisfies(const AreaConstraint& c, double v) {
  if (c.op == "<=") return v <= c.bound;
  if (c.op == "<") return v < c.bound;
  if (c.op == ">=") return v >= c.bound;
  return v > c.bound;
}

SweepFile read_sweep_file(const std::string& file) {
  return read_sweep_tree(load_yaml_file(file), file);
}

SweepFile read_sweep_tree(const Node& root, const std::string& file) {
  const ConfigReader r(root, "", kSweepKeys);
  SweepFile s;
  s.file = file;
  // The sweep's own rule first: it says what a name may hold (control characters included).
  const Node& name = r.require("name");
  if (name.kind == Node::Kind::kScalar && !name.scalar.empty()) check_sweep_name(name, name.scalar);
  s.name = r.get_string("name");
  std::vector<SweepAxis> file_axes;  // chip and workload lists: the slowest grid axes
  for (const char* key : {"chip", "workload"}) {
    if (const Node* n = r.find(key)) {
      read_file_key(*n, key, file, key[0] == 'c' ? s.chip : s.workload, file_axes);
    }
  }
  if (const Node* n = r.find("slice")) {
    if (r.find("chip")) config_fail(n->loc, "slice", "give chip or slice, not both");
    s.slice = resolve_file(*n, "slice", file);
    // The chip is the slice file's own (its `chip`, relative to the slice file).
    s.chip = fs::absolute(read_slice_file(load_yaml_file(s.slice), s.slice).chip_path)
                 .lexically_normal()
                 .string();
  }
  if (r.find("tune")) s.tune = r.get_bool("tune");
  if (const Node* set = r.find("set")) {
    if (set->kind != Node::Kind::kMap) {
      config_fail(set->loc, "set",
                  fmt::format("expected a map of key: value, got {}", set->describe()));
    }
    s.sets = read_overrides(*set);
  }
  if (const Node* grid = r.find("grid")) s.grid = read_axes(*grid, "grid", file);
  s.grid.insert(s.grid.begin(), file_axes.begin(), file_axes.end());
  if (const Node* zip = r.find("zip")) {
    s.zip = read_axes(*zip, "zip", file);
    for (const SweepAxis& a : s.zip) {
      if (a.values.size() != s.zip.front().values.size()) {
        config_fail(a.loc, join_key("zip", a.path),
                    fmt::format("has {} values, expected {} like zip.{}", a.values.size(),
                                s.zip.front().values.size(), s.zip.front().path));
      }
    }
  }
  std::vector<const SweepAxis*> all;
  for (const SweepAxis& a : s.grid) all.push_back(&a);
  for (const SweepAxis& a : s.zip) all.push_back(&a);
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (all[i]->path == all[j]->path) {
        config_fail(all[i]->loc, all[i]->path,
                    fmt::format("is already an axis at {}", all[j]->loc.str()));
      }
    }
  }
  // A chip or workload given only as an axis of the grid or zip.
  for (const char* key : {"chip", "workload"}) {
    std::string& first = key[0] == 'c' ? s.chip : s.workload;
    for (const SweepAxis* a : all) {
      if (first.empty() && a->path == key) first = a->files.front();
    }
    if (first.empty()) r.require(key);  // "missing required key"
  }
  if (const Node* iso = r.find("iso_area"); iso && !s.slice.empty()) {
    config_fail(iso->loc, "iso_area", "solves a chip's key; a slice sweep has none to solve");
  }
  if (const Node* iso = r.find("iso_area")) {
    const ConfigReader ir(*iso, "iso_area", kIsoKeys);
    IsoAreaSolve a;
    a.path = ir.get_string("solve");
    a.loc = ir.require("solve").loc;
    for (const SweepAxis* axis : all) {
      if (axis->path == a.path) {
        config_fail(a.loc, "iso_area.solve",
                    fmt::format("{} is also an axis at {}", a.path, axis->loc.str()));
      }
    }
    a.min = ir.get_number("min", {0, 1e12});
    a.max = ir.get_number("max", {a.min, 1e12});
    if (const Node* step = ir.find("step")) {
      a.step = read_number(*step, "iso_area.step", {0, 1e12, true});
      // The solve bisects over the candidates min + k * step, counted in 64 bits.
      if ((a.max - a.min) / a.step > 1e12) {
        config_fail(
            step->loc, "iso_area.step",
            fmt::format("{} leaves more than 1e12 candidates between min and max", step->scalar));
      }
    }
    const Node* budget = ir.find("budget_mm2");
    const Node* from = ir.find("budget_from");
    if (!budget == !from) {
      config_fail(iso->loc, "iso_area", "expected exactly one of budget_mm2 and budget_from");
    }
    if (budget) a.budget_mm2 = read_number(*budget, "iso_area.budget_mm2", {0, 1e9, true});
    if (from) {
      if (from->kind != Node::Kind::kMap) {
        config_fail(from->loc, "iso_area.budget_from",
                    fmt::format("expected a map of key: value, got {}", from->describe()));
      }
      a.budget_from = read_overrides(*from);
    }
    s.iso = a;
  }
  if (const Node* list = r.find("constraints")) {
    const std::vector<Node>& items = read_list(*list, "constraints");
    for (std::size_t i = 0; i < items.size(); ++i) {
      s.constraints.push_back(read_constraint(items[i], fmt::format("constraints[{}]", i)));
    }
  }
  // Counted with a bound: many short axes would overflow 64 bits.
  const auto cross = [&](const SweepAxis& a, const std::string& group) {
    const int64_t n = static_cast<int64_t>(a.values.size());
    if (s.count > kMaxSweepPoints / n) {
      config_fail(a.loc, join_key(group, a.path),
                  fmt::format("the sweep has more than {} points", kMaxSweepPoints));
    }
    s.count *= n;
  };
  for (const SweepAxis& a : s.grid) cross(a, "grid");
  if (!s.zip.empty()) cross(s.zip.front(), "zip");
  return s;
}

}  // namespace hesa
