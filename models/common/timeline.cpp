#include "models/common/timeline.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace hesa {

void SliceTrack::add(uint32_t instr, uint32_t tag, int cls, double start_ns, double end_ns) {
  start_ns = std::max(start_ns, end_ns_);
  end_ns = std::max(end_ns, start_ns);
  end_ns_ = end_ns;
  if (!slices_.empty() && slices_.back().count < factor_) {
    // Once merged, new slices join the last one until it holds as many instructions as the
    // others, so the whole run keeps the same resolution.
    Slice& last = slices_.back();
    last.count += 1;
    if (last.tag != tag) last.tag = kMixedTag;
    last.end_ns = std::max(last.end_ns, end_ns);
    last.busy_ns += end_ns - start_ns;
    last.class_busy_ns[cls] += end_ns - start_ns;
    return;
  }
  Slice s{instr, 1, tag, start_ns, end_ns, end_ns - start_ns, {}};
  s.class_busy_ns[cls] = end_ns - start_ns;
  slices_.push_back(s);
  if (limit_ > 0 && slices_.size() >= 2 * limit_) halve();
}

void SliceTrack::halve() {
  size_t out = 0;
  for (size_t i = 0; i + 1 < slices_.size(); i += 2) {
    const Slice& a = slices_[i];
    const Slice& b = slices_[i + 1];
    Slice m{a.instr,
            a.count + b.count,
            a.tag == b.tag ? a.tag : kMixedTag,
            a.start_ns,
            std::max(a.end_ns, b.end_ns),
            a.busy_ns + b.busy_ns,
            {}};
    for (int c = 0; c < kSliceClasses; ++c)
      m.class_busy_ns[c] = a.class_busy_ns[c] + b.class_busy_ns[c];
    slices_[out++] = m;
  }
  if (slices_.size() % 2) slices_[out++] = slices_.back();
  slices_.resize(out);
  factor_ *= 2;
}

void Coverage::add(double start_ns, double end_ns) {
  if (end_ns <= start_ns) return;
  if (start_ns > end_) {
    closed_ns_ += end_ - start_;
    start_ = start_ns;
    end_ = end_ns;
  } else {
    end_ = std::max(end_, end_ns);
  }
}

Timeline::Timeline(std::vector<std::vector<uint32_t>> tag_groups, size_t groups, size_t slice_limit)
    : tag_groups_(std::move(tag_groups)), coverage_(groups), slice_limit_(slice_limit) {}

int Timeline::add_track(const std::string& name) {
  tracks_.push_back({SliceTrack(name, slice_limit_)});
  return static_cast<int>(tracks_.size()) - 1;
}

std::vector<TimelineLane> Timeline::lanes() const {
  std::vector<TimelineLane> out;
  for (size_t t = 0; t < tracks_.size(); ++t) {
    const std::vector<SliceTrack>& lanes = tracks_[t];
    for (size_t l = 0; l < lanes.size(); ++l) {
      out.push_back(
          {lanes.size() == 1 ? lanes[l].name() : lanes[l].name() + " lane " + std::to_string(l),
           static_cast<int>(t), &lanes[l]});
    }
  }
  return out;
}

void Timeline::record(int track, uint32_t instr, uint32_t tag, double start_ns, double end_ns,
                      bool busy) {
  const bool known = tag < tag_groups_.size() && !tag_groups_[tag].empty();
  const uint32_t cls = known ? tag_groups_[tag][0] : 0;
  // The first lane free at the start (within the time quantum), else a new lane.
  std::vector<SliceTrack>& lanes = tracks_[track];
  size_t lane = 0;
  while (lane < lanes.size() && lanes[lane].end_ns() > start_ns + kTimeQuantumNs) ++lane;
  if (lane == lanes.size()) lanes.emplace_back(lanes.front().name(), slice_limit_);
  lanes[lane].add(instr, tag, cls < kSliceClasses ? static_cast<int>(cls) : kSliceClasses - 1,
                  start_ns, end_ns);
  if (spans_.size() <= instr) spans_.resize(instr + 1);
  InstrSpan span = spans_[instr];
  if (busy && span.track < 0) {
    const double hbm_end = span.end_ns;  // the HBM side recorded so far (-1: none)
    span.start_ns = start_ns;
    span.end_ns = end_ns;
    span.track = track;
    span.hbm_last = hbm_end >= end_ns - kTimeQuantumNs;
  } else if (!busy) {
    if (span.track < 0) {
      span.end_ns = std::max(span.end_ns, end_ns);
    } else {
      span.hbm_last = span.hbm_last || end_ns >= span.end_ns - kTimeQuantumNs;
    }
  }
  spans_.set(instr, span);
  if (!busy || !known) return;
  for (uint32_t g : tag_groups_[tag]) coverage_[g].add(start_ns, end_ns);
  if (cls < kSliceClasses) split_.add(static_cast<int>(cls), start_ns, end_ns);
}

void SplitShare::advance(double to_ns) {
  while (!open_.empty() && open_.front().end_ns <= to_ns) {
    const Open o = open_.front();
    std::pop_heap(open_.begin(), open_.end(), std::greater<>());
    open_.pop_back();
    if (o.end_ns > now_ && active_ > 0) {
      const double each = (o.end_ns - now_) / active_;
      for (size_t c = 0; c < count_.size(); ++c) {
        if (count_[c] > 0) ns_[c] += each;
      }
      now_ = o.end_ns;
    }
    if (--count_[o.cls] == 0) --active_;
  }
  if (to_ns > now_) {
    if (active_ > 0) {
      const double each = (to_ns - now_) / active_;
      for (size_t c = 0; c < count_.size(); ++c) {
        if (count_[c] > 0) ns_[c] += each;
      }
    }
    now_ = to_ns;
  }
}

void SplitShare::add(int cls, double start_ns, double end_ns) {
  if (end_ns <= start_ns) return;
  advance(start_ns);
  open_.push_back({end_ns, cls});
  std::push_heap(open_.begin(), open_.end(), std::greater<>());
  if (count_[cls]++ == 0) ++active_;
}

void SplitShare::finish() {
  advance(std::numeric_limits<double>::infinity());
}

}  // namespace hesa
