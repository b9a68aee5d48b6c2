#include "sim/run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <systemc>

#include "sim/chip.hpp"
#include "sim/run_functional.hpp"
#include "sim/run_stats.hpp"

namespace hesa {

RunOutcome run_simulation(const RunConfig& cfg, const RunOptions& options) {
  const Trace trace = lower_workload(cfg, options.functional);
  return simulate_trace(cfg, trace, options);
}

RunOutcome simulate_trace(const RunConfig& cfg, const Trace& trace, const RunOptions& options) {
  RunOutcome out;
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  auto* chip = new Chip("chip", cfg.chip, trace, false);  // lives until the process ends
  sc_core::sc_start();
  const double time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  if (chip->sequencer.completed() != trace.instrs.size()) {
    throw std::runtime_error(fmt::format("simulation stalled after {} of {} instructions",
                                         chip->sequencer.completed(), trace.instrs.size()));
  }
  if (options.functional) out.functional = run_functional(cfg, trace, options);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const RunStats stats = collect_stats(cfg, trace, *chip, time_ns);
  out.stats = stats.json;
  out.csv = stats.csv;
  out.table = stats.table;
  return out;
}

}  // namespace hesa
