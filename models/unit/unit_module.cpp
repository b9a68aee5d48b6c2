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
  SC_THREAD(run);
}

void UnitModule::run() {
  const Trace& trace = seq_.trace();
  for (int index = seq_.take(kind_, core_); index >= 0; index = seq_.take(kind_, core_)) {
    const Instr& in = trace.instrs[index];
    const double start = sc_core::sc_time_stamp().to_seconds() * 1e9;
    const double end = execute(in, start);
    if (!std::isfinite(end) || end >= simulated_time_limit_ns()) {
      // SystemC time would saturate: stop with the instruction that got there; the run reports it.
      saturated_at_ = index;
      sc_core::sc_stop();
      return;
    }
    record(in, static_cast<uint32_t>(index), start, end);
    if (end > start) sc_core::wait(sc_core::sc_time(end - start, sc_core::SC_NS));
    ++counters_.instrs;
    seq_.complete(static_cast<uint32_t>(index));
  }
}

void UnitModule::record(const Instr& in, uint32_t index, double start, double end) {
  if (timeline_) timeline_->record(tracks_.front(), index, in.tag, start, end, true);
  counters_.busy_ns += end - start;
  counters_.busy_ns_by_tag[in.tag] += end - start;
}

}  // namespace hesa
