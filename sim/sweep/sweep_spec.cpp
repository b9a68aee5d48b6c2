#include "sim/sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "config/yaml_tree.hpp"
#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
#include "sim/config/slice_config.hpp"
#include "sim/run/run.hpp"
#include "sim/stats/stats.hpp"
#include "sim/sweep/sweep_file.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

double area_of(const ConfigTrees& trees, const std::vector<NodeOverride>& overrides) {
  return chip_area(build_chip_config(trees, overrides)).total_mm2;
}

// The largest candidate min + k * step <= max whose area fits the budget (area grows with the
// solved key), or nothing when even min does not fit.
std::optional<double> solve_iso(const IsoAreaSolve& iso, const ConfigTrees& trees,
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
  const double first = area_at(0), last = area_at(steps);
  if (!(last > first + first * 1e-12)) {
    // A key the area does not grow with would always be solved to max, whatever the budget.
    config_fail(
        iso.loc, "iso_area.solve",
        fmt::format("the area does not grow with {} ({:.3f} mm2 at {} = {}, {:.3f} mm2 at {}): "
                    "solve a key that sets the area, such as mxu.count or vmem.size_mib",
                    iso.path, first, iso.path, format_number(iso.min), last,
                    format_number(iso.min + double(steps) * iso.step)));
  }
  if (first > budget + tolerance) return std::nullopt;
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
      return "unbuildable";
  }
  return "";
}

int64_t count_sweep_points(const std::string& file) {
  return read_sweep_file(file).count;
}

Sweep expand_sweep(const std::string& file) {
  return expand_sweep(read_sweep_file(file));
}

namespace {

// A file as its column value: the name without folder and .yaml.
std::string file_stem(const std::string& path) {
  return fs::path(path).stem().string();
}

}  // namespace

