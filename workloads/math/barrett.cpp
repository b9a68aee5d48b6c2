#include "workloads/math/barrett.hpp"

#include <algorithm>

namespace hesa {

static int bit_length(uint64_t x) {
  return 64 - __builtin_clzll(x);
}

Barrett::Barrett(uint64_t modulus) : q(modulus) {
  s = std::min(bit_length(modulus) + 31, 63);
  m = static_cast<uint64_t>((static_cast<unsigned __int128>(1) << s) / modulus);
}

}  // namespace hesa
