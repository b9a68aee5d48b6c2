// The text trace format (docs/trace-format.md): a header, tag / constant / buffer / input / output
// declarations and one instruction per line with its unit, opcode, operands, shape and explicit
// dependencies. write_trace and parse_trace round-trip a Trace exactly; malformed input throws
// TraceError "file:line: message".
#pragma once

#include <stdexcept>
#include <string>

#include "workloads/trace.hpp"

namespace hesa {

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kTraceHeader = "hesa-trace 1";

std::string write_trace(const Trace& trace);
// `file` names the source in error messages.
Trace parse_trace(const std::string& text, const std::string& file);
Trace read_trace_file(const std::string& path);  // TraceError "<path>: cannot open file" too

}  // namespace hesa
