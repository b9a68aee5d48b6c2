#include "workloads/kernels/kernel_check.hpp"

#include <map>
#include <random>
#include <tuple>

#include "workloads/kernels/kernel_lowering.hpp"
#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"
#include "workloads/reference/ckks_reference.hpp"
#include "workloads/reference/functional.hpp"

namespace hesa {

namespace {

using Limb = std::vector<uint32_t>;
// (operand, item, poly, limb) of an input or output slice.
using SliceKey = std::tuple<int, int, int, int>;
SliceKey key_of(const IoSlice& s) {
  return {s.operand, s.item, s.poly, s.limb};
}

std::vector<uint32_t> to_natural(const std::vector<uint32_t>& bit_reversed) {
  const int bits = log2_exact(bit_reversed.size());
  std::vector<uint32_t> out(bit_reversed.size());
  for (uint32_t t = 0; t < bit_reversed.size(); ++t) out[bit_reverse(t, bits)] = bit_reversed[t];
  return out;
}

// The prime of an input limb (outputs of bconv use the target primes).
uint64_t input_prime(const WorkloadConfig& w, const IoSlice& s) {
  return w.primes[s.limb];
}

Limb reference_output(const WorkloadConfig& w, const IoSlice& out,
                      const std::map<SliceKey, Limb>& inputs) {
  const uint64_t q = w.primes[out.limb];
  if (w.kernel == Kernel::kNtt)
    return ntt_radix2(inputs.at({0, out.item, 0, out.limb}), q, w.psi[out.limb]);
  if (w.kernel == Kernel::kIntt) {
    return intt_radix2(inputs.at({0, out.item, 0, out.limb}), q, w.psi[out.limb]);
  }
  if (w.kernel == Kernel::kBconv) {
    const std::vector<uint64_t> from(w.primes.begin(), w.primes.begin() + w.limbs);
    const std::vector<uint64_t> to(w.primes.begin() + w.limbs, w.primes.end());
    Limb result(w.n);
    std::vector<uint32_t> column(from.size());
    for (uint64_t c = 0; c < w.n; ++c) {
      for (int i = 0; i < w.limbs; ++i) column[i] = inputs.at({0, out.item, 0, i})[c];
      result[c] = bconv_reference(column, from, to)[out.limb];
    }
    return result;
  }
  const ElementwiseKernel kernel = elementwise_kernel(w.kernel);
  const int b_poly = elementwise_polys(kernel, 1) == 1 ? 0 : out.poly;
  const Limb& a = inputs.at({0, out.item, out.poly, out.limb});
  const Limb& b = inputs.at({1, out.item, b_poly, out.limb});
  const Reduction red =
      w.mapping.reduction == Reduction::kMontgomery ? Reduction::kMontgomery : Reduction::kBarrett;
  Limb result(w.n);
  for (uint64_t c = 0; c < w.n; ++c) result[c] = elementwise_reference(kernel, red, a[c], b[c], q);
  return result;
}

// C = A * B mod q on random A, checked tile by tile against the plain modular matmul.
FunctionalOutcome bat_matmul_functional(const WorkloadConfig& w, const LoweringTarget& target) {
  const BatMatmulConfig& bm = w.bat_matmul;
  const BatMatmulLowering low = lower_bat_matmul_workload(w, target, true);
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

FunctionalOutcome check_kernel(const WorkloadConfig& workload, const LoweringTarget& target,
                               const Trace& trace, const FunctionalInput& opt) {
  WorkloadConfig w = workload;
  w.psi = ntt_roots(workload);  // the references need the roots' values
  const KernelInfo& kernel = kernel_info(w.kernel);
  if (kernel.family == KernelFamily::kBatMatmul) return bat_matmul_functional(w, target);
  const bool ntt_like = kernel.limb_files;
  FunctionalOutcome out;
  out.ran = true;
  FunctionalMachine machine(trace);
  std::mt19937_64 rng(0x5eed);
  std::map<SliceKey, Limb> inputs;
  for (const IoSlice& s : trace.inputs) {
    const uint64_t q = input_prime(w, s);
    Limb limb(w.n);
    if (!opt.input.empty() && ntt_like) {
      limb = opt.input.at(static_cast<size_t>(s.item) * w.limbs + s.limb);
    } else {
      for (auto& x : limb) x = static_cast<uint32_t>(rng() % q);
    }
    machine.write(s, limb, q);
    inputs[key_of(s)] = std::move(limb);
  }
  machine.run();
  // CKKS kernels: the reference computes whole polynomials per batch item.
  std::vector<std::vector<RefPoly>> ckks_ref;
  const bool ckks = kernel.family == KernelFamily::kCkks;
  if (ckks) {
    const CkksParams params = ckks_params(w, target);
    for (int item = 0; item < w.batch; ++item) {
      std::vector<std::vector<RefPoly>> polys(2, std::vector<RefPoly>(2));
      for (const auto& [key, limb] : inputs) {
        auto [operand, it, poly, prime] = key;
        if (it == item) polys[operand][poly][prime] = limb;
      }
      ckks_ref.push_back(ckks_reference(params, polys));
    }
  }
  std::map<SliceKey, Limb> results;
  for (const IoSlice& s : trace.outputs) {
    Limb result = machine.read(s, w.n);
    // CROSS's Montgomery and Shoup NTTs leave their results congruent mod q (lazy reductions):
    // compared, and dumped, reduced as CROSS's tests reduce them.
    if (kernel.family == KernelFamily::kNtt) {
      for (uint32_t& x : result) x = static_cast<uint32_t>(x % w.primes[s.limb]);
    }
    ++out.slices;
    const bool same = ckks ? result == ckks_ref[s.item].at(s.poly).at(s.limb)
                           : result == reference_output(w, s, inputs);
    if (!same) ++out.mismatches;
    if (opt.natural_output && w.kernel == Kernel::kNtt) result = to_natural(result);
    results[key_of(s)] = std::move(result);
  }
  for (auto& [key, limb] : results) out.output.push_back(std::move(limb));  // item-major order
  return out;
}

}  // namespace hesa
