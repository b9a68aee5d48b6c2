// What each unit did when: per track (one unit instance) the executed instructions as time slices,
// bounded in memory by merging adjacent slices in pairs once a track holds twice its limit (later
// slices then merge as many instructions, so resolution stays uniform over the run); and,
// per group of tags (a CROSS category, a kernel, any), the length of the union of their busy
// intervals. Plain C++; assumes each track's slices and all busy intervals arrive in start order,
// as they do from a discrete-event simulation recording at issue time.
// No two slices of a lane overlap: a track whose intervals overlap (the HBM port, serving every
// DMA engine at once) spreads them over lanes, each slice on the first lane free at its start, so
// trace viewers (Perfetto) see properly nested slices and a lane is never more than 100 % busy.
// Per instruction it also keeps when it ran, on which track, and when its HBM transfer ended, for
// the critical path (sim/stats/run_bottleneck).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "trace/huge_pages.hpp"

namespace hesa {

inline constexpr uint32_t kMixedTag = std::numeric_limits<uint32_t>::max();
// Classes a merged slice splits its busy time into (the CROSS categories; see stats_category).
inline constexpr int kSliceClasses = 8;

// One instruction, or a merged run of `count` consecutive ones on the same track.
struct Slice {
  uint32_t instr;  // first instruction index
  uint32_t count;  // instructions merged into this slice
  uint32_t tag;    // Trace::tags index, kMixedTag when merged slices had different tags
  double start_ns, end_ns;
  double busy_ns;                                   // time actually busy within [start_ns, end_ns]
  std::array<double, kSliceClasses> class_busy_ns;  // busy_ns split by class
};

// SystemC's time resolution: a slice starting less than this before its lane's last end follows
// it (the gap is rounding of the recorded times, not an overlap).
inline constexpr double kTimeQuantumNs = 1e-3;

class SliceTrack {
 public:
  SliceTrack(std::string name, size_t limit) : name_(std::move(name)), limit_(limit) {}
  // A slice in start order; one starting within kTimeQuantumNs before end_ns() starts at it.
  void add(uint32_t instr, uint32_t tag, int cls, double start_ns, double end_ns);
  const std::string& name() const { return name_; }
  const std::vector<Slice>& slices() const { return slices_; }
  bool merged() const { return factor_ > 1; }
  uint32_t instrs_per_slice() const { return factor_; }
  // End of the last slice (0 when empty): the lane is free from then on.
  double end_ns() const { return end_ns_; }

 private:
  void halve();
  std::string name_;
  size_t limit_;
  std::vector<Slice> slices_;
  uint32_t factor_ = 1;  // instructions per slice since the last halving
  double end_ns_ = 0;
};

// A lane of a track as trace.json shows it: the track's name, with " lane <k>" when the track
// needed several lanes.
struct TimelineLane {
  std::string name;
  int track;  // the add_track id it belongs to
  const SliceTrack* slices;
};

// When an instruction ran: on which track (its first, for a matmul spread over arrays), and
// whether the last byte of its HBM side arrived within the time quantum of its end (a DMA
// transfer held up by the HBM rather than by its engine).
struct InstrSpan {
  double start_ns = -1, end_ns = -1;  // end_ns: the HBM side's end until the instruction runs
  int track = -1;
  bool hbm_last = false;
};

// The spans of a run, one per instruction, packed: start and end (16 bytes) and the track with
// the HBM flag in its top bit (4 bytes), 20 bytes an instruction. Reads give an InstrSpan.
class SpanTable {
 public:
  size_t size() const { return times_.size(); }
  bool empty() const { return times_.empty(); }
  const InstrSpan operator[](size_t i) const {  // const: a read, never a target
    const uint32_t k = tracks_[i];
    const uint32_t track = k & kTrackMask;
    return {times_[i].start_ns, times_[i].end_ns, track == kTrackMask ? -1 : int(track),
            (k & kHbmLast) != 0};
  }
  double start_ns(size_t i) const { return times_[i].start_ns; }
  double end_ns(size_t i) const { return times_[i].end_ns; }
  // Tracks from 0 to 2^31 - 2.
  void set(size_t i, const InstrSpan& s) {
    times_[i] = {s.start_ns, s.end_ns};
    tracks_[i] = (s.track < 0 ? kTrackMask : uint32_t(s.track)) | (s.hbm_last ? kHbmLast : 0);
  }
  // New entries are instructions never recorded.
  void resize(size_t n) {
    times_.resize(n);
    tracks_.resize(n, kTrackMask);
  }
  // Room for n, on huge pages where the kernel gives them (trace/huge_pages.hpp).
  void reserve(size_t n) {
    reserve_huge(times_, n);
    reserve_huge(tracks_, n);
  }

