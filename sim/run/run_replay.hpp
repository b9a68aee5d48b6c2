// The trace of `hesa run --trace`: parsed (docs/trace-format.md) and checked against the chip
// before anything is simulated or written: every core exists, every DMA pattern fits its buffers,
// every buffer fits its memory. Each problem is a ConfigError naming the trace file and line.
#pragma once

#include <string>

#include "sim/config/run_config.hpp"
#include "trace/trace.hpp"

namespace hesa {

// `text` is the content of the trace file `file`; cfg is from load_trace_run_config.
Trace replay_trace(const RunConfig& cfg, const std::string& text, const std::string& file);
// The same, reading `file` ("<file>: cannot open file").
Trace read_replay_trace(const RunConfig& cfg, const std::string& file);

}  // namespace hesa
