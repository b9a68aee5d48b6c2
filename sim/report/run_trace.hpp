// trace.json: a run's timeline in Chrome trace-event format (opens in Perfetto and
// chrome://tracing). One track per unit instance (MXUs, VPUs, DMA engines, HBM port), one complete
// event per instruction or merged run of instructions, named "<kernel>/<step>", timestamps in us.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "models/common/timeline.hpp"
#include "trace/trace.hpp"

namespace hesa {

// meta: the run's stats.json "meta" object, copied into otherData.
std::string trace_json(const Trace& trace, const Timeline& timeline,
                       const nlohmann::ordered_json& meta, double time_ns);

}  // namespace hesa
