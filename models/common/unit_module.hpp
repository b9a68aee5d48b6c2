// Base of every unit that executes instructions: one SystemC thread that takes the unit class's
// next instruction, waits for its dependencies, asks the derived unit for its cost in closed form
// and waits once for that long. Never a wait per cycle or per PE.
#pragma once

#include <string>
#include <systemc>
#include <vector>

#include "models/common/timeline.hpp"
#include "models/sequencer/sequencer_module.hpp"

namespace hesa {

struct UnitCounters {
  uint64_t instrs = 0;
  double busy_ns = 0;
  std::vector<double> busy_ns_by_tag;  // indexed by Trace::tags
};

class UnitModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(UnitModule);
  // timeline: where executed instructions are recorded as slices (may be null).
  UnitModule(sc_core::sc_module_name name, UnitKind kind, Sequencer& seq, Timeline* timeline);
  UnitKind unit_kind() const { return kind_; }
  const UnitCounters& counters() const { return counters_; }

 protected:
  const Trace& trace() const { return seq_.trace(); }
  uint32_t instr_index(const Instr& in) const {
    return static_cast<uint32_t>(&in - trace().instrs.data());
  }
  // Starts instruction `instr` at now_ns; returns when it completes (>= now_ns).
  virtual double execute(const Instr& instr, double now_ns) = 0;

 private:
  void run();
  UnitKind kind_;
  Sequencer& seq_;
  Timeline* timeline_;
  int track_ = -1;
  UnitCounters counters_;
};

}  // namespace hesa
