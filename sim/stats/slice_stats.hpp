// A slice's part of a run's stats: per chip the busy time of its units, its HBM bytes, the bytes
// it sent over ICI and its energy; per directed link its bytes, busy time, utilization and energy;
// the slice's area (chips x the chip's). Only runs on more than one chip have it.
#pragma once

#include "sim/config/run_config.hpp"
#include "sim/engine/chip.hpp"
#include "sim/stats/stats.hpp"

namespace hesa {

// chip_energy: per chip, its blocks' energy (empty on one chip).
void add_slice_stats(StatsNode& root, const RunConfig& cfg, const Chip& chip, double time_ns,
                     double chip_area_mm2, const std::vector<double>& chip_energy);

}  // namespace hesa
