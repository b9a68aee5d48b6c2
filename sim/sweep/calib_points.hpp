// Calibration points (measured latencies of a workload under overrides) and the machinery that
// simulates a list of points, each in its own `hesa run` process (SystemC elaborates once per
// process), through the sweep runner. Assumes the measured CSV is `reduction,batch,latency_us`.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep_journal.hpp"

namespace hesa {

struct CalibPoint {
  std::string reduction;
  int batch = 1;
  double measured_us = 0;
};

// configs/calibration/<name>.yaml: which chip and workload template the measurements belong to,
// the CSV of measurements and the tolerated drift of the calibrated model.
struct CalibSpec {
  std::string file;
  std::string chip;          // absolute path
  std::string workload;      // absolute path
  std::string csv;           // absolute path
  double tolerance_rms = 0;  // largest allowed root-mean-square relative error
  double tolerance_max = 0;  // largest allowed |relative error| of any one point
  std::vector<CalibPoint> points;
};

// Reads a calibration file and its CSV strictly (ConfigError "file:line:col: key: message").
CalibSpec load_calib_spec(const std::string& file);

// Simulates chip + workload once per entry of `sets` (each a list of "path=value"), `jobs` at a
// time, each in its own process; results in the order of `sets`.
std::vector<PointResult> simulate_points(const std::string& chip, const std::string& workload,
                                         const std::vector<std::vector<std::string>>& sets,
                                         int jobs);

// The overrides of a calibration point: mapping.reduction and batch.
std::vector<std::string> point_sets(const CalibPoint& p);

struct CalibError {
  double rms = 0, max_abs = 0;  // relative errors
};

// Relative error (simulated - measured) / measured per point, with their RMS and max.
CalibError calib_error(const std::vector<CalibPoint>& points,
                       const std::vector<PointResult>& results, std::vector<double>* per_point);

}  // namespace hesa

namespace hesa {

// The per-point table: reduction,batch,measured_us,simulated_us,error_pct (CSV).
std::string calib_table(const std::vector<CalibPoint>& points,
                        const std::vector<PointResult>& results);

}  // namespace hesa
