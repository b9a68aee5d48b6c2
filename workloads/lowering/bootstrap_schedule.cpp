#include "workloads/lowering/bootstrap_schedule.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "workloads/lowering/eval_mod_schedule.hpp"

namespace hesa {

namespace {

int log2_of(uint64_t v) {
  int l = 0;
  while ((uint64_t{1} << (l + 1)) <= v) ++l;
  return l;
}

// OpenFHE SelectLayers: `budget` levels of `layers` radix-2 layers each, the first (encoding) or
// last (decoding) of them holding the remaining `rem` layers when the split is uneven.
struct Layers {
  int layers, rows, rem;
};
Layers select_layers(int log_slots, int budget) {
  int layers = (log_slots + budget - 1) / budget;
  int rows = log_slots / layers, rem = log_slots % layers;
  int dim = rows + (rem != 0);
  if (dim < budget) {
    layers -= 1;
    rows = log_slots / layers;
    rem = log_slots - rows * layers;
    dim = rows + (rem != 0);
    while (dim != budget && rows > 0) {
      rows -= 1;
      rem = log_slots - rows * layers;
      dim = rows + (rem != 0);
    }
  }
  return {layers, rows, rem};
}

int reduce_rotation(int64_t index, int64_t mod) {
  return static_cast<int>(((index % mod) + mod) % mod);
}

// OpenFHE GetCollapsedFFTParams: the baby steps of a level of `layers` layers.
int rule_baby_steps(int layers) {
  const int diagonals = (1 << (layers + 1)) - 1;
  return diagonals > 7 ? 1 << (layers / 2 + 2) : 1 << (layers / 2 + 1);
}

// A collapsed-FFT level: diagonals at multiples of `scale` centred on 0; the baby-step
// rotations are reduced mod `baby_mod`, the giant steps mod n/2.
TransformLevel fft_level(int layers, int baby, int64_t scale, int64_t baby_mod, int64_t half) {
  TransformLevel lv;
  lv.layers = layers;
  lv.diagonals = (1 << (layers + 1)) - 1;
  const int giants = (lv.diagonals + 1) / baby;
  for (int j = 0; j < baby; ++j) {
    lv.baby.push_back(reduce_rotation((j - (lv.diagonals + 1) / 2 + 1) * scale, baby_mod));
  }
  for (int i = 0; i < giants; ++i)
    lv.giant.push_back(reduce_rotation(int64_t(baby) * i * scale, half));
  return lv;
}

}  // namespace

std::vector<TransformLevel> transform_levels(uint64_t slots, uint64_t n, int budget, int baby,
                                             bool encoding, bool dense) {
  const auto half = static_cast<int64_t>(n / 2), s = static_cast<int64_t>(slots);
  if (dense) {  // OpenFHE EvalLinearTransform: all `slots` diagonals
    TransformLevel lv;
    const int g = baby ? baby : static_cast<int>(std::ceil(std::sqrt(double(slots))));
    lv.diagonals = static_cast<int>(slots);
    for (int j = 0; j < g; ++j) lv.baby.push_back(j);
    for (int64_t i = 0; i * g < s; ++i) lv.giant.push_back(reduce_rotation(i * g, half));
    return {lv};
  }
  const int log_slots = log2_of(slots);
  const auto [layers, rows, rem] = select_layers(log_slots, budget);
  const int flag = rem != 0;
  const int regular = (1 << (layers + 1)) - 1;
  const int g = baby == 0 || baby > regular ? rule_baby_steps(layers) : baby;
  std::vector<TransformLevel> out;
  if (encoding) {  // EvalCoeffsToSlots: the widest stride first, the remainder level last
    for (int lv = budget - 1; lv >= flag; --lv) {
      out.push_back(fft_level(layers, g, int64_t{1} << ((lv - flag) * layers + rem), s, half));
    }
    if (flag) out.push_back(fft_level(rem, rule_baby_steps(rem), 1, s, half));
  } else {  // EvalSlotsToCoeffs: stride 1 first, the remainder level last
    for (int lv = 0; lv < budget - flag; ++lv) {
      out.push_back(fft_level(layers, g, int64_t{1} << (lv * layers), half, half));
    }
    if (flag) {
      out.push_back(fft_level(rem, rule_baby_steps(rem), int64_t{1} << ((budget - flag) * layers),
                              half, half));
    }
  }
  return out;
}

int bootstrap_depth(const BootstrapParams& p) {
  const auto [k, m] = ps_degrees(p.eval_mod_degree);
  return 1 + p.c2s_levels + log2_of(2 * k - 1) + m + p.double_angle + p.s2c_levels;
}

namespace {

class Builder {
 public:
  explicit Builder(BootstrapSchedule& s) : s_(s) {}
  std::string phase;
  void add(const std::string& kernel, int level, int count = 1, std::vector<int> rotations = {1}) {
    s_.steps.push_back({.kernel = kernel,
                        .level = level,
                        .count = count,
                        .rotations = std::move(rotations),
                        .phase = phase});
  }
  void transform(const TransformLevel& lv, int level) {
    CkksStep st{.kernel = "linear_transform", .level = level, .rotations = lv.baby, .phase = phase};
    st.giant = lv.giant;
    st.diagonals = lv.diagonals;
    s_.steps.push_back(std::move(st));
  }

