// Validated workload description: CKKS scheme parameters, the kernel to run and its mapping.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hesa {

struct MappingConfig {
  std::string reduction = "barrett";  // modular reduction on the VPU
  std::string ntt = "mat";            // NTT algorithm: mat (3-step matmuls, CROSS) | radix2 (VPU)
  uint32_t layout_rows = 0;           // NTT layout R (0 = chosen by default)
  uint32_t layout_cols = 0;           // NTT layout C (0 = chosen by default)
  int prefetch_depth = 2;             // limbs whose constants are in flight at once
};

struct WorkloadConfig {
  std::string name;
  std::string kernel = "ntt";  // ntt | intt
  uint64_t n = 0;              // ring degree (power of two)
  int limbs = 1;               // L: primes of the ciphertext modulus Q
  int special_limbs = 0;       // K: special primes P (key switching; BConv's target)
  int dnum = 1;                // key-switching digits
  int prime_bits = 28;
  std::vector<uint64_t> primes;  // explicit primes (empty: generated)
  std::vector<uint64_t> psi;     // explicit 2N-th roots per prime (empty: smallest)
  int batch = 1;
  MappingConfig mapping;
};

}  // namespace hesa
