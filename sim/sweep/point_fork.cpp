#include "sim/sweep/point_fork.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "sim/io/interrupt.hpp"

namespace hesa {

namespace {

PointMain& installed() {
  static PointMain main;
  return main;
}

}  // namespace

void set_point_main(PointMain main) {
  installed() = std::move(main);
}

bool has_point_main() {
  return static_cast<bool>(installed());
}

pid_t fork_point(const std::vector<std::string>& args, const std::string& out,
                 const std::string& err, pid_t parent) {
  // Nothing buffered in this process may be written again by the child.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("cannot start a process: {}", strerror(errno)));
  if (pid > 0) return pid;
  // A point never outlives the sweep runner (kill -9 of the runner included).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  const int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0) _exit(127);
  close(fo);
  close(fe);
  // The signals a fresh process starts with (the runner's own handling stays in the runner).
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, SIG_DFL);
  forget_cleanups();  // the runner's lock file and temporaries are the runner's to remove
  int code = 1;
  try {
    code = installed()(args);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: unknown failure\n";
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace hesa
