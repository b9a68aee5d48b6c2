// A slice's part of a run's stats: per chip the busy time of its units, its HBM bytes and the
// bytes it sent over ICI; per directed link its bytes, busy time and utilization; the slice's
// area (chips x the chip's). Only runs on more than one chip have it.
#pragma once

#include "sim/config/run_config.hpp"
#include "sim/engine/chip.hpp"
#include "sim/stats/stats.hpp"

namespace hesa {

void add_slice_stats(StatsNode& root, const RunConfig& cfg, const Chip& chip, double time_ns,
                     double chip_area_mm2);

}  // namespace hesa
