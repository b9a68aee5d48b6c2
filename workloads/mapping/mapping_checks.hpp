// Combinations of mapping knobs that cannot run, each refused with the reason and what to use.
#pragma once

#include "trace/trace.hpp"

namespace hesa {

// Throws LoweringError for a mapping of products and NTTs that cannot run (radix2 with bat_lazy;
// BAT constants with Shoup, Montgomery or radix2).
void check_ntt_mapping(bool radix2, Reduction reduction, bool bat_constants = false);

}  // namespace hesa
