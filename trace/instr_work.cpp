#include "trace/instr_work.hpp"

#include <algorithm>

#include "trace/vpu_op_mix.hpp"

namespace hesa {

uint64_t instr_macs(const Instr& in) {
  if (opcode_unit(in.op) != UnitKind::kMxu) return 0;
  if (in.op == Opcode::kBatMulVec) return bat_mul_macs(in);
  if (in.op == Opcode::kConvU8) return conv_macs(in);
  return uint64_t{in.m} * in.n * in.k;
}

double instr_vpu_ops(const Instr& in) {
  if (opcode_unit(in.op) != UnitKind::kVpu) return 0;
  return double(vpu_op_mix(in).total()) * vpu_elements(in);
}

uint64_t instr_hbm_bytes(const Trace& trace, const Instr& in) {
  if (opcode_unit(in.op) != UnitKind::kDma) return 0;
  const Buffer& src = trace.buffers[in.a];
  const Buffer& dst = trace.buffers[in.dst];
  if (src.space != Space::kHbm && dst.space != Space::kHbm) return 0;
  return std::min(src.bytes(), dst.bytes());
}

}  // namespace hesa
