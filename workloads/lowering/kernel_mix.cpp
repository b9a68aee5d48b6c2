#include "workloads/lowering/kernel_mix.hpp"

#include <algorithm>
#include <cstdint>

namespace hesa {

KernelMix& KernelMix::operator+=(const KernelMix& o) {
  for (auto [a, b] : {std::pair{&ntt, &o.ntt},
                      {&intt, &o.intt},
                      {&automorphism, &o.automorphism},
                      {&bconv, &o.bconv},
                      {&modmul, &o.modmul},
                      {&modadd, &o.modadd}}) {
    a->calls += b->calls;
    a->limbs += b->limbs;
  }
  return *this;
}

namespace {

class Mix {
 public:
  explicit Mix(const CkksParams& p)
      : p_(p),
        L_(p.limbs),
        K_(p.special),
        lazy_(p.inner_product == InnerProduct::kLazy && !p.bat_constants) {}
  KernelMix m;

  static void call(MixCount& c, double limbs, double calls = 1) {
    c.calls += calls;
    c.limbs += calls * limbs;
  }
  std::vector<std::pair<int, int>> digit_list(int l) const {
    return key_switch_digits(L_, p_.dnum, l, p_.digits);
  }
  int digits(int l) const { return static_cast<int>(digit_list(l).size()); }

  void mod_up(int l) {
    for (auto [first, count] : digit_list(l)) {
      call(m.intt, count);
      call(m.bconv, double(count) * (l + K_ - count));
      call(m.ntt, l + K_ - count);
    }
  }
  void mod_down(int l, int polys = 1) {
    for (int i = 0; i < polys; ++i) {
      call(m.intt, K_);
      call(m.modadd, K_);  // + (P - 1) / 2
      call(m.bconv, double(K_) * l);
      call(m.modadd, l);  // - (P - 1) / 2
      call(m.ntt, l);
      call(m.modadd, l);  // subtracted
      call(m.modmul, l);  // times P^-1
    }
  }
  // The key inner product over Q_l + P, without ModDown. Lazy: the u64 sums are reduced once
  // per group of products that fits 64 bits, the groups' results added.
  void key_product(int l) {
    const int d = digits(l);
    call(m.modmul, l + K_, 2 * d);
    if (!lazy_) {
      call(m.modadd, l + K_, 2 * (d - 1));
      return;
    }
    double adds = 0;  // limb-polynomials added, per polynomial
    for (int i = 0; i < l + K_; ++i) {
      const int prime = i < l ? i : L_ + (i - l);
      adds += (d + per_group(prime) - 1) / per_group(prime) - 1;
    }
    if (adds > 0) {
      m.modadd.calls += 2;
      m.modadd.limbs += 2 * adds;
    }
  }
  // Products below (q - 1)^2 a u64 sum holds before it is reduced (PolyEmitter::sum_of_products).
  int per_group(int prime) const {
    if (prime >= static_cast<int>(p_.primes.size())) return 1 << 30;
    const uint64_t q = p_.primes[prime];
    return static_cast<int>(
        std::min<uint64_t>(1 << 30, std::max<uint64_t>(1, UINT64_MAX / ((q - 1) * (q - 1)))));
  }
  void key_switch(int l) {
    mod_up(l);
    key_product(l);
    mod_down(l, 2);
  }
  void rescale(int l, int polys = 1) {
    for (int i = 0; i < polys; ++i) {
      call(m.intt, 1);
      call(m.modadd, 1);      // + (q - 1) / 2
      call(m.modadd, l - 1);  // lifted
      call(m.ntt, l - 1);
      call(m.modadd, l - 1);  // subtracted
      call(m.modmul, l - 1);  // times q^-1
    }
  }
  void rotations(int l, int n) {
    if (n == 1 && p_.automorphism == Automorphism::kAfterModDown) {  // c0, c1 permuted
      mod_up(l);
      key_product(l);
      mod_down(l, 2);
      call(m.modadd, l);
      call(m.automorphism, l, 2);
      return;
    }
    mod_up(l);
    for (int i = 0; i < n; ++i) {
      call(m.automorphism, l + K_, digits(l));  // the extended digits
      call(m.automorphism, l);                  // a0
      key_product(l);
      mod_down(l, 2);
      call(m.modadd, l);
    }
  }
  // A fast rotation over Q_l + P (with c0 P added when `first`): key product, permutations.
  void rotation_ext(int l, bool first) {
    key_product(l);
    if (first) {
      call(m.modmul, l);
      call(m.modadd, l);
    }
    call(m.automorphism, l + K_, 2);
  }
  void linear_transform(const CkksStep& s) {
    const int l = s.level, per = static_cast<int>(s.rotations.size());
    mod_up(l);
    for (int r : s.rotations) {
      if (r != 0) {
        rotation_ext(l, true);
      } else {
        call(m.modmul, l, 2);  // (c0 P, c1 P)
      }
    }
    for (size_t i = 0; i < s.giant.size(); ++i) {
      const int terms = std::clamp(s.diagonals - int(i) * per, 0, per);
      call(m.modmul, l + K_, 2 * terms);
      call(m.modadd, l + K_, 2 * std::max(terms - 1, 0));
      if (i == 0) {
        mod_down(l);
      } else if (s.giant[i] != 0) {
        mod_down(l, 2);
        call(m.automorphism, l);
        call(m.modadd, l);
        mod_up(l);
        rotation_ext(l, false);
        call(m.modadd, l + K_, 2);
      } else {
        mod_down(l);
        call(m.modadd, l);
        call(m.modadd, l + K_, 2);
      }
    }
    mod_down(l, 2);
    call(m.modadd, l);
  }

