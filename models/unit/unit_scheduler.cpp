#include "models/unit/unit_scheduler.hpp"

namespace hesa {

namespace {

// SystemC time is brought up to the loop's every this many time steps (progress display).
constexpr uint64_t kSyncSteps = 4096;

}  // namespace

UnitScheduler::UnitScheduler(sc_core::sc_module_name name, Sequencer& seq)
    : sc_module(name), seq_(seq) {
  SC_THREAD(run);
}

void UnitScheduler::add(UnitModule& unit) {
  procs_.push_back({&unit});
}

double UnitScheduler::now_ns() const {
  if (now_ns_at_ != now_) {
    now_ns_at_ = now_;
    now_ns_ = sc_core::sc_time::from_value(now_).to_seconds() * 1e9;
  }
  return now_ns_;
}

void UnitScheduler::notify_completion() {
  if (completion_pending_) return;  // a pending delta notification absorbs later ones
  completion_pending_ = true;
  deltas_.push_back(kCompletion);
}

// One unit thread from where it stopped until it waits again: finishing the instruction whose
// time has passed, then taking and starting instructions until one takes time, none is ready or
// none is left.
void UnitScheduler::resume(int p) {
  Process& proc = procs_[p];
  if (proc.state == State::kExecuting) {
    proc.unit->finish();
    seq_.complete(proc.instr);
    notify_completion();
  }
  UnitModule& unit = *proc.unit;
  for (;;) {
    const int index = seq_.take(unit.unit_kind(), unit.core());
    if (index == Sequencer::kExhausted) {
      proc.state = State::kDone;
      return;
    }
    if (index == Sequencer::kNoneReady) {
      proc.state = State::kWaiting;
      waiters_.push_back(p);
      return;
    }
    const auto instr = static_cast<uint32_t>(index);
    const double start = now_ns();
    const double end = unit.start(instr, start);
    if (unit.saturated_at() >= 0) {
      // The unit's thread would stop the simulation (sc_stop) and end; the evaluation finishes.
      proc.state = State::kDone;
      stopped_ = true;
      return;
    }
    if (end > start) {
      proc.state = State::kExecuting;
      proc.instr = instr;
      const uint64_t ticks = sc_core::sc_time(end - start, sc_core::SC_NS).value();
      if (ticks > 0) {
        timed_.insert({now_ + ticks, p});
      } else {
        deltas_.push_back(p);  // wait(SC_ZERO_TIME): a delta notification of its timeout
      }
      return;
    }
    unit.finish();
    seq_.complete(instr);
    notify_completion();
  }
}

// The notification phase: pending delta notifications, the latest first.
void UnitScheduler::trigger_deltas() {
  for (size_t i = deltas_.size(); i-- > 0;) {
    const int d = deltas_[i];
    if (d != kCompletion) {
      runnable_.push_back(d);
      continue;
    }
    completion_pending_ = false;
    // sc_event::trigger: waiter 0, then the last, the one before, ..., waiter 1.
    if (!waiters_.empty()) {
      runnable_.push_back(waiters_.front());
      for (size_t w = waiters_.size(); w-- > 1;) runnable_.push_back(waiters_[w]);
      waiters_.clear();
    }
  }
  deltas_.clear();
}

void UnitScheduler::run() {
  for (size_t p = 0; p < procs_.size(); ++p) runnable_.push_back(static_cast<int>(p));
  uint64_t steps = 0;
  for (;;) {
    // Delta cycles at the current time: evaluate, then notify.
    while (!runnable_.empty()) {
      while (!runnable_.empty()) {
        const int p = runnable_.front();
        runnable_.pop_front();
        resume(p);
      }
      if (stopped_) {
        sc_core::sc_stop();
        return;
      }
      trigger_deltas();
    }
    if (timed_.empty()) break;
    // The next time: every instruction ending then, in the heap's order.
    const uint64_t t = timed_.top().time;
    now_ = t;
    do {
      runnable_.push_back(timed_.extract_top().process);
    } while (!timed_.empty() && timed_.top().time == t);
    if (++steps % kSyncSteps == 0) {
      const uint64_t sc_now = sc_core::sc_time_stamp().value();
      if (now_ > sc_now) sc_core::wait(sc_core::sc_time::from_value(now_ - sc_now));
    }
  }
  const uint64_t sc_now = sc_core::sc_time_stamp().value();
  if (now_ > sc_now) sc_core::wait(sc_core::sc_time::from_value(now_ - sc_now));
}

}  // namespace hesa
