// Packed CKKS bootstrapping derived from its parameters as OpenFHE's EvalBootstrap runs it (the
// algorithm CROSS's Gen-2 bootstrapping.py ports): ModRaise, CoeffToSlot and SlotToCoeff as
// collapsed-FFT linear transforms (OpenFHE's SelectLayers and GetCollapsedFFTParams: per level a
// radix-2^r butterfly stage with 2^(r+1) - 1 diagonals, evaluated by hoisted baby-step
// giant-step rotations accumulated over Q P), and EvalMod (eval_mod_schedule.hpp). The result is
// a list of kernel steps, each tagged with its phase.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/lowering/ckks_params.hpp"

namespace hesa {

// The workload's bootstrap: section (defaults: OpenFHE's and CROSS's, docs/models.md).
struct BootstrapParams {
  uint64_t slots = 0;        // 0: n / 2 (full packing)
  int raise_to = 0;          // limbs after ModRaise; 0: scheme.limbs
  int c2s_levels = 4;        // CoeffToSlot level budget
  int s2c_levels = 4;        // SlotToCoeff level budget
  int c2s_baby = 0;          // baby steps per CoeffToSlot level; 0: OpenFHE's rule
  int s2c_baby = 0;          // the same for SlotToCoeff
  int eval_mod_degree = 88;  // degree of the Chebyshev series of the scaled sine
  int double_angle = 6;      // double-angle iterations after it
};

// One level of a linear transform: `diagonals` plaintext products; the baby-step rotations are
// hoisted over one ModUp, each giant step (after the first) rotates a partial sum. Rotations are
// in slots; 0 means none (no key switch).
struct TransformLevel {
  int layers = 0;  // radix-2 FFT layers collapsed into it (0: a dense transform)
  int diagonals = 0;
  std::vector<int> baby, giant;
};

// The levels of CoeffToSlot (encoding) and SlotToCoeff (decoding) in the order they run;
// `baby` 0 takes OpenFHE's rule. Both budgets 1 give OpenFHE's dense transform (one level of
// `slots` diagonals, ceil(sqrt(slots)) baby steps).
std::vector<TransformLevel> transform_levels(uint64_t slots, uint64_t n, int budget, int baby,
                                             bool encoding, bool dense);

// The phases, in order.
inline constexpr const char* kBootstrapPhases[] = {"ModRaise", "CoeffToSlot", "EvalMod",
                                                   "SlotToCoeff"};

struct BootstrapSchedule {
  std::vector<CkksStep> steps;
  int top = 0;           // limbs after ModRaise
  int bottom = 0;        // limbs of the result once its pending rescale is done
  int levels = 0;        // levels consumed from `top` (the pending rescale included)
  int key_switches = 0;  // rotations and relinearizations
};

// Levels bootstrapping consumes (without building it), and the schedule at `limbs` limbs of
// ring degree n. Throws std::invalid_argument naming what does not fit.
int bootstrap_depth(const BootstrapParams& p);
BootstrapSchedule bootstrap_schedule(const BootstrapParams& p, uint64_t n, int limbs);

}  // namespace hesa
