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

}  // namespace hesa
