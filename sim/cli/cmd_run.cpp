#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/config/run_config.hpp"
#include "sim/config/slice_config.hpp"
#include "sim/engine/chip_memory.hpp"
#include "sim/io/interrupt.hpp"
#include "sim/io/limb_io.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/report/chart_files.hpp"
#include "sim/report/report_data.hpp"
#include "sim/report/report_html.hpp"
#include "sim/report/run_trace.hpp"
#include "sim/run/mapping_search.hpp"
#include "sim/run/run.hpp"
#include "sim/run/run_replay.hpp"
#include "workloads/kernels/kernel_registry.hpp"

#ifndef HESA_VERSION
#define HESA_VERSION "0.0.0"
#endif

namespace hesa {

namespace {

struct RunArgs {
  std::string chip, slice, workload, trace, out, input, dump_output, output_order = "bit-reversed";
  std::vector<std::string> sets;
  bool functional = false;
  bool quiet = false, progress = false, force = false;
  bool tune = false;         // every knob the workload leaves open goes to the mapping search
  bool write_trace = true;   // trace.json
  bool write_charts = true;  // charts/*.svg
  bool write_pdfs = false;   // charts/*.pdf too
  int jobs = 2;              // candidates of the mapping search simulated at once
  size_t trace_slices = 4096;
  uint64_t max_instructions = kDefaultMaxInstructions;
};

// A chip or workload name as one safe folder-name component: anything but letters, digits, '.',
// '-' and '_' becomes '_', so "../x" cannot lead the default output folder out of out/.
// At most 100 bytes, so the default folder's name stays far below the file system's 255.
std::string folder_name(const std::string& name) {
  std::string safe;
  for (char c : name.substr(0, 100))
    safe +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  return safe;
}

std::string default_out(const RunArgs& args, const RunConfig& cfg) {
  return args.out.empty()
             ? fmt::format("out/{}-{}", folder_name(cfg.workload.name), folder_name(cfg.chip.name))
             : args.out;
}

using Clock = std::chrono::steady_clock;

// Where a run's wall time went: reading the configs (and the mapping search), lowering,
// simulating (with the stats), writing the outputs. Marks are taken as each phase ends.
struct Phases {
  Clock::time_point start = Clock::now(), config, lowering, simulation;
  double seconds(Clock::time_point a, Clock::time_point b) const {
    return a.time_since_epoch().count() == 0 || b.time_since_epoch().count() == 0
               ? 0
               : std::chrono::duration<double>(b - a).count();
  }
};

// Wall-clock facts of a run: kept out of stats.json so identical runs give identical results.
// wall_seconds: the whole run (= phases_s.total); engine_seconds: the event loop alone (part of
// the simulation phase, which also collects the stats).
std::string run_meta_json(double engine_seconds, const Phases& phases) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  const std::time_t now = std::time(nullptr);
  char date[32] = {};
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const Clock::time_point end = Clock::now();
  nlohmann::ordered_json j = {{"hesa_version", HESA_VERSION},
                              {"wall_seconds", phases.seconds(phases.start, end)},
                              {"engine_seconds", engine_seconds},
                              {"host", host},
                              {"date_utc", date}};
  j["phases_s"] = {{"config", phases.seconds(phases.start, phases.config)},
                   {"lowering", phases.seconds(phases.config, phases.lowering)},
                   {"simulation", phases.seconds(phases.lowering, phases.simulation)},
                   {"outputs", phases.seconds(phases.simulation, end)},
                   {"total", phases.seconds(phases.start, end)}};
  return j.dump(2) + "\n";
}

RunOptions options_of(const RunArgs& args) {
  RunOptions opt;
  opt.functional = args.functional;
  opt.functional_input.natural_output = args.output_order == "natural";
  opt.slice_limit = args.trace_slices;
  opt.trace = args.write_trace;
  opt.progress = !args.quiet && (args.progress || isatty(STDERR_FILENO));
  return opt;
}

const std::vector<std::string> kResultFiles = {
    "config.effective.yaml", "stats.json",   "stats.csv", "summary.md", "trace.json",
    "report.html",           "run-meta.json"};

OutputDir open_out(const RunArgs& args, const RunConfig& cfg) {
  return OutputDir(default_out(args, cfg), args.force, true, args.out.empty());
}

// --dump-output: a regular file or a new path, neither an input of the run nor one of its results.
void check_dump_output(const RunArgs& args, const RunConfig& cfg) {
  if (args.dump_output.empty()) return;
  const std::string flag = "--dump-output";
  check_output_file(args.dump_output, flag);
  std::vector<std::pair<std::string, std::string>> inputs = {{"--input", args.input}};
  for (const std::string& f : cfg.files) {
    inputs.push_back({f == cfg.chip_file       ? "--chip"
                      : f == cfg.workload_file ? "--workload"
                                               : "included config",
                      f});
  }
  check_not_input(args.dump_output, flag, inputs);
  namespace fs = std::filesystem;
  const fs::path dump = fs::weakly_canonical(args.dump_output);
  const fs::path out = fs::weakly_canonical(fs::path(default_out(args, cfg)) / "x").parent_path();
  const std::string name = dump.filename().string();
  if (dump.parent_path() == out &&
      std::find(kResultFiles.begin(), kResultFiles.end(), name) != kResultFiles.end()) {
    throw ConfigError(fmt::format("{} {}: is the run's own {}; choose another file", flag,
                                  args.dump_output, name));
  }
}

// Every result file of a run, committed together (complete files or none, even on SIGINT), then
// (unless quiet) the summary table. trace.json is streamed; report.html is rendered from the
// results in memory, byte for byte what `hesa report` renders from the files.
void write_results(OutputDir& out, const RunArgs& args, const RunConfig& cfg,
                   const RunOutcome& result, const Phases& phases) {
  RunData data;
  data.label = out.path();
  data.stats = result.stats;
  data.config_yaml = cfg.effective_yaml;
  if (args.write_trace) {
    data.tracks = trace_tracks(*result.trace, *result.timeline);
    data.trace_note = trace_note(*result.timeline);
  } else {
    data.trace_note = no_trace_note();
  }
  std::vector<RunData> runs;
  runs.push_back(std::move(data));
  const std::string report = render_report(runs);
  std::vector<OutputFile> files = {{out.file("config.effective.yaml"), cfg.effective_yaml},
                                   {out.file("stats.json"), result.stats.dump(2) + "\n"},
                                   {out.file("stats.csv"), result.csv},
                                   {out.file("summary.md"), result.summary_md}};
  if (args.write_trace) {
    files.push_back({out.file("trace.json"), "", [&result](std::ostream& os) {
                       write_trace_json(os, *result.trace, *result.timeline,
                                        result.stats.at("meta"), result.time_ns);
                     }});
  }
  files.push_back({out.file("report.html"), report});
  // Written last, so its phases count the other files' writing.
  files.push_back({out.file("run-meta.json"), "",
                   [&](std::ostream& os) { os << run_meta_json(result.wall_seconds, phases); }});
  if (result.functional.ran && !args.dump_output.empty()) {
    files.push_back({args.dump_output, format_limbs(result.functional.output)});
  }
  out.commit(files);
  if (!args.write_trace) {
    // A trace.json of an earlier run (--force) would not match these results.
    std::error_code ec;
    if (std::filesystem::is_regular_file(out.file("trace.json"), ec)) {
      std::filesystem::remove(out.file("trace.json"), ec);
    }
  }
  if (args.write_charts) write_chart_files(out.path(), report, args.write_pdfs);
  if (args.quiet) return;
  std::cout << result.table;
  std::cout << fmt::format("  wall time     {:.3f} s (simulation engine {:.3f} s)\n",
                           phases.seconds(phases.start, Clock::now()), result.wall_seconds);
  std::cout << fmt::format("  results       {}/ (stats.json, summary.md, {}report.html{})\n",
                           out.path(), args.write_trace ? "trace.json, " : "",
                           args.write_charts ? ", charts/" : "");
}

// A simulation without a result: one line, exit 2, and the output folder (an object of the
// caller) removed as it returns.
int report_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 2;
}

