#include "workloads/kernels/sequence_operations.hpp"

#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

std::vector<std::pair<std::string, double>> sequence_operations(const WorkloadConfig& w) {
  std::vector<std::pair<std::string, double>> totals;
  const auto add = [&](const std::string& key, double n) {
    for (auto& [k, v] : totals) {
      if (k == key) {
        v += n;
        return;
      }
    }
    totals.emplace_back(key, n);
  };
  for (const SequenceStepConfig& step : w.sequence) {
    add(kernel_name(step.kernel), step.count);
    if (step.kernel == Kernel::kHeRotate) {
      add("rotations", double(step.count) * double(step.rotations.size()));
    }
  }
  return totals;
}

}  // namespace hesa
