// Shared fixtures of the lowering tests: limits no test workload reaches, random limbs.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa::test {

// 1 GiB of VMEM and 64 GiB of HBM.
inline const LoweringLimits kRoomy{uint64_t{1} << 30, uint64_t{1} << 36};

// n residues mod q, uniformly random.
inline std::vector<uint32_t> random_limb(uint64_t n, uint64_t q, std::mt19937_64& rng) {
  std::vector<uint32_t> a(n);
  for (auto& x : a) x = static_cast<uint32_t>(rng() % q);
  return a;
}

}  // namespace hesa::test