// Replays a trace file: no lowering, no functional execution.
int cmd_replay(const RunArgs& args, Phases& phases) {
  if (!args.workload.empty()) throw ConfigError("give --workload or --trace, not both");
  if (args.functional) throw ConfigError("--functional needs --workload (a trace replays timing)");
  const RunConfig cfg = load_trace_run_config(args.chip, args.trace, args.sets);
  phases.config = Clock::now();
  auto trace = std::make_shared<const Trace>(read_replay_trace(cfg, args.trace));
  phases.lowering = Clock::now();  // reading the trace stands for the lowering
  OutputDir out = open_out(args, cfg);
  const RunOutcome result = simulate_trace(cfg, std::move(trace), options_of(args));
  if (!result.error.empty()) return report_error(result.error);
  phases.simulation = Clock::now();
  write_results(out, args, cfg, result, phases);
  return 0;
}

int cmd_run(const RunArgs& args) {
  Phases phases;
  install_interrupt_cleanup();
  if (args.chip.empty() && args.slice.empty()) {
    throw ConfigError("--chip (one chip) or --slice (chips over ICI) is required (see --help)");
  }
  if (!args.chip.empty() && !args.slice.empty()) {
    throw ConfigError("give --chip (one chip) or --slice (chips over ICI), not both");
  }
  if (!args.slice.empty() && !args.trace.empty()) {
    throw ConfigError("--trace replays on one chip (--chip), not on a slice");
  }
  if (!args.functional && !args.input.empty()) {
    throw ConfigError(fmt::format("--input {}: needs --functional", args.input));
  }
  if (!args.functional && !args.dump_output.empty()) {
    throw ConfigError(fmt::format("--dump-output {}: needs --functional", args.dump_output));
  }
  if (!args.trace.empty()) return cmd_replay(args, phases);
  if (args.workload.empty()) throw ConfigError("--workload or --trace is required (see --help)");
  RunConfig cfg = args.slice.empty() ? load_run_config(args.chip, args.workload, args.sets)
                                     : load_slice_run_config(args.slice, args.workload, args.sets);
  cfg.max_instructions = args.max_instructions;
  if (args.tune) open_knobs_to_search(cfg.workload);
  cfg.search = search_mapping(cfg, args.jobs);
  refresh_effective_yaml(cfg);
  const KernelInfo& kernel = kernel_info(cfg.workload.kernel);
  if (args.functional && !kernel.reference) throw ConfigError(kernel.unchecked);
  if (!kernel.limb_files && !(args.input.empty() && args.dump_output.empty())) {
    throw ConfigError("--input and --dump-output exchange NTT limbs (kernels ntt and intt)");
  }
  RunOptions opt = options_of(args);
  if (!args.input.empty()) opt.functional_input.input = read_limbs(args.input, cfg.workload);
  // Lower (once) before the output folder is checked, so an impossible mapping fails before
  // anything is written; the lowering allocates the trace, so a trace whose buffers do not fit
  // the chip's memories fails too.
  phases.config = Clock::now();
  auto trace = std::make_shared<const Trace>(lower_workload_checked(cfg, opt.functional));
  phases.lowering = Clock::now();
  check_dump_output(args, cfg);
  OutputDir out = open_out(args, cfg);

  RunOutcome result = simulate_trace(cfg, std::move(trace), opt);
  if (!result.error.empty()) return report_error(result.error);
  phases.simulation = Clock::now();
  write_results(out, args, cfg, result, phases);
  int code = 0;
  if (result.functional.ran) {
    const auto& f = result.functional;
    const char* what = kernel.family == KernelFamily::kBatMatmul ? "tiles" : "limbs";
    const char* reference = kernel.reference;
    if (f.mismatches == 0) {
      if (!args.quiet) {
        std::cout << fmt::format("  functional    {} {} bit-exact against the reference {}\n",
                                 f.slices, what, reference);
      }
    } else {
      std::cout << fmt::format("  functional    FAILED: {} of {} {} differ from the reference\n",
                               f.mismatches, f.slices, what);
      code = 1;
    }
  }
  return code;
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, CommandAction& action) {
  auto run = std::make_shared<RunArgs>();
  CLI::App* cmd =
      app.add_subcommand("run", "Simulate one workload on one chip (or a slice of chips)");
  cmd->add_option("--chip", run->chip, "Chip YAML (configs/chips/...)");
  cmd->add_option("--slice", run->slice,
                  "Slice YAML (configs/slices/...): chips over ICI, sharded by mapping.shard");
  cmd->add_option("--workload", run->workload, "Workload YAML (configs/workloads/...)");
  cmd->add_option("--trace", run->trace,
                  "Replay a trace file (docs/trace-format.md) instead of lowering a workload");
  cmd->add_option("--set", run->sets, "Override a config key: path=value (repeatable)");
  cmd->add_option("--out", run->out, "Output folder (default out/<workload>-<chip>)");
  cmd->add_flag("--force", run->force,
                "Overwrite earlier results (stats.json) in the output folder");
  cmd->add_flag("--functional", run->functional,
                "Also execute the trace on real numbers and check it against the reference");
  cmd->add_option("--input", run->input,
                  "Functional input limbs: one per line, natural order (needs --functional)");
  cmd->add_option("--dump-output", run->dump_output,
                  "Write the functional result limbs to this file (needs --functional)");
  cmd->add_option("--output-order", run->output_order, "Order of dumped NTT outputs")
      ->check(CLI::IsMember({"bit-reversed", "natural"}));
  cmd->add_flag("--quiet,-q", run->quiet, "Print nothing on success (no table, no progress)");
  cmd->add_flag("--progress", run->progress,
                "Show progress on stderr even when it is not a terminal (unless --quiet)");
  cmd->add_flag("--tune", run->tune,
                "Choose every mapping knob the workload leaves open by the mapping search (as "
                "if set to auto)");
  cmd->add_option("-j,--jobs", run->jobs, "Candidates of the mapping search simulated at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--trace-slices", run->trace_slices,
                  "Slices per unit kept in trace.json before adjacent ones are merged in pairs")
      ->check(CLI::Range(size_t{1}, size_t{100000000}))
      ->capture_default_str();
  cmd->add_flag("--no-trace{false}", run->write_trace,
                "Write no trace.json (report.html then has no utilization-over-time chart)");
  cmd->add_flag("--no-charts{false}", run->write_charts,
                "Write no charts/ folder (the charts stay in report.html)");
  cmd->add_flag("--pdf", run->write_pdfs,
                "Also convert each chart in charts/ to PDF with rsvg-convert (librsvg2-bin), "
                "ready for LaTeX: about 0.1-0.3 s a run")
      ->excludes("--no-charts");
  cmd->add_option("--max-instructions", run->max_instructions,
                  "Refuse a workload whose trace would pass this many instructions (default "
                  "10000000: a few GB and about a minute)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{4000000000}));
  cmd->callback([run, &action] { action = [run] { return cmd_run(*run); }; });
  return cmd;
}

}  // namespace hesa
