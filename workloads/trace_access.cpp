#include "workloads/trace_access.hpp"

#include <algorithm>

namespace hesa {

uint64_t copy_elements(const Instr& in, const std::vector<Buffer>& buffers) {
  if (in.count) return in.count;
  const uint64_t src = buffers[in.a].elems - std::min(in.a_off, buffers[in.a].elems);
  const uint64_t dst = buffers[in.dst].elems - std::min(in.dst_off, buffers[in.dst].elems);
  return std::min(src, dst);
}

Footprint footprint(const Instr& in, const std::vector<Buffer>& buffers) {
  Footprint f;
  const auto read = [&](int buf, uint64_t off, uint64_t len) {
    f.reads[f.num_reads++] = Access{buf, off, off + len};
  };
  const auto write = [&](uint64_t len) { f.write = Access{in.dst, in.dst_off, in.dst_off + len}; };
  const uint64_t m = in.m, n = in.n, k = in.k;
  switch (in.op) {
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
      read(in.a, in.a_off, m * k);
      read(in.b, in.b_off, k * n);
      write(m * n);
      break;
    case Opcode::kModMulVec:
    case Opcode::kModAddVec:
    case Opcode::kModSubVec:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off,
           in.reduction == Reduction::kShoup && in.op == Opcode::kModMulVec ? 2 * n : n);
      write(m);
      break;
    case Opcode::kNttStage:
    case Opcode::kInttStage:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, in.reduction == Reduction::kShoup ? 2 * n : n);
      write(m);
      break;
    case Opcode::kMulBytes:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, n);
      write(8 * m);
      break;
    case Opcode::kBatMulVec:
      read(in.a, in.a_off, m);
      read(in.b, in.b_off, 4 * n);
      write(4 * m);
      break;
    case Opcode::kTranspose:
      read(in.a, in.a_off, m * n * k);
      write(m * n * k);
      break;
    case Opcode::kPermute:
      read(in.a, in.a_off, m * n);
      write(m * n);
      break;
    case Opcode::kSplitBytesRows:
      read(in.a, in.a_off, m * n * k);
      write(4 * m * n * k);
      break;
    case Opcode::kSplitBytesCols:
      read(in.a, in.a_off, m * n);
      write(4 * m * n);
      break;
    case Opcode::kMergeRows: {
      const uint64_t width = m * k;
      read(in.a, in.a_off + 4 * uint64_t{in.group} * width, 4 * n * width);
      write(m * n * k);
      break;
    }
    case Opcode::kMergeCols: {
      const uint64_t groups = k ? k : n;
      read(in.a, in.a_off, m * 4 * groups);
      write(m * n);
      break;
    }
  }
  return f;
}

}  // namespace hesa
