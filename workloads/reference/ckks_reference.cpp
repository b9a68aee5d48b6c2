#include "workloads/reference/ckks_reference.hpp"

#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"

namespace hesa {

namespace {

class Ref {
 public:
  explicit Ref(const CkksParams& p) : p_(p) {}

  RefPoly ntt(const RefPoly& a, bool inverse) const {
    RefPoly out;
    for (const auto& [prime, limb] : a) {
      out[prime] = inverse ? intt_radix2(limb, p_.primes[prime], p_.psi[prime])
                           : ntt_radix2(limb, p_.primes[prime], p_.psi[prime]);
    }
    return out;
  }

  RefPoly bconv(const RefPoly& a, const std::vector<int>& to) const {
    std::vector<uint64_t> from_q, to_q;
    for (const auto& [prime, limb] : a) from_q.push_back(p_.primes[prime]);
    for (int t : to) to_q.push_back(p_.primes[t]);
    RefPoly out;
    for (int t : to) out[t].resize(p_.n);
    std::vector<uint32_t> column;
    for (uint64_t c = 0; c < p_.n; ++c) {
      column.clear();
      for (const auto& [prime, limb] : a) column.push_back(limb[c]);
      const auto conv = bconv_reference(column, from_q, to_q);
      for (size_t j = 0; j < to.size(); ++j) out[to[j]][c] = conv[j];
    }
    return out;
  }

  template <typename F>
  RefPoly map2(const RefPoly& a, const RefPoly& b, F f) const {
    RefPoly out;
    for (const auto& [prime, limb] : a) {
      const uint64_t q = p_.primes[prime];
      auto& o = out[prime];
      o.resize(p_.n);
      for (uint64_t c = 0; c < p_.n; ++c) o[c] = f(limb[c], b.at(prime)[c], q, prime, c);
    }
    return out;
  }
  RefPoly add(const RefPoly& a, const RefPoly& b) const {
    return map2(a, b,
                [](uint64_t x, uint64_t y, uint64_t q, int, uint64_t) { return (x + y) % q; });
  }
  RefPoly sub(const RefPoly& a, const RefPoly& b) const {
    return map2(a, b,
                [](uint64_t x, uint64_t y, uint64_t q, int, uint64_t) { return (x + q - y) % q; });
  }
  RefPoly mul(const RefPoly& a, const RefPoly& b) const {
    return map2(a, b,
                [](uint64_t x, uint64_t y, uint64_t q, int, uint64_t) { return mul_mod(x, y, q); });
  }
  RefPoly scale(const RefPoly& a, const std::map<int, uint64_t>& s) const {
    return map2(a, a, [&s](uint64_t x, uint64_t, uint64_t q, int prime, uint64_t) {
      return mul_mod(x, s.at(prime), q);
    });
  }
  static RefPoly pick(const RefPoly& a, int first, int count) {
    RefPoly out;
    for (int i = first; i < first + count; ++i) out[i] = a.at(i);
    return out;
  }

  std::vector<RefPoly> mod_up(const RefPoly& d, int level) const {
    std::vector<RefPoly> out;
    for (auto [first, count] : key_switch_digits(p_.limbs, p_.dnum, level, p_.digits)) {
      RefPoly digit = pick(d, first, count);
      std::vector<int> others;
      for (int q = 0; q < level; ++q)
        if (q < first || q >= first + count) others.push_back(q);
      for (int k = 0; k < p_.special; ++k) others.push_back(p_.limbs + k);
      RefPoly ext = ntt(bconv(ntt(digit, true), others), false);
      ext.insert(digit.begin(), digit.end());
      out.push_back(ext);
    }
    return out;
  }

  // Adds per limb (keyed like a) the scalar at that limb's position in `mod`.
  RefPoly add_scalars(const RefPoly& a, const std::vector<int>& mod,
                      const std::vector<uint64_t>& s) const {
    RefPoly out = a;
    for (size_t i = 0; i < mod.size(); ++i) {
      const uint64_t q = p_.primes[mod[i]];
      for (auto& x : out.at(mod[i])) x = static_cast<uint32_t>((x + s[i]) % q);
    }
    return out;
  }

  // round(x / P): (P - 1) / 2 added to the P part before the conversion, taken off after.
  RefPoly mod_down(const RefPoly& x, int level) const {
    std::vector<int> qs, ps;
    for (int q = 0; q < level; ++q) qs.push_back(q);
    for (int k = 0; k < p_.special; ++k) ps.push_back(p_.limbs + k);
    const RefPoly coef =
        add_scalars(ntt(pick(x, p_.limbs, p_.special), true), ps, rounding_half(p_, ps, ps, false));
    const RefPoly t = ntt(add_scalars(bconv(coef, qs), qs, rounding_half(p_, ps, qs, true)), false);
    std::map<int, uint64_t> p_inv;
    for (int q : qs) {
      uint64_t prod = 1;
      for (int k = 0; k < p_.special; ++k)
        prod = mul_mod(prod, p_.primes[p_.limbs + k], p_.primes[q]);
      p_inv[q] = inv_mod(prod, p_.primes[q]);
    }
    return scale(sub(pick(x, 0, level), t), p_inv);
  }

