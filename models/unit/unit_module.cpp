#include "models/unit/unit_module.hpp"

#include <cmath>

namespace hesa {

double simulated_time_limit_ns() {
  return sc_core::sc_max_time().to_seconds() * 1e9 * 0.5;
}

UnitModule::UnitModule(sc_core::sc_module_name name, UnitKind kind, int core, Sequencer& seq,
                       Timeline* timeline, const std::vector<std::string>& tracks)
    : sc_module(name), kind_(kind), core_(core), seq_(seq), timeline_(timeline) {
  if (timeline_ && tracks.empty()) tracks_.push_back(timeline_->add_track(basename()));
  for (const std::string& t : tracks) {
    if (timeline_) tracks_.push_back(timeline_->add_track(t));
  }
  counters_.busy_ns_by_tag.assign(seq.trace().tags.size(), 0.0);
}

double UnitModule::start(uint32_t index, double now_ns) {
  static const double limit_ns = simulated_time_limit_ns();  // the time resolution is fixed
  const Instr in = trace().instrs[index];
  index_ = index;
  const double end = execute(in, now_ns);
  if (!std::isfinite(end) || end >= limit_ns) {
    // SystemC time would saturate: the instruction that got there is kept; the run reports it.
    saturated_at_ = static_cast<int>(index);
    return end;
  }
  record(in, index, now_ns, end);
  return end;
}

void UnitModule::record(const Instr& in, uint32_t index, double start, double end) {
  if (timeline_) timeline_->record(tracks_.front(), index, in.tag, start, end, true);
  counters_.busy_ns += end - start;
  counters_.busy_ns_by_tag[in.tag] += end - start;
}

}  // namespace hesa
