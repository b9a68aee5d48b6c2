// The Slurm backend of sweeps: the points still to run are split into chunks, one Slurm job-array
// task per chunk, each task a `hesa sweep --worker` journaling into the same folder (which must be
// on a file system the nodes share). `hesa sweep --collect` merges the journal into results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.hpp"

namespace hesa {

struct SlurmOptions {
  int64_t chunk = 0;                     // points per task (0: at most 100 tasks)
  bool wait = false;                     // sbatch --wait: block until the array has finished
  std::vector<std::string> sbatch_args;  // passed to sbatch as they are (e.g. --partition=x)
};

// Throws ConfigError when DIR's absolute path cannot be a Slurm job's working folder (a control
// character such as a newline, or a '%' or a backslash that Slurm
// interprets in log names). Called before anything is written.
void check_slurm_folder(const std::string& dir);

// Writes DIR/slurm/{chunks.txt,job.sh} and submits the array; returns the job id.
std::string submit_slurm(const Sweep& sweep, const std::string& dir,
                         const std::vector<int64_t>& todo, const SlurmOptions& options);

// The point indices of one array task (line `task` of DIR/slurm/chunks.txt).
std::vector<int64_t> slurm_task_points(const std::string& dir, int64_t task);

}  // namespace hesa
