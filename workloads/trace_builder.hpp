// Builds a Trace and derives each instruction's dependencies from the buffers it touches
// (read-after-write, write-after-read, write-after-write), so a lowering cannot forget one.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "workloads/trace.hpp"

namespace hesa {

class TraceBuilder {
 public:
  TraceBuilder() { tag("other"); }  // tag 0: instructions emitted without a tag
  int buffer(std::string name, Space space, DType dtype, uint64_t elems, int const_id = -1);
  int constant(std::vector<uint32_t> data);
  uint32_t tag(const std::string& name);
  // Appends an instruction; fills its deps from its operands (dst written, a and b read).
  uint32_t emit(Instr instr);
  Trace& trace() { return trace_; }
  Trace take() { return std::move(trace_); }

 private:
  struct Access {
    int last_writer = -1;
    std::vector<uint32_t> readers;  // since the last write
  };
  void depend(std::vector<uint32_t>& deps, int on) const;
  Trace trace_;
  std::vector<Access> access_;
  std::unordered_map<std::string, uint32_t> tag_ids_;
};

}  // namespace hesa
