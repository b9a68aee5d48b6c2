// Runs the hesa binary in a subprocess for end-to-end tests; captures exit code, stdout, stderr.
#pragma once

#include <string>
#include <vector>

namespace hesa::test {

struct CliResult {
  int code = -1;
  std::string out, err;
};

// Runs HESA_BINARY with `args` from the source root (so configs/... paths work).
CliResult run_hesa(const std::vector<std::string>& args);
// The same with stderr on a pseudo-terminal (err holds what the terminal showed).
CliResult run_hesa_tty(const std::vector<std::string>& args);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
// A fresh empty folder under the build tree's temp area.
std::string fresh_dir(const std::string& name);

}  // namespace hesa::test
