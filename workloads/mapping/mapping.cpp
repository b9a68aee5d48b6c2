#include "workloads/mapping/mapping.hpp"

namespace hesa {

const std::vector<std::string>& reduction_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Reduction r :
         {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
      out.push_back(reduction_name(r));
    }
    return out;
  }();
  return names;
}

const std::vector<std::string>& ntt_algorithm_names() {
  static const std::vector<std::string> names = {"mat", "radix2"};
  return names;
}

const std::vector<std::string>& shoup_ntt_names() {
  static const std::vector<std::string> names = {"conv", "bat"};
  return names;
}

const std::vector<std::string>& montgomery_ntt_names() {
  static const std::vector<std::string> names = {"kept", "barrett"};
  return names;
}

const std::vector<std::string>& twist_names() {
  static const std::vector<std::string> names = {"fused", "separate"};
  return names;
}

const std::vector<std::string>& constant_mul_names() {
  static const std::vector<std::string> names = {"vpu", "bat"};
  return names;
}

const std::vector<std::string>& bconv_unit_names() {
  static const std::vector<std::string> names = {"mxu", "vpu"};
  return names;
}

const std::vector<std::string>& core_split_names() {
  static const std::vector<std::string> names = {"none", "limbs", "batch"};
  return names;
}

const std::vector<std::string>& rescale_order_names() {
  static const std::vector<std::string> names = {"before", "after"};
  return names;
}

const std::vector<std::string>& key_switch_digits_names() {
  static const std::vector<std::string> names = {"level", "fixed"};
  return names;
}

const std::vector<std::string>& inner_product_names() {
  static const std::vector<std::string> names = {"lazy", "eager"};
  return names;
}

const std::vector<std::string>& automorphism_names() {
  static const std::vector<std::string> names = {"after_moddown", "hoisted"};
  return names;
}

const std::vector<std::string>& fusion_names() {
  static const std::vector<std::string> names = {"xla", "none"};
  return names;
}

const std::vector<std::string>& shard_names() {
  static const std::vector<std::string> names = {"batch", "limbs"};
  return names;
}

const std::vector<std::string>& limb_take_names() {
  static const std::vector<std::string> names = {"copy", "none"};
  return names;
}

}  // namespace hesa
