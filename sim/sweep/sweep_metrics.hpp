// What a sweep keeps of a point's stats.json besides its summary, for results.csv: the bottleneck
// (unit and share of the elapsed time), op counts (limb NTTs and INTTs, int8 MACs, VPU ops, HBM
// bytes), busy time and profile share per CROSS category, active time per kernel. Names are the
// results.csv columns; a point's stats.json of an earlier layout gives what it has.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/sweep/sweep_journal.hpp"

namespace hesa {

void read_point_metrics(const nlohmann::ordered_json& stats, PointResult& result);

}  // namespace hesa
