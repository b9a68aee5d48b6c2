#include "workloads/ckks_lowering.hpp"

#include <fmt/format.h>

#include <numeric>

#include "workloads/modmath.hpp"
#include "workloads/poly_emitter.hpp"

namespace hesa {

bool is_ckks_kernel(const std::string& k) {
  return k == "mod_up" || k == "mod_down" || k == "key_switch" || k == "rescale" ||
         k == "he_mult" || k == "he_rotate";
}

std::vector<std::pair<int, int>> key_switch_digits(int limbs, int dnum, int level) {
  const int alpha = (limbs + dnum - 1) / dnum;
  std::vector<std::pair<int, int>> digits;
  for (int first = 0; first < level; first += alpha) {
    digits.push_back({first, std::min(alpha, level - first)});
  }
  return digits;
}

uint32_t rotation_galois(int steps, uint64_t n) {
  const int64_t order = static_cast<int64_t>(n / 2);  // 5 generates a subgroup of order n/2
  const uint64_t e = static_cast<uint64_t>(((steps % order) + order) % order);
  return static_cast<uint32_t>(pow_mod(5, e, 2 * n));
}

uint32_t evk_value(int digit, int poly, int prime, uint64_t coeff, uint64_t q, int key) {
  uint64_t x = (uint64_t(key) << 56) ^ (uint64_t(digit) << 48) ^ (uint64_t(poly) << 40) ^
               (uint64_t(prime) << 32) ^ coeff;
  x += 0x9e3779b97f4a7c15ull;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x % q);
}

namespace {

std::vector<int> range(int first, int count) {
  std::vector<int> v(count);
  std::iota(v.begin(), v.end(), first);
  return v;
}

class Kernels {
 public:
  Kernels(PolyEmitter& e, const CkksParams& p) : e_(e), p_(p) {}

  // Q primes of level `level` (the first `level` limbs).
  std::vector<int> q_primes(int level) const { return range(0, level); }
  std::vector<int> p_primes() const { return range(p_.limbs, p_.special); }

  // Each digit of d (eval form, Q_l) extended to Q_l + P (eval form).
  std::vector<Poly> mod_up(const Poly& d, int level) {
    std::vector<Poly> out;
    for (auto [first, count] : key_switch_digits(p_.limbs, p_.dnum, level)) {
      const Poly digit = e_.sub_poly(d, first, count);
      std::vector<int> others;
      for (int q = 0; q < level; ++q)
        if (q < first || q >= first + count) others.push_back(q);
      for (int pr : p_primes()) others.push_back(pr);
      const Poly coef = e_.ntt(digit, true, "mod_up");
      const Poly ext = e_.ntt(e_.bconv(coef, others, "mod_up"), false, "mod_up");
      out.push_back(e_.concat(digit, ext));
    }
    return out;
  }

