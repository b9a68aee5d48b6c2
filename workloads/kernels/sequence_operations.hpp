// The operations a sequence (an application) states, by kernel: how many steps of each kernel
// its `sequence` lists (counts summed; a bootstrap counted once, not its own steps), and the
// slot rotations of its he_rotate steps. What an application's cited operation counts are
// compared with (stats.workload.operations, tests/workloads/application_test.cpp). Plain C++.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "workloads/kernels/workload_config.hpp"

namespace hesa {

// (kernel name or "rotations", count), in order of first appearance.
std::vector<std::pair<std::string, double>> sequence_operations(const WorkloadConfig& workload);

}  // namespace hesa