 private:
  static constexpr uint32_t kHbmLast = uint32_t{1} << 31;
  static constexpr uint32_t kTrackMask = kHbmLast - 1;  // all ones: no track
  struct Times {
    double start_ns = -1, end_ns = -1;
  };
  std::vector<Times> times_;
  std::vector<uint32_t> tracks_;
};

// Union length of intervals given in nondecreasing start order.
class Coverage {
 public:
  void add(double start_ns, double end_ns);
  double total_ns() const { return closed_ns_ + (end_ > start_ ? end_ - start_ : 0); }

 private:
  double closed_ns_ = 0, start_ = 0, end_ = 0;
};

// Elapsed time split among classes: at each moment the classes with busy work share the moment
// equally (as a profile of operations running one at a time charges each moment to one of them);
// idle time is charged to none. Intervals arrive in nondecreasing start order; memory is the
// intervals still open.
class SplitShare {
 public:
  explicit SplitShare(int classes) : count_(classes, 0), ns_(classes, 0.0) {}
  void add(int cls, double start_ns, double end_ns);
  // Charges the open intervals up to their ends; call once all intervals are in.
  void finish();
  double ns(int cls) const { return ns_.at(cls); }

 private:
  void advance(double to_ns);
  struct Open {
    double end_ns;
    int cls;
    bool operator>(const Open& o) const { return end_ns > o.end_ns; }
  };
  std::vector<Open> open_;  // a min-heap on end_ns
  std::vector<int> count_;  // open intervals per class
  int active_ = 0;          // classes with an open interval
  std::vector<double> ns_;
  double now_ = 0;
};

class Timeline {
 public:
  // tag_groups[t]: the coverage groups tag t counts into; `groups` of them in all; the first
  // group of each tag is its slice class (< kSliceClasses).
  // slice_limit: a track merges its slices in pairs when it holds 2 x slice_limit.
  Timeline(std::vector<std::vector<uint32_t>> tag_groups, size_t groups, size_t slice_limit);
  int add_track(const std::string& name);
  // An instruction that started at start_ns and ends at end_ns on `track`; `busy` marks unit
  // busy time (counted into the coverage groups), false for shared ports such as HBM.
  void record(int track, uint32_t instr, uint32_t tag, double start_ns, double end_ns, bool busy);
  // Every lane, track by track in add_track order, each track's lanes in order.
  std::vector<TimelineLane> lanes() const;
  size_t track_count() const { return tracks_.size(); }
  const std::string& track_name(int track) const { return tracks_.at(track).front().name(); }
  // Indexed by instruction; instructions never recorded keep start_ns = -1.
  const SpanTable& spans() const { return spans_; }
  // Room for the spans of `instrs` instructions at once (else they grow as instructions run,
  // and a growth step holds the old and the new table together).
  void expect_instructions(size_t instrs) {
    if (spans_.empty()) spans_.reserve(instrs);
    spans_.resize(std::max(spans_.size(), instrs));
  }
  double coverage_ns(size_t group) const { return coverage_.at(group).total_ns(); }
  // Elapsed time charged to each slice class, busy moments split equally among the classes busy
  // then (asked once the run is over: it closes the intervals still open).
  double split_ns(int cls) const {
    split_.finish();
    return split_.ns(cls);
  }
  size_t slice_limit() const { return slice_limit_; }

 private:
  std::vector<std::vector<uint32_t>> tag_groups_;
  std::vector<Coverage> coverage_;
  mutable SplitShare split_{kSliceClasses};
  size_t slice_limit_;
  std::vector<std::vector<SliceTrack>> tracks_;  // per track, its lanes
  SpanTable spans_;
};

}  // namespace hesa
