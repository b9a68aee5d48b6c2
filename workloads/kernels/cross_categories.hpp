// The time-breakdown categories of CROSS (vector mod-ops, NTT / INTT / BConv matmul, permutation,
// copy/reshape, type conversion, other) and the one table mapping a step of a trace tag
// "<kernel>/<step>" to its category by the step's name. A bare "matmul" step takes its kernel's
// category (workloads/kernels/kernel_registry.hpp, category_of); unknown steps fall into "other".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hesa {

enum class Category {
  kVectorModOps,
  kNttMatmul,
  kInttMatmul,
  kBconvMatmul,
  kPermutation,
  kCopyReshape,
  kTypeConversion,
  kOther,
};
inline constexpr int kCategories = 8;

const char* category_id(Category c);     // stats key, e.g. "ntt_matmul"
const char* category_label(Category c);  // as CROSS names it, e.g. "NTT matmul"
// The category of a step by its name, nullopt for a bare "matmul" step (its kernel decides).
std::optional<Category> step_category(std::string_view step);
// The kernel of a tag "[<phase>:]<kernel>/<step>" (trace/trace_tags.hpp), or the tag itself
// (without its phase) when it has no '/'.
std::string kernel_of(const std::string& tag);

}  // namespace hesa
