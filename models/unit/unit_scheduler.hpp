// Runs every unit of a chip from one SystemC thread: an event loop that keeps, per unit, what a
// thread per unit would be doing (taking its next instruction, executing it until a time, or
// waiting for the next completion) and visits the units in exactly the order the SystemC kernel
// would resume those threads, so timing is the same to the last bit, without a coroutine switch
// per instruction. That order: the units in creation order first; at each time, the units whose
// instruction ends then, in the order of the kernel's timed-event heap (sc_ppq: a binary heap on
// the time alone; unit_heap.hpp keeps one shaped the same); after each evaluation, the pending
// delta notifications in reverse order of notification, the completion waking its waiters first
// to last-but-one in reverse (sc_event::trigger removes each by swapping the last into its
// place). SystemC time follows the loop: the thread waits up to the loop's time every few
// thousand steps and at the end, so sc_start() and sc_time_stamp() keep their meaning.
#pragma once

#include <cstdint>
#include <deque>
#include <systemc>
#include <vector>

#include "models/sequencer/sequencer_module.hpp"
#include "models/unit/unit_heap.hpp"
#include "models/unit/unit_module.hpp"

namespace hesa {

class UnitScheduler : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(UnitScheduler);
  UnitScheduler(sc_core::sc_module_name name, Sequencer& seq);
  // Adds a unit; units are added in the order they were created (before sc_start).
  void add(UnitModule& unit);

 private:
  enum class State : uint8_t { kStart, kExecuting, kWaiting, kDone };
  struct Process {
    UnitModule* unit;
    State state = State::kStart;
    uint32_t instr = 0;  // being executed
  };
  static constexpr int kCompletion = -1;  // in deltas_: the sequencer's completion event

  void run();
  void resume(int p);
  void notify_completion();
  void trigger_deltas();
  double now_ns() const;

  Sequencer& seq_;
  std::vector<Process> procs_;
  UnitHeap timed_;            // (end time, process) of the instructions in flight
  std::deque<int> runnable_;  // processes to resume in this evaluation, in order
  std::vector<int> waiters_;  // processes waiting for the next completion, in order of waiting
  std::vector<int> deltas_;   // delta notifications: kCompletion or a process's zero-time end
  bool completion_pending_ = false;
  bool stopped_ = false;  // a unit's time would saturate: the simulation stops
  uint64_t now_ = 0;      // ticks of the SystemC time resolution
  mutable uint64_t now_ns_at_ = UINT64_MAX;
  mutable double now_ns_ = 0;
};

}  // namespace hesa
