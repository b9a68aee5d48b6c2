#include "workloads/lowering/gemm_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "trace/trace_builder.hpp"

namespace hesa {

Trace lower_gemm(const GemmParams& p, const LoweringLimits& limits) {
  const DType in_t = p.int8 ? DType::kU8 : DType::kBf16;
  const DType out_t = p.int8 ? DType::kI32 : DType::kF32;
  const uint64_t elem = dtype_bytes(in_t);
  const uint64_t bytes = elem * (uint64_t{p.m} * p.k + uint64_t{p.k} * p.n) + 4ull * p.m * p.n;
  if (bytes > limits.vmem_bytes) {
    throw LoweringError("gemm", fmt::format("operands and result need {} bytes, the VMEM of one "
                                            "core holds {} bytes",
                                            bytes, limits.vmem_bytes));
  }
  const uint64_t groups = (p.n + p.array_cols - 1) / p.array_cols;
  const uint64_t per_array = (groups + p.arrays - 1) / p.arrays;  // column groups per array
  TraceBuilder b;
  const uint32_t tag = b.tag(p.int8 ? "gemm/int8" : "gemm/bf16");
  const int a = b.buffer("vmem.a", Space::kVmem, in_t, uint64_t{p.m} * p.k);
  for (uint64_t col = 0, i = 0; col < p.n; col += per_array * p.array_cols, ++i) {
    const auto cols =
        static_cast<uint32_t>(std::min<uint64_t>(per_array * p.array_cols, p.n - col));
    const int w = b.buffer(fmt::format("vmem.b{}", i), Space::kVmem, in_t, uint64_t{p.k} * cols);
    const int d = b.buffer(fmt::format("vmem.c{}", i), Space::kVmem, out_t, uint64_t{p.m} * cols);
    b.emit(Instr{.op = p.int8 ? Opcode::kMatmulU8 : Opcode::kMatmulBf16,
                 .dst = d,
                 .a = a,
                 .b = w,
                 .m = p.m,
                 .n = cols,
                 .k = p.k,
                 .tag = tag});
  }
  return b.take();
}

}  // namespace hesa
