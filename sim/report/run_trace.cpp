#include "sim/report/run_trace.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <sstream>

#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump();
}

// Whole nanoseconds as microseconds: Perfetto reads a timestamp as llround(us x 1000) ns, so a
// slice ending where the next begins (the same nanosecond) stays nested. Rounding is monotonic:
// slices that do not overlap in simulated time do not overlap here.
long long whole_ns(double ns) {
  return std::llround(ns);
}
double start_us(const Slice& s) {
  return static_cast<double>(whole_ns(s.start_ns)) / 1000.0;
}
double dur_us(const Slice& s) {
  return static_cast<double>(whole_ns(s.end_ns) - whole_ns(s.start_ns)) / 1000.0;
}

// What trace.json says of a slice: its name, its category, and for merged slices the busy time
// by category.
struct SliceView {
  bool mixed;
  const std::string* name;
  const char* cat;
};

const std::string kMixed = "mixed";

SliceView view(const Trace& trace, const Slice& s) {
  const bool mixed = s.tag == kMixedTag;
  const std::string& name = mixed ? kMixed : trace.tags.at(s.tag);
  // Category: the tag's, or for mixed slices the one with the most busy time.
  int top = 0;
  for (int c = 1; c < kSliceClasses; ++c) {
    if (s.class_busy_ns[c] > s.class_busy_ns[top]) top = c;
  }
  return {mixed, &name, category_id(mixed ? static_cast<Category>(top) : category_of(name))};
}

}  // namespace

std::string trace_note(const Timeline& timeline) {
  bool merged = false;
  for (const TimelineLane& lane : timeline.lanes()) merged = merged || lane.slices->merged();
  return !merged
             ? "one slice per instruction"
             : fmt::format(
                   "tracks in merged_tracks held more than {} slices: adjacent slices were merged "
                   "in pairs (args.instrs instructions from args.instr on; args.busy_us of busy "
                   "time inside the slice, args.busy_us_by_category split by category; name "
                   "'mixed' when their steps differ, category the one with the most busy time)",
                   2 * timeline.slice_limit());
}

