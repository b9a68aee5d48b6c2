#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "config/config_error.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/run_config.hpp"
#include "sim/io/folder_lock.hpp"
#include "sim/sweep/point_fork.hpp"
#include "sim/sweep/sweep_report.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_slurm.hpp"

namespace hesa {

namespace {

struct SweepArgs {
  std::string file, out, collect, worker, backend = "local";
  int jobs = 1;
  int64_t task = -1;
  bool keep_runs = false, yes = false, wait = false, quiet = false, trace = true;
  SlurmOptions slurm;
};

// Points run as children forked from this process (sim/sweep/point_fork.hpp): each runs `hesa
// run` in-process; the base chip and workload are read here once first, so every child inherits
// what they derive (a point that cannot read them reports it itself).
void fork_points_from_here(const Sweep& sweep) {
  set_point_main([](std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return cli_main(static_cast<int>(args.size()), argv.data());
  });
  try {
    (void)load_run_config(sweep.chip, sweep.workload, {});
  } catch (const std::exception&) {
  }
}

// A sweep folder is new, empty of sweep files, or a sweep's (with sweep.json): results of
// something else are never overwritten.
void check_sweep_folder(const std::string& dir, const std::string& label) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw ConfigError(fmt::format("{}: exists and is not a folder", label));
  }
  if (fs::exists(fs::path(dir) / "sweep.json", ec)) return;
  for (const char* name :
       {"results.csv", "sweep.html", "journal", "runs", "work", "slurm", "stats.json"}) {
    if (fs::exists(fs::path(dir) / name, ec)) {
      throw ConfigError(
          fmt::format("{}: holds {} but no sweep.json, so not a sweep's results; use another --out",
                      label, name));
    }
  }
}

std::string folder_label(const SweepArgs& a, const std::string& dir) {
  return a.out.empty() ? fmt::format("output folder {} (the default; choose one with --out)", dir)
                       : "--out " + dir;
}

// Creates the sweep's folder (if missing) and locks it for this process.
std::unique_ptr<FolderLock> lock_sweep(const std::string& dir, const std::string& label,
                                       FolderLock::Mode mode) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError(fmt::format("{}: cannot create the folder ({})", label, ec.message()));
  return std::make_unique<FolderLock>(dir, label, mode);
}

// A worker runs points only with the input files the sweep was submitted with.
void check_inputs(const Sweep& sweep, const std::string& dir) {
  if (const std::string changed = changed_file(sweep.inputs); !changed.empty()) {
    throw ConfigError(fmt::format(
        "{}/sweep.json: {} changed since the sweep was submitted; its points are not run", dir,
        changed));
  }
}

int report(const Sweep& sweep, const std::string& dir) {
  const SweepOutcome o = write_sweep_results(sweep, dir);
  const int64_t missing = o.missing;
  std::cout << fmt::format("  points        {}: {}\n", sweep.points.size(), o.summary);
  std::cout << fmt::format("  results       {}/results.csv\n  report        {}/sweep.html\n", dir,
                           dir);
  if (missing > 0) {
    std::cerr << fmt::format(
        "error: {} of {} points have not run yet; rerun the sweep with --out {} to run them\n",
        missing, sweep.points.size(), dir);
    return 1;
  }
  return 0;
}

int cmd_collect(const SweepArgs& a) {
  const Sweep sweep = read_manifest(a.collect);
  const auto lock = lock_sweep(a.collect, "--collect " + a.collect, FolderLock::Mode::kShared);
  std::cout << fmt::format("hesa sweep {}: collected from {}\n", sweep.name, a.collect);
  return report(sweep, a.collect);
}

int cmd_worker(const SweepArgs& a) {
  if (a.task < 0) throw ConfigError("--worker needs --task");
  const Sweep sweep = read_manifest(a.worker);
  const auto lock = lock_sweep(a.worker, "--worker " + a.worker, FolderLock::Mode::kShared);
  check_inputs(sweep, a.worker);
  const auto journal = read_journal(a.worker, sweep);
  std::vector<int64_t> todo;
  for (int64_t i : slurm_task_points(a.worker, a.task)) {
    if (i < 0 || i >= static_cast<int64_t>(sweep.points.size())) {
      throw ConfigError(
          fmt::format("{}/slurm/chunks.txt: point {} is not in the sweep", a.worker, i));
    }
    if (!journal.count(i)) todo.push_back(i);
  }
  RunnerOptions opt;
  opt.jobs = a.jobs;
  if (const char* cpus = std::getenv("SLURM_CPUS_PER_TASK"))
    opt.jobs = std::max(1, std::atoi(cpus));
  opt.keep_runs = a.keep_runs;
  opt.progress = !a.quiet;
  fork_points_from_here(sweep);
  const RunTally t = run_points(sweep, a.worker, todo, opt);
  std::cout << fmt::format("task {}: {} points run: {} ok, {} unbuildable, {} failed\n", a.task,
                           todo.size(), t.ok, t.unbuildable, t.failed);
  return 0;
}

