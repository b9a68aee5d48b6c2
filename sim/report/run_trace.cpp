#include "sim/report/run_trace.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <sstream>

#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump();
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
  for (const SliceTrack& t : timeline.tracks()) merged = merged || t.merged();
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
  for (size_t tid = 0; tid < timeline.tracks().size(); ++tid) {
    const SliceTrack& track = timeline.tracks()[tid];
    fmt::format_to(
        std::back_inserter(out),
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":0,\"tid\":{},\"args\":{{\"name\":{}}}}"
        "}",
        tid, quoted(track.name()));
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
  for (size_t tid = 0; tid < timeline.tracks().size(); ++tid) {
    for (const Slice& s : timeline.tracks()[tid].slices()) {
      const SliceView v = view(trace, s);
      auto it = std::back_inserter(out);
      it = fmt::format_to(it,
                          FMT_COMPILE(",\n{{\"ph\":\"X\",\"name\":{},\"cat\":\"{}\",\"pid\":0,"
                                      "\"tid\":{},\"ts\":{},\"dur\":{},\"args\":{{\"instr\":{}"),
                          v.mixed ? mixed_quoted : tag_quoted[s.tag], v.cat, tid, s.start_ns * 1e-3,
                          (s.end_ns - s.start_ns) * 1e-3, s.instr);
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
  for (const SliceTrack& t : timeline.tracks()) {
    TraceTrack track{t.name(), {}};
    track.slices.reserve(t.slices().size());
    for (const Slice& s : t.slices()) {
      const SliceView v = view(trace, s);
      TraceSlice out;
      out.start_us = s.start_ns * 1e-3;
      out.dur_us = (s.end_ns - s.start_ns) * 1e-3;
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
