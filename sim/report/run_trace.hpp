// trace.json: a run's timeline in Chrome trace-event format (opens in Perfetto and
// chrome://tracing). One track per unit instance (MXUs, VPUs, DMA engines, HBM port), one complete
// event per instruction or merged run of instructions, named "<kernel>/<step>", timestamps in us.
// Written as a stream (never held whole); the report's timelines are taken from the same slices
// with the values trace.json holds, so a report rendered from memory equals one read back from
// the files.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "models/common/timeline.hpp"
#include "sim/report/report_data.hpp"
#include "trace/trace.hpp"

namespace hesa {

// meta: the run's stats.json "meta" object, copied into otherData.
void write_trace_json(std::ostream& out, const Trace& trace, const Timeline& timeline,
                      const nlohmann::ordered_json& meta, double time_ns);
// The same into a string.
std::string trace_json(const Trace& trace, const Timeline& timeline,
                       const nlohmann::ordered_json& meta, double time_ns);

// The tracks and note parse_run_data would read back from that trace.json.
std::vector<TraceTrack> trace_tracks(const Trace& trace, const Timeline& timeline);
std::string trace_note(const Timeline& timeline);

}  // namespace hesa
