// The workload schema: a workload file's keys (the scheme, the kernel from the registry, the
// sections only some kernels read, the mapping knobs as enums), their ranges and consistency
// (primes, roots, levels), read strictly into a WorkloadConfig.
#pragma once

#include <string>
#include <vector>

#include "config/yaml_node.hpp"
#include "workloads/kernels/workload_config.hpp"

namespace hesa {

const std::vector<std::string>& workload_keys();
WorkloadConfig read_workload(const Node& root);

}  // namespace hesa
