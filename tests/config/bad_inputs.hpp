// The table of bad inputs: each runs the real hesa binary and must fail with exactly one line,
// exit code 2 and nothing written. docs/errors.md is generated from this table.
#pragma once

#include <string>
#include <vector>

namespace hesa::test {

struct BadInput {
  std::string kind;               // section of docs/errors.md
  std::string what;               // what is wrong, in words
  std::vector<std::string> args;  // the distinctive arguments of `hesa run`
  std::string message;            // stderr without "error: " and the newline
  bool whole_command = false;     // args are the whole command line (no defaults added)
};

// Defaults added to `hesa run` unless the case gives them (--out: a fresh folder).
inline const std::string kDefaultChip = "configs/chips/tpu_v6e.yaml";
inline const std::string kDefaultWorkload = "tests/data/workloads/ntt_tiny.yaml";

const std::vector<BadInput>& bad_inputs();
// The kinds in the order docs/errors.md lists them.
const std::vector<std::string>& bad_input_kinds();

// The full command line of a case, with `out` as --out unless the case names its own.
std::vector<std::string> bad_input_command(const BadInput& c, const std::string& out);

// docs/errors.md as generated from the table.
std::string errors_doc();

}  // namespace hesa::test
