// The error every bad input ends in: a user-facing, one-line message.
#pragma once

#include <stdexcept>

namespace hesa {

// what() is the complete one-line message, e.g.
//   configs/chips/x.yaml:12:5: mxu.rows: expected a positive integer, got "abc"
// The CLI prints it as "error: <what()>" and exits with code 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hesa
