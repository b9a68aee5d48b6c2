// Plain reference negacyclic NTTs (OpenFHE's convention: output in bit-reversed order), used to
// check lowered traces: an O(N^2) definition and a radix-2 Cooley-Tukey / Gentleman-Sande pair.
#pragma once

#include <cstdint>
#include <vector>

namespace hesa {

using Limb = std::vector<uint32_t>;

// out[t] = sum_i a[i] * psi^(i * (2 * br(t) + 1)) mod q
Limb ntt_definition(const Limb& a, uint64_t q, uint64_t psi);
// a[i] = N^-1 * sum_t A[t] * psi^-(i * (2 * br(t) + 1)) mod q
Limb intt_definition(const Limb& a, uint64_t q, uint64_t psi);
Limb ntt_radix2(Limb a, uint64_t q, uint64_t psi);
Limb intt_radix2(Limb a, uint64_t q, uint64_t psi);

}  // namespace hesa
