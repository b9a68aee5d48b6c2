#include "models/hbm/hbm_module.hpp"

namespace hesa {

// bandwidth_gbps is GB/s = bytes per ns.
HbmModule::HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg)
    : sc_module(name), cfg_(cfg), port_(cfg.bandwidth_gbps) {}

double HbmModule::transfer(double now_ns, uint64_t bytes, uint32_t instr, uint32_t tag) {
  ++transfers_;
  const double done = port_.reserve(now_ns, bytes);
  if (timeline_) {
    const double start = done - static_cast<double>(bytes) / port_.bytes_per_ns();
    timeline_->record(track_, instr, tag, start, done, false);
  }
  return done + cfg_.latency_ns;
}

void HbmModule::attach_timeline(Timeline* timeline) {
  timeline_ = timeline;
  if (timeline_) track_ = timeline_->add_track(basename());
}

}  // namespace hesa
