// The text trace format (docs/trace-format.md): a header, tag / constant / buffer / input / output
// declarations and one instruction per line with its unit, opcode, operands, shape and explicit
// dependencies. write_trace and parse_trace round-trip a Trace exactly; malformed input throws
// TraceError "file:line: message".
#pragma once

#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trace/trace.hpp"

namespace hesa {

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every key an instruction line may carry (docs/trace-format.md lists each; a test checks that
// the parser takes them and that dumped traces use no other).
inline constexpr const char* kTraceInstrKeys[] = {
    "dst",       "a",     "b",     "m",     "n",      "k",      "q",    "dst_off",
    "a_off",     "b_off", "count", "group", "access", "galois", "core", "stationary",
    "reduction", "lazy",  "dims",  "tag",   "deps",   "cols"};

inline constexpr const char* kTraceHeader = "hesa-trace 2";
// Version 1 had no end line (a truncated file replayed); it is refused with a hint.
inline constexpr const char* kTraceHeaderV1 = "hesa-trace 1";

// The line (from 1) of each buffer and instruction of a parsed trace, for messages about them.
struct TraceLines {
  std::vector<int> buffers;
  // The line of instruction i.
  int instr(size_t i) const;
  // The next instruction is on `line`.
  void add_instr(int line);
  size_t instrs() const { return count_; }

 private:
  // Runs of instructions on consecutive lines: (first instruction, its line); a trace file's
  // instructions are mostly one run, so this takes no memory per instruction.
  std::vector<std::pair<size_t, int>> runs_;
  size_t count_ = 0;
  int last_ = 0;
};

// Tags a trace may declare: every tag is a row of stats.json and of the report's tables.
inline constexpr size_t kMaxTraceTags = 4096;

// Buffers hold at most this many elements (a bound no memory reaches).
inline constexpr uint64_t kMaxTraceElements = uint64_t{1} << 48;

std::string write_trace(const Trace& trace);
// `file` names the source in error messages. Every operand range of an instruction (its offsets
// and shape, trace/trace_access.hpp) must lie inside its buffer. `lines`, when given, receives
// where each buffer and instruction was declared.
Trace parse_trace(const std::string& text, const std::string& file, TraceLines* lines = nullptr);
// The same, read as a stream (the text is never held whole). `reserve`: at least as many
// instructions and dependencies as the stream holds, when known (0: grow as read).
struct TraceReserve {
  uint64_t instrs = 0, deps = 0;
  uint64_t extras = 0, accesses = 0;  // lines with offsets, groups, automorphisms, DMA patterns
};
Trace parse_trace_stream(std::istream& in, const std::string& file, TraceLines* lines = nullptr,
                         TraceReserve reserve = {});
// Reads a trace file as a stream; TraceError "<path>: cannot open file" too.
Trace read_trace_file(const std::string& path, TraceLines* lines = nullptr);

}  // namespace hesa
