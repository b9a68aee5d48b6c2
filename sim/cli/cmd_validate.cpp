// hesa validate: simulates every calibration point and compares with the measurement (exit 1 when
// the model drifted beyond the recorded tolerance); --predictions prints the NTT latency series.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/sweep/calib_points.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

namespace {

struct ValidateArgs {
  std::string spec = "configs/calibration/vecmodmul_tpu_v6e.yaml";
  std::string chip;  // instead of the calibration file's chip
  std::string ntt_workload = "configs/workloads/ntt_n16_l51.yaml";
  std::vector<std::string> sets;
  int jobs = 2;
  bool predictions = false;
};

int predictions(const ValidateArgs& a, const std::string& chip) {
  std::vector<std::vector<std::string>> sets;
  std::vector<std::pair<std::string, int>> keys;
  for (const std::string& r : reduction_names()) {
    for (int b = 1; b <= 128; b *= 2) {
      std::vector<std::string> s = a.sets;
      s.push_back("mapping.reduction=" + r);
      s.push_back(fmt::format("batch={}", b));
      sets.push_back(s);
      keys.emplace_back(r, b);
    }
  }
  const auto results = simulate_points(chip, a.ntt_workload, sets, a.jobs);
  std::string out = "reduction,batch,latency_us\n";
  int failed = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok) {
      std::cerr << fmt::format("error: {} batch {}: {}\n", keys[i].first, keys[i].second,
                               results[i].message);
      ++failed;
      continue;
    }
    out += fmt::format("{},{},{:.3f}\n", keys[i].first, keys[i].second, results[i].time_us);
  }
  std::cout << out;
  return failed ? 1 : 0;
}

int cmd_validate(const ValidateArgs& a) {
  const CalibSpec spec = load_calib_spec(a.spec);
  const std::string chip = a.chip.empty() ? spec.chip : a.chip;
  if (a.predictions) return predictions(a, chip);
  std::vector<std::vector<std::string>> sets;
  for (const CalibPoint& p : spec.points) {
    std::vector<std::string> s = a.sets;
    for (const std::string& x : point_sets(p)) s.push_back(x);
    sets.push_back(s);
  }
  const auto results = simulate_points(chip, spec.workload, sets, a.jobs);
  std::cout << calib_table(spec.points, results);
  const CalibError e = calib_error(spec.points, results, nullptr);
  const bool ok = e.rms <= spec.tolerance_rms && e.max_abs <= spec.tolerance_max;
  std::cerr << fmt::format(
      "{} points: rms error {:.2f} % (tolerance {:.2f} %), max |error| {:.2f} % (tolerance "
      "{:.2f} %): {}\n",
      spec.points.size(), 100 * e.rms, 100 * spec.tolerance_rms, 100 * e.max_abs,
      100 * spec.tolerance_max, ok ? "ok" : "DRIFTED beyond tolerance");
  return ok ? 0 : 1;
}

}  // namespace

CLI::App* add_validate_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Simulated vs measured latency of every calibration point (exit 1 on drift)");
  cmd->add_option("--spec", args->spec, "Calibration file (chip, workload, CSV, tolerance)")
      ->capture_default_str();
  cmd->add_option("--chip", args->chip, "Chip YAML instead of the calibration file's");
  cmd->add_option("--set", args->sets, "Override a config key: path=value (repeatable)");
  cmd->add_option("--jobs,-j", args->jobs, "Points simulated at once")->capture_default_str();
  cmd->add_flag("--predictions", args->predictions,
                "Print the NTT latency series (reduction,batch,latency_us) instead");
  cmd->add_option("--ntt-workload", args->ntt_workload, "Workload of --predictions")
      ->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return cmd_validate(*args); }; });
  return cmd;
}

}  // namespace hesa