  void step(const CkksStep& s) {
    const int l = s.level;
    const std::string& k = s.kernel;
    if (k == "ntt") {
      call(m.ntt, l);
    } else if (k == "intt") {
      call(m.intt, l);
    } else if (k == "he_add") {
      call(m.modadd, l, 2);
    } else if (k == "pmult" || k == "const_mult") {
      call(m.modmul, l, 2);
    } else if (k == "const_add") {
      call(m.modadd, l);
    } else if (k == "mod_up") {
      mod_up(l);
    } else if (k == "mod_down") {
      mod_down(l);
    } else if (k == "key_switch") {
      key_switch(l);
    } else if (k == "rescale") {
      rescale(l);
    } else if (k == "he_mult" && p_.rescale == RescaleOrder::kBefore) {
      rescale(l, 4);  // the inputs first
      if (p_.fusion == Fusion::kXla) {
        // Each rescaled input is read by two products, each computing its last subtraction and
        // product by q^-1 again (a fused producer is duplicated, not stored).
        call(m.modadd, l - 1, 4);
        call(m.modmul, l - 1, 4);
      }
      call(m.modmul, l - 1, 4);  // the tensor product at the level below
      call(m.modadd, l - 1);
      key_switch(l - 1);
      call(m.modadd, l - 1, 2);
    } else if (k == "he_mult") {
      call(m.modmul, l, 4);  // the tensor product
      call(m.modadd, l);
      key_switch(l);
      call(m.modadd, l, 2);
      rescale(l, 2);
    } else if (k == "he_rotate" || k == "conjugate") {
      rotations(l, k == "conjugate" ? 1 : static_cast<int>(s.rotations.size()));
    } else if (k == "mod_raise") {
      call(m.intt, 1, 2);
      call(m.modadd, l - 1, 2);  // lifted
      call(m.ntt, l - 1, 2);
    } else if (k == "linear_transform") {
      linear_transform(s);
    }
  }

 private:
  const CkksParams& p_;
  int L_, K_;
  bool lazy_;
};

}  // namespace

KernelMix kernel_mix(const std::vector<CkksStep>& steps, const CkksParams& params,
                     const std::string& phase) {
  KernelMix total;
  for (const CkksStep& s : steps) {
    if (!phase.empty() && s.phase != phase) continue;
    Mix one(params);
    one.step(s);
    for (MixCount* c : {&one.m.ntt, &one.m.intt, &one.m.automorphism, &one.m.bconv, &one.m.modmul,
                        &one.m.modadd}) {
      c->calls *= s.count;
      c->limbs *= s.count;
    }
    total += one.m;
  }
  return total;
}

}  // namespace hesa
