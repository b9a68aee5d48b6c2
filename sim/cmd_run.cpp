#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>
#include <memory>

#include "sim/commands.hpp"
#include "sim/config_loader.hpp"
#include "sim/interrupt.hpp"
#include "sim/limb_io.hpp"
#include "sim/output_dir.hpp"
#include "sim/run.hpp"
#include "workloads/ntt_lowering.hpp"

namespace hesa {

namespace {

struct RunArgs {
  std::string chip, workload, out, input, dump_output, output_order = "bit-reversed";
  std::vector<std::string> sets;
  bool functional = false;
  bool force = false;
};

// A chip or workload name as one safe folder-name component: anything but letters, digits, '.',
// '-' and '_' becomes '_', so "../x" cannot lead the default output folder out of out/.
std::string folder_name(const std::string& name) {
  std::string safe;
  for (char c : name)
    safe +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  return safe;
}

int cmd_run(const RunArgs& args) {
  install_interrupt_cleanup();
  if (!args.functional && !args.input.empty()) {
    throw ConfigError(fmt::format("--input {}: needs --functional", args.input));
  }
  if (!args.functional && !args.dump_output.empty()) {
    throw ConfigError(fmt::format("--dump-output {}: needs --functional", args.dump_output));
  }
  RunConfig cfg = load_run_config(args.chip, args.workload, args.sets);
  RunOptions opt;
  opt.functional = args.functional;
  opt.natural_output = args.output_order == "natural";
  if (!args.input.empty()) opt.input = read_limbs(args.input, cfg.workload);
  // Lower once up front so an impossible mapping fails before anything is written.
  try {
    (void)lower_workload(cfg, false);
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  }
  const std::string out_path =
      args.out.empty()
          ? fmt::format("out/{}-{}", folder_name(cfg.workload.name), folder_name(cfg.chip.name))
          : args.out;
  const OutputDir out(out_path, args.force);
  if (!args.dump_output.empty()) check_output_file(args.dump_output, "--dump-output");

  RunOutcome result = run_simulation(cfg, opt);
  std::vector<OutputFile> files = {{out.file("config.effective.yaml"), cfg.effective_yaml},
                                   {out.file("stats.json"), result.stats.dump(2) + "\n"},
                                   {out.file("stats.csv"), result.csv}};
  if (result.functional.ran && !args.dump_output.empty()) {
    files.push_back({args.dump_output, format_limbs(result.functional.output)});
  }
  commit_files(files, out.path());
  std::cout << result.table;
  std::cout << fmt::format("  wall time     {:.3f} s\n", result.wall_seconds);
  std::cout << fmt::format("  results       {}/stats.json\n", out.path());
  int code = 0;
  if (result.functional.ran) {
    const auto& f = result.functional;
    if (f.mismatches == 0) {
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
  cmd->callback([run, &action] { action = [run] { return cmd_run(*run); }; });
  return cmd;
}

}  // namespace hesa
