#include "workloads/lowering/ckks_kernels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <string>

#include "workloads/math/modmath.hpp"

namespace hesa {

namespace {

std::vector<int> range(int first, int count) {
  std::vector<int> v(count);
  std::iota(v.begin(), v.end(), first);
  return v;
}

}  // namespace

std::vector<int> CkksKernels::q_primes(int level) const {
  return range(0, level);
}

std::vector<int> CkksKernels::p_primes() const {
  return range(p_.limbs, p_.special);
}

std::vector<std::pair<int, int>> CkksKernels::digits(int level) const {
  return key_switch_digits(p_.limbs, p_.dnum, level, p_.digits);
}

Poly CkksKernels::take(const Poly& a, const std::string& kernel) {
  return p_.limb_take == LimbTake::kCopy ? e_.copy(a, kernel + "/permute_limbs") : a;
}

Poly CkksKernels::restore(const Poly& a) {
  if (p_.limb_take != LimbTake::kCopy) return a;
  Poly sorted;
  std::vector<size_t> order(a.primes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return a.primes[x] < a.primes[y]; });
  for (size_t i : order) {
    sorted.primes.push_back(a.primes[i]);
    sorted.bufs.push_back(a.bufs[i]);
  }
  return e_.copy(sorted, "mod_up/permute_limbs");
}

std::vector<Poly> CkksKernels::mod_up(const Poly& d, int level) {
  std::vector<Poly> out;
  for (auto [first, count] : digits(level)) {
    const Poly digit = e_.sub_poly(d, first, count);
    std::vector<int> others;
    for (int q = 0; q < level; ++q)
      if (q < first || q >= first + count) others.push_back(q);
    for (int pr : p_primes()) others.push_back(pr);
    const Poly coef = e_.ntt(take(digit, "mod_up"), true, "mod_up");
    const Poly ext = e_.ntt(e_.bconv(coef, others, "mod_up"), false, "mod_up");
    out.push_back(restore(e_.concat(take(digit, "mod_up"), ext)));
  }
  return out;
}

// The P part plus (P - 1) / 2 converted to Q_l, less (P - 1) / 2 there, is subtracted before the
// division.
Poly CkksKernels::mod_down(const Poly& x, int level) {
  const Poly xq = e_.sub_poly(x, 0, level), xp = e_.sub_poly(x, level, p_.special);
  const std::vector<int> qs = q_primes(level);
  const Poly half =
      e_.add_scalars(e_.ntt(xp, true, "mod_down"), rounding_half(p_, p_primes(), p_primes(), false),
                     "mod_down/modadd");
  const Poly t = e_.ntt(e_.add_scalars(e_.bconv(half, qs, "mod_down"),
                                       rounding_half(p_, p_primes(), qs, true), "mod_down/modadd"),
                        false, "mod_down");
  std::vector<uint64_t> p_inv;
  for (int q = 0; q < level; ++q) {
    const uint64_t qi = p_.primes[q];
    uint64_t prod = 1;
    for (int pr : p_primes()) prod = mul_mod(prod, p_.primes[pr] % qi, qi);
    p_inv.push_back(inv_mod(prod, qi));
  }
  return e_.mul_scalars(e_.sub(xq, t, "mod_down/modsub"), p_inv, "mod_down/modmul");
}

std::pair<Poly, Poly> CkksKernels::key_product_ext(const std::vector<Poly>& ups, int level,
                                                   int key) {
  const std::vector<std::pair<int, int>> ds = digits(level);
  Poly acc[2];
  for (int poly = 0; poly < 2; ++poly) {
    std::vector<std::string> names;
    std::vector<std::function<uint32_t(int, uint64_t)>> values;
    for (const auto& d : ds) {
      // Named copies: clang before 16 does not capture structured bindings in a lambda.
      const int first = d.first, count = d.second;
      names.push_back(fmt::format("evk{}.{}.{}.{}", key, first, count, poly));
      values.push_back([this, first, count, poly, key](int prime, uint64_t k) {
        return evk_coeff(p_, key, first, count, poly, prime, k);
      });
    }
    acc[poly] = e_.sum_of_products(ups, names, values, "key_switch/modmul");
  }
  return {acc[0], acc[1]};
}

