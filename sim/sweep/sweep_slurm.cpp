#include "sim/sweep/sweep_slurm.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_error.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a program (no shell) in folder `cwd` and returns its exit code and standard output.
std::pair<int, std::string> run_program(std::vector<std::string> args, const std::string& cwd) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) throw std::runtime_error("cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("cannot start {}", args[0]));
  if (pid == 0) {
    dup2(pipe_fd[1], 1);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fd[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(pipe_fd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

}  // namespace

void check_slurm_folder(const std::string& dir) {
  const std::string abs = fs::absolute(dir).lexically_normal().string();
  for (char c : abs) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw ConfigError(fmt::format(
          "--out: the folder's path holds control character 0x{:02x}, which Slurm cannot take "
          "as a job's working folder",
          u));
    }
    if (c == '%' || c == '\\') {
      throw ConfigError(fmt::format(
          "--out: the folder's path holds '{}', which Slurm interprets in the task logs' names",
          c));
    }
  }
}

std::string submit_slurm(const Sweep& sweep, const std::string& dir,
                         const std::vector<int64_t>& todo, const SlurmOptions& options) {
  const fs::path abs = fs::absolute(dir).lexically_normal();
  const OutputDir slurm_dir((abs / "slurm").string());
  const int64_t total = static_cast<int64_t>(todo.size());
  const int64_t chunk =
      options.chunk > 0 ? options.chunk : std::max<int64_t>(1, (total + 99) / 100);
  std::string chunks;
  int64_t tasks = 0;
  for (int64_t i = 0; i < total; i += chunk, ++tasks) {
    for (int64_t k = i; k < std::min(total, i + chunk); ++k) {
      chunks += fmt::format("{}{}", k == i ? "" : " ", todo[k]);
    }
    chunks += "\n";
  }
  slurm_dir.write("chunks.txt", chunks);
  // Only the sweep's name (a plain word, checked when read) and numbers reach the #SBATCH lines;
  // the logs are named relative to the job's working folder, the sweep folder sbatch is run in.
  // Paths reach the shell single-quoted, whatever bytes they hold.
  const std::string script = fmt::format(
      "#!/bin/sh\n"
      "# hesa sweep {}: {} points in {} array tasks of up to {} points each.\n"
      "#SBATCH --job-name=hesa-sweep-{}\n"
      "#SBATCH --array=0-{}\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --output=slurm/task-%a.log\n"
      "exec {} sweep --worker {} --task \"$SLURM_ARRAY_TASK_ID\"\n",
      sweep.name, total, tasks, chunk, sweep.name, tasks - 1, shell_quote(self_binary()),
      shell_quote(abs.string()));
  slurm_dir.write("job.sh", script);
  const std::string script_path = (abs / "slurm" / "job.sh").string();
  chmod(script_path.c_str(), 0755);

  std::vector<std::string> args = {"sbatch", "--parsable"};
  if (options.wait) args.push_back("--wait");
  args.insert(args.end(), options.sbatch_args.begin(), options.sbatch_args.end());
  args.push_back(script_path);
  const auto [code, out] = run_program(args, abs.string());
  std::string job = out.substr(0, out.find_first_of(";\n"));
  if (code == 127 && job.empty())
    throw std::runtime_error("sbatch not found (is Slurm installed?)");
  if (job.empty()) throw std::runtime_error(fmt::format("sbatch failed (exit {})", code));
  slurm_dir.write("job_id", job + "\n");
  if (options.wait && code != 0) {
    // The array finished with failed tasks; their points stay missing and collect says which.
    fmt::print(stderr, "warning: Slurm job {} finished with exit code {}\n", job, code);
  }
  return job;
}

std::vector<int64_t> slurm_task_points(const std::string& dir, int64_t task) {
  const fs::path path = fs::path(dir) / "slurm" / "chunks.txt";
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open", path.string()));
  std::string line;
  for (int64_t t = 0; std::getline(in, line); ++t) {
    if (t != task) continue;
    std::vector<int64_t> points;
    std::istringstream items(line);
    for (int64_t i; items >> i;) points.push_back(i);
    return points;
  }
  throw ConfigError(fmt::format("{}: has no task {} (--task)", path.string(), task));
}

}  // namespace hesa
