#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/report/chart_files.hpp"
#include "sim/report/report_data.hpp"
#include "sim/report/report_html.hpp"

namespace hesa {

namespace {

struct ReportArgs {
  std::vector<std::string> dirs;
  std::string out;
};

int cmd_report(const ReportArgs& args) {
  const std::string path = !args.out.empty()       ? args.out
                           : args.dirs.size() == 1 ? args.dirs[0] + "/report.html"
                                                   : "report.html";
  const std::string flag = args.out.empty() ? "report" : "--out";
  // A report never replaces a run's own files (only its report.html).
  std::vector<std::pair<std::string, std::string>> inputs;
  for (const std::string& dir : args.dirs) {
    for (const char* name : {"stats.json", "trace.json", "config.effective.yaml", "stats.csv",
                             "summary.md", "run-meta.json"}) {
      inputs.push_back({fmt::format("run's {}", name), dir + "/" + name});
    }
  }
  check_not_input(path, flag, inputs);
  std::vector<RunData> runs;
  for (const std::string& dir : args.dirs) runs.push_back(load_run_data(dir));
  check_output_file(path, flag);
  const std::string html = render_report(runs);
  write_file_atomic(path, html);
  // Each chart on its own, in charts/ beside the page.
  const std::string parent = std::filesystem::path(path).parent_path().string();
  write_chart_files(parent.empty() ? "." : parent, html);
  std::cout << fmt::format("  report        {}\n", path);
  return 0;
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Regenerate report.html from run folders (several: side by side, one column per run)");
  cmd->add_option("dirs", args->dirs, "Run folders written by `hesa run`")->required();
  cmd->add_option(
      "--out", args->out,
      "Output file (default DIR/report.html for one folder, ./report.html for several)");
  cmd->callback([args, &action] { action = [args] { return cmd_report(*args); }; });
  return cmd;
}

}  // namespace hesa
