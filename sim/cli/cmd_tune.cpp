// hesa tune: the mapping search on one workload and chip, every knob the workload leaves open on
// auto: prints each knob's candidates with their simulated times and the choice. Writes nothing.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/config/run_config.hpp"
#include "sim/run/mapping_search.hpp"

namespace hesa {

namespace {

struct TuneArgs {
  std::string chip, workload;
  std::vector<std::string> sets;
  int jobs = 2;
};

int cmd_tune(const TuneArgs& args) {
  RunConfig cfg = load_run_config(args.chip, args.workload, args.sets);
  open_knobs_to_search(cfg.workload);
  const auto t0 = std::chrono::steady_clock::now();
  const MappingSearch search = search_mapping(cfg, args.jobs);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string out = fmt::format("hesa tune: {} on {}\n", cfg.workload.name, cfg.chip.name);
  for (const KnobSearch& k : search.knobs) {
    out += fmt::format("  {}\n", k.knob);
    for (size_t i = 0; i < k.candidates.size(); ++i) {
      const SearchCandidate& c = k.candidates[i];
      const std::string mark = int(i) == k.chosen ? "  <- chosen" : "";
      if (c.time_ns >= 0) {
        out += fmt::format("    {:<14} {:12.3f} us{}\n", c.value, c.time_ns * 1e-3, mark);
      } else {
        out += fmt::format("    {:<14} {}{}\n", c.value, c.error, mark);
      }
    }
  }
  out += fmt::format("  {} simulations in {:.2f} s (-j {})\n", search.simulations, wall,
                     args.jobs);
  std::cout << out;
  return 0;
}

}  // namespace

CLI::App* add_tune_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<TuneArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tune", "Search the mapping knobs a workload leaves open and print every candidate");
  cmd->add_option("--chip", args->chip, "Chip YAML (configs/chips/...)")->required();
  cmd->add_option("--workload", args->workload, "Workload YAML (configs/workloads/...)")
      ->required();
  cmd->add_option("--set", args->sets, "Override a config key: path=value (repeatable)");
  cmd->add_option("-j,--jobs", args->jobs, "Candidates simulated at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return cmd_tune(*args); }; });
  return cmd;
}

}  // namespace hesa
