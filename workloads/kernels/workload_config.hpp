// Validated workload description: CKKS scheme parameters, the kernel to run (one of the registry,
// workloads/kernels/kernel_registry.hpp) and its mapping (workloads/mapping/mapping.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/kernels/kernel_registry.hpp"
#include "workloads/lowering/bootstrap_schedule.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

// kernel gemm: one matmul on the MXUs (resident in VMEM when it fits, else tiled through HBM),
// for microbenchmarks.
struct GemmConfig {
  uint32_t m = 0, n = 0, k = 0;  // dst (m x n) = a (m x k) * b (k x n), b held as weights
  std::string mode = "int8";     // int8 | bf16
};

// kernel bat_matmul: C = A * B mod q for u32 matrices with B a known constant (CROSS's BAT
// matmul benchmark), lowered like the NTT's matmuls.
struct BatMatmulConfig {
  uint32_t m = 0, n = 0, k = 0;
  uint64_t q = 0;  // modulus (prime < 2^31); 0: the largest 28-bit prime
};

// One step of a `sequence` workload: `count` instances of a kernel at a level, optionally in a
// named phase (its time and counts then also show under stats.breakdown.phase.<phase>).
struct SequenceStepConfig {
  Kernel kernel = Kernel::kHeAdd;
  int level = 1;
  int count = 1;
  std::vector<int> rotations = {1};
  std::string phase;
};

struct WorkloadConfig {
  std::string name;
  Kernel kernel = Kernel::kNtt;
  uint64_t n = 0;         // ring degree (power of two)
  int limbs = 1;          // L: primes of the ciphertext modulus Q
  int special_limbs = 0;  // K: special primes P (key switching; BConv's target)
  int dnum = 1;           // key-switching digits
  int prime_bits = 28;
  std::vector<uint64_t> primes;  // explicit primes (empty: generated)
  std::vector<uint64_t> psi;     // explicit 2N-th roots per prime (empty: smallest, ntt_roots)
  int batch = 1;
  std::vector<int> rotations = {1};          // he_rotate: slot rotations (hoisted)
  std::vector<SequenceStepConfig> sequence;  // kernel sequence: the steps in order
  BootstrapParams bootstrap;                 // kernel bootstrap: its schedule's parameters
  MappingConfig mapping;
  GemmConfig gemm;
  BatMatmulConfig bat_matmul;
};

// The primitive 2N-th root of every prime: the explicit scheme.psi, else the smallest one. Only a
// run on real numbers needs them (the constants of the NTTs, the references); the search costs
// O(N) per prime, so timing runs never make it (their traces do not depend on the roots).
std::vector<uint64_t> ntt_roots(const WorkloadConfig& workload);

// One line naming the kernel and what it runs on (e.g. "ntt N=65536 limbs=51 batch=1
// reduction=barrett cores=none"); `mxu_count`: MXUs per core, for a gemm spread over all.
std::string describe_workload(const WorkloadConfig& workload, int mxu_count);

}  // namespace hesa
