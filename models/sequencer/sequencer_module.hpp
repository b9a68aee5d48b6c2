// The instruction sequencer: each unit class of each TensorCore sees its instructions (those with
// its core id) in program order and may issue the earliest one whose dependencies have completed
// among the next `window` not yet issued (window 1: strictly in order). Units ask with take() and,
// when nothing is ready, wait for the next completion (models/unit/unit_scheduler).
#pragma once

#include <systemc>
#include <vector>

#include "trace/trace.hpp"

namespace hesa {

class Sequencer : public sc_core::sc_module {
 public:
  // Throws std::invalid_argument when an instruction names a core >= cores.
  Sequencer(sc_core::sc_module_name name, const Trace& trace, int window, int cores = 1);
  static constexpr int kNoneReady = -1;  // take(): wait for a completion and ask again
  static constexpr int kExhausted = -2;  // take(): the class has no instruction left there
  // The instruction of this class on this core that may start now (its index), kNoneReady or
  // kExhausted.
  int take(UnitKind kind, int core = 0);
  void complete(uint32_t index);
  // Frees the per-instruction bookkeeping once the simulation is over (completed() stays).
  void release();
  const Trace& trace() const { return trace_; }
  uint64_t completed() const { return completed_; }

 private:
  bool ready(uint32_t index);
  int try_take(int queue);
  const Trace& trace_;
  size_t window_;
  int cores_;
  std::vector<std::vector<uint32_t>> queues_;  // per (unit class, core), program order
  std::vector<size_t> heads_;                  // first entry not yet taken
  // Per instruction, how many of its deps (a prefix) are known complete: completion is final, so
  // ready() resumes there and checks each dependency once, not once per wake-up.
  std::vector<uint32_t> deps_done_;
  // Per instruction: kTaken once issued, kDone once complete, and the queues watching it. A class
  // whose window held nothing ready stays so until one of the dependencies that held its window
  // entries back completes (or an entry is taken): bit b is set for each queue q (b = q mod 30)
  // whose last look stopped at this instruction; its completion marks those queues dirty (with
  // more than 30 queues, a slice's, also their namesakes modulo 30: a wasted look, never a
  // missed one). dirty_ holds the queues to look at again. 4 bytes an instruction in all.
  static constexpr uint32_t kDone = uint32_t{1} << 31;
  static constexpr uint32_t kTaken = uint32_t{1} << 30;
  static constexpr uint32_t kWatchers = kTaken - 1;
  static constexpr int kMaxWatchedQueues = 30;
  std::vector<uint32_t> state_;
  std::vector<uint64_t> dirty_;  // a bit per queue
  void set_dirty(int q) { dirty_[size_t(q) / 64] |= uint64_t{1} << (q % 64); }
  uint64_t completed_ = 0;
};

}  // namespace hesa
