// Barrett reduction as the VPU runs it on u32 lanes: the constant m fits a u32 lane, inputs up to
// 2^s bits with s = bits(q) + 31, at most two conditional subtractions at the end.
#pragma once

#include <cstdint>

namespace hesa {

struct Barrett {
  explicit Barrett(uint64_t modulus);
  uint64_t q;
  int s;       // input bound exponent: inputs must be < 2^s
  uint64_t m;  // floor(2^s / q) < 2^32
  uint64_t input_limit() const { return s >= 64 ? ~uint64_t{0} : (uint64_t{1} << s) - 1; }
  uint32_t reduce(uint64_t z) const {
    const uint64_t z1 = z & 0xffffffffu, z2 = z >> 32;
    const uint64_t t = (((z1 * m) >> 32) + z2 * m) >> (s - 32);
    uint64_t r = z - t * q;  // in [0, 3q)
    if (r >= q) r -= q;
    if (r >= q) r -= q;
    return static_cast<uint32_t>(r);
  }
};

}  // namespace hesa
