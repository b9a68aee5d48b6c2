#include "sim/stats/phase_energy.hpp"

#include <string>

#include "sim/stats/run_breakdown.hpp"
#include "trace/instr_work.hpp"

namespace hesa {

namespace {

// Shares the run's energy out over `names` (groups of tags: group_of[t], names.size() for none)
// into node.<name>.energy and node.<name>.units.<kind>.
void share_out(StatsNode& node, const std::vector<std::string>& names,
               const std::vector<size_t>& group_of, const std::vector<double>& active_ns,
               const std::vector<BlockReport>& reports, const Trace& trace, const Chip& chip,
               double time_ns, double clock_ghz) {
  const size_t groups = names.size();
  // Busy time per unit kind, per group and in all; instances per kind.
  std::vector<std::vector<double>> busy(groups + 1, std::vector<double>(kUnitKinds, 0.0));
  std::vector<double> busy_all(kUnitKinds, 0.0);
  std::vector<int> instances(kUnitKinds, 0);
  for (const UnitModule* u : chip.units()) {
    const auto k = static_cast<size_t>(u->unit_kind());
    // An MXU module holds its core's arrays and counts each array's busy time.
    instances[k] += u->unit_kind() == UnitKind::kMxu ? chip.config().mxu.count : 1;
    busy_all[k] += u->counters().busy_ns;
    const std::vector<double>& by_tag = u->counters().busy_ns_by_tag;
    for (size_t t = 0; t < by_tag.size(); ++t) busy[group_of[t]][k] += by_tag[t];
  }
  std::vector<double> hbm(groups + 1, 0.0), instrs(groups + 1, 0.0);
  double hbm_all = 0;
  for (size_t i = 0; i < trace.instrs.size(); ++i) {
    const size_t g = group_of[trace.instrs.tag(i)];
    ++instrs[g];
    if (trace.instrs.unit(i) != UnitKind::kDma) continue;
    const double bytes = double(instr_hbm_bytes(trace, trace.instrs[i]));
    hbm[g] += bytes;
    hbm_all += bytes;
  }
  const auto kind_of = [](const std::string& name) -> int {
    for (int k = 0; k < kUnitKinds; ++k) {
      if (name == unit_name(static_cast<UnitKind>(k))) return k;
    }
    return -1;
  };
  double units_all = 0;
  for (double b : busy_all) units_all += b;
  const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  for (size_t g = 0; g < groups; ++g) {
    if (instrs[g] == 0) continue;  // as breakdown.kernel leaves it out
    StatsNode& n = node.child(names[g]);
    double units = 0;
    for (double b : busy[g]) units += b;
    double energy = 0;
    for (const BlockReport& r : reports) {
      const int k = kind_of(r.name);
      const double work = k >= 0            ? ratio(busy[g][size_t(k)], busy_all[size_t(k)])
                          : r.name == "hbm" ? ratio(hbm[g], hbm_all)
                                            : ratio(units, units_all);
      energy += r.dynamic_uj * work + r.static_uj * ratio(active_ns[g], time_ns);
    }
    n.set("energy", energy, "uJ",
          "dynamic energy shared out by work (busy time per unit kind, HBM bytes), static by "
          "active time");
    for (int k = 0; k < kUnitKinds; ++k) {
      if (instances[size_t(k)] == 0) continue;
      StatsNode& u = n.child("units").child(unit_name(static_cast<UnitKind>(k)));
      u.set("busy", busy[g][size_t(k)] * clock_ghz, "cycles",
            "busy cycles of the kind's units here, summed");
      u.set("utilization", ratio(busy[g][size_t(k)], active_ns[g] * instances[size_t(k)]),
            "fraction", "busy time / (the active time x the kind's units)");
    }
  }
}

}  // namespace

void add_phase_energy(StatsNode& root, const std::vector<BlockReport>& reports, const Trace& trace,
                      const Chip& chip, const Timeline& timeline, double time_ns,
                      double clock_ghz) {
  const TimelineGroups groups(trace);
  StatsNode& breakdown = root.child("breakdown");
  // Per kernel, then per phase: each tag's group of the kind.
  for (const bool phases : {false, true}) {
    const std::vector<std::string>& names = phases ? groups.phases : groups.kernels;
    if (names.empty()) continue;
    std::vector<size_t> group_of(trace.tags.size(), names.size());
    const size_t first = phases ? groups.phase_group(0) : groups.kernel_group(0);
    for (size_t t = 0; t < trace.tags.size(); ++t) {
      for (uint32_t g : groups.tag_groups[t]) {
        if (g >= first && g < first + names.size()) group_of[t] = g - first;
      }
    }
    std::vector<double> active_ns;
    for (size_t i = 0; i < names.size(); ++i) {
      active_ns.push_back(
          timeline.coverage_ns(phases ? groups.phase_group(i) : groups.kernel_group(i)));
    }
    share_out(breakdown.child(phases ? "phase" : "kernel"), names, group_of, active_ns, reports,
              trace, chip, time_ns, clock_ghz);
  }
}

}  // namespace hesa
