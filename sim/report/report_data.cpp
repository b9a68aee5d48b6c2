#include "sim/report/report_data.hpp"

#include <fmt/format.h>

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
  if (!trace_json) {
    r.trace_note = "not written (the run was made with --no-trace): no timeline";
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

}  // namespace hesa
