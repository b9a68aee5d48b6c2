// A minimal unsigned big integer (little-endian 32-bit words) for exact CRT references.
#pragma once

#include <cstdint>
#include <vector>

namespace hesa {

class BigUint {
 public:
  explicit BigUint(uint64_t v = 0);
  BigUint& mul_small(uint32_t m);
  BigUint& add(const BigUint& o);
  uint32_t mod_small(uint32_t m) const;
  bool operator==(const BigUint& o) const = default;

 private:
  void trim();
  std::vector<uint32_t> w_;
};

}  // namespace hesa
