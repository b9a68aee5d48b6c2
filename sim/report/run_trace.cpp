#include "sim/report/run_trace.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

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

}  // namespace

std::string trace_json(const Trace& trace, const Timeline& timeline,
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
  other["note"] =
      merged.empty()
          ? "one slice per instruction"
          : fmt::format(
                "tracks in merged_tracks held more than {} slices: adjacent slices were merged "
                "in pairs (args.instrs instructions from args.instr on; args.busy_us of busy time "
                "inside the slice, args.busy_us_by_category split by category; name 'mixed' when "
                "their steps differ, category the one with the most busy time)",
                2 * timeline.slice_limit());

  std::string out =
      "{\"displayTimeUnit\":\"ns\",\n\"otherData\":" + other.dump() + ",\n\"traceEvents\":[\n";
  out += fmt::format(
      "{{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":0,\"tid\":0,\"args\":{{\"name\":{}}}}}",
      quoted(fmt::format("{} on {}", meta.value("workload", std::string()),
                         meta.value("chip", std::string()))));
  for (size_t tid = 0; tid < lanes.size(); ++tid) {
    out += fmt::format(
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":0,\"tid\":{},\"args\":{{\"name\":{}}}}"
        "}",
        tid, quoted(lanes[tid].name));
    out += fmt::format(
        ",\n{{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":0,\"tid\":{},\"args\":{{"
        "\"sort_index\":{}}}}}",
        tid, tid);
  }
  for (size_t tid = 0; tid < lanes.size(); ++tid) {
    for (const Slice& s : lanes[tid].slices->slices()) {
      const bool mixed = s.tag == kMixedTag;
      const std::string name = mixed ? "mixed" : trace.tags.at(s.tag);
      // Category: the tag's, or for mixed slices the one with the most busy time.
      int top = 0;
      for (int c = 1; c < kSliceClasses; ++c) {
        if (s.class_busy_ns[c] > s.class_busy_ns[top]) top = c;
      }
      const char* cat = category_id(mixed ? static_cast<Category>(top) : category_of(name));
      std::string args = fmt::format("\"instr\":{}", s.instr);
      if (s.count > 1) {
        args += fmt::format(",\"instrs\":{},\"busy_us\":{},\"busy_us_by_category\":{{", s.count,
                            s.busy_ns * 1e-3);
        bool first = true;
        for (int c = 0; c < kSliceClasses; ++c) {
          if (s.class_busy_ns[c] <= 0) continue;
          args += fmt::format("{}\"{}\":{}", first ? "" : ",",
                              category_id(static_cast<Category>(c)), s.class_busy_ns[c] * 1e-3);
          first = false;
        }
        args += "}";
      } else {
        args += fmt::format(",\"op\":{}", quoted(opcode_name(trace.instrs[s.instr].op)));
      }
      out += fmt::format(
          ",\n{{\"ph\":\"X\",\"name\":{},\"cat\":\"{}\",\"pid\":0,\"tid\":{},\"ts\":{},\"dur\":{},"
          "\"args\":{{{}}}}}",
          quoted(name), cat, tid, static_cast<double>(whole_ns(s.start_ns)) / 1000.0,
          static_cast<double>(whole_ns(s.end_ns) - whole_ns(s.start_ns)) / 1000.0, args);
    }
  }
  out += "\n]}\n";
  return out;
}

}  // namespace hesa
