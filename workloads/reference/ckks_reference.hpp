// Plain reference of the CKKS kernels of ckks_lowering.hpp on one batch item: the same RNS
// algorithms written directly with reference NTTs, big-integer basis conversion and modular
// arithmetic, to check lowered traces against.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "workloads/lowering/ckks_lowering.hpp"

namespace hesa {

// limbs keyed by prime index
using RefPoly = std::map<int, std::vector<uint32_t>>;

// Inputs: polys[operand][poly]; returns the kernel's output polynomials in order.
std::vector<RefPoly> ckks_reference(const CkksParams& p,
                                    const std::vector<std::vector<RefPoly>>& inputs);

}  // namespace hesa