  std::pair<RefPoly, RefPoly> key_product(const std::vector<RefPoly>& ups, int level,
                                          int key) const {
    const auto digits = key_switch_digits(p_.limbs, p_.dnum, level, p_.digits);
    RefPoly acc[2];
    for (size_t j = 0; j < ups.size(); ++j) {
      // Named copies: clang before 16 does not capture structured bindings in a lambda.
      const int first = digits[j].first, count = digits[j].second;
      for (int poly = 0; poly < 2; ++poly) {
        const RefPoly prod =
            map2(ups[j], ups[j], [&](uint64_t x, uint64_t, uint64_t q, int prime, uint64_t c) {
              return mul_mod(x, evk_coeff(p_, key, first, count, poly, prime, c), q);
            });
        acc[poly] = j == 0 ? prod : add(acc[poly], prod);
      }
    }
    return {mod_down(acc[0], level), mod_down(acc[1], level)};
  }

  std::pair<RefPoly, RefPoly> key_switch(const RefPoly& d, int level) const {
    return key_product(mod_up(d, level), level, 0);
  }

  // X -> X^g on evaluations in bit-reversed order: out[t] = in[br((e(t) g mod 2n - 1) / 2)],
  // e(t) = 2 br(t) + 1 (the evaluation at psi^e(t) moves to psi^(e(t) g)).
  RefPoly automorphism(const RefPoly& a, uint32_t g) const {
    const int bits = log2_exact(p_.n);
    RefPoly out;
    for (const auto& [prime, limb] : a) {
      auto& o = out[prime];
      o.resize(p_.n);
      for (uint64_t t = 0; t < p_.n; ++t) {
        const uint64_t e = (2 * uint64_t{bit_reverse(t, bits)} + 1) * g % (2 * p_.n);
        o[t] = limb[bit_reverse((e - 1) / 2, bits)];
      }
    }
    return out;
  }

  std::vector<RefPoly> rotate(const RefPoly& a0, const RefPoly& a1, int level) const {
    std::vector<RefPoly> out;
    if (p_.rotations.size() == 1 && p_.automorphism == Automorphism::kAfterModDown) {
      const uint32_t g = rotation_galois(p_.rotations[0], p_.n);
      auto [k0, k1] =
          key_product(mod_up(a1, level), level, rotation_key(g, Automorphism::kAfterModDown, p_.n));
      return {automorphism(add(a0, k0), g), automorphism(k1, g)};
    }
    const std::vector<RefPoly> ups = mod_up(a1, level);
    for (size_t i = 0; i < p_.rotations.size(); ++i) {
      const uint32_t g = rotation_galois(p_.rotations[i], p_.n);
      std::vector<RefPoly> turned;
      for (const RefPoly& u : ups) turned.push_back(automorphism(u, g));
      auto [k0, k1] = key_product(turned, level, rotation_key(g, Automorphism::kHoisted, p_.n));
      out.push_back(add(automorphism(a0, g), k0));
      out.push_back(k1);
    }
    return out;
  }

  // round(x / q_last): (x - ([x + h]_{q_last} - h)) / q_last, h = (q_last - 1) / 2.
  RefPoly rescale(const RefPoly& x, int level) const {
    const uint64_t q_last = p_.primes[level - 1];
    const uint64_t h = (q_last - 1) / 2;
    std::vector<uint32_t> coef = intt_radix2(x.at(level - 1), q_last, p_.psi[level - 1]);
    for (auto& c : coef) c = static_cast<uint32_t>((c + h) % q_last);
    RefPoly lifted;
    std::map<int, uint64_t> inv;
    for (int q = 0; q < level - 1; ++q) {
      const uint64_t qi = p_.primes[q];
      std::vector<uint32_t> l(p_.n);
      for (uint64_t c = 0; c < p_.n; ++c)
        l[c] = static_cast<uint32_t>((coef[c] + qi - h % qi) % qi);
      lifted[q] = ntt_radix2(l, p_.primes[q], p_.psi[q]);
      inv[q] = inv_mod(q_last % p_.primes[q], p_.primes[q]);
    }
    return scale(sub(pick(x, 0, level - 1), lifted), inv);
  }

 private:
  const CkksParams& p_;
};

}  // namespace

std::vector<RefPoly> ckks_reference(const CkksParams& p,
                                    const std::vector<std::vector<RefPoly>>& in) {
  const Ref r(p);
  const int level = p.limbs;
  if (p.kernel == "mod_up") return r.mod_up(in[0][0], level);
  if (p.kernel == "mod_down") return {r.mod_down(in[0][0], level)};
  if (p.kernel == "key_switch") {
    auto [k0, k1] = r.key_switch(in[0][0], level);
    return {k0, k1};
  }
  if (p.kernel == "rescale") return {r.rescale(in[0][0], level)};
  if (p.kernel == "he_rotate") return r.rotate(in[0][0], in[0][1], level);
  RefPoly a0 = in[0][0], a1 = in[0][1], b0 = in[1][0], b1 = in[1][1];
  const bool before = p.rescale == RescaleOrder::kBefore;
  if (before) {
    a0 = r.rescale(a0, level), a1 = r.rescale(a1, level);
    b0 = r.rescale(b0, level), b1 = r.rescale(b1, level);
  }
  const RefPoly d0 = r.mul(a0, b0), d1 = r.add(r.mul(a0, b1), r.mul(a1, b0)), d2 = r.mul(a1, b1);
  auto [k0, k1] = r.key_switch(d2, before ? level - 1 : level);
  if (before) return {r.add(d0, k0), r.add(d1, k1)};
  return {r.rescale(r.add(d0, k0), level), r.rescale(r.add(d1, k1), level)};
}

}  // namespace hesa
