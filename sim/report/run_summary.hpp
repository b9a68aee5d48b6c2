// summary.md: a run's stats as Markdown tables (time, energy, area, utilization per unit, time
// breakdown by CROSS category and by kernel, energy per unit), built from the stats.json document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace hesa {

std::string summary_markdown(const nlohmann::ordered_json& stats);

}  // namespace hesa
