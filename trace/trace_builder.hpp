// Builds a Trace and derives each instruction's dependencies from the element ranges it touches
// (read-after-write, write-after-read, write-after-write), so a lowering cannot forget one and
// disjoint parts of one buffer stay independent.
#pragma once

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/trace.hpp"
#include "trace/trace_access.hpp"

namespace hesa {

// The dependency rule on its own: feed it instructions in program order.
class DependencyTracker {
 public:
  // Adds to deps every earlier instruction instr must wait for (deps comes out sorted and
  // unique) and records instr (index `id`) as the latest reader/writer of its ranges.
  void derive(const Instr& instr, uint32_t id, const std::vector<Buffer>& buffers,
              std::vector<uint32_t>& deps);

  struct Use {
    uint64_t begin, end;
    uint32_t instr;
  };

 private:
  struct History {
    std::vector<Use> writers;  // latest writer of each written range
    std::vector<Use> readers;  // reads since those writes
  };
  std::vector<History> history_;
};

// Thrown by TraceBuilder::emit when a trace would pass the instruction budget in force.
class TraceLimitError : public std::runtime_error {
 public:
  explicit TraceLimitError(uint64_t limit);
  uint64_t limit() const { return limit_; }

 private:
  uint64_t limit_;
};

// While alive, every TraceBuilder of this thread refuses to emit more than `max` instructions
// (0: no bound), so a workload that would lower to billions is stopped in bounded memory.
class InstructionBudget {
 public:
  explicit InstructionBudget(uint64_t max);
  ~InstructionBudget();
  InstructionBudget(const InstructionBudget&) = delete;
  InstructionBudget& operator=(const InstructionBudget&) = delete;
  static uint64_t current();

 private:
  uint64_t previous_;
};

class TraceBuilder {
 public:
  TraceBuilder() { tag("other"); }  // tag 0: instructions emitted without a tag
  // A builder that only counts what is emitted (size()): no instructions kept, no dependencies
  // derived; for estimates of a trace's length before it is built.
  struct CountOnly {};
  explicit TraceBuilder(CountOnly) : count_only_(true) { tag("other"); }
  // The TensorCore later buffers (VMEM) and instructions belong to (an instruction that names
  // a non-zero core keeps it). Buffers made for core c > 0 get the name prefix "core<c>.".
  void set_core(int core) { core_ = static_cast<uint8_t>(core); }
  // The minor dimension (a power of two, 0: none) of the arrays later element-wise VPU
  // instructions process, as laid out in VMEM (Instr::cols); an instruction that names its own
  // keeps it.
  void set_cols(uint32_t cols) { cols_ = cols; }
  uint32_t cols() const { return cols_; }
  int buffer(std::string name, Space space, DType dtype, uint64_t elems, int const_id = -1);
  int constant(std::vector<uint32_t> data);
  // The phase later tags carry ("" none): tag(name) then interns "<phase>:<name>".
  void set_phase(std::string phase) { phase_ = std::move(phase); }
  uint32_t tag(const std::string& name);
  // Appends an instruction; fills its deps from its footprint.
  uint32_t emit(Instr instr);
  Trace& trace() { return trace_; }
  Trace take() { return std::move(trace_); }
  size_t size() const { return count_only_ ? counted_ : trace_.instrs.size(); }

 private:
  Trace trace_;
  DependencyTracker deps_;
  std::vector<uint32_t> scratch_;  // the dependencies of the instruction being emitted
  std::unordered_map<std::string, uint32_t> tag_ids_;
  struct TagHit {
    std::string phase;
    uint32_t id;
  };
  std::unordered_map<std::string, TagHit> last_tags_;    // tag(name) in the phase it was asked
  std::unordered_map<std::string, uint32_t> name_uses_;  // buffer names given out, and how often
  uint8_t core_ = 0;
  uint32_t cols_ = 0;
  std::string phase_;
  bool count_only_ = false;
  size_t counted_ = 0;  // instructions emitted in count-only mode
};

}  // namespace hesa
