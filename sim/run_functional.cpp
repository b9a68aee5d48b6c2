#include "sim/run_functional.hpp"

#include <random>

#include "workloads/bat_matmul_lowering.hpp"
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

// C = A * B mod q on random A, checked tile by tile against the plain modular matmul.
FunctionalOutcome bat_matmul_functional(const RunConfig& cfg) {
  const BatMatmulConfig& bm = cfg.workload.bat_matmul;
  const BatMatmulLowering low = lower_bat_matmul_workload(cfg, true);
  std::mt19937_64 rng(0x5eed);
  U32Matrix a(uint64_t{bm.m} * bm.k);
  for (auto& x : a) x = static_cast<uint32_t>(rng() % bm.q);
  const U32Matrix c =
      reference_mod_matmul(a, bat_matmul_constant(bm.k, bm.n, bm.q), bm.m, bm.n, bm.k, bm.q);
  FunctionalMachine machine(low.trace);
  for (const MatrixTile& t : low.a_tiles) {
    machine.write({t.buffer, 0, 0, 0},
                  std::vector<uint32_t>(a.begin() + uint64_t{t.row0} * bm.k,
                                        a.begin() + uint64_t{t.row0 + t.rows} * bm.k));
  }
  machine.run();
  FunctionalOutcome out;
  out.ran = true;
  for (const MatrixTile& t : low.c_tiles) {
    const std::vector<uint32_t> got = machine.read({t.buffer, 0, 0, 0}, uint64_t{t.rows} * t.cols);
    bool same = true;
    for (uint32_t r = 0; r < t.rows; ++r)
      for (uint32_t col = 0; col < t.cols; ++col)
        same &= got[uint64_t{r} * t.cols + col] == c[uint64_t{t.row0 + r} * bm.n + t.col0 + col];
    ++out.slices;
    if (!same) ++out.mismatches;
  }
  return out;
}

}  // namespace

FunctionalOutcome run_functional(const RunConfig& cfg, const Trace& trace, const RunOptions& opt) {
  const WorkloadConfig& w = cfg.workload;
  if (w.kernel == "bat_matmul") return bat_matmul_functional(cfg);
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
