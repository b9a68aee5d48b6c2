// summary.md: a run's stats as Markdown tables (time, energy, area, the bottleneck of the run and
// of each kernel, utilization per unit, time breakdown by CROSS category and by kernel, energy
// per unit), built from the stats.json document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace hesa {

std::string summary_markdown(const nlohmann::ordered_json& stats);
// "VPU, 87 % of elapsed (HBM next, 10 %)" from a stats.json bottleneck entry ({unit, share,
// next, next_share}); `of` names what the shares are of.
std::string bottleneck_text(const nlohmann::ordered_json& bottleneck, const std::string& of);

}  // namespace hesa
