#include "workloads/mapping/mapping_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workloads/mapping/lowering_target.hpp"

namespace hesa {

void check_ntt_mapping(bool radix2, Reduction reduction, bool bat_constants) {
  if (radix2 && reduction == Reduction::kBatLazy) {
    throw LoweringError("mapping.ntt",
                        "radix2 butterflies multiply on the VPU; bat_lazy reduces "
                        "through the MXU: use ntt: mat or another reduction");
  }
  if (!bat_constants) return;
  if (reduction == Reduction::kShoup) {
    throw LoweringError("mapping.constant_mul",
                        "bat folds each constant into an int8 block on the MXU; Shoup multiplies "
                        "by the constant's precomputed quotient on the VPU: use reduction barrett "
                        "or bat_lazy, or constant_mul: vpu");
  }
  if (reduction == Reduction::kMontgomery) {
    throw LoweringError("mapping.constant_mul",
                        "bat products are exact mod q; Montgomery keeps constants in Montgomery "
                        "form for its VPU reduction: use reduction barrett or bat_lazy, or "
                        "constant_mul: vpu");
  }
  if (radix2) {
    throw LoweringError("mapping.constant_mul",
                        "radix2 butterflies multiply by their twiddles inside VPU stages: use "
                        "ntt: mat, or constant_mul: vpu");
  }
}

}  // namespace hesa

namespace hesa {

void check_ntt_step_knobs(const MappingConfig& m) {
  const bool radix2 = m.ntt == NttAlgorithm::kRadix2;
  if (m.shoup_ntt_given && radix2) {
    throw LoweringError("mapping.shoup_ntt",
                        "sets how a MAT NTT's matrix steps run; ntt: radix2 has no matrix steps: "
                        "drop the key or use ntt: mat");
  }
  if (m.montgomery_ntt_given && radix2) {
    throw LoweringError("mapping.montgomery_ntt",
                        "sets how a MAT NTT's matrix steps reduce; ntt: radix2 has no matrix "
                        "steps: drop the key or use ntt: mat");
  }
  if (m.twist_given && radix2) {
    throw LoweringError("mapping.twist",
                        "radix2 butterflies take the powers of psi as their twiddles (the twist "
                        "is always inside them): drop the key or use ntt: mat");
  }
  if (m.shoup_ntt_given && m.reduction != Reduction::kShoup) {
    throw LoweringError("mapping.shoup_ntt",
                        fmt::format("sets how a Shoup NTT runs; the reduction is {}: use "
                                    "reduction: shoup or drop the key",
                                    reduction_name(m.reduction)));
  }
  if (m.montgomery_ntt_given && m.reduction != Reduction::kMontgomery) {
    throw LoweringError("mapping.montgomery_ntt",
                        fmt::format("sets how a Montgomery NTT reduces; the reduction is {}: use "
                                    "reduction: montgomery or drop the key",
                                    reduction_name(m.reduction)));
  }
}

bool shoup_conv(Reduction reduction, bool radix2, const NttSteps& steps) {
  return reduction == Reduction::kShoup && !radix2 && steps.shoup == ShoupNtt::kConv;
}

bool montgomery_kept(Reduction reduction, bool radix2, const NttSteps& steps) {
  return reduction == Reduction::kMontgomery && !radix2 && steps.montgomery == MontgomeryNtt::kKept;
}

void check_shoup_conv(uint32_t rows, uint32_t cols, const std::vector<uint64_t>& primes) {
  const uint64_t h = std::max(rows, cols);
  for (uint64_t q : primes) {
    const long double reach = (1.0L + static_cast<long double>(h) * q / 17179869184.0L) * q;
    if (reach >= 4294967296.0L) {
      throw LoweringError(
          "mapping.shoup_ntt",
          fmt::format("conv: Shoup's correction over a dot product of {} values leaves about "
                      "(1 + {} q / 2^34) q = {:.0f}, beyond 32 bits for the prime {}, and CROSS "
                      "truncates it to 32 bits: use smaller primes, a layout with smaller R and "
                      "C, or shoup_ntt: bat",
                      h, h, static_cast<double>(reach), q));
    }
  }
}

}  // namespace hesa