int cmd_sweep(const SweepArgs& a) {
  if (!a.collect.empty()) return cmd_collect(a);
  if (!a.worker.empty()) return cmd_worker(a);
  if (a.file.empty()) throw ConfigError("expected a sweep file (or --collect DIR)");
  const int64_t count = count_sweep_points(a.file);
  if (count > kLargeSweep && !a.yes) {
    throw ConfigError(
        fmt::format("{}: the sweep has {} points (more than {}); pass --yes to run it", a.file,
                    count, kLargeSweep));
  }
  const Sweep sweep = expand_sweep(a.file);
  const std::string dir = a.out.empty() ? "out/sweeps/" + sweep.name : a.out;
  if (a.backend == "slurm") check_slurm_folder(dir);
  const std::string label = folder_label(a, dir);
  check_sweep_folder(dir, label);
  // One sweep process per folder; Slurm workers share the lock while the submitter waits.
  const auto lock = lock_sweep(dir, label, FolderLock::Mode::kExclusive);
  write_manifest(sweep, dir);
  const auto journal = read_journal(dir, sweep);
  const std::vector<int64_t> todo = missing_points(sweep, journal);
  int64_t filtered = 0, unbuildable = 0;
  for (const SweepPoint& p : sweep.points) {
    filtered += p.state == PointState::kFiltered;
    unbuildable += p.state == PointState::kUnbuildable;
  }
  const int64_t pending = static_cast<int64_t>(sweep.points.size()) - filtered - unbuildable;
  std::cout << fmt::format(
      "hesa sweep {}: {} points ({} filtered by constraints, {} unbuildable), {} to run, "
      "{} done before\n",
      sweep.name, sweep.points.size(), filtered, unbuildable, todo.size(),
      pending - static_cast<int64_t>(todo.size()));
  if (a.backend == "slurm") {
    if (!todo.empty()) {
      lock->share();
      const std::string job = submit_slurm(sweep, dir, todo, a.slurm);
      if (!a.slurm.wait) {
        std::cout << fmt::format(
            "  submitted     Slurm job {}; when it has finished: hesa sweep --collect {}\n", job,
            dir);
        return 0;
      }
      std::cout << fmt::format("  finished      Slurm job {}\n", job);
    }
    return report(sweep, dir);
  }
  RunnerOptions opt;
  opt.jobs = a.jobs;
  opt.keep_runs = a.keep_runs;
  opt.trace = a.trace;
  opt.progress = !a.quiet;
  fork_points_from_here(sweep);
  const RunTally t = run_points(sweep, dir, todo, opt);
  std::cout << fmt::format("  ran           {} points: {} ok, {} unbuildable, {} failed\n",
                           todo.size(), t.ok, t.unbuildable, t.failed);
  return report(sweep, dir);
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, CommandAction& action) {
  auto a = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a sweep of chips and mappings (configs/sweeps/...), resumably");
  cmd->add_option("file", a->file, "Sweep YAML");
  cmd->add_option("--out", a->out, "Output folder (default out/sweeps/<name>)");
  cmd->add_option("-j,--jobs", a->jobs, "Points simulated in parallel")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("--keep-runs", a->keep_runs, "Keep each point's run folder in DIR/runs/<index>");
  cmd->add_flag("--no-trace{false}", a->trace,
                "Kept run folders (--keep-runs) without trace.json (points not kept never write "
                "it)");
  cmd->add_flag("--yes", a->yes, "Run a sweep of more than 100000 points");
  cmd->add_flag("--quiet", a->quiet, "No progress bar");
  cmd->add_option("--backend", a->backend, "Where points run")
      ->check(CLI::IsMember({"local", "slurm"}));
  cmd->add_option("--chunk", a->slurm.chunk, "Slurm: points per array task (default: <= 100 tasks)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_flag("--wait", a->slurm.wait, "Slurm: wait for the job array, then collect");
  cmd->add_option("--sbatch-arg", a->slurm.sbatch_args, "Slurm: extra sbatch argument (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--collect", a->collect,
                  "Merge the journal of DIR into results.csv and sweep.html");
  cmd->add_option("--worker", a->worker, "Run one Slurm array task of the sweep in DIR")->group("");
  cmd->add_option("--task", a->task, "Array task index for --worker")->group("");
  cmd->callback([a, &action] { action = [a] { return cmd_sweep(*a); }; });
  return cmd;
}

}  // namespace hesa
