// A sweep's output folder as the record of its progress: sweep.json (the expanded points, written
// once) and journal/<index>.json (one file per finished point, each written atomically), so a
// killed sweep resumes with exactly the missing points and workers on many nodes never collide.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/sweep/sweep_spec.hpp"

namespace hesa {

struct PointResult {
  int64_t index = 0;
  bool ok = false;
  bool unbuildable = false;  // not ok because the run refused its config (exit 2)
  std::string message;       // not ok: why
  double cycles = 0, time_us = 0, energy_uj = 0, area_mm2 = 0;
  double util[5] = {0, 0, 0, 0, 0};  // kUnits order
  double wall_s = 0;                 // wall time of the point's process
  // From the run's stats.json (sweep_metrics): the unit that bounds the run and its share of
  // the elapsed time, and named numbers (op counts, time per category and kernel) in order.
  std::string bottleneck;
  double bottleneck_share = 0;
  std::vector<std::pair<std::string, double>> metrics;
};

// The status word of a finished point: ok, unbuildable or failed.
const char* point_status(const PointResult& r);

inline constexpr const char* kUnits[5] = {"mxu", "vpu", "dma", "hbm", "vmem"};

// Writes DIR/sweep.json, or checks that the one there describes the same sweep, input file
// digests included (else a ConfigError: the folder holds another sweep's results, or an input
// file changed since; the message names it).
void write_manifest(const Sweep& sweep, const std::string& dir);
// Reads DIR/sweep.json (ConfigError when it is missing or not a sweep manifest).
Sweep read_manifest(const std::string& dir);

// Journals a point with the digests of the sweep's input files it was run with.
void journal_point(const std::string& dir, const Sweep& sweep, const PointResult& result);
// Every journaled point run with the sweep's input files as they are recorded in `sweep`
// (temporary files of unfinished writes, and points run with other inputs, are left out).
std::map<int64_t, PointResult> read_journal(const std::string& dir, const Sweep& sweep);

}  // namespace hesa
