#include "sim/sweep/sweep_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sim/stats/run_stats.hpp"  // kStatsSchemaVersion
#include "sim/stats/stats.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<SweepRow> sweep_rows(const Sweep& sweep,
                                 const std::map<int64_t, PointResult>& journal) {
  std::vector<SweepRow> rows;
  for (const SweepPoint& p : sweep.points) {
    SweepRow row;
    row.point = &p;
    row.area_mm2 = p.area_mm2;
    row.message = p.message;
    if (p.state == PointState::kFiltered) {
      row.status = "filtered";
    } else if (p.state == PointState::kUnbuildable) {
      row.status = "unbuildable";
    } else if (auto it = journal.find(p.index); it != journal.end()) {
      row.result = &it->second;
      row.status = point_status(it->second);
      row.message = it->second.message;
      if (it->second.ok) row.area_mm2 = it->second.area_mm2;
    } else {
      row.status = "missing";
      row.message = "not run yet";
    }
    rows.push_back(row);
  }
  return rows;
}

std::string results_csv(const Sweep& sweep, const std::vector<SweepRow>& rows) {
  // The named metrics of any finished point, in order of first appearance (the kernels of a
  // sweep over kernels or mappings may differ from point to point).
  std::vector<std::string> metrics;
  for (const SweepRow& row : rows) {
    if (row.status != "ok") continue;
    for (const auto& [name, value] : row.result->metrics) {
      if (std::find(metrics.begin(), metrics.end(), name) == metrics.end()) {
        metrics.push_back(name);
      }
    }
  }
  std::string out = "index,status";
  const auto field = [&out](const std::string& text) {
    out += ',';
    out += csv_field(text);
  };
  for (const std::string& c : sweep.columns) field(c);
  out += ",time_us,energy_uj,area_mm2,edp_uj_us,cycles";
  for (const char* u : kUnits) out += fmt::format(",util_{}", u);
  out += ",bottleneck,bottleneck_share";
  for (const std::string& m : metrics) field(m);
  out += ",schema_version,message,wall_s\n";
  for (const SweepRow& row : rows) {
    out += fmt::format("{},{}", row.point->index, row.status);
    for (const std::string& v : row.point->values) field(v);
    const PointResult* r = row.status == "ok" ? row.result : nullptr;
    const auto num = [&](double v) { return r ? format_number(v) : std::string(); };
    out += fmt::format(",{},{},{},{},{}", num(r ? r->time_us : 0), num(r ? r->energy_uj : 0),
                       row.area_mm2 > 0 ? format_number(row.area_mm2) : "",
                       num(r ? r->time_us * r->energy_uj : 0), num(r ? r->cycles : 0));
    for (int u = 0; u < 5; ++u) field(num(r ? r->util[u] : 0));
    const bool named = r && !r->bottleneck.empty() && r->bottleneck != "none";
    field(named ? r->bottleneck : "");
    field(named ? format_number(r->bottleneck_share) : "");
    for (const std::string& m : metrics) {
      std::string value;
      for (const auto& [name, v] : r ? r->metrics : std::vector<std::pair<std::string, double>>{}) {
        if (name == m) value = format_number(v);
      }
      field(value);
    }
    field(std::to_string(kStatsSchemaVersion));
    field(row.message);
    field(row.result ? fmt::format("{:.3f}", row.result->wall_s) : std::string());
    out += '\n';
  }
  return out;
}

std::string status_summary(const std::vector<SweepRow>& rows) {
  std::string out;
  for (const char* status : {"ok", "unbuildable", "failed", "filtered", "missing"}) {
    const auto n = std::count_if(rows.begin(), rows.end(),
                                 [&](const SweepRow& r) { return r.status == status; });
    if (n > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, status);
  }
  return out;
}

}  // namespace hesa
