#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "sim/commands.hpp"
#include "sim/config_loader.hpp"
#include "sim/limb_io.hpp"
#include "sim/output_dir.hpp"
#include "sim/report_data.hpp"
#include "sim/report_html.hpp"
#include "sim/run.hpp"
#include "workloads/ntt_lowering.hpp"

#ifndef HESA_VERSION
#define HESA_VERSION "0.0.0"
#endif

namespace hesa {

namespace {

struct RunArgs {
  std::string chip, workload, out, input, dump_output, output_order = "bit-reversed";
  std::vector<std::string> sets;
  bool functional = false;
  bool quiet = false, progress = false;
  size_t trace_slices = 4096;
};

// Wall-clock facts of a run: kept out of stats.json so identical runs give identical results.
std::string run_meta_json(double wall_seconds) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  const std::time_t now = std::time(nullptr);
  char date[32] = {};
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  nlohmann::ordered_json j = {{"hesa_version", HESA_VERSION},
                              {"wall_seconds", wall_seconds},
                              {"host", host},
                              {"date_utc", date}};
  return j.dump(2) + "\n";
}

int cmd_run(const RunArgs& args) {
  RunConfig cfg = load_run_config(args.chip, args.workload, args.sets);
  RunOptions opt;
  opt.functional = args.functional;
  opt.natural_output = args.output_order == "natural";
  opt.slice_limit = args.trace_slices;
  opt.progress = !args.quiet && (args.progress || isatty(STDERR_FILENO));
  if (!args.functional && (!args.input.empty() || !args.dump_output.empty())) {
    throw ConfigError("--input and --dump-output need --functional");
  }
  if (!args.input.empty()) opt.input = read_limbs(args.input, cfg.workload);
  // Lower once up front so an impossible mapping fails before anything is written.
  try {
    (void)lower_workload(cfg, false);
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  }
  const std::string out_path =
      args.out.empty() ? fmt::format("out/{}-{}", cfg.workload.name, cfg.chip.name) : args.out;
  const OutputDir out(out_path);

  RunOutcome result = run_simulation(cfg, opt);
  const std::string stats_text = result.stats.dump(2) + "\n";
  out.write("config.effective.yaml", cfg.effective_yaml);
  out.write("stats.json", stats_text);
  out.write("stats.csv", result.csv);
  out.write("summary.md", result.summary_md);
  out.write("trace.json", result.trace_json);
  // Rendered from the bytes just written, so `hesa report` on this folder gives the same page.
  out.write("report.html", render_report({parse_run_data(out.path(), out.path(), stats_text,
                                                         result.trace_json, cfg.effective_yaml)}));
  out.write("run-meta.json", run_meta_json(result.wall_seconds));
  if (!args.quiet) {
    std::cout << result.table;
    std::cout << fmt::format("  wall time     {:.3f} s\n", result.wall_seconds);
    std::cout << fmt::format(
        "  results       {}/ (stats.json, summary.md, trace.json, "
        "report.html)\n",
        out.path());
  }
  int code = 0;
  if (result.functional.ran) {
    if (!args.dump_output.empty()) {
      write_file_atomic(args.dump_output, format_limbs(result.functional.output));
    }
    const auto& f = result.functional;
    if (f.mismatches == 0) {
      if (!args.quiet)
        std::cout << fmt::format("  functional    {} limbs bit-exact against the reference {}\n",
                                 f.slices, cfg.workload.kernel == "intt" ? "INTT" : "NTT");
    } else {
      std::cout << fmt::format("  functional    FAILED: {} of {} limbs differ from the reference\n",
                               f.mismatches, f.slices);
      code = 1;
    }
  }
  return code;
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, CommandAction& action) {
  auto run = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate one workload on one chip");
  cmd->add_option("--chip", run->chip, "Chip YAML (configs/chips/...)")->required();
  cmd->add_option("--workload", run->workload, "Workload YAML (configs/workloads/...)")->required();
  cmd->add_option("--set", run->sets, "Override a config key: path=value (repeatable)");
  cmd->add_option("--out", run->out, "Output folder (default out/<workload>-<chip>)");
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
  cmd->add_option("--trace-slices", run->trace_slices,
                  "Slices per unit kept in trace.json before adjacent ones are merged in pairs")
      ->check(CLI::Range(size_t{1}, size_t{100000000}));
  cmd->callback([run, &action] { action = [run] { return cmd_run(*run); }; });
  return cmd;
}

}  // namespace hesa
