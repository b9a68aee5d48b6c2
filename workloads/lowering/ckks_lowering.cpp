#include "workloads/lowering/ckks_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include <numeric>

#include "workloads/emitters/poly_emitter.hpp"
#include "workloads/math/modmath.hpp"

namespace hesa {

bool is_ckks_kernel(const std::string& k) {
  return k == "mod_up" || k == "mod_down" || k == "key_switch" || k == "rescale" ||
         k == "he_mult" || k == "he_rotate" || k == "sequence" || k == "bootstrap";
}

bool is_sequence_step_kernel(const std::string& k) {
  return k == "he_add" || k == "pmult" || k == "ntt" || k == "intt" ||
         (is_ckks_kernel(k) && k != "sequence" && k != "bootstrap");
}

std::vector<CkksStep> bootstrap_steps(int limbs) {
  std::vector<CkksStep> steps;
  const std::vector<int> baby = {1, 2, 3, 4, 5, 6, 7, 8};  // baby steps, hoisted
  int level = limbs;
  steps.push_back({"intt", 1, 1});     // ModRaise: the level-1 limb to coefficients,
  steps.push_back({"ntt", limbs, 1});  // then lifted into all L limbs
  const auto linear_transform = [&](int levels) {
    for (int i = 0; i < levels; ++i, --level) {
      steps.push_back({"he_rotate", level, 1, baby});
      steps.push_back({"he_rotate", level, 1, {16, 32, 64}});  // giant steps
      steps.push_back({"pmult", level, 32});
      steps.push_back({"he_add", level, 32});
      steps.push_back({"rescale", level, 2});
    }
  };
  linear_transform(3);                    // CoeffToSlot
  for (int i = 0; i < 9; ++i, --level) {  // EvalMod
    steps.push_back({"he_mult", level, 2});
    steps.push_back({"pmult", level, 2});
    steps.push_back({"he_add", level, 4});
  }
  linear_transform(3);  // SlotToCoeff
  return steps;
}

std::vector<std::pair<int, int>> key_switch_digits(int limbs, int dnum, int level,
                                                   KeySwitchDigits mode) {
  const int base = mode == KeySwitchDigits::kLevel ? level : limbs;
  const int alpha = std::max(1, (base + dnum - 1) / dnum);
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

int rotation_key(uint32_t galois, Automorphism where, uint64_t n) {
  return static_cast<int>(where == Automorphism::kHoisted ? galois : 2 * n + galois);
}

uint32_t evk_value(int first, int count, int poly, int prime, uint64_t coeff, uint64_t q, int key) {
  uint64_t x = (uint64_t(first) << 52) ^ (uint64_t(count) << 44) ^ (uint64_t(poly) << 40) ^
               (uint64_t(prime) << 32) ^ coeff ^ (uint64_t(key) * 0xd1b54a32d192ed03ull);
  x += 0x9e3779b97f4a7c15ull;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x % q);
}

std::vector<uint64_t> rounding_half(const CkksParams& p, const std::vector<int>& divisor,
                                    const std::vector<int>& mod, bool negate) {
  std::vector<uint64_t> out;
  for (int m : mod) {
    const uint64_t q = p.primes[m];
    uint64_t d = 1;
    for (int k : divisor) d = mul_mod(d, p.primes[k] % q, q);
    const uint64_t half = mul_mod((d + q - 1) % q, (q + 1) / 2, q);  // (D - 1) / 2 mod q
    out.push_back(negate ? (q - half) % q : half);
  }
  return out;
}

uint32_t evk_coeff(const CkksParams& p, int key, int first, int count, int poly, int prime,
                   uint64_t coeff) {
  return p.evk ? p.evk(key, first, count, poly, prime, coeff)
               : evk_value(first, count, poly, prime, coeff, p.primes[prime], key);
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

  // The digits of the key switch at `level`: [first, first + count) Q limbs each.
  std::vector<std::pair<int, int>> digits(int level) const {
    return key_switch_digits(p_.limbs, p_.dnum, level, p_.digits);
  }

  // A copy of limbs gathered along the limb axis (CROSS's `take`), or the limbs themselves.
  Poly take(const Poly& a, const std::string& kernel) {
    return p_.limb_take == LimbTake::kCopy ? e_.copy(a, kernel + "/permute_limbs") : a;
  }

  // With limb copies, the limbs of a digit's extension copied into their Q_l + P order.
  Poly restore(const Poly& a) {
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

  // Each digit of d (eval form, Q_l) extended to Q_l + P (eval form). With limb copies, as CROSS:
  // the digit's limbs gathered for the INTT and again beside its extension, and the extended
  // digit's limbs restored to Q_l + P order.
  std::vector<Poly> mod_up(const Poly& d, int level) {
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

  // x over Q_l + P (eval form) -> round(x / P) over Q_l: the P part plus (P - 1) / 2 converted
  // to Q_l, less (P - 1) / 2 there, is subtracted before the division.
  Poly mod_down(const Poly& x, int level) {
    const Poly xq = e_.sub_poly(x, 0, level), xp = e_.sub_poly(x, level, p_.special);
    const std::vector<int> qs = q_primes(level);
    const Poly half =
        e_.add_scalars(e_.ntt(xp, true, "mod_down"),
                       rounding_half(p_, p_primes(), p_primes(), false), "mod_down/modadd");
    const Poly t =
        e_.ntt(e_.add_scalars(e_.bconv(half, qs, "mod_down"),
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

  // The key-switching inner product of ModUp'ed digits with key `key`, then ModDown:
  // (k0, k1) over Q_l. Lazy: the digits' products summed unreduced (u64) and reduced once.
  std::pair<Poly, Poly> key_product(const std::vector<Poly>& ups, int level, int key) {
    const std::vector<std::pair<int, int>> ds = digits(level);
    Poly acc[2];
    for (int poly = 0; poly < 2; ++poly) {
      std::vector<std::string> names;
      std::vector<std::function<uint32_t(int, uint64_t)>> values;
      for (auto [first, count] : ds) {
        names.push_back(fmt::format("evk{}.{}.{}.{}", key, first, count, poly));
        values.push_back([this, first, count, poly, key](int prime, uint64_t k) {
          return evk_coeff(p_, key, first, count, poly, prime, k);
        });
      }
      acc[poly] = e_.sum_of_products(ups, names, values, "key_switch/modmul");
    }
    return {mod_down(acc[0], level), mod_down(acc[1], level)};
  }

  // d (eval form, Q_l) -> (k0, k1) over Q_l with k0 + k1*s = d*s' (for the key's s').
  std::pair<Poly, Poly> key_switch(const Poly& d, int level) {
    return key_product(mod_up(d, level), level, 0);
  }

  // Rotations of (a0, a1) (eval form, Q_l). One rotation with the automorphism after ModDown
  // (CROSS): a1 is switched with the rotation's key, a0 added, and both polynomials permuted
  // (X -> X^g on the XLU). Otherwise hoisted: a1 is ModUp'ed once, per rotation the extended
  // digits and a0 are permuted and switched with that rotation's key. Returns (c0, c1) each.
  std::vector<std::pair<Poly, Poly>> rotate(const Poly& a0, const Poly& a1, int level,
                                            const std::vector<int>& rotations) {
    std::vector<std::pair<Poly, Poly>> out;
    if (rotations.size() == 1 && p_.automorphism == Automorphism::kAfterModDown) {
      const uint32_t g = rotation_galois(rotations[0], p_.n);
      auto [k0, k1] =
          key_product(mod_up(a1, level), level, rotation_key(g, Automorphism::kAfterModDown, p_.n));
      const Poly c0 = e_.add(a0, k0, "he_rotate/modadd");
      out.push_back(
          {e_.permute(c0, g, "he_rotate/permute"), e_.permute(k1, g, "he_rotate/permute")});
      return out;
    }
    const std::vector<Poly> ups = mod_up(a1, level);
    for (size_t i = 0; i < rotations.size(); ++i) {
      const uint32_t g = rotation_galois(rotations[i], p_.n);
      std::vector<Poly> turned;
      for (const Poly& u : ups) turned.push_back(e_.permute(u, g, "he_rotate/permute"));
      auto [k0, k1] = key_product(turned, level, rotation_key(g, Automorphism::kHoisted, p_.n));
      out.push_back({e_.add(e_.permute(a0, g, "he_rotate/permute"), k0, "he_rotate/modadd"), k1});
    }
    return out;
  }

  // x over Q_l (eval form) -> round(x / q_last) over Q_{l-1}:
  // (x - ([x + h]_{q_last} - h)) / q_last with h = (q_last - 1) / 2.
  Poly rescale(const Poly& x, int level) {
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

 private:
  PolyEmitter& e_;
  const CkksParams& p_;
};

}  // namespace

namespace {

void check_step(const CkksParams& p, const CkksStep& step) {
  const bool drops = step.kernel == "rescale" || step.kernel == "he_mult";
  if (step.level < (drops ? 2 : 1) || step.level > p.limbs) {
    throw LoweringError("sequence", fmt::format("{} at level {}: levels run from {} to "
                                                "scheme.limbs = {}",
                                                step.kernel, step.level, drops ? 2 : 1, p.limbs));
  }
}

// One kernel at `level` on fresh inputs; with `io` its inputs and outputs are the trace's.
void emit_kernel(PolyEmitter& e, Kernels& k, const std::string& kernel, int level,
                 const std::vector<int>& rotations, RescaleOrder rescale, bool io) {
  const std::vector<int> q = k.q_primes(level);
  const auto input = [&](const char* name, const std::vector<int>& primes, int operand, int poly) {
    return io ? e.input(name, primes, operand, poly) : e.alloc(name, primes);
  };
  std::vector<Poly> out;
  if (kernel == "mod_up") {
    out = k.mod_up(input("d", q, 0, 0), level);
  } else if (kernel == "mod_down") {
    std::vector<int> all = q;
    for (int pr : k.p_primes()) all.push_back(pr);
    out = {k.mod_down(input("x", all, 0, 0), level)};
  } else if (kernel == "key_switch") {
    auto [k0, k1] = k.key_switch(input("d", q, 0, 0), level);
    out = {k0, k1};
  } else if (kernel == "rescale") {
    out = {k.rescale(input("x", q, 0, 0), level)};
  } else if (kernel == "ntt" || kernel == "intt") {
    out = {e.ntt(input("x", q, 0, 0), kernel == "intt", kernel)};
  } else if (kernel == "he_add") {
    for (int poly = 0; poly < 2; ++poly) {
      out.push_back(e.add(input("a", q, 0, poly), input("b", q, 1, poly), "he_add/modadd"));
    }
  } else if (kernel == "pmult") {
    const Poly pt = input("pt", q, 1, 0);
    for (int poly = 0; poly < 2; ++poly)
      out.push_back(e.mul(input("a", q, 0, poly), pt, "pmult/modmul"));
  } else if (kernel == "he_mult") {
    Poly a0 = input("a", q, 0, 0), a1 = input("a", q, 0, 1);
    Poly b0 = input("b", q, 1, 0), b1 = input("b", q, 1, 1);
    const bool before = rescale == RescaleOrder::kBefore;
    const int at = before ? level - 1 : level;  // the level of the product
    if (before) {  // CROSS: both inputs rescaled, the product made at the level below
      a0 = k.rescale(a0, level), a1 = k.rescale(a1, level);
      b0 = k.rescale(b0, level), b1 = k.rescale(b1, level);
    }
    const Poly d0 = e.mul(a0, b0, "he_mult/modmul");
    const Poly d1 =
        e.add(e.mul(a0, b1, "he_mult/modmul"), e.mul(a1, b0, "he_mult/modmul"), "he_mult/modadd");
    const Poly d2 = e.mul(a1, b1, "he_mult/modmul");
    auto [k0, k1] = k.key_switch(d2, at);
    const Poly c0 = e.add(d0, k0, "he_mult/modadd"), c1 = e.add(d1, k1, "he_mult/modadd");
    out = before ? std::vector<Poly>{c0, c1}
                 : std::vector<Poly>{k.rescale(c0, level), k.rescale(c1, level)};
  } else {  // he_rotate
    const Poly a0 = input("a", q, 0, 0), a1 = input("a", q, 0, 1);
    for (auto& [c0, c1] : k.rotate(a0, a1, level, rotations)) {
      out.push_back(c0);
      out.push_back(c1);
    }
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (io) {
      e.output(out[i], static_cast<int>(i));
    } else {
      e.materialize(out[i]);  // a sequence step's results are computed, then not read
    }
  }
}

}  // namespace

namespace {

PolyContext context_of(const CkksParams& p, bool with_constants) {
  auto [rows, cols] = p.rows ? std::pair{p.rows, p.cols} : default_ntt_layout(p.n);
  const int alpha = (p.limbs + p.dnum - 1) / p.dnum;
  return PolyContext{p.n,
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
                     p.radix2,
                     p.bat_constants,
                     p.bconv_on_vpu,
                     p.cores,
                     p.split,
                     p.inner_product == InnerProduct::kLazy && !p.bat_constants,
                     p.fusion == Fusion::kXla,
                     p.ntt_steps};
}

struct InstanceCost {
  uint64_t instrs = 0, hbm_bytes = 0;
};

// One instance of a kernel lowered alone, timing only; with more than two rotations, extrapolated
// from one and two (each further rotation adds the same steps).
InstanceCost instance_cost(const CkksParams& p, const LoweringLimits& lim,
                           const std::string& kernel, int level,
                           const std::vector<int>& rotations) {
  const auto lower = [&](const std::vector<int>& rots) {
    TraceBuilder b;
    PolyEmitter e(b, context_of(p, false), lim.vmem_bytes);
    Kernels k(e, p);
    emit_kernel(e, k, kernel, level, rots, p.rescale, false);
    return InstanceCost{b.size(), e.hbm_bytes()};
  };
  if (rotations.size() <= 2) return lower(rotations);
  const InstanceCost one = lower({rotations[0]}), two = lower({rotations[0], rotations[1]});
  const uint64_t more = rotations.size() - 1;
  return {one.instrs + more * (two.instrs - std::min(two.instrs, one.instrs)),
          one.hbm_bytes + more * (two.hbm_bytes - std::min(two.hbm_bytes, one.hbm_bytes))};
}

// Refuses a workload whose trace would pass the instruction budget, or one of whose steps alone
// needs more HBM than the chip has, before lowering it: the estimate costs one instance of each
// distinct step, and blames the key that makes the trace long.
void check_size(const CkksParams& p, const LoweringLimits& lim) {
  const uint64_t max = lim.max_instructions;
  const bool steps = p.kernel == "sequence" || p.kernel == "bootstrap";
  if (!steps && !(p.kernel == "he_rotate" && p.rotations.size() > 2)) return;
  std::vector<CkksStep> list = steps ? p.steps : std::vector<CkksStep>{};
  if (!steps) list.push_back({p.kernel, p.limbs, 1, p.rotations});
  const auto key_of = [&](size_t i, const char* field) {
    if (p.kernel == "bootstrap") return std::string("scheme.limbs");
    if (!steps) return std::string("rotations");
    return fmt::format("sequence[{}].{}", i, field);
  };
  std::map<std::tuple<std::string, int, std::vector<int>>, InstanceCost> seen;
  double total = 0, worst = -1;
  size_t worst_step = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const CkksStep& s = list[i];
    if (steps) check_step(p, s);
    const auto id = std::make_tuple(s.kernel, s.level, s.rotations);
    auto it = seen.find(id);
    if (it == seen.end()) {
      InstanceCost cost;
      try {
        cost = instance_cost(p, lim, s.kernel, s.level, s.rotations);
      } catch (const TraceLimitError& e) {
        throw LoweringError(key_of(i, "level"),
                            fmt::format("{} at level {} alone lowers to more than {} instructions "
                                        "(raise the bound with --max-instructions)",
                                        s.kernel, s.level, e.limit()));
      }
      it = seen.emplace(id, cost).first;
    }
    const InstanceCost& c = it->second;
    if (c.hbm_bytes > lim.hbm_bytes) {
      throw LoweringError(key_of(i, "level"),
                          fmt::format("{} at level {} needs {} bytes of HBM, the chip has {} "
                                      "bytes (hbm.capacity_gib)",
                                      s.kernel, s.level, c.hbm_bytes, lim.hbm_bytes));
    }
    const double part = double(s.count) * double(c.instrs);
    total += part;
    if (part > worst) worst = part, worst_step = i;
  }
  if (max == 0 || total <= double(max)) return;
  const CkksStep& s = list[worst_step];
  const uint64_t each = seen.at(std::make_tuple(s.kernel, s.level, s.rotations)).instrs;
  const std::string what =
      !steps
          ? fmt::format("{} rotations", s.rotations.size())
          : fmt::format(
                "{} x {} at level {}{}, {} instructions each", s.count, s.kernel, s.level,
                s.rotations.size() > 1 ? fmt::format(" with {} rotations", s.rotations.size()) : "",
                each);
  throw LoweringError(key_of(worst_step, "count"),
                      fmt::format("the workload would lower to about {:.3g} instructions ({}), "
                                  "more than {} (raise the bound with --max-instructions)",
                                  total, what, max));
}

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
  check_size(p, lim);
  TraceBuilder b;
  PolyEmitter e(b, context_of(p, with_constants), lim.vmem_bytes);
  Kernels k(e, p);
  if (p.kernel == "sequence" || p.kernel == "bootstrap") {
    for (const CkksStep& step : p.steps) {
      check_step(p, step);
      for (int i = 0; i < step.count; ++i) {
        const size_t mark = e.mark();
        emit_kernel(e, k, step.kernel, step.level, step.rotations, p.rescale, false);
        e.release_since(mark);  // timing only: a step's results are not read again
      }
    }
  } else {
    emit_kernel(e, k, p.kernel, level, p.rotations, p.rescale, true);
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
