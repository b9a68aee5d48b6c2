// The SystemC kernel's timed-event queue, shaped the same (sc_ppq of SystemC 2.3: a binary heap,
// 1-based, ordered on the notification time alone, sifting as sc_ppq_base::insert and heapify
// do), so entries of equal times come out in the order the kernel would trigger them. Holds
// (time, process) pairs. Plain C++.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace hesa {

class UnitHeap {
 public:
  struct Entry {
    uint64_t time;
    int process;
  };
  UnitHeap() : heap_(1) {}
  bool empty() const { return size_ == 0; }
  const Entry& top() const { return heap_[1]; }
  void insert(Entry e) {
    ++size_;
    if (heap_.size() <= size_) heap_.resize(size_ + 1);
    size_t i = size_;
    while (i > 1 && heap_[i / 2].time > e.time) {  // compare(parent, e) < 0
      heap_[i] = heap_[i / 2];
      i /= 2;
    }
    heap_[i] = e;
  }
  Entry extract_top() {
    const Entry top = heap_[1];
    heap_[1] = heap_[size_];
    --size_;
    heapify(1);
    return top;
  }

 private:
  // compare(a, b) > 0: a notifies earlier than b.
  static bool earlier(const Entry& a, const Entry& b) { return a.time < b.time; }
  void heapify(size_t i) {
    for (size_t l = 2 * i; l <= size_; l = 2 * i) {
      size_t largest = earlier(heap_[l], heap_[i]) ? l : i;
      const size_t r = l + 1;
      if (r <= size_ && earlier(heap_[r], heap_[largest])) largest = r;
      if (largest == i) break;
      std::swap(heap_[i], heap_[largest]);
      i = largest;
    }
  }
  std::vector<Entry> heap_;
  size_t size_ = 0;
};

}  // namespace hesa
