#include "sim/sweep_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "sim/area.hpp"
#include "sim/config_loader.hpp"
#include "sim/config_reader.hpp"
#include "sim/config_tree.hpp"
#include "sim/run.hpp"
#include "sim/stats.hpp"
#include "workloads/ntt_lowering.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSweepKeys = {"name", "chip", "workload", "set",
                                             "grid", "zip",  "iso_area", "constraints"};
const std::vector<std::string> kIsoKeys = {"solve", "min",        "max",
                                           "step",  "budget_mm2", "budget_from"};

struct Axis {
  std::string path;
  Location loc;
  std::vector<Node> values;
};

struct IsoArea {
  std::string path;
  Location loc;
  double min = 0, max = 0, step = 1;
  std::optional<double> budget_mm2;
  std::vector<NodeOverride> budget_from;
};

struct Constraint {
  std::string text;
  std::string op;
  double bound = 0;
};

struct Spec {
  std::string name, file, chip, workload;
  std::vector<NodeOverride> sets;
  std::vector<Axis> grid, zip;
  std::optional<IsoArea> iso;
  std::vector<Constraint> constraints;
  int64_t count = 1;
};

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
        out += (i ? "," : "") + value_text(node.items[i]);
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

std::string resolve_file(const Node& node, const std::string& path, const std::string& from) {
  const std::string name = read_string(node, path);
  const fs::path file = fs::absolute(fs::path(from).parent_path() / name).lexically_normal();
  if (!fs::is_regular_file(file)) {
    config_fail(node.loc, path, fmt::format("cannot open \"{}\"", name));
  }
  return file.string();
}

std::vector<NodeOverride> read_overrides(const Node& map) {
  std::vector<NodeOverride> out;
  for (const MapEntry& e : map.entries) out.push_back({e.key, e.value, e.key_loc});
  return out;
}

// A map of axes: key path -> non-empty list of values.
std::vector<Axis> read_axes(const Node& map, const std::string& path) {
  if (map.kind != Node::Kind::kMap) {
    config_fail(map.loc, path,
                fmt::format("expected a map of key: [values], got {}", map.describe()));
  }
  std::vector<Axis> axes;
  for (const MapEntry& e : map.entries) {
    const std::string key_path = join_key(path, e.key);
    const std::vector<Node>& values = read_list(e.value, key_path);
    if (values.empty()) config_fail(e.value.loc, key_path, "expected at least one value");
    axes.push_back({e.key, e.key_loc, values});
  }
  return axes;
}

Constraint read_constraint(const Node& node, const std::string& path) {
  const std::string text = read_string(node, path);
  Constraint c{text, "", 0};
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

bool satisfies(const Constraint& c, double v) {
  if (c.op == "<=") return v <= c.bound;
  if (c.op == "<") return v < c.bound;
  if (c.op == ">=") return v >= c.bound;
  return v > c.bound;
}

Spec read_spec(const std::string& file) {
  const Node root = load_yaml_file(file);
  const ConfigReader r(root, "", kSweepKeys);
  Spec s;
  s.file = file;
  s.name = r.get_string("name");
  s.chip = resolve_file(r.require("chip"), "chip", file);
  s.workload = resolve_file(r.require("workload"), "workload", file);
  if (const Node* set = r.find("set")) {
    if (set->kind != Node::Kind::kMap) {
      config_fail(set->loc, "set",
                  fmt::format("expected a map of key: value, got {}", set->describe()));
    }
    s.sets = read_overrides(*set);
  }
  if (const Node* grid = r.find("grid")) s.grid = read_axes(*grid, "grid");
  if (const Node* zip = r.find("zip")) {
    s.zip = read_axes(*zip, "zip");
    for (const Axis& a : s.zip) {
      if (a.values.size() != s.zip.front().values.size()) {
        config_fail(a.loc, join_key("zip", a.path),
                    fmt::format("has {} values, expected {} like zip.{}", a.values.size(),
                                s.zip.front().values.size(), s.zip.front().path));
      }
    }
  }
  std::vector<const Axis*> all;
  for (const Axis& a : s.grid) all.push_back(&a);
  for (const Axis& a : s.zip) all.push_back(&a);
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (all[i]->path == all[j]->path) {
        config_fail(all[i]->loc, all[i]->path,
                    fmt::format("is already an axis at {}", all[j]->loc.str()));
      }
    }
  }
  if (const Node* iso = r.find("iso_area")) {
    const ConfigReader ir(*iso, "iso_area", kIsoKeys);
    IsoArea a;
    a.path = ir.get_string("solve");
    a.loc = ir.require("solve").loc;
    for (const Axis* axis : all) {
      if (axis->path == a.path) {
        config_fail(a.loc, "iso_area.solve",
                    fmt::format("{} is also an axis at {}", a.path, axis->loc.str()));
      }
    }
    a.min = ir.get_number("min", {0, 1e12});
    a.max = ir.get_number("max", {a.min, 1e12});
    if (const Node* step = ir.find("step"))
      a.step = read_number(*step, "iso_area.step", {0, 1e12, true});
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
  for (const Axis& a : s.grid) s.count *= static_cast<int64_t>(a.values.size());
  if (!s.zip.empty()) s.count *= static_cast<int64_t>(s.zip.front().values.size());
  return s;
}

