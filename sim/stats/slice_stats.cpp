#include "sim/stats/slice_stats.hpp"

#include <fmt/format.h>

namespace hesa {

void add_slice_stats(StatsNode& root, const RunConfig& cfg, const Chip& chip, double time_ns,
                     double chip_area_mm2, const std::vector<double>& chip_energy) {
  const double ghz = cfg.chip.clock_ghz;
  StatsNode& s = root.child("slice");
  s.set("chips", cfg.chips, "count", "chips of the slice");
  s.set("area", chip_area_mm2 * cfg.chips, "mm2", "chips x the chip's area");
  s.set("link_gb_s", cfg.ici.link_gb_s, "GB/s", "one direction of one ICI link");
  for (int k = 0; k < cfg.chips; ++k) {
    StatsNode& n = s.child("chip").child(fmt::format("chip{}", k));
    double busy[kUnitKinds] = {};
    for (const UnitModule* u : chip.units()) {
      if (chip.chip_of(*u) == k) busy[static_cast<int>(u->unit_kind())] += u->counters().busy_ns;
    }
    for (UnitKind kind :
         {UnitKind::kMxu, UnitKind::kVpu, UnitKind::kXlu, UnitKind::kDma, UnitKind::kIci}) {
      n.set(unit_name(kind), busy[static_cast<int>(kind)] * ghz, "cycles",
            "busy cycles of this chip's units of the kind, summed");
    }
    n.set("hbm_bytes", double(chip.hbms[size_t(k)]->totals().bytes), "B",
          "bytes read and written in this chip's HBM");
    uint64_t sent = 0;
    for (const auto& x : chip.icis) {
      if (chip.chip_of(*x) == k) sent += x->bytes();
    }
    n.set("ici_bytes_sent", double(sent), "B", "bytes this chip sent to other chips");
    n.set("hbm_allocated", double(chip.memory[size_t(k)].hbm_bytes), "B",
          "HBM this chip's buffers take (keys split or copied as the shard puts them)");
    if (size_t(k) < chip_energy.size()) {
      n.set("energy", chip_energy[size_t(k)], "uJ",
            "this chip's blocks, dynamic and static (the ICI's links apart)");
    }
  }
  if (!chip.ici_links) return;
  const IciTopology& topo = *chip.ici_topology;
  const std::vector<IciLinkTotals>& totals = chip.ici_links->totals();
  for (int l = 0; l < topo.links(); ++l) {
    const IciLinkTotals& t = totals[size_t(l)];
    StatsNode& n =
        s.child("link").child(fmt::format("chip{}_to_chip{}", topo.link_src(l), topo.link_dst(l)));
    n.set("bytes", double(t.bytes), "B", "bytes carried");
    n.set("transfers", double(t.transfers), "count", "limb copies crossing the link");
    n.set("busy", t.busy_ns * ghz, "cycles", "cycles carrying data");
    n.set("utilization", time_ns > 0 ? t.busy_ns / time_ns : 0, "fraction", "busy time / run time");
    n.set("energy", double(t.bytes) * cfg.ici.byte_pj * 1e-6, "uJ",
          "bytes carried x energy.ici_byte_pj");
  }
}

}  // namespace hesa
