#include "workloads/kernels/kernel_registry.hpp"

#include <stdexcept>

#include "trace/trace_tags.hpp"

namespace hesa {

namespace {

constexpr unsigned kHe = kSchemeSection;
const char* const kSingle = nullptr;  // checked: no reason needed

// In the order the schema lists the kernels.
const std::vector<KernelInfo> kKernels = {
    {Kernel::kNtt, "ntt", KernelFamily::kNtt, kHe, true, true, "NTT", kSingle, Category::kNttMatmul,
     "batched multi-limb negacyclic NTT (MAT 3-step or radix-2)"},
    {Kernel::kIntt, "intt", KernelFamily::kNtt, kHe, true, true, "INTT", kSingle,
     Category::kInttMatmul, "its inverse"},
    {Kernel::kVecModAdd, "vec_mod_add", KernelFamily::kElementwise, kHe, false, false,
     "element-wise product/sum", kSingle, Category::kOther,
     "element-wise modular addition of two ciphertext-shaped operands"},
    {Kernel::kVecModMul, "vec_mod_mul", KernelFamily::kElementwise, kHe, false, false,
     "element-wise product/sum", kSingle, Category::kOther,
     "element-wise modular multiplication (CROSS's VecModMul)"},
    {Kernel::kHeAdd, "he_add", KernelFamily::kElementwise, kHe, true, false,
     "element-wise product/sum", kSingle, Category::kOther, "HE-Add: limb-wise modular addition"},
    {Kernel::kPMult, "pmult", KernelFamily::kElementwise, kHe, true, false,
     "element-wise product/sum", kSingle, Category::kOther,
     "HE-PMult: a ciphertext times a plaintext, limb-wise"},
    {Kernel::kBconv, "bconv", KernelFamily::kBconv, kHe, false, false, "CRT basis conversion",
     kSingle, Category::kBconvMatmul, "basis conversion from the Q primes to the P primes"},
    {Kernel::kModUp, "mod_up", KernelFamily::kCkks, kHe, true, false, "RNS CKKS kernel", kSingle,
     Category::kOther, "ModUp of key switching (INTT, BConv, NTT per digit)"},
    {Kernel::kModDown, "mod_down", KernelFamily::kCkks, kHe, true, false, "RNS CKKS kernel",
     kSingle, Category::kOther, "ModDown of key switching (INTT, BConv, NTT, subtract, scale)"},
    {Kernel::kKeySwitch, "key_switch", KernelFamily::kCkks, kHe, true, false, "RNS CKKS kernel",
     kSingle, Category::kOther, "hybrid key switching with dnum digits"},
    {Kernel::kRescale, "rescale", KernelFamily::kCkks, kHe, true, false, "RNS CKKS kernel", kSingle,
     Category::kOther, "Rescale: divide by the last prime, rounding"},
    {Kernel::kHeMult, "he_mult", KernelFamily::kCkks, kHe, true, false, "RNS CKKS kernel", kSingle,
     Category::kOther, "HE-Mult: tensor product, relinearization, rescale"},
    {Kernel::kHeRotate, "he_rotate", KernelFamily::kCkks, kHe | kRotationsSection, true, false,
     "RNS CKKS kernel", kSingle, Category::kOther,
     "HE-Rotate: automorphisms and key switching (rotations hoisted)"},
    {Kernel::kConstMult, "const_mult", KernelFamily::kCkks, kHe, true, false, nullptr,
     "--functional checks single kernels with a reference, not const_mult", Category::kOther,
     "a ciphertext times a constant: one scalar product per limb"},
    {Kernel::kConstAdd, "const_add", KernelFamily::kCkks, kHe, true, false, nullptr,
     "--functional checks single kernels with a reference, not const_add", Category::kOther,
     "a constant added to a ciphertext: one scalar sum per limb"},
    {Kernel::kSequence, "sequence", KernelFamily::kCkks, kHe | kSequenceSection | kBootstrapSection,
     false, false, nullptr,
     "--functional checks single kernels, not sequence (check its steps one by one)",
     Category::kOther, "a user's list of kernels at levels (bootstraps among them)"},
    {Kernel::kBootstrap, "bootstrap", KernelFamily::kCkks, kHe | kBootstrapSection, true, false,
     nullptr, "--functional checks single kernels, not bootstrap (check its steps one by one)",
     Category::kOther,
     "packed CKKS bootstrapping (ModRaise, CoeffToSlot, EvalMod, SlotToCoeff) derived from its "
     "bootstrap: section"},
    {Kernel::kGemm, "gemm", KernelFamily::kGemm, kGemmSection, false, false, nullptr,
     "--functional checks ntt, intt and bat_matmul workloads, not gemm", Category::kOther,
     "one int8 or bf16 matmul on the MXUs (a microbenchmark)"},
    {Kernel::kBatMatmul, "bat_matmul", KernelFamily::kBatMatmul, kBatMatmulSection, false, false,
     "modular matmul", kSingle, Category::kOther,
     "C = A x B mod q with B constant, as BAT int8 matmuls (CROSS's benchmark)"},
};

const KernelInfo kTraceKernel = {Kernel::kTrace,
                                 "trace",
                                 KernelFamily::kTrace,
                                 0,
                                 false,
                                 false,
                                 nullptr,
                                 "--functional needs --workload (a trace replays timing)",
                                 Category::kOther,
                                 "a trace file replayed"};

}  // namespace

const std::vector<KernelInfo>& workload_kernels() {
  return kKernels;
}

const KernelInfo& kernel_info(Kernel kernel) {
  if (kernel == Kernel::kTrace) return kTraceKernel;
  for (const KernelInfo& k : kKernels) {
    if (k.id == kernel) return k;
  }
  throw std::logic_error("kernel missing from the registry");
}

const char* kernel_name(Kernel kernel) {
  return kernel_info(kernel).name;
}

std::optional<Kernel> kernel_by_name(std::string_view name) {
  for (const KernelInfo& k : kKernels) {
    if (name == k.name) return k.id;
  }
  return std::nullopt;
}

std::vector<std::string> kernel_names(bool sequence_steps_only) {
  std::vector<std::string> names;
  for (const KernelInfo& k : kKernels) {
    if (!sequence_steps_only || k.sequence_step) names.push_back(k.name);
  }
  return names;
}

Category category_of(const std::string& tag) {
  const TagParts parts = split_tag(tag);
  if (parts.step.empty()) return Category::kOther;
  if (const std::optional<Category> c = step_category(parts.step)) return *c;
  const std::optional<Kernel> kernel = kernel_by_name(parts.kernel);
  return kernel ? kernel_info(*kernel).matmul_category : Category::kOther;
}

}  // namespace hesa
