#include "sim/sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "config/yaml_tree.hpp"
#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
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
                    iso.path, first, iso.path, format_number(iso.min), last, format_number(iso.min + double(steps) * iso.step)));
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

Sweep expand_sweep(const SweepFile& s, LowerIf lower_if) {
  Sweep sweep;
  sweep.name = s.name;
  sweep.file = fs::absolute(s.file).lexically_normal().string();  // same sweep from any folder
  sweep.chip = s.chip;
  sweep.workload = s.workload;
  sweep.tune = s.tune;
  for (const SweepAxis& a : s.grid) sweep.columns.push_back(a.path);
  for (const SweepAxis& a : s.zip) sweep.columns.push_back(a.path);
  if (s.iso) sweep.columns.push_back(s.iso->path);
  for (const std::string& c : sweep.columns) sweep.workload_column.push_back(is_workload_path(c));

  const ConfigTrees trees = load_config_trees(s.chip, s.workload);
  std::vector<std::string> inputs;
  for (const std::string& f : trees.files) inputs.push_back(fs::absolute(f).lexically_normal());
  sweep.inputs = file_digests(inputs);
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
    const auto add = [&](const SweepAxis& axis, const Node& value) {
      overrides.push_back({axis.path, value, axis.loc});
      p.values.push_back(value_text(value));
      p.sets.push_back(axis.path + "=" + value_text(value));
    };
    for (std::size_t a = 0; a < s.grid.size(); ++a) add(s.grid[a], *grid_values[a]);
    for (const SweepAxis& axis : s.zip) add(axis, axis.values[index % zip_len]);
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
    RunConfig cfg = build_run_config(trees, overrides);
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
  return sweep;
}

}  // namespace hesa
