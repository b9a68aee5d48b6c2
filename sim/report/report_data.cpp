#include "sim/report/report_data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/config/run_config.hpp"

namespace hesa {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot open file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::ordered_json parse_json(const std::string& text, const std::string& path) {
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(fmt::format("{}: not valid JSON ({})", path, e.what()));
  }
}

// Numbers a run writes stay far below this; a report scales and sums them, so a larger one (say
// 1e308) would turn into inf in the SVG.
constexpr double kLargestStat = 1e30;

using Json = nlohmann::ordered_json;

[[noreturn]] void bad(const std::string& file, const std::string& key, const std::string& msg) {
  throw ConfigError(fmt::format("{}: {}: {}", file, key, msg));
}

std::string shown(const Json& j) {
  std::string text = j.dump();
  if (text.size() > 40) text = text.substr(0, 40) + "...";
  return text;
}

void check_number(const Json& j, const std::string& file, const std::string& key) {
  if (!j.is_number()) bad(file, key, "expected a number, got " + shown(j));
  const double v = j.get<double>();
  if (!(std::fabs(v) <= kLargestStat)) {
    bad(file, key,
        fmt::format("{} is beyond {:g}, not a value a run writes", shown(j), kLargestStat));
  }
}

void check_string(const Json& j, const std::string& file, const std::string& key) {
  if (!j.is_string()) bad(file, key, "expected a string, got " + shown(j));
}

// The stats tree: objects down to leaves {value: number, unit: string, desc: string}.
void check_tree(const Json& node, const std::string& file, const std::string& key, int depth) {
  if (!node.is_object()) bad(file, key, "expected an object, got " + shown(node));
  if (depth > 16) bad(file, key, "nested deeper than 16 levels");
  if (node.contains("value")) {
    check_number(node.at("value"), file, key + ".value");
    if (node.contains("unit")) check_string(node.at("unit"), file, key + ".unit");
    if (node.contains("desc")) check_string(node.at("desc"), file, key + ".desc");
    return;
  }
  for (const auto& [k, v] : node.items()) check_tree(v, file, key + "." + k, depth + 1);
}

// Every value a report reads has the type and range a run writes: a damaged or edited stats.json
// is one line naming the file and key, never a bare JSON type error or inf in the SVG.
// A bottleneck entry: {unit, share, next, next_share}, shares in [0, 1].
void check_bottleneck(const Json& b, const std::string& file, const std::string& key) {
  if (!b.is_object()) bad(file, key, "expected an object, got " + shown(b));
  for (const char* name : {"unit", "next"}) {
    if (!b.contains(name)) bad(file, key, fmt::format("no \"{}\"", name));
    check_string(b.at(name), file, key + "." + name);
  }
  for (const char* name : {"share", "next_share"}) {
    if (!b.contains(name)) bad(file, key, fmt::format("no \"{}\"", name));
    check_number(b.at(name), file, key + "." + name);
    const double v = b.at(name).get<double>();
    if (v < 0 || v > 1) bad(file, key + "." + name, shown(b.at(name)) + " is not in [0, 1]");
  }
}

void check_bottlenecks(const Json& b, const std::string& file) {
  if (!b.is_object()) bad(file, "bottleneck", "expected an object, got " + shown(b));
  if (!b.contains("run")) bad(file, "bottleneck", "no \"run\"");
  check_bottleneck(b.at("run"), file, "bottleneck.run");
  if (!b.contains("kernel")) return;
  if (!b.at("kernel").is_object()) {
    bad(file, "bottleneck.kernel", "expected an object, got " + shown(b.at("kernel")));
  }
  for (const auto& [k, v] : b.at("kernel").items()) {
    check_bottleneck(v, file, "bottleneck.kernel." + k);
  }
}

void check_stats(const Json& stats, const std::string& file) {
  for (const auto& [k, v] : stats.at("meta").items()) {
    if (k == "simulated_cycles" || k == "schema_version" || k == "clock_ghz") {
      check_number(v, file, "meta." + k);
    } else if (k == "calibration") {
      // {group: {state, basis}}: how each group of timing parameters was obtained.
      if (!v.is_object()) bad(file, "meta.calibration", "expected an object, got " + shown(v));
      for (const auto& [group, entry] : v.items()) {
        const std::string key = "meta.calibration." + group;
        if (!entry.is_object()) bad(file, key, "expected an object, got " + shown(entry));
        for (const auto& [field, text] : entry.items()) check_string(text, file, key + "." + field);
      }
    } else {
      check_string(v, file, "meta." + k);
    }
  }
  for (const auto& [k, v] : stats.at("summary").items()) {
    if (k == "utilization") {
      if (!v.is_object()) bad(file, "summary.utilization", "expected an object, got " + shown(v));
      for (const auto& [u, f] : v.items()) check_number(f, file, "summary.utilization." + u);
    } else {
      check_number(v, file, "summary." + k);
    }
  }
  for (const auto& [k, v] : stats.at("stats").items()) check_tree(v, file, "stats." + k, 1);
  if (stats.contains("bottleneck")) check_bottlenecks(stats.at("bottleneck"), file);
}

}  // namespace

