#include "workloads/kernels/cross_categories.hpp"

#include <array>
#include <string_view>

#include "trace/trace_tags.hpp"

namespace hesa {

namespace {

struct CategoryName {
  const char* id;
  const char* label;
};

constexpr std::array<CategoryName, kCategories> kNames = {{
    {"vector_modops", "vector mod-ops"},
    {"ntt_matmul", "NTT matmul"},
    {"intt_matmul", "INTT matmul"},
    {"bconv_matmul", "BConv matmul"},
    {"permutation", "permutation"},
    {"copy_reshape", "copy/reshape"},
    {"type_conversion", "type conversion"},
    {"other", "other"},
}};

// Step name prefixes and their category; a bare "matmul" step depends on the kernel (below).
struct StepRule {
  std::string_view prefix;
  Category category;
};
constexpr StepRule kStepRules[] = {
    {"ntt_matmul", Category::kNttMatmul},  // NTT steps inside any kernel (mod_up, rescale, ...)
    {"intt_matmul", Category::kInttMatmul},
    {"bconv_matmul", Category::kBconvMatmul},
    {"twist", Category::kVectorModOps},
    {"twiddle", Category::kVectorModOps},
    {"reduce", Category::kVectorModOps},
    {"modmul", Category::kVectorModOps},
    {"modadd", Category::kVectorModOps},
    {"modsub", Category::kVectorModOps},
    {"scale", Category::kVectorModOps},
    {"butterfly", Category::kVectorModOps},  // radix-2 NTTs on the VPU
    {"convert", Category::kTypeConversion},
    {"load", Category::kCopyReshape},
    {"store", Category::kCopyReshape},
    {"copy", Category::kCopyReshape},
    {"transpose", Category::kCopyReshape},  // CROSS's Shoup NTT transposes its data
    {"permute", Category::kPermutation},
    {"automorph", Category::kPermutation},
};

}  // namespace

const char* category_id(Category c) {
  return kNames[static_cast<int>(c)].id;
}

const char* category_label(Category c) {
  return kNames[static_cast<int>(c)].label;
}

std::string kernel_of(const std::string& tag) {
  return std::string(split_tag(tag).kernel);
}

std::optional<Category> step_category(std::string_view step) {
  for (const StepRule& r : kStepRules) {
    if (step.rfind(r.prefix, 0) == 0) return r.category;
  }
  if (step.rfind("matmul", 0) == 0) return std::nullopt;
  return Category::kOther;
}

}  // namespace hesa