  // x over Q_l + P (eval form) -> round(x / P) over Q_l.
  Poly mod_down(const Poly& x, int level) {
    const Poly xq = e_.sub_poly(x, 0, level), xp = e_.sub_poly(x, level, p_.special);
    const Poly t = e_.ntt(e_.bconv(e_.ntt(xp, true, "mod_down"), q_primes(level), "mod_down"),
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

  // The key-switching inner product of ModUp'ed digits with key `key`, then ModDown:
  // (k0, k1) over Q_l.
  std::pair<Poly, Poly> key_product(const std::vector<Poly>& ups, int level, int key) {
    Poly acc[2];
    for (size_t j = 0; j < ups.size(); ++j) {
      for (int poly = 0; poly < 2; ++poly) {
        const int digit = static_cast<int>(j);
        const Poly prod = e_.mul_constant(
            ups[j], fmt::format("evk{}.{}.{}", key, j, poly),
            [this, digit, poly, key](int prime, uint64_t k) {
              return evk_value(digit, poly, prime, k, p_.primes[prime], key);
            },
            "key_switch/modmul");
        acc[poly] = j == 0 ? prod : e_.add(acc[poly], prod, "key_switch/modadd");
      }
    }
    return {mod_down(acc[0], level), mod_down(acc[1], level)};
  }

  // d (eval form, Q_l) -> (k0, k1) over Q_l with k0 + k1*s = d*s' (for the key's s').
  std::pair<Poly, Poly> key_switch(const Poly& d, int level) {
    return key_product(mod_up(d, level), level, 0);
  }

  // Rotations of (a0, a1) (eval form, Q_l), hoisted: a1 is ModUp'ed once; per rotation the
  // extended digits and a0 are permuted (automorphism X -> X^g on the XLU), then switched with
  // that rotation's key. Returns (c0, c1) per rotation.
  std::vector<std::pair<Poly, Poly>> rotate(const Poly& a0, const Poly& a1, int level) {
    const std::vector<Poly> ups = mod_up(a1, level);
    std::vector<std::pair<Poly, Poly>> out;
    for (size_t i = 0; i < p_.rotations.size(); ++i) {
      const uint32_t g = rotation_galois(p_.rotations[i], p_.n);
      std::vector<Poly> turned;
      for (const Poly& u : ups) turned.push_back(e_.permute(u, g, "he_rotate/permute"));
      auto [k0, k1] = key_product(turned, level, static_cast<int>(i) + 1);
      out.push_back({e_.add(e_.permute(a0, g, "he_rotate/permute"), k0, "he_rotate/modadd"), k1});
    }
    return out;
  }

  // x over Q_l (eval form) -> (x - [x]_{q_last}) / q_last over Q_{l-1}.
  Poly rescale(const Poly& x, int level) {
    const Poly last = e_.sub_poly(x, level - 1, 1);
    const Poly coef = e_.ntt(last, true, "rescale");
    const Poly lifted =
        e_.ntt(e_.lift(coef, q_primes(level - 1), "rescale/reduce"), false, "rescale");
    std::vector<uint64_t> inv;
    const uint64_t q_last = p_.primes[level - 1];
    for (int q = 0; q < level - 1; ++q) inv.push_back(inv_mod(q_last % p_.primes[q], p_.primes[q]));
    return e_.mul_scalars(e_.sub(e_.sub_poly(x, 0, level - 1), lifted, "rescale/modsub"), inv,
                          "rescale/modmul");
  }

 private:
  PolyEmitter& e_;
  const CkksParams& p_;
};

}  // namespace

NttLowering lower_ckks(const CkksParams& p, const LoweringLimits& lim, bool with_constants) {
  const int level = p.limbs;
  auto [rows, cols] = p.rows ? std::pair{p.rows, p.cols} : default_ntt_layout(p.n);
  if (p.kernel != "rescale" && p.special == 0) {
    throw LoweringError("scheme.special_limbs",
                        fmt::format("kernel {} needs special primes for key switching", p.kernel));
  }
  if ((p.kernel == "rescale" || p.kernel == "he_mult") && level < 2) {
    throw LoweringError("scheme.limbs",
                        fmt::format("kernel {} drops a limb: needs at least 2", p.kernel));
  }
  const int alpha = (p.limbs + p.dnum - 1) / p.dnum;
  PolyContext ctx{p.n,
                  p.primes,
                  p.psi,
                  p.batch,
                  p.reduction,
                  rows,
                  cols,
                  p.prefetch_depth,
                  static_cast<uint64_t>(std::max(alpha, p.special)),
                  static_cast<uint64_t>(p.limbs + p.special),
                  with_constants,
                  p.radix2};
  TraceBuilder b;
  PolyEmitter e(b, ctx, lim.vmem_bytes);
  Kernels k(e, p);
  const std::vector<int> q = k.q_primes(level);
  if (p.kernel == "mod_up") {
    const std::vector<Poly> ups = k.mod_up(e.input("d", q, 0, 0), level);
    for (size_t j = 0; j < ups.size(); ++j) e.output(ups[j], static_cast<int>(j));
  } else if (p.kernel == "mod_down") {
    std::vector<int> all = q;
    for (int pr : k.p_primes()) all.push_back(pr);
    e.output(k.mod_down(e.input("x", all, 0, 0), level), 0);
  } else if (p.kernel == "key_switch") {
    auto [k0, k1] = k.key_switch(e.input("d", q, 0, 0), level);
    e.output(k0, 0);
    e.output(k1, 1);
  } else if (p.kernel == "rescale") {
    e.output(k.rescale(e.input("x", q, 0, 0), level), 0);
  } else if (p.kernel == "he_mult") {
    const Poly a0 = e.input("a", q, 0, 0), a1 = e.input("a", q, 0, 1);
    const Poly b0 = e.input("b", q, 1, 0), b1 = e.input("b", q, 1, 1);
    const Poly d0 = e.mul(a0, b0, "he_mult/modmul");
    const Poly d1 =
        e.add(e.mul(a0, b1, "he_mult/modmul"), e.mul(a1, b0, "he_mult/modmul"), "he_mult/modadd");
    const Poly d2 = e.mul(a1, b1, "he_mult/modmul");
    auto [k0, k1] = k.key_switch(d2, level);
    e.output(k.rescale(e.add(d0, k0, "he_mult/modadd"), level), 0);
    e.output(k.rescale(e.add(d1, k1, "he_mult/modadd"), level), 1);
  } else {  // he_rotate
    const Poly a0 = e.input("a", q, 0, 0), a1 = e.input("a", q, 0, 1);
    const auto rotated = k.rotate(a0, a1, level);
    for (size_t i = 0; i < rotated.size(); ++i) {
      e.output(rotated[i].first, static_cast<int>(2 * i));
      e.output(rotated[i].second, static_cast<int>(2 * i + 1));
    }
  }
  if (e.hbm_bytes() > lim.hbm_bytes) {
    throw LoweringError("batch", fmt::format("kernel data and constants need {} bytes of HBM, the "
                                             "chip has {} bytes",
                                             e.hbm_bytes(), lim.hbm_bytes));
  }
  NttLowering out;
  out.rows = rows;
  out.cols = cols;
  out.items_per_chunk = p.batch;
  out.vmem_bytes_used = e.vmem_bytes();
  out.hbm_bytes_used = e.hbm_bytes();
  out.trace = b.take();
  return out;
}

}  // namespace hesa
