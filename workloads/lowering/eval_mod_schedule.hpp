// EvalMod of CKKS bootstrapping as kernel steps: the Chebyshev series of the scaled sine
// evaluated by Paterson-Stockmeyer as OpenFHE's EvalChebyshevSeriesPS does it (powers
// T_2..T_k by binary-tree products, T_{2k}..T_{2^(m-1) k} by squarings, T_{k(2^m - 1)}, then
// the division tree: per inner node one HE-Mult and a linear sum, per leaf a linear sum), then
// the double-angle iterations (a squaring, a doubling and a constant each). All coefficients are
// taken as non-zero (the generic case); every HE-Mult rescales, as hesa's he_mult does, and
// every linear sum of scalar products is rescaled once.
#pragma once

#include <vector>

#include "workloads/lowering/ckks_params.hpp"

namespace hesa {

// The Paterson-Stockmeyer split of a degree: k baby powers and m giant levels with
// k (2^m - 1) > degree, by OpenFHE's ComputeDegreesPS table (degrees 5..2204).
struct PsDegrees {
  int k = 0, m = 0;
};
PsDegrees ps_degrees(int degree);

// What an EvalMod of one ciphertext takes (closed forms in docs/models.md).
struct EvalModCounts {
  int he_mults = 0, const_mults = 0, linear_sums = 0, he_adds = 0, const_adds = 0;
  int depth = 0;  // levels consumed: ceil(log2 k) + m + double_angle
};

// Appends the steps of `copies` EvalMods (ciphertexts evaluated side by side, each step's count
// multiplied) of a degree-`degree` Chebyshev series and `double_angle` iterations on ciphertexts
// at `level`, in `phase`; returns what one EvalMod took.
EvalModCounts append_eval_mod(std::vector<CkksStep>& steps, int level, int degree, int double_angle,
                              int copies, const std::string& phase);

}  // namespace hesa
