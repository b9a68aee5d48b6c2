// hesa trace: lowers a workload and writes its trace as text (docs/trace-format.md), for reading,
// editing and replaying with `hesa run --trace`.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/config/run_config.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/run/mapping_search.hpp"
#include "sim/run/run.hpp"
#include "trace/trace_io.hpp"

namespace hesa {

namespace {

struct TraceArgs {
  std::string chip, workload, out;
  std::vector<std::string> sets;
  bool constants = false;
  uint64_t max_instructions = kDefaultMaxInstructions;
};

int cmd_trace(const TraceArgs& args) {
  RunConfig cfg = load_run_config(args.chip, args.workload, args.sets);
  cfg.max_instructions = args.max_instructions;
  const bool to_file = !args.out.empty() && args.out != "-";
  if (to_file) {
    check_output_file(args.out, "-o");
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const std::string& f : cfg.files) {
      inputs.push_back({f == cfg.chip_file       ? "--chip"
                        : f == cfg.workload_file ? "--workload"
                                                 : "included config",
                        f});
    }
    check_not_input(args.out, "-o", inputs);
  }
  cfg.search = search_mapping(cfg, 2);  // knobs the workload sets to auto
  const Trace trace = lower_workload_checked(cfg, args.constants);
  const std::string text = write_trace(trace);
  if (!to_file) {
    std::cout << text;
  } else {
    write_file_atomic(args.out, text);
    std::cerr << fmt::format("{} instructions, {} buffers written to {}\n", trace.instrs.size(),
                             trace.buffers.size(), args.out);
  }
  return 0;
}

}  // namespace

CLI::App* add_trace_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<TraceArgs>();
  CLI::App* cmd = app.add_subcommand("trace", "Write the lowered trace of a workload as text");
  cmd->add_option("--chip", args->chip, "Chip YAML (configs/chips/...)")->required();
  cmd->add_option("--workload", args->workload, "Workload YAML (configs/workloads/...)")
      ->required();
  cmd->add_option("--set", args->sets, "Override a config key: path=value (repeatable)");
  cmd->add_option("-o,--out", args->out, "Trace file to write (default: standard output)");
  cmd->add_flag("--constants", args->constants,
                "Include the values of known constants (twiddles, BAT matrices)");
  cmd->add_option("--max-instructions", args->max_instructions,
                  "Refuse a workload whose trace would pass this many instructions (default "
                  "10000000)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{4000000000}));
  cmd->callback([args, &action] { action = [args] { return cmd_trace(*args); }; });
  return cmd;
}

}  // namespace hesa
