#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "sim/chip_memory.hpp"
#include "sim/commands.hpp"
#include "sim/config_loader.hpp"
#include "sim/limb_io.hpp"
#include "sim/output_dir.hpp"
#include "sim/run.hpp"
#include "workloads/ckks_lowering.hpp"
#include "workloads/ntt_lowering.hpp"

namespace hesa {

namespace {

const char* reference_name(const std::string& kernel) {
  if (kernel == "ntt") return "NTT";
  if (kernel == "intt") return "INTT";
  if (kernel == "bconv") return "CRT basis conversion";
  if (is_ckks_kernel(kernel)) return "RNS CKKS kernel";
  return "element-wise product/sum";
}

struct RunArgs {
  std::string chip, workload, out, input, dump_output, output_order = "bit-reversed";
  std::vector<std::string> sets;
  bool functional = false;
};

int cmd_run(const RunArgs& args) {
  RunConfig cfg = load_run_config(args.chip, args.workload, args.sets);
  RunOptions opt;
  opt.functional = args.functional;
  opt.natural_output = args.output_order == "natural";
  if (!args.functional && (!args.input.empty() || !args.dump_output.empty())) {
    throw ConfigError("--input and --dump-output need --functional");
  }
  if (!args.input.empty()) {
    if (cfg.workload.kernel != "ntt" && cfg.workload.kernel != "intt") {
      throw ConfigError(fmt::format("--input: limb files are read for kernels ntt and intt, not {}",
                                    cfg.workload.kernel));
    }
    opt.input = read_limbs(args.input, cfg.workload);
  }
  // Lower once up front so an impossible mapping fails before anything is written.
  // Then allocate it, so a trace whose buffers do not fit the chip's memories fails too.
  try {
    (void)allocate_memory(lower_workload(cfg, false), cfg.chip);
  } catch (const LoweringError& e) {
    throw ConfigError(
        fmt::format("{}: {}: {}", workload_key_location(cfg, e.key()), e.key(), e.what()));
  } catch (const MemoryError& e) {
    throw ConfigError(fmt::format("{}: {}: {}", args.chip, e.key(), e.what()));
  }
  const std::string out_path =
      args.out.empty() ? fmt::format("out/{}-{}", cfg.workload.name, cfg.chip.name) : args.out;
  const OutputDir out(out_path);

  RunOutcome result = run_simulation(cfg, opt);
  out.write("config.effective.yaml", cfg.effective_yaml);
  out.write("stats.json", result.stats.dump(2) + "\n");
  out.write("stats.csv", result.csv);
  std::cout << result.table;
  std::cout << fmt::format("  wall time     {:.3f} s\n", result.wall_seconds);
  std::cout << fmt::format("  results       {}/stats.json\n", out.path());
  int code = 0;
  if (result.functional.ran) {
    if (!args.dump_output.empty()) {
      write_file_atomic(args.dump_output, format_limbs(result.functional.output));
    }
    const auto& f = result.functional;
    if (f.mismatches == 0) {
      std::cout << fmt::format("  functional    {} limbs bit-exact against the reference {}\n",
                               f.slices, reference_name(cfg.workload.kernel));
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
  cmd->callback([run, &action] { action = [run] { return cmd_run(*run); }; });
  return cmd;
}

}  // namespace hesa
