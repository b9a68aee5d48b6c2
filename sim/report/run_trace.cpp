#include "sim/report/run_trace.hpp"

#include <fmt/format.h>

#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump();
}

}  // namespace

std::string trace_json(const Trace& trace, const Timeline& timeline,
                       const nlohmann::ordered_json& meta, double time_ns) {
  std::vector<std::string> merged;
  size_t slices = 0;
  for (const SliceTrack& t : timeline.tracks()) {
    if (t.merged()) merged.push_back(t.name());
    slices += t.slices().size();
  }
  nlohmann::ordered_json other = meta;
  other["time_us"] = time_ns * 1e-3;
  other["slice_limit"] = timeline.slice_limit();
  other["slices"] = slices;
  other["merged_tracks"] = merged;
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
  for (size_t tid = 0; tid < timeline.tracks().size(); ++tid) {
    const SliceTrack& track = timeline.tracks()[tid];
    out += fmt::format(
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":0,\"tid\":{},\"args\":{{\"name\":{}}}}"
        "}",
        tid, quoted(track.name()));
    out += fmt::format(
        ",\n{{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":0,\"tid\":{},\"args\":{{"
        "\"sort_index\":{}}}}}",
        tid, tid);
  }
  for (size_t tid = 0; tid < timeline.tracks().size(); ++tid) {
    for (const Slice& s : timeline.tracks()[tid].slices()) {
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
          quoted(name), cat, tid, s.start_ns * 1e-3, (s.end_ns - s.start_ns) * 1e-3, args);
    }
  }
  out += "\n]}\n";
  return out;
}

}  // namespace hesa
