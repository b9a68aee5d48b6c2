#include "sim/cli/cli.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "config/config_error.hpp"
#include "sim/cli/commands.hpp"
#include "workloads/kernels/kernel_registry.hpp"

#ifndef HESA_VERSION
#define HESA_VERSION "0.0.0"
#endif

namespace hesa {

int cli_main(int argc, char** argv) {
  CLI::App app{
      "hesa: a cycle-approximate simulator of TPU-style accelerators running "
      "homomorphic-encryption workloads"};
  app.set_version_flag("--version", std::string("hesa ") + HESA_VERSION);
  app.require_subcommand(1);
  // Command-line errors are one line like every other input error (subcommands inherit this).
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return fmt::format("error: {} (see --help)\n", e.what());
  });
  std::string kernels = "Kernels a workload may run (its `kernel:` key):\n";
  for (const KernelInfo& k : workload_kernels()) {
    kernels += fmt::format("  {:<12} {}\n", k.name, k.description);
  }
  app.footer(kernels);
  CommandAction action;
  add_run_command(app, action);
  add_sweep_command(app, action);
  add_trace_command(app, action);
  add_tune_command(app, action);
  add_info_command(app, action);
  add_report_command(app, action);
  add_validate_command(app, action);
  add_calibrate_command(app, action);

  if (argc > 1 && argv[1][0] != '-' && app.get_subcommands({}).size() > 0) {
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) known |= sub->get_name() == argv[1];
    if (!known) {
      std::cerr << fmt::format("error: {}: unknown subcommand (see --help)\n", argv[1]);
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hesa
