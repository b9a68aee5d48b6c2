// Text files of limbs for functional runs: one limb per line, coefficients space-separated.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "workloads/kernels/workload_config.hpp"

namespace hesa {

// The largest limb file read_limbs takes for `w` (every coefficient with room to spare).
uint64_t max_limb_file_bytes(const WorkloadConfig& w);

// Reads batch x limbs lines (item-major) of n coefficients, each below its limb's prime, from a
// regular file of at most max_limb_file_bytes (FIFOs and devices are refused unread).
// Throws ConfigError "<file>:<line>[:<col>]: item I limb L: <message>" on any problem.
std::vector<std::vector<uint32_t>> read_limbs(const std::string& path, const WorkloadConfig& w);
// The same from a stream; `name` stands for the file in messages.
std::vector<std::vector<uint32_t>> parse_limbs(std::istream& in, const std::string& name,
                                               const WorkloadConfig& w);
std::string format_limbs(const std::vector<std::vector<uint32_t>>& limbs);

}  // namespace hesa
