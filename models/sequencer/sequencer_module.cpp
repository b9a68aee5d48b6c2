#include "models/sequencer/sequencer_module.hpp"

#include <bit>
#include <stdexcept>
#include <string>

#include "trace/huge_pages.hpp"

namespace hesa {

Sequencer::Sequencer(sc_core::sc_module_name name, const Trace& trace, int window, int cores)
    : sc_module(name),
      trace_(trace),
      window_(static_cast<size_t>(window)),
      cores_(cores),
      queues_(kUnitKinds * cores),
      heads_(kUnitKinds * cores, 0),
      dirty_((size_t(kUnitKinds) * cores + 63) / 64, ~uint64_t{0}) {
  const size_t n = trace.instrs.size();
  reserve_huge(deps_done_, n);
  deps_done_.assign(n, 0);
  reserve_huge(state_, n);
  state_.assign(n, 0);
  for (uint32_t i = 0; i < trace.instrs.size(); ++i) {
    const int core = trace.instrs.core(i);
    if (core >= cores) {
      throw std::invalid_argument("instruction " + std::to_string(i) + " runs on core " +
                                  std::to_string(core) + ", the chip has " + std::to_string(cores) +
                                  " TensorCore(s)");
    }
    queues_[static_cast<int>(trace.instrs.unit(i)) * cores + core].push_back(i);
  }
}

bool Sequencer::ready(uint32_t index) {
  const std::span<const uint32_t> deps = trace_.instrs.deps(index);
  uint32_t& n = deps_done_[index];
  while (n < deps.size() && (state_[deps[n]] & kDone)) ++n;
  return n == deps.size();
}

void Sequencer::release() {
  std::vector<std::vector<uint32_t>>().swap(queues_);
  std::vector<size_t>().swap(heads_);
  std::vector<uint32_t>().swap(deps_done_);
  std::vector<uint32_t>().swap(state_);
}

int Sequencer::try_take(int k) {
  const auto& queue = queues_[k];
  const auto taken = [&](size_t i) { return (state_[queue[i]] & kTaken) != 0; };
  size_t& head = heads_[k];
  while (head < queue.size() && taken(head)) ++head;
  size_t seen = 0;
  for (size_t i = head; i < queue.size() && seen < window_; ++i) {
    if (taken(i)) continue;
    ++seen;
    if (ready(queue[i])) {
      state_[queue[i]] |= kTaken;
      set_dirty(k);  // the window moves on
      return static_cast<int>(queue[i]);
    }
  }
  // Every entry seen waits for its first dependency not yet complete.
  seen = 0;
  const uint32_t bit = uint32_t{1} << (k % kMaxWatchedQueues);
  for (size_t i = head; i < queue.size() && seen < window_; ++i) {
    if (taken(i)) continue;
    ++seen;
    const uint32_t index = queue[i];
    state_[trace_.instrs.deps(index)[deps_done_[index]]] |= bit;
  }
  dirty_[size_t(k) / 64] &= ~(uint64_t{1} << (k % 64));
  return -1;
}

int Sequencer::take(UnitKind kind, int core) {
  const int k = static_cast<int>(kind) * cores_ + core;
  const auto& queue = queues_[k];
  while (heads_[k] < queue.size() && (state_[queue[heads_[k]]] & kTaken)) ++heads_[k];
  if (heads_[k] == queues_[k].size()) return kExhausted;
  if (!(dirty_[size_t(k) / 64] >> (k % 64) & 1u)) return kNoneReady;
  const int index = try_take(k);
  return index >= 0 ? index : kNoneReady;
}

void Sequencer::complete(uint32_t index) {
  ++completed_;
  // Each watch bit stands for the queues equal to it modulo kMaxWatchedQueues.
  for (uint32_t w = state_[index] & kWatchers; w != 0; w &= w - 1) {
    const int queues = static_cast<int>(queues_.size());
    for (int q = std::countr_zero(w); q < queues; q += kMaxWatchedQueues) set_dirty(q);
  }
  state_[index] = (state_[index] & kTaken) | kDone;
}

}  // namespace hesa
