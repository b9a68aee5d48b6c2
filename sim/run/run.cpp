#include "sim/run/run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <systemc>

#include "sim/engine/chip.hpp"
#include "sim/engine/run_progress.hpp"
#include "sim/report/run_summary.hpp"
#include "sim/stats/run_breakdown.hpp"
#include "sim/stats/run_stats.hpp"

namespace hesa {

namespace {

// A unit that stopped the simulation because its time would saturate: an error, never a result.
std::string time_saturation(const Trace& trace, const Chip& chip) {
  for (const UnitModule* u : chip.units()) {
    const int i = u->saturated_at();
    if (i < 0) continue;
    const Instr& in = trace.instrs[static_cast<size_t>(i)];
    return fmt::format(
        "simulated time passes {:.0f} days at instruction {} ({} {}, {}): the chip's rates "
        "(clock_ghz, bandwidths, ops per cycle) are too low for this workload",
        simulated_time_limit_ns() * 1e-9 / 86400, i, unit_name(opcode_unit(in.op)),
        opcode_name(in.op), trace.tags.at(in.tag));
  }
  return "";
}

}  // namespace

RunOutcome run_simulation(const RunConfig& cfg, const RunOptions& options) {
  return simulate_trace(cfg, std::make_shared<const Trace>(lower_workload(cfg, options.functional)),
                        options);
}

RunOutcome simulate_trace(const RunConfig& cfg, std::shared_ptr<const Trace> trace_ptr,
                          const RunOptions& options) {
  RunOutcome out;
  const Trace& trace = *trace_ptr;
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  // sc_stop on a saturated time prints an info line; the error that follows says it all.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  const TimelineGroups groups(trace);
  auto* timeline = new Timeline(groups.tag_groups, groups.count(), options.slice_limit);
  timeline->expect_instructions(trace.instrs.size());
  // Both live until the process ends.
  auto* chip = new Chip("chip", cfg.chip, trace, timeline, cfg.chips, &cfg.ici);
  simulate_to_end(chip->sequencer, trace.instrs.size(), options.progress);
  out.error = time_saturation(trace, *chip);
  if (!out.error.empty()) return out;
  const double time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  if (chip->sequencer.completed() != trace.instrs.size()) {
    throw std::runtime_error(fmt::format("simulation stalled after {} of {} instructions",
                                         chip->sequencer.completed(), trace.instrs.size()));
  }
  chip->sequencer.release();  // its per-instruction state is not read again
  if (options.functional) {
    out.functional =
        check_kernel(cfg.workload, lowering_target(cfg), trace, options.functional_input);
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const RunStats stats = collect_stats(cfg, trace, *chip, *timeline, time_ns);
  out.stats = stats.json;
  out.csv = stats.csv;
  out.table = stats.table;
  out.summary_md = summary_markdown(out.stats);
  out.trace = std::move(trace_ptr);
  out.timeline = timeline;
  out.time_ns = time_ns;
  return out;
}

}  // namespace hesa
