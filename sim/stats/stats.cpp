#include "sim/stats/stats.hpp"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

namespace hesa {

nlohmann::ordered_json json_number(double v) {
  const double t = tidy(v);
  if (std::isfinite(t) && t == std::floor(t) && std::fabs(t) < 9e15) {
    return static_cast<int64_t>(t);
  }
  return t;
}

StatsNode& StatsNode::child(const std::string& name) {
  if (auto it = children_.find(name); it != children_.end()) return *entries_[it->second].node;
  children_.emplace(name, entries_.size());
  entries_.push_back(Entry{name, std::make_unique<StatsNode>(), {}});
  return *entries_.back().node;
}

void StatsNode::set(const std::string& name, double value, const std::string& unit,
                    const std::string& desc) {
  entries_.push_back(Entry{name, nullptr, Leaf{name, tidy(value), unit, desc}});
}

nlohmann::ordered_json StatsNode::to_json() const {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  // ordered_json looks keys up linearly: names seen once are appended directly (linear time for
  // a node of many entries, say one per tag); a name set again replaces its value as before.
  auto& object = j.get_ref<nlohmann::ordered_json::object_t&>();
  std::unordered_map<std::string, std::size_t> at;
  for (const auto& e : entries_) {
    nlohmann::ordered_json value =
        e.node ? e.node->to_json()
               : nlohmann::ordered_json{{"value", json_number(e.leaf.value)},
                                        {"unit", e.leaf.unit},
                                        {"desc", e.leaf.desc}};
    if (auto it = at.find(e.name); it != at.end()) {
      (object.begin() + static_cast<std::ptrdiff_t>(it->second))->second = std::move(value);
    } else {
      at.emplace(e.name, object.size());
      object.emplace_back(e.name, std::move(value));
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