 private:
  BootstrapSchedule& s_;
};

}  // namespace

BootstrapSchedule bootstrap_schedule(const BootstrapParams& p, uint64_t n, int limbs) {
  const uint64_t half = n / 2, slots = p.slots ? p.slots : half;
  const bool sparse = slots < half;
  const bool dense = p.c2s_levels == 1 && p.s2c_levels == 1;
  const int copies = sparse ? 1 : 2;  // fully packed: EvalMod on the real and imaginary parts
  BootstrapSchedule s;
  s.top = p.raise_to ? p.raise_to : limbs;
  const int depth = bootstrap_depth(p);
  if (s.top > limbs || s.top < depth + 1) {
    throw std::invalid_argument(
        fmt::format("bootstrapping consumes {} levels: ModRaise must reach {} to {} limbs, got {}",
                    depth, depth + 1, limbs, s.top));
  }
  Builder b(s);
  // ModRaise (OpenFHE EvalBootstrap): the input at 2 limbs is scaled (AdjustCiphertext) and
  // rescaled to 1, then raised to `top` limbs.
  b.phase = kBootstrapPhases[0];
  b.add("const_mult", 2);
  b.add("rescale", 2, 2);
  b.add("mod_raise", s.top);
  int level = s.top;
  // CoeffToSlot: (sparse: partial sums over the slot copies), the prescale by 1 / (K N) and its
  // rescale, the levels with a rescale between them, then the conjugate splits real and
  // imaginary parts (fully packed: both, the imaginary one times the monomial X^(3N/2)).
  b.phase = kBootstrapPhases[1];
  for (uint64_t j = 1; sparse && j < half / slots; j <<= 1) {
    b.add("he_rotate", level, 1, {static_cast<int>(j * slots)});
    b.add("he_add", level);
  }
  b.add("const_mult", level);
  b.add("rescale", level--, 2);
  const std::vector<TransformLevel> enc =
      transform_levels(slots, n, p.c2s_levels, p.c2s_baby, true, dense);
  for (size_t i = 0; i < enc.size(); ++i) {
    if (i > 0) b.add("rescale", level--, 2);
    b.transform(enc[i], level);
  }
  b.add("conjugate", level);
  b.add("he_add", level, copies);
  if (!sparse) b.add("pmult", level);
  b.add("rescale", level--, 2 * copies);
  // EvalMod, then (fully packed) the imaginary part times X^(N/2) added back, and the scale
  // restored by an integer.
  b.phase = kBootstrapPhases[2];
  const EvalModCounts em =
      append_eval_mod(s.steps, level, p.eval_mod_degree, p.double_angle, copies, b.phase);
  level -= em.depth;
  if (!sparse) {
    b.add("pmult", level);
    b.add("he_add", level);
  }
  b.add("const_mult", level);
  // SlotToCoeff: the levels with a rescale between them (the last one stays pending), (sparse:
  // the copies summed), the correction factor.
  b.phase = kBootstrapPhases[3];
  const std::vector<TransformLevel> dec =
      transform_levels(slots, n, p.s2c_levels, p.s2c_baby, false, dense);
  for (size_t i = 0; i < dec.size(); ++i) {
    if (i > 0) b.add("rescale", level--, 2);
    b.transform(dec[i], level);
  }
  if (sparse) {
    b.add("he_rotate", level, 1, {static_cast<int>(slots)});
    b.add("he_add", level);
  }
  b.add("const_mult", level);
  s.bottom = level - 1;
  s.levels = s.top - s.bottom;
  for (const CkksStep& st : s.steps) {
    if (st.kernel == "he_mult") s.key_switches += st.count;
    if (st.kernel == "he_rotate" || st.kernel == "conjugate") s.key_switches += st.count;
    if (st.kernel != "linear_transform") continue;
    for (int r : st.rotations) s.key_switches += r != 0;
    for (size_t i = 1; i < st.giant.size(); ++i) s.key_switches += st.giant[i] != 0;
  }
  return s;
}

}  // namespace hesa
