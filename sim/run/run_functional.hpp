// Functional execution of a run's trace on real numbers, checked limb by limb against the plain
// reference NTT/INTT of workloads/math/reference_ntt.hpp.
#pragma once

#include "sim/run/run.hpp"

namespace hesa {

FunctionalOutcome run_functional(const RunConfig& cfg, const Trace& trace, const RunOptions& opt);

}  // namespace hesa
