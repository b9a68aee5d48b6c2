#include "sim/sweep/sweep_runner.hpp"

#include "sim/sweep/sweep_metrics.hpp"

#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/sweep/point_fork.hpp"

namespace hesa {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Running {
  int64_t index;
  Clock::time_point start;
  fs::path folder;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string last_line(const std::string& text) {
  std::string line, last;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  if (last.rfind("error: ", 0) == 0) last = last.substr(7);
  return last;
}

pid_t spawn(const std::string& binary, const Sweep& sweep, const SweepPoint& p,
            const fs::path& folder, bool trace, bool keep) {
  const std::string& chip = p.chip.empty() ? sweep.chip : p.chip;
  const std::string& workload = p.workload.empty() ? sweep.workload : p.workload;
  std::vector<std::string> args = {binary,
                                   "run",
                                   sweep.slice.empty() ? "--chip" : "--slice",
                                   sweep.slice.empty() ? chip : sweep.slice,
                                   "--workload",
                                   workload,
                                   "--out",
                                   folder.string()};
  for (const std::string& s : p.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  if (sweep.tune) args.insert(args.end(), {"--tune", "--jobs", "1"});  // points run in parallel
  if (!trace) args.push_back("--no-trace");
  // A point's folder is kept only with --keep-runs: its own charts are written for nothing
  // otherwise (the sweep draws its charts from the journal).
  if (!keep) args.push_back("--no-charts");
  const std::string out = (folder / "stdout.txt").string(), err = (folder / "stderr.txt").string();
  const pid_t parent = getpid();
  if (has_point_main()) return fork_point(args, out, err, parent);  // sim/sweep/point_fork.hpp
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("cannot start a process: {}", strerror(errno)));
  if (pid == 0) {
    // A point process never outlives the sweep runner (kill -9 of the runner included).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0) _exit(127);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

PointResult read_outcome(const Running& r, int status) {
  PointResult out;
  out.index = r.index;
  out.wall_s = std::chrono::duration<double>(Clock::now() - r.start).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    try {
      const auto j = nlohmann::ordered_json::parse(slurp(r.folder / "stats.json"));
      const auto& s = j.at("summary");
      out.cycles = s.at("cycles");
      out.time_us = s.at("time_us");
      out.energy_uj = s.at("energy_uj");
      out.area_mm2 = s.at("area_mm2");
      for (int u = 0; u < 5; ++u) out.util[u] = s.at("utilization").at(kUnits[u]);
      read_point_metrics(j, out);
      out.ok = true;
    } catch (const nlohmann::json::exception& e) {
      out.message = fmt::format("unreadable stats.json ({})", e.what());
    }
    return out;
  }
  const std::string why = last_line(slurp(r.folder / "stderr.txt"));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
    out.unbuildable = true;
    out.message = "cannot be built: " + why;
  } else if (WIFEXITED(status)) {
    out.message = fmt::format("run failed (exit {}): {}", WEXITSTATUS(status), why);
  } else {
    out.message = fmt::format("run killed by signal {}: {}", WTERMSIG(status), why);
  }
  return out;
}

std::string clock_text(double seconds) {
  const long s = std::lround(seconds);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

class Progress {
 public:
  Progress(std::size_t total, bool enabled)
      : total_(total), enabled_(enabled), tty_(isatty(2)), start_(Clock::now()) {}
  void update(std::size_t done, const RunTally& tally) {
    if (!enabled_ || total_ == 0) return;
    const std::size_t decile = done * 10 / total_;
    if (!tty_ && decile == last_decile_ && done != total_) return;
    last_decile_ = decile;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double eta = done ? elapsed / done * (total_ - done) : 0;
    const std::size_t width = 30, fill = done * width / total_;
    const std::string line = fmt::format(
        "[{}{}] {}/{} points  {} unbuildable  {} failed  {} elapsed  ETA {}",
        std::string(fill, '#'), std::string(width - fill, ' '), done, total_, tally.unbuildable,
        tally.failed, clock_text(elapsed), done ? clock_text(eta) : "?");
    std::cerr << (tty_ ? "\r" : "") << line << (tty_ && done != total_ ? "" : "\n") << std::flush;
  }

 private:
  std::size_t total_;
  bool enabled_, tty_;
  Clock::time_point start_;
  std::size_t last_decile_ = 11;
};

// Creates a point's work folder. Workers of one Slurm array share DIR/work and each removes it
// when it finds it empty, so a worker may see it vanish between creating it and its own folder:
// that is retried, anything else is an error.
void make_work_folder(const fs::path& folder) {
  for (int attempt = 0;; ++attempt) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!ec) return;
    if (ec != std::errc::no_such_file_or_directory || attempt == 100) {
      throw fs::filesystem_error("cannot create a point's work folder", folder, ec);
    }
  }
}

}  // namespace

