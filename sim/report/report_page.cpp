#include "sim/report/report_page.hpp"

#include <unordered_set>

#include <fmt/format.h>

#include <algorithm>

#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

constexpr const char* kCategoryColors[kCategories] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                      "#59a14f", "#edc948", "#b07aa1", "#9c755f"};

}  // namespace

std::string fmt_num(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  if (v != 0 && (std::fabs(v) >= 1e7 || std::fabs(v) < 1e-3)) return fmt::format("{:.4g}", v);
  return fmt::format("{:.6g}", v);
}

std::vector<Series> category_series() {
  std::vector<Series> s;
  for (int i = 0; i < kCategories; ++i) {
    s.push_back({category_label(static_cast<Category>(i)), kCategoryColors[i]});
  }
  return s;
}

int series_of(const std::string& cat) {
  for (int i = 0; i < kCategories; ++i) {
    if (cat == category_id(static_cast<Category>(i))) return i;
  }
  return kCategories - 1;  // unknown: other
}

// A table with one row per quantity and one column per run.
std::string table(const std::vector<RunView>& runs, const TableRows& rows) {
  std::string out = "<table><tr><th></th>";
  for (const RunView& r : runs) out += fmt::format("<th>{}</th>", html_escape(r.title));
  out += "</tr>";
  for (const auto& [name, cells] : rows) {
    out += fmt::format("<tr><td>{}</td>", html_escape(name));
    for (const std::string& c : cells) out += fmt::format("<td>{}</td>", c);
    out += "</tr>";
  }
  return out + "</table>\n";
}

std::vector<std::string> kernels_of(const std::vector<RunView>& runs) {
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  for (const RunView& r : runs) {
    const auto& st = r.run->stats.at("stats");
    if (!st.contains("breakdown") || !st.at("breakdown").contains("kernel")) continue;
    for (const auto& [k, v] : st.at("breakdown").at("kernel").items()) {
      if (seen.insert(k).second) names.push_back(k);
    }
  }
  return names;
}

std::vector<std::string> child_names(const std::vector<RunView>& runs, const std::string& path,
                                     bool leaves) {
  std::vector<std::string> names;
  for (const RunView& r : runs) {
    const nlohmann::ordered_json* node = &r.run->stats.at("stats");
    size_t from = 0;
    bool ok = true;
    while (ok && from <= path.size()) {
      const size_t dot = path.find('.', from);
      const std::string key = path.substr(from, dot == std::string::npos ? dot : dot - from);
      ok = node->contains(key);
      if (ok) node = &node->at(key);
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    if (!ok || !node->is_object()) continue;
    for (const auto& [k, v] : node->items()) {
      if (v.contains("value") != leaves) continue;
      if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
    }
  }
  return names;
}

}  // namespace hesa
