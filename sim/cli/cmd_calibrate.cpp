// hesa calibrate: fits a chip's VPU and HBM parameters to a calibration file's measurements by
// coordinate descent in log space (two parameters: vpu.issue_rate, the fraction of the ALUs' issue
// slots the software stack fills, which belongs to the stack and transfers to every chip that
// runs it; the HBM data rate, the chip's achievable bandwidth), minimizing the mean squared
// relative error. The op cycles, op mixes, ALU count and the emulation of mulhi are the model's
// hardware mechanisms and stay as the chip gives them. Prints the fitted values and the residual
// of every point; the values are then recorded by hand, with this provenance, in the stack file
// (configs/stacks/) and the chip YAML.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/config/run_config.hpp"
#include "sim/sweep/calib_points.hpp"
#include "trace/vpu_op_mix.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

namespace {

struct CalibrateArgs {
  std::string spec = "configs/calibration/vecmodmul_tpu_v6e.yaml";
  int jobs = 2;
  int max_evals = 120;
  double min_step = 1.01;
  // Reductions whose points are fitted. Not by default: bat_lazy, bound by the MXU's row streaming,
  // which has no parameter in this fit; shoup, whose measured kernel multiplies u64 operands and
  // runs faster than reading them at peak HBM bandwidth would allow, so it is not understood
  // (docs/validation.md). Their points are reported as predictions of the fitted model.
  std::vector<std::string> reductions = {name_of(Reduction::kBarrett),
                                         name_of(Reduction::kMontgomery)};
};

struct Params {
  double issue = 1;      // vpu.issue_rate
  double data_rate = 1;  // hbm.data_rate_gbps
};

std::vector<std::string> param_sets(const Params& p) {
  std::vector<std::string> s;
  s.push_back(fmt::format("vpu.issue_rate={:.6g}", p.issue));
  s.push_back(fmt::format("hbm.data_rate_gbps={:.6g}", p.data_rate));
  return s;
}

int cmd_calibrate(const CalibrateArgs& a) {
  CalibSpec spec = load_calib_spec(a.spec);
  const std::vector<CalibPoint> all = spec.points;
  std::erase_if(spec.points, [&](const CalibPoint& p) {
    return std::find(a.reductions.begin(), a.reductions.end(), p.reduction) == a.reductions.end();
  });
  const ChipConfig chip = load_chip_config(spec.chip, {});
  int evals = 0;
  std::vector<PointResult> last;
  auto evaluate = [&](const Params& p) {
    std::vector<std::vector<std::string>> sets;
    for (const CalibPoint& pt : spec.points) {
      std::vector<std::string> s = param_sets(p);
      for (const std::string& x : point_sets(pt)) s.push_back(x);
      sets.push_back(s);
    }
    last = simulate_points(spec.chip, spec.workload, sets, a.jobs);
    ++evals;
    const CalibError e = calib_error(spec.points, last, nullptr);
    std::cerr << fmt::format("eval {:3}: issue rate {:.4f} hbm {:.4f} Gb/s: rms {:.3f} %\n", evals,
                             p.issue, p.data_rate, 100 * e.rms);
    return e.rms;
  };
  Params best{chip.vpu.issue_rate, chip.hbm.data_rate_gbps};
  double best_rms = evaluate(best);
  std::vector<PointResult> best_results = last;
  // Physical bounds: the stack fills at most every issue slot (issue rate at most 1, at least the
  // schema's 0.01), and HBM delivers at most its peak (the chip's data rate before the fit).
  struct Coord {
    double* value;
    double lo, hi;
  };
  const Coord coords[2] = {{&best.issue, 0.01, 1.0}, {&best.data_rate, 0, chip.hbm.data_rate_gbps}};
  double step = 1.5;  // multiplicative
  while (step >= a.min_step && evals < a.max_evals) {
    bool improved = false;
    for (const Coord& co : coords) {
      double* c = co.value;
      for (double dir : {step, 1 / step}) {
        if (evals >= a.max_evals) break;
        const double keep = *c;
        *c = std::clamp(keep * dir, co.lo, co.hi);
        if (*c == keep) continue;  // at its bound
        const double rms = evaluate(best);
        if (rms < best_rms) {
          best_rms = rms;
          best_results = last;
          improved = true;
          break;  // keep this direction, next coordinate
        }
        *c = keep;
      }
    }
    if (!improved) step = std::sqrt(step);
  }
  const CalibError e = calib_error(spec.points, best_results, nullptr);
  spec.points = all;  // every point, the fitted ones and the others, with the fitted values
  evaluate(best);
  std::cout << calib_table(spec.points, last);
  const CalibError e_all = calib_error(spec.points, last, nullptr);
  std::cout << fmt::format(
      "# {} evaluations; fitted points: rms relative error {:.2f} %, max {:.2f} %; all points: "
      "rms {:.2f} %, max {:.2f} %\n",
      evals, 100 * e.rms, 100 * e.max_abs, 100 * e_all.rms, 100 * e_all.max_abs);
  std::cout << "# fitted values:\n";
  for (const std::string& s : param_sets(best)) std::cout << "#   " << s << "\n";
  return 0;
}

}  // namespace

CLI::App* add_calibrate_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Fit the stack's VPU issue rate and a chip's HBM data rate to measured latencies");
  cmd->add_option("--spec", args->spec, "Calibration file (chip, workload, CSV, tolerance)")
      ->capture_default_str();
  cmd->add_option("--jobs,-j", args->jobs, "Points simulated at once")->capture_default_str();
  cmd->add_option("--max-evals", args->max_evals, "Evaluations (28 runs each) at most")
      ->capture_default_str();
  cmd->add_option("--reductions", args->reductions, "Reductions whose points are fitted")
      ->delimiter(',')
      ->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return cmd_calibrate(*args); }; });
  return cmd;
}

}  // namespace hesa
