#include "workloads/lowering/bconv_lowering.hpp"
#include "workloads/mapping/mapping_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/bconv_emitter.hpp"
#include "workloads/math/bigint.hpp"
#include "workloads/math/modmath.hpp"

namespace hesa {

NttLowering lower_bconv(const BconvParams& p, const LoweringLimits& lim, bool with_constants) {
  const uint64_t a = p.from.size(), b = p.to.size();
  check_ntt_mapping(false, p.reduction, p.bat_constants);
  if (!p.on_vpu && 255ull * 255 * 4 * a > 0x7fffffffu) {
    throw LoweringError(
        "scheme.limbs",
        fmt::format("a BConv from {} limbs overflows the MXU's int32 accumulators", a));
  }
  const uint64_t columns = p.n * p.batch;
  BconvShape shape{a, b, 1, p.prefetch_depth, p.reduction, p.bat_constants, p.on_vpu, p.vreg_rows};
  shape.tile = std::min(BconvEmitter::fit_tile(shape, p.n, lim.vmem_bytes), columns);
  const uint64_t vmem = BconvEmitter::vmem_bytes(shape);
  if (vmem > lim.vmem_bytes) {
    throw LoweringError(
        "mapping.prefetch_depth",
        fmt::format("BConv working set does not fit VMEM: {} bytes with tiles of {} "
                    "columns, VMEM holds {} bytes",
                    vmem, shape.tile, lim.vmem_bytes));
  }
  const uint64_t hbm = 4 * columns * (a + b) + 16 * a * b;
  if (hbm > lim.hbm_bytes) {
    throw LoweringError("batch", fmt::format("BConv operands need {} bytes of HBM, the chip has {} "
                                             "bytes",
                                             hbm, lim.hbm_bytes));
  }
  TraceBuilder builder;
  std::vector<int> in, out;
  for (uint64_t i = 0; i < a; ++i) {
    in.push_back(
        builder.buffer(fmt::format("hbm.in.limb{}", i), Space::kHbm, DType::kU32, columns));
    for (int item = 0; item < p.batch; ++item) {
      builder.trace().inputs.push_back({in.back(), uint64_t(item) * p.n, item, int(i)});
    }
  }
  for (uint64_t j = 0; j < b; ++j) {
    out.push_back(
        builder.buffer(fmt::format("hbm.out.limb{}", j), Space::kHbm, DType::kU32, columns));
    for (int item = 0; item < p.batch; ++item) {
      builder.trace().outputs.push_back({out.back(), uint64_t(item) * p.n, item, int(j)});
    }
  }
  const uint64_t cores = p.split == CoreSplit::kNone ? 1 : std::max(1, p.cores);
  const uint64_t share = (columns + cores - 1) / cores;
  for (uint64_t core = 0; core * share < columns; ++core) {
    builder.set_core(static_cast<int>(core));
    BconvEmitter emitter(builder, shape, with_constants);
    emitter.emit(in, p.from, out, p.to, core * share, std::min(share, columns - core * share),
                 "bconv");
  }
  NttLowering result;
  result.items_per_chunk = static_cast<int>(shape.tile);
  result.vmem_bytes_used = vmem;
  result.hbm_bytes_used = hbm;
  result.trace = builder.take();
  return result;
}

std::vector<uint32_t> bconv_reference(const std::vector<uint32_t>& x,
                                      const std::vector<uint64_t>& from,
                                      const std::vector<uint64_t>& to) {
  BigUint v;
  for (size_t i = 0; i < from.size(); ++i) {
    BigUint q_hat(1);
    for (size_t k = 0; k < from.size(); ++k)
      if (k != i) q_hat.mul_small(static_cast<uint32_t>(from[k]));
    const uint64_t q_hat_i = q_hat.mod_small(static_cast<uint32_t>(from[i]));
    const uint64_t y = mul_mod(x[i], inv_mod(q_hat_i, from[i]), from[i]);
    v.add(q_hat.mul_small(static_cast<uint32_t>(y)));
  }
  std::vector<uint32_t> out;
  for (uint64_t p : to) out.push_back(v.mod_small(static_cast<uint32_t>(p)));
  return out;
}

}  // namespace hesa
