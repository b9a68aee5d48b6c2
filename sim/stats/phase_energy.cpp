#include "sim/stats/phase_energy.hpp"

#include "sim/stats/run_breakdown.hpp"
#include "trace/instr_work.hpp"

namespace hesa {

void add_phase_energy(StatsNode& root, const std::vector<BlockReport>& reports, const Trace& trace,
                      const Chip& chip, const Timeline& timeline, double time_ns,
                      double clock_ghz) {
  const TimelineGroups groups(trace);
  const size_t phases = groups.phases.size();
  if (phases == 0) return;
  // The phase of each tag (phases.size(): none).
  std::vector<size_t> phase_of(trace.tags.size(), phases);
  for (size_t t = 0; t < trace.tags.size(); ++t) {
    for (uint32_t g : groups.tag_groups[t]) {
      if (g >= groups.phase_group(0) && g < groups.any_group())
        phase_of[t] = g - groups.phase_group(0);
    }
  }
  // Busy time per unit kind, per phase and in all; instances per kind.
  std::vector<std::vector<double>> busy(phases + 1, std::vector<double>(kUnitKinds, 0.0));
  std::vector<double> busy_all(kUnitKinds, 0.0);
  std::vector<int> instances(kUnitKinds, 0);
  for (const UnitModule* u : chip.units()) {
    const auto k = static_cast<size_t>(u->unit_kind());
    // An MXU module holds its core's arrays and counts each array's busy time.
    instances[k] += u->unit_kind() == UnitKind::kMxu ? chip.config().mxu.count : 1;
    busy_all[k] += u->counters().busy_ns;
    const std::vector<double>& by_tag = u->counters().busy_ns_by_tag;
    for (size_t t = 0; t < by_tag.size(); ++t) busy[phase_of[t]][k] += by_tag[t];
  }
  std::vector<double> hbm(phases + 1, 0.0);
  double hbm_all = 0;
  for (size_t i = 0; i < trace.instrs.size(); ++i) {
    if (trace.instrs.unit(i) != UnitKind::kDma) continue;
    const double bytes = double(instr_hbm_bytes(trace, trace.instrs[i]));
    hbm[phase_of[trace.instrs.tag(i)]] += bytes;
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
  StatsNode& node = root.child("breakdown").child("phase");
  for (size_t p = 0; p < phases; ++p) {
    StatsNode& n = node.child(groups.phases[p]);
    const double active = timeline.coverage_ns(groups.phase_group(p));
    double units = 0;
    for (double b : busy[p]) units += b;
    double energy = 0;
    for (const BlockReport& r : reports) {
      const int k = kind_of(r.name);
      const double work =
          k >= 0 ? (busy_all[size_t(k)] > 0 ? busy[p][size_t(k)] / busy_all[size_t(k)] : 0)
          : r.name == "hbm" ? (hbm_all > 0 ? hbm[p] / hbm_all : 0)
                            : (units_all > 0 ? units / units_all : 0);
      energy += r.dynamic_uj * work + (time_ns > 0 ? r.static_uj * active / time_ns : 0);
    }
    n.set("energy", energy, "uJ",
          "dynamic energy shared out by work (busy time per unit kind, HBM bytes), static by "
          "active time");
    for (int k = 0; k < kUnitKinds; ++k) {
      if (instances[size_t(k)] == 0) continue;
      const char* name = unit_name(static_cast<UnitKind>(k));
      n.child("units").child(name).set("busy", busy[p][size_t(k)] * clock_ghz, "cycles",
                                       "busy cycles of the kind's units in this phase, summed");
      n.child("units").child(name).set(
          "utilization", active > 0 ? busy[p][size_t(k)] / (active * instances[size_t(k)]) : 0,
          "fraction", "busy time / (the phase's active time x the kind's units)");
    }
  }
}

}  // namespace hesa
