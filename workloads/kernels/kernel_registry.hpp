// The kernels hesa lowers, in one table: each kernel's name, its family (which lowering and which
// workload sections it takes), whether it may be a step of a sequence, what the functional mode
// checks it against, the CROSS category of its bare matmul steps and a one-line description. The
// workload schema, the lowering dispatch, the functional mode, the stats categories, the fuzz
// harness and `hesa --help` read it; nothing else spells a kernel's name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/kernels/cross_categories.hpp"

namespace hesa {

enum class Kernel : uint8_t {
  kNtt,
  kIntt,
  kVecModAdd,
  kVecModMul,
  kHeAdd,
  kPMult,
  kBconv,
  kModUp,
  kModDown,
  kKeySwitch,
  kRescale,
  kHeMult,
  kHeRotate,
  kConstMult,
  kConstAdd,
  kSequence,
  kBootstrap,
  kGemm,
  kBatMatmul,
  kTrace,  // a replayed trace file: not a workload kernel
};

// Which lowering a kernel takes.
enum class KernelFamily : uint8_t { kNtt, kElementwise, kBconv, kCkks, kGemm, kBatMatmul, kTrace };

// The optional top-level sections of a workload file, by which kernels read them.
enum WorkloadSection : unsigned {
  kSchemeSection = 1u << 0,
  kGemmSection = 1u << 1,
  kBatMatmulSection = 1u << 2,
  kRotationsSection = 1u << 3,
  kSequenceSection = 1u << 4,
  kBootstrapSection = 1u << 5,
};

struct KernelInfo {
  Kernel id;
  const char* name;
  KernelFamily family;
  unsigned sections;   // WorkloadSection bits
  bool sequence_step;  // may be a step of a sequence
  bool limb_files;     // takes --input / --dump-output limbs (a transform of one limb set)
  // What --functional checks it against; null when it cannot be checked, with `unchecked` saying
  // why (an error message).
  const char* reference;
  const char* unchecked;
  Category matmul_category;  // of its bare "<kernel>/matmul" steps
  const char* description;   // one line, for `hesa --help` and the docs
};

// Every kernel a workload may name, in the order the schema lists them (the replayed-trace entry
// is not among them).
const std::vector<KernelInfo>& workload_kernels();
const KernelInfo& kernel_info(Kernel kernel);
const char* kernel_name(Kernel kernel);
std::optional<Kernel> kernel_by_name(std::string_view name);
// The names of the kernels a workload may name, or of those a sequence step may name.
std::vector<std::string> kernel_names(bool sequence_steps_only = false);

// The CROSS category of a trace tag "<kernel>/<step>": by the step's name, a bare "matmul" by its
// kernel; tags without a '/' and unknown kernels fall into "other".
Category category_of(const std::string& tag);

}  // namespace hesa
