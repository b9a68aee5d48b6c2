// The parameters of a CKKS lowering (the scheme, the mapping, the kernel or the steps of a
// sequence) and what its kernels share: the hybrid key switch's digits, the evaluation keys'
// deterministic coefficients, the rounding constants of the divisions, the Galois element of a
// rotation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

// One step of a kernel sequence: `count` instances of a kernel at a level (limbs in use), its
// tags in `phase` ("" none; trace/trace_tags.hpp). Bootstrapping also uses mod_raise (from one
// limb to `level`), linear_transform (one level of a hoisted baby-step giant-step transform),
// conjugate, const_mult (a ciphertext times a constant) and const_add (a constant added).
struct CkksStep {
  std::string kernel;  // he_add, pmult, ntt, intt, mod_up, mod_down, key_switch, rescale,
                       // he_mult, he_rotate (and bootstrapping's)
  int level = 1;
  int count = 1;
  std::vector<int> rotations = {1};  // he_rotate; linear_transform: the baby steps (0: none)
  std::string phase;
  std::vector<int> giant = {};  // linear_transform: the giant steps (the first is 0)
  int diagonals = 0;            // linear_transform: plaintext products
};

struct CkksParams {
  std::string kernel;  // mod_up, mod_down, key_switch, rescale, he_mult, he_rotate, sequence,
                       // bootstrap
  uint64_t n = 0;
  int limbs = 1;    // L: Q primes
  int special = 0;  // K: P primes
  int dnum = 1;
  std::vector<uint64_t> primes, psi;  // L + K
  int batch = 1;
  Reduction reduction = Reduction::kBarrett;
  uint32_t rows = 0, cols = 0;
  int prefetch_depth = 2;
  bool radix2 = false;
  bool bat_constants = false;  // mapping constant_mul: bat (products by constants on the MXU)
  bool bconv_on_vpu = false;   // mapping bconv: vpu
  NttSteps ntt_steps;          // mapping shoup_ntt, montgomery_ntt, twist
  int cores = 1;               // TensorCores, and how limb-wise steps spread over them
  CoreSplit split = CoreSplit::kNone;
  uint32_t vreg_rows = 8;            // rows of a vector-register tile (the chip's vpu.sublanes)
  int chips = 1;                     // a slice sharded by limbs (poly_emitter.hpp)
  std::vector<int> ring;             // its chips in ring order (empty: 0, 1, ...)
  std::vector<int> rotations = {1};  // he_rotate: slot rotations (hoisted: one ModUp for all)
  // The kernels' structure (workloads/mapping/mapping.hpp; CROSS's by default).
  RescaleOrder rescale = RescaleOrder::kBefore;
  KeySwitchDigits digits = KeySwitchDigits::kLevel;
  InnerProduct inner_product = InnerProduct::kLazy;
  Automorphism automorphism = Automorphism::kAfterModDown;
  LimbTake limb_take = LimbTake::kCopy;
  Fusion fusion = Fusion::kXla;
  std::vector<CkksStep> steps;  // sequence and bootstrap: the kernels, in order
  // The evaluation keys' coefficients (e.g. of a real key pair): key (numbered as for
  // evk_value), the digit (its first Q limb and its limb count: a digit's key depends on its
  // primes alone), polynomial (0, 1), prime index, coefficient (evaluation order), each below
  // its prime. Empty: evk_value's deterministic pseudo-random keys.
  std::function<uint32_t(int key, int first, int count, int poly, int prime, uint64_t coeff)> evk;
};

// Digits of the hybrid key switch at level l: [first, first + count) Q limbs each, alpha =
// ceil(L / dnum) limbs per digit (fixed), or ceil(l / dnum) (at the level, as CROSS cuts them).
std::vector<std::pair<int, int>> key_switch_digits(int limbs, int dnum, int level,
                                                   KeySwitchDigits mode = KeySwitchDigits::kFixed);

// The key number of a rotation's key: with the automorphism after ModDown (or after the key
// product over Q P, as bootstrapping's hoisted rotations apply it) the key switches a1 to
// s(X^(g^-1)) (then X -> X^g of the result decrypts under s), a key of its own.
int rotation_key(uint32_t galois, Automorphism where, uint64_t n);

// The evaluation key's coefficient (deterministic pseudo-random): the digit (first limb, limb
// count), polynomial (0, 1), prime index, coefficient (evaluation order). Keys are numbered: 0
// relinearizes, g is the key of the automorphism X -> X^g applied before the key product, 2n + g
// the key of X -> X^g applied after it (rotation_key); negative numbers name other constants
// (bootstrapping's plaintext diagonals).
uint32_t evk_value(int first, int count, int poly, int prime, uint64_t coeff, uint64_t q,
                   int key = 0);

// The evaluation key's coefficient the kernels use: params.evk's when set, else evk_value's.
uint32_t evk_coeff(const CkksParams& params, int key, int first, int count, int poly, int prime,
                   uint64_t coeff);

// Rounding constants of the divisions by q_last (Rescale) and P (ModDown): (D - 1) / 2 mod each
// prime of `mod` (negated with `negate`), D the product of the `divisor` primes (indices).
std::vector<uint64_t> rounding_half(const CkksParams& p, const std::vector<int>& divisor,
                                    const std::vector<int>& mod, bool negate);

// The Galois element of a rotation by `steps` slots: 5^steps mod 2n (steps may be negative).
uint32_t rotation_galois(int steps, uint64_t n);

}  // namespace hesa
