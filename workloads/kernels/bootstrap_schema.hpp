// The workload's bootstrap: section, read only by kernel bootstrap: its keys and ranges and their
// checks against the scheme (slots up to n / 2, level budgets up to log2(slots), the levels
// bootstrapping consumes within the limbs ModRaise reaches). Every key is optional; the defaults
// live in BootstrapParams (workloads/lowering/bootstrap_schedule.hpp).
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"
#include "workloads/kernels/workload_config.hpp"

namespace hesa {

// Reads `bootstrap` of the workload map `root` (absent: the defaults) into w.bootstrap; the
// scheme (n, limbs) is already read.
void read_bootstrap(const ConfigReader& root, WorkloadConfig& w);

}  // namespace hesa
