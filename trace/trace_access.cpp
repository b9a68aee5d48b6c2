#include "trace/trace_access.hpp"

#include <algorithm>

namespace hesa {

namespace {

// Sizes saturate instead of wrapping, so a huge shape in a hand-written trace is out of bounds
// rather than a small range.
uint64_t mul(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t add(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

}  // namespace

uint64_t copy_elements(const Instr& in, const std::vector<Buffer>& buffers) {
  if (in.count) return in.count;
  const uint64_t src = buffers[in.a].elems - std::min(in.a_off, buffers[in.a].elems);
  const uint64_t dst = buffers[in.dst].elems - std::min(in.dst_off, buffers[in.dst].elems);
  return std::min(src, dst);
}

Footprint footprint(const Instr& in, const std::vector<Buffer>& buffers) {
  Footprint f;
  const auto read = [&](int buf, uint64_t off, uint64_t len) {
    f.reads[f.num_reads++] = Access{buf, off, add(off, len)};
  };
  const auto write = [&](uint64_t len) {
    f.write = Access{in.dst, in.dst_off, add(in.dst_off, len)};
  };
  const uint64_t m = in.m, n = in.n, k = in.k;
  switch (in.op) {
    case Opcode::kIciCopy:
    case Opcode::kLoad:
    case Opcode::kStore: {
      if (in.access.kind != AccessKind::kContiguous) {  // patterned copies walk whole buffers
        read(in.a, 0, buffers[in.a].elems);
        f.write = Access{in.dst, 0, buffers[in.dst].elems};
        break;
      }
      const uint64_t len = copy_elements(in, buffers);
      read(in.a, in.a_off, len);
      write(len);
      break;
    }
    case Opcode::kMatmulU8:
    case Opcode::kMatmulBf16:
      read(in.a, in.a_off, mul(m, k));
      read(in.b, in.b_off, mul(k, n));
      write(mul(m, n));
      break;
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off,
           in.reduction == Reduction::kShoup && in.op == Opcode::kModMulVec ? mul(2, n) : n);
      write(m);
      break;
    case Opcode::kNttStage:
    case Opcode::kInttStage:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, in.reduction == Reduction::kShoup ? mul(2, n) : n);
      write(m);
      break;
    case Opcode::kMulBytes:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, n);
      write(mul(8, m));
      break;
    case Opcode::kMulWideVec:
    case Opcode::kMacWideVec:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, n);
      if (in.op == Opcode::kMacWideVec) read(in.dst, in.dst_off, m);  // the running sum
      write(m);
      break;
    case Opcode::kReduceWideVec:
      read(in.a, in.a_off, m);
      write(m);
      break;
    case Opcode::kBatMulVec:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, 4 * n);
      write(4 * m);
      break;
    case Opcode::kConvU8: {
      const uint64_t products = std::max<uint32_t>(in.group, 1);
      read(in.a, in.a_off, mul(mul(m, k), in.a_stationary ? 1 : products));
      read(in.b, in.b_off, mul(mul(k, n), in.a_stationary ? products : 1));
      write(mul(mul(7, mul(m, n)), products));
      break;
    }
    case Opcode::kMergeShoup:
      read(in.a, in.a_off, mul(7, m));
      read(in.b, in.b_off, mul(7, m));
      write(m);
      break;
    case Opcode::kTranspose:
      read(in.a, in.a_off, mul(mul(m, n), k));
      write(mul(mul(m, n), k));
      break;
    case Opcode::kPermute:
      read(in.a, in.a_off, mul(m, n));
      write(mul(m, n));
      break;
    case Opcode::kSplitBytesRows:
      read(in.a, in.a_off, mul(mul(m, n), k));
      write(mul(4, mul(mul(m, n), k)));
      break;
    case Opcode::kSplitBytesCols:
      read(in.a, in.a_off, mul(m, n));
      write(mul(4, mul(m, n)));
      break;
    case Opcode::kMergeRows: {
      const uint64_t width = mul(m, k);
      read(in.a, add(in.a_off, mul(mul(4, in.group), width)), mul(mul(4, n), width));
      if (in.b >= 0) read(in.b, in.b_off, n);  // per-row moduli
      write(mul(mul(m, n), k));
      break;
    }
    case Opcode::kMergeCols: {
      const uint64_t groups = k ? k : n;
      read(in.a, in.a_off, mul(mul(m, 4), groups));
      write(mul(m, n));
      break;
    }
  }
  return f;
}

uint64_t dma_bytes(const Trace& trace, const Instr& in) {
  if (in.access.kind != AccessKind::kContiguous) return in.access.chunks * in.access.chunk_bytes;
  return copy_elements(in, trace.buffers) * dtype_bytes(trace.buffers[in.a].dtype);
}

}  // namespace hesa
