#include "sim/sweep/calib_points.hpp"

#include "workloads/mapping/mapping.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_reader.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

std::string existing_path(const ConfigReader& r, std::string_view key, const fs::path& base) {
  const Node& n = r.require(key);
  const std::string text = read_string(n, r.key_path(key));
  std::error_code ec;  // a name too long for the file system is no such file too
  const fs::path p = fs::absolute(base / text, ec).lexically_normal();
  if (ec || !fs::is_regular_file(p, ec))
    config_fail(n.loc, r.key_path(key), "no such file: " + text);
  return p.string();
}

std::vector<CalibPoint> read_csv(const std::string& csv) {
  std::ifstream in(csv);
  std::vector<CalibPoint> out;
  std::string line;
  int lineno = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    const Location loc{csv, lineno, 1};
    if (!header) {
      if (line != "reduction,batch,latency_us") {
        config_fail(loc, "", "expected the header reduction,batch,latency_us");
      }
      header = true;
      continue;
    }
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() != 3) config_fail(loc, "", "expected 3 fields: reduction,batch,latency_us");
    CalibPoint p;
    p.reduction = f[0];
    if (!enum_by_name<Reduction>(p.reduction)) {
      config_fail(loc, "", "unknown reduction '" + p.reduction + "'");
    }
    char* end = nullptr;
    const long b = std::strtol(f[1].c_str(), &end, 10);
    if (*end != '\0' || b < 1 || b > 1 << 20) config_fail(loc, "", "batch must be an integer >= 1");
    p.batch = static_cast<int>(b);
    p.measured_us = std::strtod(f[2].c_str(), &end);
    if (*end != '\0' || !(p.measured_us > 0)) {
      config_fail(loc, "", "latency_us must be a number > 0");
    }
    out.push_back(p);
  }
  if (out.empty()) config_fail(Location{csv, 0, 0}, "", "no measurements");
  return out;
}

}  // namespace

CalibSpec load_calib_spec(const std::string& file) {
  const Node root = load_yaml_file(file);
  const ConfigReader r(root, "", {"chip", "workload", "measurements", "tolerance"});
  const fs::path base = fs::absolute(file).parent_path();
  CalibSpec s;
  s.file = file;
  s.chip = existing_path(r, "chip", base);
  s.workload = existing_path(r, "workload", base);
  s.csv = existing_path(r, "measurements", base);
  const ConfigReader t = r.child("tolerance", {"rms", "max"});
  s.tolerance_rms = t.get_number("rms", {0, 10, true});
  s.tolerance_max = t.get_number("max", {0, 10, true});
  s.points = read_csv(s.csv);
  return s;
}

std::vector<std::string> point_sets(const CalibPoint& p) {
  return {"mapping.reduction=" + p.reduction, fmt::format("batch={}", p.batch)};
}

std::vector<PointResult> simulate_points(const std::string& chip, const std::string& workload,
                                         const std::vector<std::vector<std::string>>& sets,
                                         int jobs) {
  Sweep sweep;
  sweep.name = "points";
  sweep.chip = chip;
  sweep.workload = workload;
  std::vector<int64_t> indices;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    SweepPoint p;
    p.index = static_cast<int64_t>(i);
    p.sets = sets[i];
    sweep.points.push_back(p);
    indices.push_back(p.index);
  }
  std::string tmpl = (fs::temp_directory_path() / "hesa-points-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder");
  RunnerOptions options;
  options.jobs = jobs;
  options.progress = false;
  std::vector<PointResult> out(sets.size());
  try {
    run_points(sweep, tmpl, indices, options);
    for (auto& [index, result] : read_journal(tmpl, sweep))
      out.at(static_cast<std::size_t>(index)) = result;
  } catch (...) {
    fs::remove_all(tmpl);
    throw;
  }
  fs::remove_all(tmpl);
  return out;
}

CalibError calib_error(const std::vector<CalibPoint>& points,
                       const std::vector<PointResult>& results, std::vector<double>* per_point) {
  CalibError e;
  double sq = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double rel = results[i].ok
                           ? (results[i].time_us - points[i].measured_us) / points[i].measured_us
                           : INFINITY;
    if (per_point) per_point->push_back(rel);
    sq += rel * rel;
    e.max_abs = std::max(e.max_abs, std::fabs(rel));
  }
  e.rms = points.empty() ? 0 : std::sqrt(sq / static_cast<double>(points.size()));
  return e;
}

}  // namespace hesa

namespace hesa {

std::string calib_table(const std::vector<CalibPoint>& points,
                        const std::vector<PointResult>& results) {
  std::string t = "reduction,batch,measured_us,simulated_us,error_pct\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const PointResult& r = results[i];
    if (!r.ok) {
      t += fmt::format("{},{},{:.3f},failed,{}\n", points[i].reduction, points[i].batch,
                       points[i].measured_us, r.message);
      continue;
    }
    t += fmt::format("{},{},{:.3f},{:.3f},{:+.2f}\n", points[i].reduction, points[i].batch,
                     points[i].measured_us, r.time_us,
                     100 * (r.time_us - points[i].measured_us) / points[i].measured_us);
  }
  return t;
}

}  // namespace hesa
