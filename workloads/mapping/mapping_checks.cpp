#include "workloads/mapping/mapping_checks.hpp"

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