double area_of(const ConfigTrees& trees, const std::vector<NodeOverride>& overrides) {
  return chip_area(build_chip_config(trees, overrides)).total_mm2;
}

// The largest candidate min + k * step <= max whose area fits the budget (area grows with the
// solved key), or nothing when even min does not fit.
std::optional<double> solve_iso(const IsoArea& iso, const ConfigTrees& trees,
                                std::vector<NodeOverride> overrides, double budget) {
  const int64_t steps = static_cast<int64_t>(std::floor((iso.max - iso.min) / iso.step + 1e-9));
  overrides.push_back({iso.path, Node{}, iso.loc});
  const auto area_at = [&](int64_t k) {
    Node& v = overrides.back().value;
    v.kind = Node::Kind::kScalar;
    v.loc = iso.loc;
    v.scalar = format_number(iso.min + static_cast<double>(k) * iso.step);
    return area_of(trees, overrides);
  };
  const double tolerance = budget * 1e-12;
  if (area_at(0) > budget + tolerance) return std::nullopt;
  int64_t lo = 0, hi = steps;  // area_at(lo) fits
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    if (area_at(mid) <= budget + tolerance) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return iso.min + static_cast<double>(lo) * iso.step;
}

}  // namespace

const char* point_state_name(PointState state) {
  switch (state) {
    case PointState::kPending:
      return "pending";
    case PointState::kFiltered:
      return "filtered";
    case PointState::kUnbuildable:
      return "failed";
  }
  return "";
}

int64_t count_sweep_points(const std::string& file) {
  return read_spec(file).count;
}

Sweep expand_sweep(const std::string& file) {
  const Spec s = read_spec(file);
  Sweep sweep;
  sweep.name = s.name;
  sweep.file = fs::absolute(file).lexically_normal().string();  // same sweep from any folder
  sweep.chip = s.chip;
  sweep.workload = s.workload;
  for (const Axis& a : s.grid) sweep.columns.push_back(a.path);
  for (const Axis& a : s.zip) sweep.columns.push_back(a.path);
  if (s.iso) sweep.columns.push_back(s.iso->path);
  for (const std::string& c : sweep.columns) sweep.workload_column.push_back(is_workload_path(c));

  const ConfigTrees trees = load_config_trees(s.chip, s.workload);
  double budget = 0;
  if (s.iso) {
    std::vector<NodeOverride> base = s.sets;
    base.insert(base.end(), s.iso->budget_from.begin(), s.iso->budget_from.end());
    budget = s.iso->budget_mm2 ? *s.iso->budget_mm2 : area_of(trees, base);
  }
  const int64_t zip_len = s.zip.empty() ? 1 : static_cast<int64_t>(s.zip.front().values.size());
  for (int64_t index = 0; index < s.count; ++index) {
    SweepPoint p;
    p.index = index;
    std::vector<NodeOverride> overrides = s.sets;
    for (const NodeOverride& o : s.sets) p.sets.push_back(o.path + "=" + value_text(o.value));
    // Row-major: the first grid axis varies slowest, the zipped group fastest.
    int64_t rest = index / zip_len;
    std::vector<const Node*> grid_values(s.grid.size());
    for (std::size_t a = s.grid.size(); a-- > 0;) {
      const int64_t n = static_cast<int64_t>(s.grid[a].values.size());
      grid_values[a] = &s.grid[a].values[rest % n];
      rest /= n;
    }
    const auto add = [&](const Axis& axis, const Node& value) {
      overrides.push_back({axis.path, value, axis.loc});
      p.values.push_back(value_text(value));
      p.sets.push_back(axis.path + "=" + value_text(value));
    };
    for (std::size_t a = 0; a < s.grid.size(); ++a) add(s.grid[a], *grid_values[a]);
    for (const Axis& axis : s.zip) add(axis, axis.values[index % zip_len]);
    if (s.iso) {
      const std::optional<double> v = solve_iso(*s.iso, trees, overrides, budget);
      if (!v) {
        p.values.push_back("");
        p.state = PointState::kUnbuildable;
        p.message = fmt::format(
            "cannot be built: iso_area: {} = {} already needs more than the budget of {} mm2",
            s.iso->path, format_number(s.iso->min), format_number(budget));
        sweep.points.push_back(std::move(p));
        continue;
      }
      Node value;
      value.kind = Node::Kind::kScalar;
      value.scalar = format_number(*v);
      value.loc = s.iso->loc;
      overrides.push_back({s.iso->path, value, s.iso->loc});
      p.values.push_back(value.scalar);
      p.sets.push_back(s.iso->path + "=" + value.scalar);
    }
    const RunConfig cfg = build_run_config(trees, overrides);
    p.area_mm2 = chip_area(cfg.chip).total_mm2;
    for (const Constraint& c : s.constraints) {
      if (!satisfies(c, p.area_mm2) && p.state == PointState::kPending) {
        p.state = PointState::kFiltered;
        p.message = fmt::format("area_mm2 = {} violates {}", format_number(p.area_mm2), c.text);
      }
    }
    if (p.state == PointState::kPending) {
      try {
        (void)lower_workload(cfg, false);
      } catch (const LoweringError& e) {
        p.state = PointState::kUnbuildable;
        p.message = fmt::format("cannot be built: {}: {}", e.key(), e.what());
      }
    }
    sweep.points.push_back(std::move(p));
  }
  return sweep;
}

}  // namespace hesa
