// The time-breakdown categories of CROSS (vector mod-ops, NTT / INTT / BConv matmul, permutation,
// copy/reshape, type conversion, other) and the one table mapping a trace tag "<kernel>/<step>"
// to its category. Unknown steps and kernels fall into "other".
#pragma once

#include <string>

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
Category category_of(const std::string& tag);
// The kernel of a tag: the part before the first '/', or the tag itself when it has none.
std::string kernel_of(const std::string& tag);

}  // namespace hesa
