// Builds a Trace and derives each instruction's dependencies from the element ranges it touches
// (read-after-write, write-after-read, write-after-write), so a lowering cannot forget one and
// disjoint parts of one buffer stay independent.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "workloads/trace.hpp"
#include "workloads/trace_access.hpp"

namespace hesa {

class TraceBuilder {
 public:
  TraceBuilder() { tag("other"); }  // tag 0: instructions emitted without a tag
  int buffer(std::string name, Space space, DType dtype, uint64_t elems, int const_id = -1);
  int constant(std::vector<uint32_t> data);
  uint32_t tag(const std::string& name);
  // Appends an instruction; fills its deps from its footprint.
  uint32_t emit(Instr instr);
  Trace& trace() { return trace_; }
  Trace take() { return std::move(trace_); }

 private:
  struct Use {
    uint64_t begin, end;
    uint32_t instr;
  };
  struct History {
    std::vector<Use> writers;  // latest writer of each written range
    std::vector<Use> readers;  // reads since those writes
  };
  Trace trace_;
  std::vector<History> history_;
  std::unordered_map<std::string, uint32_t> tag_ids_;
};

}  // namespace hesa