void write_trace_json(std::ostream& os, const Trace& trace, const Timeline& timeline,
                      const nlohmann::ordered_json& meta, double time_ns) {
  const std::vector<TimelineLane> lanes = timeline.lanes();
  std::vector<std::string> merged, split;
  size_t slices = 0;
  for (const TimelineLane& lane : lanes) {
    if (lane.slices->merged()) merged.push_back(lane.name);
    slices += lane.slices->slices().size();
    const std::string& track = timeline.track_name(lane.track);
    if (lane.name != track && (split.empty() || split.back() != track)) split.push_back(track);
  }
  nlohmann::ordered_json other = meta;
  other["time_us"] = time_ns * 1e-3;
  other["slice_limit"] = timeline.slice_limit();
  other["slices"] = slices;
  other["merged_tracks"] = merged;
  other["time_unit"] =
      "ts and dur in us, whole ns (args.busy_us and the stats keep the full precision)";
  other["lanes"] = split.empty()
                       ? std::string("no track has overlapping slices")
                       : fmt::format(
                             "transfers of {} overlap in time (one per DMA engine in flight): "
                             "they are spread over tracks '<name> lane <k>', each transfer "
                             "on the first lane free at its start",
                             fmt::join(split, ", "));
  other["note"] = trace_note(timeline);

  fmt::memory_buffer out;
  const auto flush = [&] {
    os.write(out.data(), static_cast<std::streamsize>(out.size()));
    out.clear();
  };
  fmt::format_to(
      std::back_inserter(out), "{}",
      "{\"displayTimeUnit\":\"ns\",\n\"otherData\":" + other.dump() + ",\n\"traceEvents\":[\n");
  fmt::format_to(
      std::back_inserter(out),
      "{{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":0,\"tid\":0,\"args\":{{\"name\":{}}}}}",
      quoted(fmt::format("{} on {}", meta.value("workload", std::string()),
                         meta.value("chip", std::string()))));
  for (size_t tid = 0; tid < lanes.size(); ++tid) {
    fmt::format_to(
        std::back_inserter(out),
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":0,\"tid\":{},\"args\":{{\"name\":{}}}}"
        "}",
        tid, quoted(lanes[tid].name));
    fmt::format_to(
        std::back_inserter(out),
        ",\n{{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":0,\"tid\":{},\"args\":{{"
        "\"sort_index\":{}}}}}",
        tid, tid);
  }
  std::vector<std::string> tag_quoted(trace.tags.size());
  for (size_t t = 0; t < trace.tags.size(); ++t) tag_quoted[t] = quoted(trace.tags[t]);
  const std::string mixed_quoted = quoted(kMixed);
  std::vector<std::string> op_quoted(kOpcodes);
  for (int op = 0; op < kOpcodes; ++op)
    op_quoted[op] = quoted(opcode_name(static_cast<Opcode>(op)));
  for (size_t tid = 0; tid < lanes.size(); ++tid) {
    for (const Slice& s : lanes[tid].slices->slices()) {
      const SliceView v = view(trace, s);
      auto it = std::back_inserter(out);
      it = fmt::format_to(it,
                          FMT_COMPILE(",\n{{\"ph\":\"X\",\"name\":{},\"cat\":\"{}\",\"pid\":0,"
                                      "\"tid\":{},\"ts\":{},\"dur\":{},\"args\":{{\"instr\":{}"),
                          v.mixed ? mixed_quoted : tag_quoted[s.tag], v.cat, tid, start_us(s),
                          dur_us(s), s.instr);
      if (s.count > 1) {
        it = fmt::format_to(it,
                            FMT_COMPILE(",\"instrs\":{},\"busy_us\":{},\"busy_us_by_category\":{{"),
                            s.count, s.busy_ns * 1e-3);
        bool first = true;
        for (int c = 0; c < kSliceClasses; ++c) {
          if (s.class_busy_ns[c] <= 0) continue;
          it = fmt::format_to(it, FMT_COMPILE("{}\"{}\":{}"), first ? "" : ",",
                              category_id(static_cast<Category>(c)), s.class_busy_ns[c] * 1e-3);
          first = false;
        }
        it = fmt::format_to(it, FMT_COMPILE("}}"));
      } else {
        it = fmt::format_to(it, FMT_COMPILE(",\"op\":{}"),
                            op_quoted[size_t(trace.instrs[s.instr].op)]);
      }
      fmt::format_to(it, FMT_COMPILE("}}}}"));
      if (out.size() > (1 << 16)) flush();
    }
  }
  fmt::format_to(std::back_inserter(out), "\n]}}\n");
  flush();
}

std::string trace_json(const Trace& trace, const Timeline& timeline,
                       const nlohmann::ordered_json& meta, double time_ns) {
  std::ostringstream os;
  write_trace_json(os, trace, timeline, meta, time_ns);
  return os.str();
}

std::vector<TraceTrack> trace_tracks(const Trace& trace, const Timeline& timeline) {
  std::vector<TraceTrack> tracks;
  for (const TimelineLane& lane : timeline.lanes()) {
    TraceTrack track{lane.name, {}};
    track.slices.reserve(lane.slices->slices().size());
    for (const Slice& s : lane.slices->slices()) {
      const SliceView v = view(trace, s);
      TraceSlice out;
      out.start_us = start_us(s);
      out.dur_us = dur_us(s);
      out.busy_us = s.count > 1 ? s.busy_ns * 1e-3 : out.dur_us;
      out.name = *v.name;
      out.cat = v.cat;
      if (s.count > 1) {
        for (int c = 0; c < kSliceClasses; ++c) {
          if (s.class_busy_ns[c] <= 0) continue;
          out.busy_by_cat.emplace_back(category_id(static_cast<Category>(c)),
                                       s.class_busy_ns[c] * 1e-3);
        }
      }
      track.slices.push_back(std::move(out));
    }
    if (!track.name.empty()) tracks.push_back(std::move(track));
  }
  return tracks;
}

}  // namespace hesa
