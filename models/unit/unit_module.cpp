#include "models/unit/unit_module.hpp"

namespace hesa {

UnitModule::UnitModule(sc_core::sc_module_name name, UnitKind kind, int core, Sequencer& seq,
                       Timeline* timeline, const std::vector<std::string>& tracks)
    : sc_module(name), kind_(kind), core_(core), seq_(seq), timeline_(timeline) {
  if (timeline_ && tracks.empty()) tracks_.push_back(timeline_->add_track(basename()));
  for (const std::string& t : tracks) {
    if (timeline_) tracks_.push_back(timeline_->add_track(t));
  }
  counters_.busy_ns_by_tag.assign(seq.trace().tags.size(), 0.0);
}

void UnitModule::record(const Instr& in, uint32_t index, double start, double end) {
  if (timeline_) timeline_->record(tracks_.front(), index, in.tag, start, end, true);
  counters_.busy_ns += end - start;
  counters_.busy_ns_by_tag[in.tag] += end - start;
}

}  // namespace hesa
