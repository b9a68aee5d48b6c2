#include "sim/config/chip_calibration.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hesa {

namespace {

// The chip sections whose keys belong to a group.
std::vector<std::string> sections_of(const std::string& group) {
  if (group == "vmem") return {"vmem", "cmem"};
  return {group};
}

// The first node under `node` placed by a --set override, or null.
const Node* overridden(const Node& node) {
  if (node.loc.file.rfind("--set ", 0) == 0) return &node;
  for (const MapEntry& e : node.entries) {
    if (const Node* n = overridden(e.value)) return n;
  }
  for (const Node& item : node.items) {
    if (const Node* n = overridden(item)) return n;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& calibration_groups() {
  static const std::vector<std::string> groups = {"mxu", "vpu", "vmem", "hbm", "dma", "xlu"};
  return groups;
}

const std::vector<std::string>& calibration_states() {
  static const std::vector<std::string> states = {"measured", "published", "calibrated", "assumed"};
  return states;
}

std::vector<ParamSource> read_calibration(const ConfigReader& chip) {
  std::vector<ParamSource> out;
  for (const std::string& g : calibration_groups()) {
    out.push_back({g, "assumed", "not described in the chip file"});
  }
  if (!chip.find("calibration")) return out;
  const ConfigReader section = chip.child("calibration", calibration_groups());
  for (ParamSource& p : out) {
    if (!section.find(p.group)) continue;
    const ConfigReader entry = section.child(p.group, {"state", "basis"});
    p.state = entry.get_choice("state", calibration_states());
    p.basis = entry.get_string("basis");
  }
  return out;
}

std::vector<ParamSource> effective_calibration(const std::vector<ParamSource>& declared,
                                               const Node* chip_tree) {
  std::vector<ParamSource> out = declared;
  if (!chip_tree) return out;
  for (ParamSource& p : out) {
    for (const std::string& section : sections_of(p.group)) {
      const Node* node = chip_tree->find(section);
      const Node* set = node ? overridden(*node) : nullptr;
      if (!set) continue;
      p.basis = fmt::format("set by {} (the chip file's: {}, {})", set->loc.file, p.state, p.basis);
      p.state = "assumed";
      break;
    }
  }
  return out;
}

std::string groups_in_state(const std::vector<ParamSource>& groups, const std::string& state) {
  std::string out;
  for (const ParamSource& p : groups) {
    if (p.state == state) out += (out.empty() ? "" : ", ") + p.group;
  }
  return out;
}

}  // namespace hesa
