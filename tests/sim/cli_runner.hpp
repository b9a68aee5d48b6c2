// Runs the hesa binary in a subprocess for end-to-end tests; captures exit code, stdout, stderr.
#pragma once

#include <string>
#include <vector>

namespace hesa::test {

struct CliResult {
  int code = -1;  // exit code, or 128 + signal number when killed by a signal
  std::string out, err;
};

// Runs HESA_BINARY with `args` in `cwd` (default: the source root, so configs/... paths work).
CliResult run_hesa(const std::vector<std::string>& args, const std::string& cwd = HESA_SOURCE_DIR);
// The same, sending `signal` to the process `delay_ms` milliseconds after it started.
CliResult run_hesa_interrupted(const std::vector<std::string>& args, int delay_ms, int signal);
// The same with stderr on a pseudo-terminal (err holds what the terminal showed).
CliResult run_hesa_tty(const std::vector<std::string>& args);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
// A fresh empty folder under the build tree's temp area.
std::string fresh_dir(const std::string& name);

}  // namespace hesa::test