Sweep expand_sweep(const SweepFile& s, LowerIf lower_if) {
  Sweep sweep;
  sweep.name = s.name;
  sweep.file = fs::absolute(s.file).lexically_normal().string();  // same sweep from any folder
  sweep.chip = s.chip;
  sweep.slice = s.slice;
  sweep.workload = s.workload;
  sweep.tune = s.tune;
  sweep.columns = {"chip", "workload"};
  for (const SweepAxis& a : s.grid) {
    if (!a.is_file()) sweep.columns.push_back(a.path);
  }
  for (const SweepAxis& a : s.zip) {
    if (!a.is_file()) sweep.columns.push_back(a.path);
  }
  if (s.iso) sweep.columns.push_back(s.iso->path);
  for (const std::string& c : sweep.columns) sweep.workload_column.push_back(is_workload_path(c));

  // Files are named by their stem in results: two files of one name would be ambiguous.
  std::map<std::string, std::string> stems;
  for (const std::vector<SweepAxis>* group : {&s.grid, &s.zip}) {
    for (const SweepAxis& a : *group) {
      for (std::size_t i = 0; i < a.files.size(); ++i) {
        const auto [it, fresh] = stems.emplace(a.path + "/" + file_stem(a.files[i]), a.files[i]);
        if (!fresh && it->second != a.files[i]) {
          config_fail(a.values[i].loc, fmt::format("{}[{}]", a.path, i),
                      fmt::format("another {} file is also named \"{}\" ({}): results name "
                                  "files by their name",
                                  a.path, file_stem(a.files[i]), it->second));
        }
      }
    }
  }

  // The config trees and iso-area budget of each chip and workload pair, loaded once.
  std::map<std::pair<std::string, std::string>, ConfigTrees> trees_of;
  std::map<std::pair<std::string, std::string>, double> budget_of;
  const auto trees_for = [&](const std::string& chip, const std::string& workload) -> ConfigTrees& {
    auto it = trees_of.find({chip, workload});
    if (it == trees_of.end()) {
      it = trees_of.emplace(std::pair{chip, workload}, load_config_trees(chip, workload)).first;
    }
    return it->second;
  };
  const auto budget_for = [&](const std::string& chip, const std::string& workload) {
    auto it = budget_of.find({chip, workload});
    if (it != budget_of.end()) return it->second;
    std::vector<NodeOverride> base = s.sets;
    base.insert(base.end(), s.iso->budget_from.begin(), s.iso->budget_from.end());
    const double budget =
        s.iso->budget_mm2 ? *s.iso->budget_mm2 : area_of(trees_for(chip, workload), base);
    budget_of.emplace(std::pair{chip, workload}, budget);
    return budget;
  };

  std::vector<std::string> slice_files;  // a slice sweep's slice file
  const int64_t zip_len = s.zip.empty() ? 1 : static_cast<int64_t>(s.zip.front().values.size());
  for (int64_t index = 0; index < s.count; ++index) {
    SweepPoint p;
    p.index = index;
    p.chip = s.chip;
    p.workload = s.workload;
    p.values = {"", ""};  // chip, workload: filled below
    std::vector<NodeOverride> overrides = s.sets;
    for (const NodeOverride& o : s.sets) p.sets.push_back(o.path + "=" + value_text(o.value));
    // Row-major: the first grid axis varies slowest, the zipped group fastest.
    int64_t rest = index / zip_len;
    std::vector<std::size_t> grid_index(s.grid.size());
    for (std::size_t a = s.grid.size(); a-- > 0;) {
      const int64_t n = static_cast<int64_t>(s.grid[a].values.size());
      grid_index[a] = static_cast<std::size_t>(rest % n);
      rest /= n;
    }
    const auto add = [&](const SweepAxis& axis, std::size_t i) {
      if (axis.is_file()) {
        (axis.path == "chip" ? p.chip : p.workload) = axis.files[i];
        return;
      }
      const Node& value = axis.values[i];
      overrides.push_back({axis.path, value, axis.loc});
      p.values.push_back(value_text(value));
      p.sets.push_back(axis.path + "=" + value_text(value));
    };
    for (std::size_t a = 0; a < s.grid.size(); ++a) add(s.grid[a], grid_index[a]);
    for (const SweepAxis& axis : s.zip) add(axis, static_cast<std::size_t>(index % zip_len));
    p.values[0] = file_stem(p.chip);
    p.values[1] = file_stem(p.workload);
    const ConfigTrees& trees = trees_for(p.chip, p.workload);
    if (s.iso) {
      const double budget = budget_for(p.chip, p.workload);
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
    // A slice's points read the slice file with their overrides as `hesa run --slice` does.
    RunConfig cfg = s.slice.empty() ? build_run_config(trees, overrides)
                                    : load_slice_run_config(s.slice, p.workload, p.sets);
    for (const std::string& f : cfg.files) slice_files.push_back(f);
    p.area_mm2 = chip_area(cfg.chip).total_mm2;
    for (const AreaConstraint& c : s.constraints) {
      if (!satisfies(c, p.area_mm2) && p.state == PointState::kPending) {
        p.state = PointState::kFiltered;
        p.message = fmt::format("area_mm2 = {} violates {}", format_number(p.area_mm2), c.text);
      }
    }
    if (p.state == PointState::kPending && (!lower_if || lower_if(cfg))) {
      try {
        (void)lower_workload_settled(cfg, false);
      } catch (const LoweringError& e) {
        p.state = PointState::kUnbuildable;
        p.message = fmt::format("cannot be built: {}: {}", e.key(), e.what());
      }
    }
    sweep.points.push_back(std::move(p));
  }
  // Every file a point reads (each chip and workload, their includes), once each.
  std::vector<std::string> inputs;
  for (const std::string& f : slice_files) {
    const std::string path = fs::absolute(f).lexically_normal().string();
    if (std::find(inputs.begin(), inputs.end(), path) == inputs.end()) inputs.push_back(path);
  }
  for (const auto& [files, trees] : trees_of) {
    for (const std::string& f : trees.files) {
      const std::string path = fs::absolute(f).lexically_normal().string();
      if (std::find(inputs.begin(), inputs.end(), path) == inputs.end()) inputs.push_back(path);
    }
  }
  sweep.inputs = file_digests(inputs);
  return sweep;
}

}  // namespace hesa
