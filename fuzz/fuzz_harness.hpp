// What each fuzz target does with one input: feed it to a parser the way the CLI would. A
// ConfigError (or LoweringError) is the expected answer to bad input and is swallowed; anything
// else (another exception, a crash, undefined behaviour, a leak, a hang) is a finding.
#pragma once

#include <string_view>

namespace hesa::fuzz {

// The input is a chip YAML file in configs/chips/ (so the shipped includes resolve).
void chip_input(std::string_view data);
// The input is a workload YAML file; its lines "#set path=value" are --set overrides (applied
// over the TPU v6e chip). Small valid workloads are also lowered to a trace.
void workload_input(std::string_view data);
// The input is a limb file (--input) for N = 16, 2 limbs (primes 97, 193), batch 2.
void limbs_input(std::string_view data);

// The input is a sweep file in configs/sweeps/ (so ../chips/... and ../workloads/... resolve). It
// is read and, with at most kFuzzSweepPoints points, expanded; points whose workload is larger
// than a small NTT are checked but not lowered. Nothing runs and nothing is written.
void sweep_input(std::string_view data);
inline constexpr long kFuzzSweepPoints = 64;
// The input is a trace file replayed on the TPU v4 chip (two TensorCores): parsed and checked as
// `hesa run --trace` does before simulating (not simulated).
void trace_input(std::string_view data);

// Which of the above a target name ("chip", "workload", "limbs", "sweep", "trace") means; nullptr
// if none.
using Harness = void (*)(std::string_view);
Harness harness_named(std::string_view name);

}  // namespace hesa::fuzz
