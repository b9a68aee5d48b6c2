#include "workloads/kernels/workload_config.hpp"

#include <fmt/format.h>

#include "workloads/math/modmath.hpp"

namespace hesa {

std::vector<uint64_t> ntt_roots(const WorkloadConfig& w) {
  if (!w.psi.empty()) return w.psi;
  std::vector<uint64_t> roots;
  for (uint64_t q : w.primes) roots.push_back(*smallest_primitive_2n_root(w.n, q));
  return roots;
}

std::string describe_workload(const WorkloadConfig& w, int mxu_count) {
  const char* name = kernel_name(w.kernel);
  switch (kernel_info(w.kernel).family) {
    case KernelFamily::kNtt:
      return fmt::format("{} N={} limbs={} batch={} reduction={} cores={}", name, w.n, w.limbs,
                         w.batch, name_of(w.mapping.reduction), name_of(w.mapping.core_split));
    case KernelFamily::kGemm:
      return fmt::format("{} {} x {} x {} {} on {} array(s) per core", name, w.gemm.m, w.gemm.n,
                         w.gemm.k, w.gemm.mode, mxu_count);
    case KernelFamily::kBatMatmul:
      return fmt::format("{} {} x {} x {} mod {}", name, w.bat_matmul.m, w.bat_matmul.n,
                         w.bat_matmul.k, w.bat_matmul.q);
    default:
      return name;
  }
}

}  // namespace hesa
