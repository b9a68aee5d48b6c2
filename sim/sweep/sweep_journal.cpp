#include "sim/sweep/sweep_journal.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/config/run_config.hpp"
#include "sim/io/output_dir.hpp"

namespace hesa {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json inputs_json(const FileDigests& inputs) {
  json out = json::array();
  for (const auto& [file, digest] : inputs) out.push_back({{"file", file}, {"digest", digest}});
  return out;
}

json manifest_json(const Sweep& s) {
  json points = json::array();
  for (const SweepPoint& p : s.points) {
    points.push_back({{"index", p.index},
                      {"chip", p.chip},
                      {"workload", p.workload},
                      {"values", p.values},
                      {"sets", p.sets},
                      {"state", point_state_name(p.state)},
                      {"message", p.message},
                      {"area_mm2", p.area_mm2}});
  }
  json workload_columns = json::array();
  for (bool w : s.workload_column) workload_columns.push_back(w);
  json out = {{"sweep", s.name},      {"file", s.file},
              {"chip", s.chip},       {"workload", s.workload},
              {"tune", s.tune},       {"inputs", inputs_json(s.inputs)},
              {"columns", s.columns}, {"workload_columns", workload_columns},
              {"points", points}};
  if (!s.slice.empty()) out["slice"] = s.slice;
  return out;
}

FileDigests inputs_of(const json& j) {
  FileDigests out;
  for (const json& f : j) out.emplace_back(f.at("file"), f.at("digest"));
  return out;
}

PointState parse_state(const std::string& name) {
  if (name == "filtered") return PointState::kFiltered;
  // "failed": the word of manifests written before points that cannot be built had their own.
  if (name == "unbuildable" || name == "failed") return PointState::kUnbuildable;
  return PointState::kPending;
}

}  // namespace

const char* point_status(const PointResult& r) {
  return r.ok ? "ok" : r.unbuildable ? "unbuildable" : "failed";
}

void write_manifest(const Sweep& sweep, const std::string& dir) {
  const OutputDir out(dir);
  const std::string text = manifest_json(sweep).dump(1) + "\n";
  const fs::path path = fs::path(dir) / "sweep.json";
  if (fs::exists(path)) {
    const std::string old = slurp(path);
    if (old != text) {
      // An input file edited since the points ran: say which (the journal would mix two configs).
      FileDigests before;
      try {
        before = inputs_of(json::parse(old).at("inputs"));
      } catch (const json::exception&) {
      }
      for (const auto& [file, digest] : before) {
        for (const auto& [now_file, now_digest] : sweep.inputs) {
          if (file != now_file || digest == now_digest) continue;
          throw ConfigError(
              fmt::format("{}: {} changed since this sweep's points ran (resuming would mix two "
                          "configurations); use another --out",
                          path.string(), file));
        }
      }
      throw ConfigError(fmt::format(
          "{}: holds the results of a different sweep (or of this file before it changed); "
          "use another --out",
          path.string()));
    }
    return;
  }
  out.write("sweep.json", text);
}

Sweep read_manifest(const std::string& dir) {
  const fs::path path = fs::path(dir) / "sweep.json";
  if (!fs::is_regular_file(path)) {
    throw ConfigError(fmt::format("{}: no sweep here (sweep.json is missing)", dir));
  }
  Sweep s;
  try {
    const json j = json::parse(slurp(path));
    s.name = j.at("sweep");
    s.file = j.at("file");
    s.chip = j.at("chip");
    s.workload = j.at("workload");
    s.tune = j.value("tune", false);
    s.slice = j.value("slice", "");
    s.inputs = inputs_of(j.at("inputs"));
    s.columns = j.at("columns").get<std::vector<std::string>>();
    s.workload_column = j.at("workload_columns").get<std::vector<bool>>();
    for (const json& p : j.at("points")) {
      SweepPoint point;
      point.index = p.at("index");
      point.chip = p.value("chip", s.chip);
      point.workload = p.value("workload", s.workload);
      point.values = p.at("values").get<std::vector<std::string>>();
      point.sets = p.at("sets").get<std::vector<std::string>>();
      point.state = parse_state(p.at("state"));
      point.message = p.at("message");
      point.area_mm2 = p.at("area_mm2");
      s.points.push_back(std::move(point));
    }
  } catch (const json::exception& e) {
    throw ConfigError(fmt::format("{}: not a sweep manifest ({})", path.string(), e.what()));
  }
  return s;
}

void journal_point(const std::string& dir, const Sweep& sweep, const PointResult& r) {
  const fs::path folder = fs::path(dir) / "journal";
  fs::create_directories(folder);
  json util = json::object();
  for (int u = 0; u < 5; ++u) util[kUnits[u]] = r.util[u];
  json metrics = json::object();
  for (const auto& [name, value] : r.metrics) metrics[name] = value;
  const json j = {{"index", r.index},
                  {"ok", r.ok},
                  {"status", point_status(r)},
                  {"message", r.message},
                  {"cycles", r.cycles},
                  {"time_us", r.time_us},
                  {"energy_uj", r.energy_uj},
                  {"area_mm2", r.area_mm2},
                  {"utilization", util},
                  {"bottleneck", r.bottleneck},
                  {"bottleneck_share", r.bottleneck_share},
                  {"metrics", metrics},
                  {"wall_s", r.wall_s},
                  {"inputs", inputs_json(sweep.inputs)}};
  write_file_atomic((folder / fmt::format("{}.json", r.index)).string(), j.dump() + "\n");
}

std::map<int64_t, PointResult> read_journal(const std::string& dir, const Sweep& sweep) {
  std::map<int64_t, PointResult> out;
  const fs::path folder = fs::path(dir) / "journal";
  if (!fs::is_directory(folder)) return out;
  for (const fs::directory_entry& e : fs::directory_iterator(folder)) {
    const std::string name = e.path().filename().string();
    // Skips "<index>.json.tmp.<pid>": a writer killed before its rename, or one still writing.
    if (e.path().extension() != ".json" || name.find(".tmp.") != std::string::npos) continue;
    try {
      const json j = json::parse(slurp(e.path()));
      PointResult r;
      r.index = j.at("index");
      r.ok = j.at("ok");
      r.message = j.at("message");
      r.cycles = j.at("cycles");
      r.time_us = j.at("time_us");
      r.energy_uj = j.at("energy_uj");
      r.area_mm2 = j.at("area_mm2");
      for (int u = 0; u < 5; ++u) r.util[u] = j.at("utilization").at(kUnits[u]);
      r.wall_s = j.at("wall_s");
      // A point run with other input files (or journaled before inputs were recorded) runs again.
      if (inputs_of(j.at("inputs")) != sweep.inputs) continue;
      // Journals of earlier versions have no status, bottleneck or metrics.
      r.unbuildable = j.value("status", "") == "unbuildable" ||
                      (!r.ok && r.message.rfind("cannot be built", 0) == 0);
      r.bottleneck = j.value("bottleneck", "");
      r.bottleneck_share = j.value("bottleneck_share", 0.0);
      if (j.contains("metrics")) {
        for (const auto& [name, value] : j.at("metrics").items()) {
          r.metrics.emplace_back(name, value.get<double>());
        }
      }
      out[r.index] = r;
    } catch (const json::exception&) {
      // Cannot happen with atomic writes; a damaged record is simply run again.
    }
  }
  return out;
}

}  // namespace hesa
