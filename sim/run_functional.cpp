#include "sim/run_functional.hpp"

#include <random>

#include "workloads/functional.hpp"
#include "workloads/modmath.hpp"
#include "workloads/reference_ntt.hpp"

namespace hesa {

namespace {

std::vector<uint32_t> to_natural(const std::vector<uint32_t>& bit_reversed) {
  const int bits = log2_exact(bit_reversed.size());
  std::vector<uint32_t> out(bit_reversed.size());
  for (uint32_t t = 0; t < bit_reversed.size(); ++t) out[bit_reverse(t, bits)] = bit_reversed[t];
  return out;
}

}  // namespace

FunctionalOutcome run_functional(const RunConfig& cfg, const Trace& trace, const RunOptions& opt) {
  const WorkloadConfig& w = cfg.workload;
  const bool inverse = w.kernel == "intt";
  FunctionalOutcome out;
  out.ran = true;
  out.output.resize(static_cast<size_t>(w.batch) * w.limbs);
  FunctionalMachine machine(trace);
  std::mt19937_64 rng(0x5eed);
  std::vector<std::vector<uint32_t>> inputs(out.output.size());
  for (const IoSlice& s : trace.inputs) {
    const size_t index = static_cast<size_t>(s.item) * w.limbs + s.limb;
    if (!opt.input.empty()) {
      inputs[index] = opt.input.at(index);
    } else {
      inputs[index].resize(w.n);
      for (auto& x : inputs[index]) x = static_cast<uint32_t>(rng() % w.primes[s.limb]);
    }
    machine.write(s, inputs[index]);
  }
  machine.run();
  for (const IoSlice& s : trace.outputs) {
    const size_t index = static_cast<size_t>(s.item) * w.limbs + s.limb;
    const uint64_t q = w.primes[s.limb], psi = w.psi[s.limb];
    std::vector<uint32_t> result = machine.read(s, w.n);
    const auto reference =
        inverse ? intt_radix2(inputs[index], q, psi) : ntt_radix2(inputs[index], q, psi);
    ++out.slices;
    if (result != reference) ++out.mismatches;
    out.output[index] = (opt.natural_output && !inverse) ? to_natural(result) : std::move(result);
  }
  return out;
}

}  // namespace hesa
