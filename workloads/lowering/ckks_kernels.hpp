// The RNS CKKS building blocks the CKKS lowerings compose, over polynomials in HBM
// (workloads/emitters/poly_emitter.hpp): ModUp and ModDown of hybrid key switching with dnum
// digits, the key inner product (or its Q P form without ModDown), key switching, rotations,
// Rescale, and for bootstrapping ModRaise and one level of a hoisted baby-step giant-step linear
// transform accumulated over Q P (OpenFHE's EvalFastRotationExt, KeySwitchExt and
// KeySwitchDown). The mapping's structure knobs (CkksParams: digits cut at the level or fixed,
// lazy or eager key inner products, the automorphism after ModDown or hoisted, limb gathers as
// copies, fusion) shape every kernel. Each step is tagged "<kernel>/<step>" by the kernel it
// belongs to.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "workloads/emitters/poly_emitter.hpp"
#include "workloads/lowering/ckks_params.hpp"

namespace hesa {

class CkksKernels {
 public:
  CkksKernels(PolyEmitter& e, const CkksParams& p) : e_(e), p_(p) {}

  // Q primes of level `level` (the first `level` limbs), and the P primes.
  std::vector<int> q_primes(int level) const;
  std::vector<int> p_primes() const;

  // The digits of the key switch at `level`: [first, first + count) Q limbs each.
  std::vector<std::pair<int, int>> digits(int level) const;

  // Each digit of d (eval form, Q_l) extended to Q_l + P (eval form). With limb copies, as CROSS:
  // the digit's limbs gathered for the INTT and again beside its extension, and the extended
  // digit's limbs restored to Q_l + P order.
  std::vector<Poly> mod_up(const Poly& d, int level);
  // x over Q_l + P (eval form; the Q limbs first) -> round(x / P) over Q_l.
  Poly mod_down(const Poly& x, int level);
  // The key-switching inner product of ModUp'ed digits (at `level`) with key `key` over
  // Q_l + P, and with ModDown: (k0, k1) over Q_l. Lazy: the digits' products summed unreduced
  // (u64) and reduced once.
  std::pair<Poly, Poly> key_product_ext(const std::vector<Poly>& ups, int level, int key);
  std::pair<Poly, Poly> key_product(const std::vector<Poly>& ups, int level, int key);
  // d (eval form, Q_l) -> (k0, k1) over Q_l with k0 + k1*s = d*s' (for the key's s').
  std::pair<Poly, Poly> key_switch(const Poly& d, int level);
  // Automorphisms X -> X^g of (a0, a1) (eval form, Q_l). One automorphism after ModDown
  // (CROSS): a1 is switched with its key, a0 added, and both polynomials permuted. Otherwise
  // hoisted: a1 is ModUp'ed once; per Galois element the extended digits and a0 are permuted,
  // then switched with its key. Returns (c0, c1) each.
  std::vector<std::pair<Poly, Poly>> rotate(const Poly& a0, const Poly& a1, int level,
                                            const std::vector<uint32_t>& galois);
  // x over Q_l (eval form) -> round(x / q_last) over Q_{l-1}.
  Poly rescale(const Poly& x, int level);

  // The ciphertext (a0, a1) at 1 limb raised to `level` limbs: its coefficients (INTT) lifted
  // into the other primes and transformed there (NTT).
  std::pair<Poly, Poly> mod_raise(const Poly& a0, const Poly& a1, int level);
  // One level of a linear transform of (c0, c1) at `level`: `diagonals` plaintext products,
  // baby-step rotations hoisted over one ModUp, giant steps (after the first) ModDown'ed,
  // ModUp'ed and rotated; rotations in slots, 0 for none.
  std::pair<Poly, Poly> linear_transform(const Poly& c0, const Poly& c1, int level,
                                         const std::vector<int>& baby,
                                         const std::vector<int>& giant, int diagonals);

 private:
  // x times P mod each of its Q primes.
  Poly times_p(const Poly& x, const std::string& tag);
  // A Q_l + P polynomial from its Q part and P limbs that are zero (never written: timing only).
  Poly with_zero_p(const Poly& q_part);
  // A copy of limbs gathered along the limb axis (CROSS's `take`), or the limbs themselves.
  Poly take(const Poly& a, const std::string& kernel);
  // With limb copies, the limbs of a digit's extension copied into their Q_l + P order.
  Poly restore(const Poly& a);
  // OpenFHE EvalFastRotationExt: the digits switched with the key of X -> X^g over Q_l + P (the
  // key of an automorphism after the key product, rotation_key), with `c0` (when given) times P
  // added to the first, then both permuted.
  std::pair<Poly, Poly> fast_rotation_ext(const Poly* c0, const std::vector<Poly>& ups, int level,
                                          uint32_t g);

  PolyEmitter& e_;
  const CkksParams& p_;
  // The plaintext diagonals of each distinct linear-transform level (its level, baby and giant
  // steps, diagonals): a program that bootstraps again reuses the diagonals it has in HBM, as a
  // library keeps its bootstrapping plaintexts once.
  std::map<std::tuple<int, std::vector<int>, std::vector<int>, int>, int> transforms_;
};

}  // namespace hesa