double stat_value(const nlohmann::ordered_json& stats, const std::string& path) {
  const nlohmann::ordered_json* node = &stats.at("stats");
  size_t from = 0;
  while (true) {
    const size_t dot = path.find('.', from);
    const std::string key = path.substr(from, dot == std::string::npos ? dot : dot - from);
    if (!node->is_object() || !node->contains(key)) return 0;
    node = &node->at(key);
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  if (!node->is_object() || !node->contains("value") || !node->at("value").is_number()) return 0;
  return node->at("value").get<double>();
}

RunData parse_run_data(const std::string& label, const std::string& where,
                       const std::string& stats_json, const std::optional<std::string>& trace_json,
                       const std::string& config_yaml) {
  RunData r;
  r.label = label;
  r.config_yaml = config_yaml;
  const std::string stats_path = where + "/stats.json", trace_path = where + "/trace.json";
  r.stats = parse_json(stats_json, stats_path);
  for (const char* key : {"meta", "summary", "stats"}) {
    if (!r.stats.is_object() || !r.stats.contains(key) || !r.stats[key].is_object()) {
      throw ConfigError(
          fmt::format("{}: not a hesa stats file (no \"{}\" object)", stats_path, key));
    }
  }
  check_stats(r.stats, stats_path);
  if (!trace_json) {
    r.trace_note = no_trace_note();
    return r;
  }
  const nlohmann::ordered_json trace = parse_json(*trace_json, trace_path);
  if (!trace.is_object() || !trace.contains("traceEvents") || !trace["traceEvents"].is_array()) {
    throw ConfigError(fmt::format("{}: not a trace file (no \"traceEvents\" array)", trace_path));
  }
  if (trace.contains("otherData")) r.trace_note = trace["otherData"].value("note", "");
  try {
    for (const auto& ev : trace["traceEvents"]) {
      const size_t tid = ev.value("tid", 0);
      if (r.tracks.size() <= tid) r.tracks.resize(tid + 1);
      const std::string ph = ev.value("ph", "");
      if (ph == "M" && ev.value("name", "") == "thread_name") {
        r.tracks[tid].name = ev.at("args").at("name").get<std::string>();
      } else if (ph == "X") {
        TraceSlice s;
        s.start_us = ev.at("ts").get<double>();
        s.dur_us = ev.at("dur").get<double>();
        const auto& args = ev.value("args", nlohmann::ordered_json::object());
        s.busy_us = args.value("busy_us", s.dur_us);
        s.name = ev.value("name", "");
        s.cat = ev.value("cat", "");
        if (args.contains("busy_us_by_category")) {
          for (const auto& [c, v] : args.at("busy_us_by_category").items()) {
            s.busy_by_cat.emplace_back(c, v.get<double>());
          }
        }
        r.tracks[tid].slices.push_back(std::move(s));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(fmt::format("{}: malformed trace event ({})", trace_path, e.what()));
  }
  std::erase_if(r.tracks, [](const TraceTrack& t) { return t.name.empty(); });
  return r;
}

std::string no_trace_note() {
  return "not written (the run was made with --no-trace): no timeline";
}

RunData load_run_data(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string label = fs::path(dir).lexically_normal().filename().string();
  if (label.empty()) label = fs::path(dir).lexically_normal().parent_path().filename().string();
  const std::string config_path = dir + "/config.effective.yaml";
  const std::string config = fs::exists(config_path) ? read_file(config_path) : "";
  const std::string stats = read_file(dir + "/stats.json");
  const std::string trace_path = dir + "/trace.json";
  const std::optional<std::string> trace =
      fs::exists(trace_path) ? std::optional<std::string>(read_file(trace_path)) : std::nullopt;
  return parse_run_data(label, dir, stats, trace, config);
}

std::string calibration_groups_in(const nlohmann::ordered_json& stats, const std::string& state) {
  const auto& meta = stats.at("meta");
  if (!meta.contains("calibration") || !meta.at("calibration").is_object()) return "not recorded";
  std::string out;
  for (const auto& [group, entry] : meta.at("calibration").items()) {
    if (entry.is_object() && entry.value("state", "") == state) {
      out += (out.empty() ? "" : ", ") + group;
    }
  }
  return out;
}

std::string assumptions_text(const nlohmann::ordered_json& stats) {
  const std::string assumed = calibration_groups_in(stats, "assumed");
  if (assumed == "not recorded") return "Calibration state not recorded (a run of an older hesa).";
  const std::string calibrated = calibration_groups_in(stats, "calibrated");
  std::string line = assumed.empty() ? "No timing parameter group rests on assumptions"
                                     : "Timing rests on assumed parameters for: " + assumed;
  if (!calibrated.empty()) line += "; calibrated: " + calibrated;
  return line + " (stats.json meta.calibration).";
}

}  // namespace hesa
