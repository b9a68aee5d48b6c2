#include "models/hbm/hbm_module.hpp"

namespace hesa {

HbmModule::HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg)
    : sc_module(name), cfg_(cfg), model_(cfg) {}

double HbmModule::transfer(double now_ns, const HbmPattern& pattern, uint32_t instr, uint32_t tag) {
  const double done = model_.transfer(now_ns, pattern);
  if (timeline_) timeline_->record(track_, instr, tag, now_ns, done, false);
  return done;
}

void HbmModule::attach_timeline(Timeline* timeline) {
  timeline_ = timeline;
  if (timeline_) track_ = timeline_->add_track(basename());
}

BlockReport HbmModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  // A slice has one HBM per chip: totals summed, the peak theirs together.
  HbmTotals hbm;
  for (const HbmModule* m : instances_as<HbmModule>(instances)) {
    const HbmTotals& t = m->totals();
    hbm.bytes += t.bytes;
    hbm.transfers += t.transfers;
    hbm.bursts += t.bursts;
    hbm.activations += t.activations;
    hbm.refreshes += t.refreshes;
  }
  const double chips = static_cast<double>(instances.size());
  const double peak = cfg_.peak_gbps() * chips;  // GB/s = bytes per ns
  BlockReport r;
  r.name = "hbm";
  r.utilization = ratio(hbm.bytes, span.time_ns * peak);
  r.add("bytes", double(hbm.bytes), "B", "bytes read and written");
  r.add("transfers", double(hbm.transfers), "count", "transfers");
  r.add("bursts", hbm.bursts, "count", "column bursts, all pseudo-channels");
  r.add("activations", hbm.activations, "count", "row activations, all pseudo-channels");
  r.add("refreshes", double(hbm.refreshes), "count", "all-bank refreshes met by transfers");
  r.add("peak_bandwidth", peak, "GB/s", "pseudo-channels x bus width x data rate");
  r.add("bandwidth", ratio(hbm.bytes, span.time_ns), "GB/s", "average achieved bandwidth");
  r.add("utilization", r.utilization, "fraction", "achieved / peak bandwidth");
  r.dynamic_uj = (hbm.bytes * 8.0 * cfg_.pj_per_bit + hbm.activations * cfg_.activation_pj) * 1e-6;
  r.static_uj = cfg_.static_w * span.time_ns * 1e-3 * chips;
  return r;
}

}  // namespace hesa
