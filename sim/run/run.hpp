// One run: a chip x a workload. Lowers the workload to a trace, simulates it on the wired chip,
// optionally executes it functionally, and gathers stats (timing, utilization, energy, area).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/common/timeline.hpp"

#include "sim/config/run_config.hpp"
#include "trace/trace.hpp"
#include "workloads/kernels/kernel_check.hpp"
#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

struct RunOptions {
  bool functional = false;
  FunctionalInput functional_input;
  size_t slice_limit = 4096;  // per track; more slices are merged in pairs (trace.json size)
  bool trace = true;          // write trace.json (RunOutcome::trace_json stays empty without)
  bool progress = false;      // progress line on stderr
};

struct RunOutcome {
  nlohmann::ordered_json stats;  // the whole stats.json document
  std::string csv;               // stats.csv
  std::string table;             // the human summary
  std::string summary_md;        // summary.md
  // What trace.json and the report's timelines are written from (write_trace_json streams it).
  std::shared_ptr<const Trace> trace;
  const Timeline* timeline = nullptr;  // lives until the process ends, as the chip does
  double time_ns = 0;
  FunctionalOutcome functional;
  double wall_seconds = 0;
  // Set when the simulation could not give a result (its time would saturate): the one-line
  // message of a bad input (exit 2). Returned, not thrown: an exception unwinding frames after
  // SystemC's coroutine switches confuses AddressSanitizer's stack bookkeeping.
  std::string error;
};

// Lowers the workload (sim/run/run_lowering.cpp); throws LoweringError for an impossible mapping.
Trace lower_workload(const RunConfig& cfg, bool with_constants);
// The same; when the workload does not set mapping.prefetch_depth and the working set does not
// fit VMEM at the default depth, the depth steps down (to 1 at least) and is left in cfg.
Trace lower_workload_settled(RunConfig& cfg, bool with_constants);
// lower_workload_settled, an impossible mapping reported as ConfigError
// "file:line:col: key: message".
Trace lower_workload_checked(RunConfig& cfg, bool with_constants);

// Lowers the workload and simulates it.
RunOutcome run_simulation(const RunConfig& cfg, const RunOptions& options);
// Simulates a given trace (lowered with constants when options.functional, or read from a trace
// file) and, with options.functional, executes it on real numbers.
RunOutcome simulate_trace(const RunConfig& cfg, std::shared_ptr<const Trace> trace,
                          const RunOptions& options);

}  // namespace hesa