std::string self_binary() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the hesa binary (/proc/self/exe)");
  return p.string();
}

std::vector<int64_t> missing_points(const Sweep& sweep,
                                    const std::map<int64_t, PointResult>& journal) {
  std::vector<int64_t> out;
  for (const SweepPoint& p : sweep.points) {
    if (p.state == PointState::kPending && !journal.count(p.index)) out.push_back(p.index);
  }
  return out;
}

RunTally run_points(const Sweep& sweep, const std::string& dir, const std::vector<int64_t>& indices,
                    const RunnerOptions& options) {
  const std::string binary = self_binary();
  // Each point runs in a folder of its own process's name, so no two runners ever share one.
  const fs::path work = fs::path(dir) / "work";
  const fs::path runs = fs::path(dir) / "runs";
  std::map<pid_t, Running> running;
  std::size_t next = 0, done = 0;
  RunTally tally;
  Progress progress(indices.size(), options.progress);
  progress.update(0, tally);
  const std::size_t jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  std::string interrupted;
  while ((next < indices.size() && interrupted.empty()) || !running.empty()) {
    while (running.size() < jobs && next < indices.size() && interrupted.empty()) {
      const SweepPoint& p = sweep.points.at(indices[next++]);
      const fs::path folder = work / fmt::format("{}.{}", p.index, getpid());
      fs::remove_all(folder);
      make_work_folder(folder);
      // A point's folder is removed unless kept: its trace.json would be written for nothing.
      running[spawn(binary, sweep, p, folder, options.keep_runs && options.trace,
                    options.keep_runs)] = {p.index, Clock::now(), folder};
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("waiting for point processes: {}", strerror(errno)));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const Running r = it->second;
    running.erase(it);
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM ||
                                WTERMSIG(status) == SIGKILL || WTERMSIG(status) == SIGHUP)) {
      interrupted = fmt::format("point {} was interrupted by signal {}; rerun to resume", r.index,
                                WTERMSIG(status));
      continue;
    }
    // A point is journaled only with the inputs it was recorded with: an input edited while it
    // ran stops the sweep (the point is not journaled, so nothing mixes two configurations).
    if (const std::string changed = changed_file(sweep.inputs); !changed.empty()) {
      interrupted = fmt::format(
          "{} changed while the sweep ran; point {} is not journaled (rerun into another --out)",
          changed, r.index);
      fs::remove_all(r.folder);
      continue;
    }
    const PointResult result = read_outcome(r, status);
    journal_point(dir, sweep, result);
    if (options.keep_runs) {
      const fs::path kept = runs / std::to_string(r.index);
      fs::create_directories(runs);
      fs::remove_all(kept);
      fs::rename(r.folder, kept);
    } else {
      fs::remove_all(r.folder);
    }
    ++(result.ok ? tally.ok : result.unbuildable ? tally.unbuildable : tally.failed);
    progress.update(++done, tally);
  }
  std::error_code ec;
  fs::remove(work, ec);  // only when empty
  if (!interrupted.empty()) throw std::runtime_error(interrupted);
  return tally;
}

}  // namespace hesa
