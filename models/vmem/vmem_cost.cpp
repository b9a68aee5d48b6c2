#include "models/vmem/vmem_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hesa {

double sram_efficiency(const SramConfig& s, const DmaAccess& a) {
  if (a.kind == AccessKind::kContiguous || a.chunk_bytes == 0) return 1.0;
  const uint64_t word = uint64_t(s.bank_bytes), banks = uint64_t(s.banks);
  const uint64_t words = (a.chunk_bytes + word - 1) / word;  // words per chunk (aligned start)
  if (a.kind == AccessKind::kStrided && a.stride_bytes == a.chunk_bytes) return 1.0;
  const double useful = double(a.chunk_bytes) / double(words * word);
  if (words >= banks) return useful;  // every chunk sweeps all banks
  double reached;                     // distinct banks per `banks / words` chunks
  const double per_round = double(banks) / double(words);
  if (a.kind == AccessKind::kGather) {
    // random starts: expected distinct banks hit by per_round chunks of `words` words
    reached = double(banks) * (1 - std::pow(1 - double(words) / double(banks), per_round));
  } else if (a.stride_bytes % word == 0) {
    const uint64_t step = (a.stride_bytes / word) % banks;
    const uint64_t starts = step == 0 ? 1 : banks / std::gcd(step, banks);
    reached = double(std::min(banks, starts * words));
  } else {
    reached = double(banks);  // unaligned strides spread over all banks
  }
  return useful * reached / double(banks);
}

AreaLine sram_area(const SramConfig& sram, const char* component, int instances) {
  const double mib = static_cast<double>(sram.size_bytes) / (1 << 20) * instances;
  return {component, mib * sram.mm2_per_mib,
          fmt::format("{} MiB x {} mm2/MiB", mib, sram.mm2_per_mib)};
}

}  // namespace hesa
