// Counts of the work a trace's instructions stand for that no single unit sees: the limb-
// polynomial NTTs and INTTs, recognized by the one step each transform has exactly once (the
// MAT middle twiddle product, forward or inverse, whatever the twist; the first forward or last
// inverse radix-2 stage).
#pragma once

#include <cstdint>
#include <string>

#include "trace/trace.hpp"

namespace hesa {

struct TransformCount {
  uint64_t ntts = 0, intts = 0;  // limb-polynomials transformed
};

// The transforms `in` (whose tag's step, after the kernel's '/', is `step`) completes.
TransformCount transforms_of(const Instr& in, const std::string& step);

}  // namespace hesa
