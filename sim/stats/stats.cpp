#include "sim/stats/stats.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hesa {

nlohmann::ordered_json json_number(double v) {
  const double t = tidy(v);
  if (std::isfinite(t) && t == std::floor(t) && std::fabs(t) < 9e15) {
    return static_cast<int64_t>(t);
  }
  return t;
}

StatsNode& StatsNode::child(const std::string& name) {
  for (auto& e : entries_) {
    if (e.name == name && e.node) return *e.node;
  }
  entries_.push_back(Entry{name, std::make_unique<StatsNode>(), {}});
  return *entries_.back().node;
}

void StatsNode::set(const std::string& name, double value, const std::string& unit,
                    const std::string& desc) {
  entries_.push_back(Entry{name, nullptr, Leaf{name, tidy(value), unit, desc}});
}

nlohmann::ordered_json StatsNode::to_json() const {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& e : entries_) {
    if (e.node) {
      j[e.name] = e.node->to_json();
    } else {
      j[e.name] = {
          {"value", json_number(e.leaf.value)}, {"unit", e.leaf.unit}, {"desc", e.leaf.desc}};
    }
  }
  return j;
}

void StatsNode::to_csv(std::string& out, const std::string& prefix) const {
  for (const auto& e : entries_) {
    const std::string path = prefix.empty() ? e.name : prefix + "." + e.name;
    if (e.node) {
      e.node->to_csv(out, path);
    } else {
      out += fmt::format("{},{},{}\n", path, format_number(e.leaf.value), e.leaf.unit);
    }
  }
}

}  // namespace hesa
