// What a lowering must know of the chip it lowers for (the rest of the chip only sets time), and
// the error of a mapping or workload that cannot be lowered onto it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hesa {

// A workload whose trace would pass this many instructions is refused before it is lowered (an
// estimate) or while it is (hesa run --max-instructions): about 300 bytes and 7 us of simulation
// per instruction, so the default bounds a run to a few GB and about a minute.
inline constexpr uint64_t kDefaultMaxInstructions = 10'000'000;

struct LoweringLimits {
  uint64_t vmem_bytes = 0;  // one TensorCore's VMEM
  uint64_t hbm_bytes = 0;
  uint64_t max_instructions = 0;  // 0: no bound
};

inline std::string too_many_instructions_message(uint64_t limit) {
  return "the workload lowers to more than " + std::to_string(limit) +
         " instructions (raise the bound with --max-instructions)";
}

struct LoweringTarget {
  LoweringLimits limits;
  int tensorcores = 1;
  int mxu_count = 1;  // MXUs per TensorCore
  uint32_t mxu_cols = 128;
  uint32_t vreg_rows = 8;  // rows of a u32 vector-register tile: vpu.sublanes
  int chips = 1;           // a slice's chips, each with the TensorCores above
  std::vector<int> ring;   // the chips in the order of a ring of neighbours (empty: 0, 1, ...)
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
