// The subcommands of the hesa command line. Each adds itself to the app and returns the action
// to run when it was chosen; an action returns the exit code (0 ok, 1 failed check, 2 bad input).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace hesa {

using CommandAction = std::function<int()>;

CLI::App* add_run_command(CLI::App& app, CommandAction& action);
CLI::App* add_sweep_command(CLI::App& app, CommandAction& action);
CLI::App* add_trace_command(CLI::App& app, CommandAction& action);
CLI::App* add_info_command(CLI::App& app, CommandAction& action);
CLI::App* add_report_command(CLI::App& app, CommandAction& action);
CLI::App* add_validate_command(CLI::App& app, CommandAction& action);
CLI::App* add_calibrate_command(CLI::App& app, CommandAction& action);
CLI::App* add_tune_command(CLI::App& app, CommandAction& action);

}  // namespace hesa
