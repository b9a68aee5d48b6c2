// What a lowering must know of the chip it lowers for (the rest of the chip only sets time), and
// the error of a mapping or workload that cannot be lowered onto it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace hesa {

struct LoweringLimits {
  uint64_t vmem_bytes = 0;  // one TensorCore's VMEM
  uint64_t hbm_bytes = 0;
};

struct LoweringTarget {
  LoweringLimits limits;
  int tensorcores = 1;
  int mxu_count = 1;  // MXUs per TensorCore
  uint32_t mxu_cols = 128;
};

// An impossible mapping or workload; key() names the workload key at fault.
class LoweringError : public std::runtime_error {
 public:
  LoweringError(std::string key, const std::string& message)
      : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace hesa