std::pair<Poly, Poly> CkksKernels::key_product(const std::vector<Poly>& ups, int level, int key) {
  const auto [k0, k1] = key_product_ext(ups, level, key);
  return {mod_down(k0, level), mod_down(k1, level)};
}

std::pair<Poly, Poly> CkksKernels::key_switch(const Poly& d, int level) {
  return key_product(mod_up(d, level), level, 0);
}

std::vector<std::pair<Poly, Poly>> CkksKernels::rotate(const Poly& a0, const Poly& a1, int level,
                                                       const std::vector<uint32_t>& galois) {
  std::vector<std::pair<Poly, Poly>> out;
  if (galois.size() == 1 && p_.automorphism == Automorphism::kAfterModDown) {
    const uint32_t g = galois[0];
    auto [k0, k1] =
        key_product(mod_up(a1, level), level, rotation_key(g, Automorphism::kAfterModDown, p_.n));
    const Poly c0 = e_.add(a0, k0, "he_rotate/modadd");
    out.push_back({e_.permute(c0, g, "he_rotate/permute"), e_.permute(k1, g, "he_rotate/permute")});
    return out;
  }
  const std::vector<Poly> ups = mod_up(a1, level);
  for (uint32_t g : galois) {
    std::vector<Poly> turned;
    for (const Poly& u : ups) turned.push_back(e_.permute(u, g, "he_rotate/permute"));
    auto [k0, k1] = key_product(turned, level, rotation_key(g, Automorphism::kHoisted, p_.n));
    out.push_back({e_.add(e_.permute(a0, g, "he_rotate/permute"), k0, "he_rotate/modadd"), k1});
  }
  return out;
}

// (x - ([x + h]_{q_last} - h)) / q_last with h = (q_last - 1) / 2.
Poly CkksKernels::rescale(const Poly& x, int level) {
  const Poly last = e_.sub_poly(x, level - 1, 1);
  const std::vector<int> last_prime = {level - 1};
  const Poly coef =
      e_.add_scalars(e_.ntt(last, true, "rescale"),
                     rounding_half(p_, last_prime, last_prime, false), "rescale/modadd");
  const Poly lifted =
      e_.ntt(e_.lift(coef, q_primes(level - 1),
                     rounding_half(p_, last_prime, q_primes(level - 1), false), "rescale/reduce"),
             false, "rescale");
  std::vector<uint64_t> inv;
  const uint64_t q_last = p_.primes[level - 1];
  for (int q = 0; q < level - 1; ++q) inv.push_back(inv_mod(q_last % p_.primes[q], p_.primes[q]));
  return e_.mul_scalars(e_.sub(e_.sub_poly(x, 0, level - 1), lifted, "rescale/modsub"), inv,
                        "rescale/modmul");
}

std::pair<Poly, Poly> CkksKernels::mod_raise(const Poly& a0, const Poly& a1, int level) {
  Poly out[2];
  const Poly* in[2] = {&a0, &a1};
  for (int poly = 0; poly < 2; ++poly) {
    const Poly first = e_.sub_poly(*in[poly], 0, 1);
    const Poly coef = e_.ntt(first, true, "mod_raise");
    const Poly raised =
        e_.ntt(e_.lift(coef, range(1, level - 1), {}, "mod_raise/reduce"), false, "mod_raise");
    out[poly] = e_.concat(first, raised);
  }
  return {out[0], out[1]};
}

Poly CkksKernels::times_p(const Poly& x, const std::string& tag) {
  std::vector<uint64_t> p_mod;
  for (int q : x.primes) {
    const uint64_t qi = p_.primes[q];
    uint64_t prod = 1;
    for (int pr : p_primes()) prod = mul_mod(prod, p_.primes[pr] % qi, qi);
    p_mod.push_back(prod);
  }
  return e_.mul_scalars(x, p_mod, tag);
}

