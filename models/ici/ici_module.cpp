#include "models/ici/ici_module.hpp"

#include "trace/trace_access.hpp"

namespace hesa {

IciModule::IciModule(sc_core::sc_module_name name, int core, Sequencer& seq, IciLinks& links,
                     Timeline* timeline)
    : UnitModule(name, UnitKind::kIci, core, seq, timeline), links_(links) {}

double IciModule::execute(const Instr& in, double now_ns) {
  const uint64_t bytes =
      copy_elements(in, trace().buffers) * dtype_bytes(trace().buffers[in.a].dtype);
  bytes_ += bytes;
  return links_.transfer(now_ns, static_cast<int>(in.m), static_cast<int>(in.n), bytes);
}

BlockReport IciModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  uint64_t sent = 0, instrs = 0;
  double busy = 0;
  for (const IciModule* m : instances_as<IciModule>(instances)) {
    sent += m->bytes();
    instrs += m->counters().instrs;
    busy += m->counters().busy_ns;
  }
  double link_busy = 0;
  for (const IciLinkTotals& t : links_.totals()) link_busy += t.busy_ns;
  const double links = static_cast<double>(links_.totals().size());
  BlockReport r;
  r.name = "ici";
  r.utilization = ratio(link_busy, links * span.time_ns);
  r.add("instructions", double(instrs), "count", "limb copies between chips");
  r.add("bytes", double(sent), "B", "bytes sent between chips");
  r.add("link_bytes", double(links_.bytes()), "B", "bytes over links (once per link crossed)");
  r.add("links", links, "count", "directed links of the slice");
  r.add("busy_cycles", busy * span.clock_ghz, "cycles", "engines busy with a copy, summed");
  r.add("link_busy_cycles", link_busy * span.clock_ghz, "cycles",
        "links carrying data, summed over links");
  r.add("utilization", r.utilization, "fraction", "link busy time / (links x run time)");
  r.dynamic_uj = links_.energy_pj() * 1e-6;
  return r;
}

}  // namespace hesa
