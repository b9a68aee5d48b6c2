// Base of every unit that executes instructions: one SystemC thread that takes the next
// instruction of its unit class on its TensorCore, waits for its dependencies, asks the derived
// unit for its cost in closed form and waits once for that long. Never a wait per cycle or per PE.
// Every unit reports its block's statistics, utilization and energy (models/common/block_report).
#pragma once

#include <string>
#include <systemc>
#include <vector>

#include "models/common/block_report.hpp"
#include "models/common/timeline.hpp"
#include "models/sequencer/sequencer_module.hpp"

namespace hesa {

// Half of SystemC's largest time (2^63 ps, about 107 days): an instruction ending later stops the
// simulation, since time near the limit saturates instead of adding up.
double simulated_time_limit_ns();

struct UnitCounters {
  uint64_t instrs = 0;
  double busy_ns = 0;
  std::vector<double> busy_ns_by_tag;  // indexed by Trace::tags
};

class UnitModule : public sc_core::sc_module, public ReportingBlock {
 public:
  SC_HAS_PROCESS(UnitModule);
  // timeline: where executed instructions are recorded as slices (may be null).
  // tracks: timeline tracks named after the unit's instances, in order (empty: one track named
  // after the module).
  UnitModule(sc_core::sc_module_name name, UnitKind kind, int core, Sequencer& seq,
             Timeline* timeline, const std::vector<std::string>& tracks = {});
  UnitModule(sc_core::sc_module_name name, UnitKind kind, Sequencer& seq, Timeline* timeline)
      : UnitModule(name, kind, 0, seq, timeline) {}
  // The TensorCore whose instructions it takes; set while the chip is wired (before sc_start).
  void assign_core(int core) { core_ = core; }
  UnitKind unit_kind() const { return kind_; }
  int core() const { return core_; }
  // Bytes this unit moved between VMEM and its registers (DMA: its transfers).
  uint64_t vmem_bytes() const { return vmem_bytes_; }
  const UnitCounters& counters() const { return counters_; }
  // The instruction whose end passed simulated_time_limit_ns() (the simulation stopped), or -1.
  int saturated_at() const { return saturated_at_; }
  std::string block_name() const override { return unit_name(kind_); }

 protected:
  const Trace& trace() const { return seq_.trace(); }
  uint32_t instr_index(const Instr& in) const {
    return static_cast<uint32_t>(&in - trace().instrs.data());
  }
  // Starts instruction `instr` at now_ns; returns when it completes (>= now_ns).
  virtual double execute(const Instr& instr, double now_ns) = 0;
  // Accounts the executed instruction: by default one busy interval on the unit's own timeline
  // track; a unit of several instances (the MXUs of a core) records each instance it used.
  virtual void record(const Instr& instr, uint32_t index, double start, double end);
  Timeline* timeline() const { return timeline_; }
  int track(int instance) const { return tracks_.at(instance); }
  UnitCounters& counters_mut() { return counters_; }
  uint64_t vmem_bytes_ = 0;

 private:
  void run();
  UnitKind kind_;
  int core_;
  Sequencer& seq_;
  Timeline* timeline_;
  std::vector<int> tracks_;
  int saturated_at_ = -1;
  UnitCounters counters_;
};

}  // namespace hesa
