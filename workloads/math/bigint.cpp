#include "workloads/math/bigint.hpp"

#include <algorithm>

namespace hesa {

BigUint::BigUint(uint64_t v) {
  w_ = {static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
  trim();
}

void BigUint::trim() {
  while (!w_.empty() && w_.back() == 0) w_.pop_back();
}

BigUint& BigUint::mul_small(uint32_t m) {
  uint64_t carry = 0;
  for (auto& x : w_) {
    const uint64_t t = uint64_t{x} * m + carry;
    x = static_cast<uint32_t>(t);
    carry = t >> 32;
  }
  if (carry) w_.push_back(static_cast<uint32_t>(carry));
  trim();
  return *this;
}

BigUint& BigUint::add(const BigUint& o) {
  w_.resize(std::max(w_.size(), o.w_.size()) + 1, 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < w_.size(); ++i) {
    const uint64_t t = uint64_t{w_[i]} + (i < o.w_.size() ? o.w_[i] : 0) + carry;
    w_[i] = static_cast<uint32_t>(t);
    carry = t >> 32;
  }
  trim();
  return *this;
}

uint32_t BigUint::mod_small(uint32_t m) const {
  uint64_t r = 0;
  for (size_t i = w_.size(); i-- > 0;) r = ((r << 32) | w_[i]) % m;
  return static_cast<uint32_t>(r);
}

}  // namespace hesa
