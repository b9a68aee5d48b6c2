#include "models/common/timeline.hpp"

#include <algorithm>

namespace hesa {

void SliceTrack::add(uint32_t instr, uint32_t tag, double start_ns, double end_ns) {
  slices_.push_back({instr, 1, tag, start_ns, end_ns, end_ns - start_ns});
  if (limit_ > 0 && slices_.size() >= 2 * limit_) halve();
}

void SliceTrack::halve() {
  size_t out = 0;
  for (size_t i = 0; i + 1 < slices_.size(); i += 2) {
    const Slice& a = slices_[i];
    const Slice& b = slices_[i + 1];
    slices_[out++] = Slice{a.instr,
                           a.count + b.count,
                           a.tag == b.tag ? a.tag : kMixedTag,
                           a.start_ns,
                           std::max(a.end_ns, b.end_ns),
                           a.busy_ns + b.busy_ns};
  }
  if (slices_.size() % 2) slices_[out++] = slices_.back();
  slices_.resize(out);
  ++merges_;
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
  tracks_.emplace_back(name, slice_limit_);
  return static_cast<int>(tracks_.size()) - 1;
}

void Timeline::record(int track, uint32_t instr, uint32_t tag, double start_ns, double end_ns,
                      bool busy) {
  tracks_[track].add(instr, tag, start_ns, end_ns);
  if (!busy || tag >= tag_groups_.size()) return;
  for (uint32_t g : tag_groups_[tag]) coverage_[g].add(start_ns, end_ns);
}

}  // namespace hesa
