// The mapping of a workload: how its kernel is lowered onto the chip. Each knob is an enum here
// with the one table of its names (the workload schema reads the names, stats and messages print
// them); the reduction's enum and names belong to the ISA (trace/trace.hpp), the modmul
// instruction carries it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.hpp"

namespace hesa {

// The NTT algorithm: CROSS's MAT 3-step matmuls, or radix-2 butterflies on the VPU.
enum class NttAlgorithm : uint8_t { kMat, kRadix2 };
// Products by known constants: on the VPU with the chosen reduction, or BAT products on the MXU.
enum class ConstantMul : uint8_t { kVpu, kBat };
// Basis conversion: BAT matmuls on the MXU (CROSS), or modular products and sums on the VPU.
enum class BconvUnit : uint8_t { kMxu, kVpu };
// The matrix steps of a Shoup NTT: CROSS's byte-wise 1-D convolutions of the values and of the
// Shoup companions (Shoup is not compatible with BAT), or BAT matmuls with Barrett like the
// Barrett NTT (only the middle product uses Shoup).
enum class ShoupNtt : uint8_t { kConv, kBat };
// A Montgomery NTT: CROSS's constants in Montgomery form through all three steps, each matmul and
// the middle product followed by a lazy Montgomery reduction, or BAT matmuls with Barrett (only
// the middle product uses Montgomery).
enum class MontgomeryNtt : uint8_t { kKept, kBarrett };
// The negacyclic twist of a MAT (I)NTT: folded into the step constants (CROSS's Gen-2), or a
// separate product by psi^i before (psi^-i after) the transform.
enum class Twist : uint8_t { kFused, kSeparate };
// The three knobs of a MAT (I)NTT's steps, as the lowerings carry them.
struct NttSteps {
  ShoupNtt shoup = ShoupNtt::kConv;
  MontgomeryNtt montgomery = MontgomeryNtt::kKept;
  Twist twist = Twist::kFused;
};
// How the work spreads over TensorCores: all on core 0, limb l on core l mod cores, or chunk c of
// the batch on core c mod cores (each core then loads the limb's constants into its own VMEM).
enum class CoreSplit : uint8_t { kNone, kLimbs, kBatch };
// The structure of the CKKS kernels. The defaults are CROSS's (its HEMul/HERot/Ciphertext code):
// HE-Mult rescales its two inputs first and multiplies at the level below (or rescales the
// product after relinearizing);
enum class RescaleOrder : uint8_t { kBefore, kAfter };
// key switching at level l cuts l limbs into digits of ceil(l / dnum) (or of ceil(L / dnum) at
// every level, dropping digits as the level falls);
enum class KeySwitchDigits : uint8_t { kLevel, kFixed };
// the key inner product accumulates the digits' products in u64 and reduces once (or reduces
// every product and adds);
enum class InnerProduct : uint8_t { kLazy, kEager };
// a single rotation switches keys first and permutes its two output polynomials last (or permutes
// every ModUp'ed digit and a0 before the key product: hoisting, which several rotations of one
// ciphertext always use);
enum class Automorphism : uint8_t { kAfterModDown, kHoisted };
// key switching gathers a digit's limbs and restores the limb order by copies (XLA's `take`
// along the limb axis), or addresses them where they are.
enum class LimbTake : uint8_t { kCopy, kNone };
// Element-wise steps: fused as XLA fuses loops (a chain computed in one pass over VMEM-resident
// limbs, to HBM only at a fusion boundary), or each its own pass through HBM.
enum class Fusion : uint8_t { kXla, kNone };
// How a slice's chips share the work (a run on one chip ignores it): each chip its own batch
// items, every evaluation key on every chip; or each chip the RNS limbs l with l mod chips its
// index, keys split likewise, the limbs a basis conversion or a lift reads fetched over ICI.
enum class Shard : uint8_t { kBatch, kLimbs };

// The knobs a workload may leave to the mapping search (`auto`): each is chosen by simulating
// its legal candidates (sim/run/mapping_search.hpp). A knob neither given nor `auto` keeps its
// fixed default, so a plain run never pays for a search.
struct AutoKnobs {
  bool prefetch_depth = false;
  bool core_split = false;
  bool layout = false;
  bool chunk_items = false;
  bool fusion = false;
  bool shard = false;
  bool any() const {
    return prefetch_depth || core_split || layout || chunk_items || fusion || shard;
  }
};

struct MappingConfig {
  Reduction reduction = Reduction::kBarrett;  // modular reduction on the VPU
  NttAlgorithm ntt = NttAlgorithm::kMat;
  NttSteps ntt_steps;  // shoup_ntt, montgomery_ntt, twist
  // Which of those the workload sets (a knob set where it cannot apply is an error).
  bool shoup_ntt_given = false, montgomery_ntt_given = false, twist_given = false;
  ConstantMul constant_mul = ConstantMul::kVpu;
  BconvUnit bconv = BconvUnit::kMxu;
  uint32_t layout_rows = 0;           // NTT layout R (0 = chosen by default)
  uint32_t layout_cols = 0;           // NTT layout C (0 = chosen by default)
  int prefetch_depth = 2;             // limbs whose constants are in flight at once
  bool prefetch_depth_given = false;  // set by the workload (else it steps down to fit VMEM)
  // TensorCores: given, or (unset) by rule: one core none, else limbs when the kernel has at
  // least as many limbs as cores, batch otherwise (kernel_lowering.hpp, resolve_core_split).
  CoreSplit core_split = CoreSplit::kNone;
  bool core_split_given = false;
  int chunk_items = 0;  // batch items per chunk of a transform or element-wise kernel (0: as
                        // many as fit one core's VMEM)
  RescaleOrder rescale = RescaleOrder::kBefore;
  KeySwitchDigits key_switch_digits = KeySwitchDigits::kLevel;
  InnerProduct inner_product = InnerProduct::kLazy;
  Automorphism automorphism = Automorphism::kAfterModDown;
  LimbTake limb_take = LimbTake::kCopy;
  Fusion fusion = Fusion::kXla;
  bool fusion_given = false;  // set by the workload (else a search may try both)
  Shard shard = Shard::kBatch;
  bool shard_given = false;  // set by the workload (else a search on a slice may try both)
  AutoKnobs autos;
};

// The names of a knob's values, in enum order (the schema lists them in this order).
const std::vector<std::string>& reduction_names();
const std::vector<std::string>& ntt_algorithm_names();
const std::vector<std::string>& shoup_ntt_names();
const std::vector<std::string>& montgomery_ntt_names();
const std::vector<std::string>& twist_names();
const std::vector<std::string>& constant_mul_names();
const std::vector<std::string>& bconv_unit_names();
const std::vector<std::string>& core_split_names();
const std::vector<std::string>& rescale_order_names();
const std::vector<std::string>& key_switch_digits_names();
const std::vector<std::string>& inner_product_names();
const std::vector<std::string>& automorphism_names();
const std::vector<std::string>& limb_take_names();
const std::vector<std::string>& fusion_names();
const std::vector<std::string>& shard_names();

template <class Enum>
const std::vector<std::string>& names_of();
template <>
inline const std::vector<std::string>& names_of<Reduction>() {
  return reduction_names();
}
template <>
inline const std::vector<std::string>& names_of<NttAlgorithm>() {
  return ntt_algorithm_names();
}
template <>
inline const std::vector<std::string>& names_of<ShoupNtt>() {
  return shoup_ntt_names();
}
template <>
inline const std::vector<std::string>& names_of<MontgomeryNtt>() {
  return montgomery_ntt_names();
}
template <>
inline const std::vector<std::string>& names_of<Twist>() {
  return twist_names();
}
template <>
inline const std::vector<std::string>& names_of<ConstantMul>() {
  return constant_mul_names();
}
template <>
inline const std::vector<std::string>& names_of<BconvUnit>() {
  return bconv_unit_names();
}
template <>
inline const std::vector<std::string>& names_of<CoreSplit>() {
  return core_split_names();
}

template <>
inline const std::vector<std::string>& names_of<RescaleOrder>() {
  return rescale_order_names();
}
template <>
inline const std::vector<std::string>& names_of<KeySwitchDigits>() {
  return key_switch_digits_names();
}
template <>
inline const std::vector<std::string>& names_of<InnerProduct>() {
  return inner_product_names();
}
template <>
inline const std::vector<std::string>& names_of<Automorphism>() {
  return automorphism_names();
}
template <>
inline const std::vector<std::string>& names_of<LimbTake>() {
  return limb_take_names();
}

template <>
inline const std::vector<std::string>& names_of<Fusion>() {
  return fusion_names();
}
template <>
inline const std::vector<std::string>& names_of<Shard>() {
  return shard_names();
}

template <class Enum>
const std::string& name_of(Enum value) {
  return names_of<Enum>().at(static_cast<std::size_t>(value));
}

template <class Enum>
std::optional<Enum> enum_by_name(std::string_view name) {
  const std::vector<std::string>& names = names_of<Enum>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace hesa
