#include "tests/sim/cli_runner.hpp"

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace hesa::test {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("hesa-test-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir.string();
}

namespace {

[[noreturn]] void exec_hesa(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string bin = HESA_BINARY;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

CliResult run(const std::vector<std::string>& args, const std::string& cwd, int delay_ms,
              int signal) {
  const fs::path tmp = fs::temp_directory_path() / ("hesa-cli-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  const std::string out_file = (tmp / "stdout").string(), err_file = (tmp / "stderr").string();
  std::fflush(nullptr);  // the child must not write out what the test buffered
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    if (!freopen(out_file.c_str(), "w", stdout) || !freopen(err_file.c_str(), "w", stderr)) {
      _exit(127);
    }
    exec_hesa(args);
  }
  if (signal != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, signal);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_text(out_file);
  r.err = read_text(err_file);
  return r;
}

}  // namespace

CliResult run_hesa(const std::vector<std::string>& args, const std::string& cwd) {
  return run(args, cwd, 0, 0);
}

CliResult run_hesa_tty(const std::vector<std::string>& args) {
  const fs::path tmp = fs::temp_directory_path() / ("hesa-cli-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  const std::string out_file = (tmp / "stdout").string();
  int master = -1;
  std::fflush(nullptr);  // else freopen in the child writes the test's buffered output to the tty
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    if (chdir(HESA_SOURCE_DIR) != 0 || !freopen(out_file.c_str(), "w", stdout)) _exit(127);
    exec_hesa(args);
  }
  CliResult r;
  if (pid < 0) return r;
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) r.err.append(buf, n);
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_text(out_file);
  return r;
}

CliResult run_hesa_interrupted(const std::vector<std::string>& args, int delay_ms, int signal) {
  return run(args, HESA_SOURCE_DIR, delay_ms, signal);
}

}  // namespace hesa::test