Poly CkksKernels::with_zero_p(const Poly& q_part) {
  return e_.concat(q_part, e_.alloc("zero", p_primes()));
}

std::pair<Poly, Poly> CkksKernels::fast_rotation_ext(const Poly* c0, const std::vector<Poly>& ups,
                                                     int level, uint32_t g) {
  auto [k0, k1] = key_product_ext(ups, level, rotation_key(g, Automorphism::kAfterModDown, p_.n));
  if (c0) {
    const Poly q0 = e_.add(e_.sub_poly(k0, 0, level), times_p(*c0, "linear_transform/modmul"),
                           "linear_transform/modadd");
    k0 = e_.concat(q0, e_.sub_poly(k0, level, p_.special));
  }
  return {e_.permute(k0, g, "linear_transform/permute"),
          e_.permute(k1, g, "linear_transform/permute")};
}

std::pair<Poly, Poly> CkksKernels::linear_transform(const Poly& c0, const Poly& c1, int level,
                                                    const std::vector<int>& baby,
                                                    const std::vector<int>& giant, int diagonals) {
  const int id =
      transforms_
          .emplace(std::tuple{level, baby, giant, diagonals}, static_cast<int>(transforms_.size()))
          .first->second;
  const auto galois = [&](int r) { return rotation_galois(r, p_.n); };
  // Baby steps, hoisted: one ModUp of c1; rotation 0 is the ciphertext lifted to Q P.
  const std::vector<Poly> ups = mod_up(c1, level);
  std::vector<std::pair<Poly, Poly>> rotated;
  for (int r : baby) {
    rotated.push_back(r != 0 ? fast_rotation_ext(&c0, ups, level, galois(r))
                             : std::pair{with_zero_p(times_p(c0, "linear_transform/modmul")),
                                         with_zero_p(times_p(c1, "linear_transform/modmul"))});
  }
  // Giant steps: the plaintext products of each group summed over Q P; the first group's first
  // polynomial and every later group ModDown'ed, the later groups rotated (ModUp, key product,
  // permutation) into the outer sum.
  const auto add = [&](const Poly& a, const Poly& b) {
    return e_.add(a, b, "linear_transform/modadd");
  };
  Poly first, outer[2];
  const int per = static_cast<int>(baby.size());
  for (size_t i = 0; i < giant.size(); ++i) {
    Poly inner[2];
    for (int j = 0; j < per && int(i) * per + j < diagonals; ++j) {
      const int d = static_cast<int>(i) * per + j;
      for (int poly = 0; poly < 2; ++poly) {
        const Poly& x = poly == 0 ? rotated[j].first : rotated[j].second;
        const Poly prod = e_.mul_constant(
            x, fmt::format("lt{}.{}", id, d),
            [this, d, id](int prime, uint64_t k) {
              return evk_value(d, 0, 2, prime, k, p_.primes[prime], -1 - id);
            },
            "linear_transform/modmul");
        inner[poly] = j == 0 ? prod : add(inner[poly], prod);
      }
    }
    if (i == 0) {
      first = mod_down(inner[0], level);
      outer[0] = with_zero_p(e_.alloc("zero", q_primes(level)));
      outer[1] = inner[1];
    } else if (giant[i] != 0) {
      const uint32_t g = galois(giant[i]);
      const Poly d0 = mod_down(inner[0], level), d1 = mod_down(inner[1], level);
      first = add(first, e_.permute(d0, g, "linear_transform/permute"));
      const auto [k0, k1] = fast_rotation_ext(nullptr, mod_up(d1, level), level, g);
      outer[0] = add(outer[0], k0);
      outer[1] = add(outer[1], k1);
    } else {
      first = add(first, mod_down(inner[0], level));
      outer[0] = add(outer[0], with_zero_p(e_.alloc("zero", q_primes(level))));
      outer[1] = add(outer[1], inner[1]);
    }
  }
  return {add(mod_down(outer[0], level), first), mod_down(outer[1], level)};
}

}  // namespace hesa
