#include "models/vpu/vpu_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trace/tile_layout.hpp"
#include "trace/vpu_op_mix.hpp"

namespace hesa {

OpCycleTable op_cycle_table(const VpuConfig& vpu) {
  OpCycleTable t{};
  for (int i = 0; i < kOpClasses; ++i) {
    const auto it = vpu.op_cycles.find(op_class_name(static_cast<OpClass>(i)));
    t[size_t(i)] = it == vpu.op_cycles.end() ? -1 : it->second;  // -1: absent (at() would throw)
  }
  return t;
}

VpuCost vpu_cost(const VpuConfig& vpu, const Instr& in) {
  return vpu_cost(vpu, op_cycle_table(vpu), in);
}

VpuCost vpu_cost(const VpuConfig& vpu, const OpCycleTable& op_cycles, const Instr& in) {
  VpuCost c;
  const OpMix mix = vpu_op_mix(in);
  const uint64_t elems = vpu_elements(in);
  // The ALUs work through whole tiles: padding costs ops, and vreg loads and stores move it.
  const uint64_t tiled = vpu_tiled_elements(in, vpu.lanes, vpu.sublanes);
  c.elements = elems;
  c.tiled_elements = tiled;
  double cycles_per_elem = 0;  // ALU-cycles one element needs
  for (int i = 0; i < kOpClasses; ++i) {
    if (mix.count[i] == 0) continue;
    const double cycles = op_cycles[size_t(i)];
    if (cycles < 0) {  // as map::at would
      throw std::out_of_range(
          fmt::format("vpu.op_cycles has no {}", op_class_name(static_cast<OpClass>(i))));
    }
    cycles_per_elem += mix.count[i] * cycles;
  }
  const double mulhi = mix[OpClass::kMulhi];
  const double ops_per_elem = static_cast<double>(mix.total()) - mulhi + mulhi * vpu.mulhi_ops;
  c.alu_ops = ops_per_elem * static_cast<double>(tiled);
  c.padding_ops = ops_per_elem * static_cast<double>(tiled - elems);
  const double alus = static_cast<double>(vpu.lanes) * vpu.sublanes * vpu.alus;
  c.alu_cycles = std::ceil(static_cast<double>(tiled) * cycles_per_elem / (alus * vpu.issue_rate));
  switch (in.op) {
    case Opcode::kModMulVec:  // a, the broadcast b (once; Shoup: and its companion), dst
    case Opcode::kModAddVec:
    case Opcode::kModSubVec: {
      const uint64_t b = std::min<uint64_t>(in.n, elems);
      const bool shoup = in.op == Opcode::kModMulVec && in.reduction == Reduction::kShoup;
      c.vmem_read_bytes = 4 * (elems + (shoup ? 2 : 1) * b);
      c.vmem_write_bytes = 4 * elems;
      break;
    }
    case Opcode::kNttStage:
    case Opcode::kInttStage:  // the polynomials in place and the twiddle table once
      c.vmem_read_bytes = 8 * elems + 4 * std::min<uint64_t>(in.n, 2 * elems);
      c.vmem_write_bytes = 8 * elems;
      break;
    case Opcode::kMulBytes:
    case Opcode::kMulWideVec:
      c.vmem_read_bytes = 4 * (elems + std::min<uint64_t>(in.n, elems));
      c.vmem_write_bytes = 8 * elems;
      break;
    case Opcode::kMacWideVec:  // and the running u64 sum
      c.vmem_read_bytes = 4 * (elems + std::min<uint64_t>(in.n, elems)) + 8 * elems;
      c.vmem_write_bytes = 8 * elems;
      break;
    case Opcode::kReduceWideVec:
      c.vmem_read_bytes = 8 * elems;
      c.vmem_write_bytes = 4 * elems;
      break;
    case Opcode::kSplitBytesRows:
      c.vmem_read_bytes = 4 * elems;
      c.vmem_write_bytes = 4 * elems;
      break;
    case Opcode::kMergeRows:
    case Opcode::kMergeCols:  // four i32 partials in, one u32 out
      c.vmem_read_bytes = 16 * elems;
      c.vmem_write_bytes = 4 * elems;
      break;
    case Opcode::kMergeShoup:  // seven i32 partials of the values and of the companions in
      c.vmem_read_bytes = 56 * elems;
      c.vmem_write_bytes = 4 * elems;
      break;
    default:  // bitcasts move nothing
      break;
  }
  if (tiled > elems && elems > 0) {  // whole tiles move between VMEM and vregs
    const double pad = static_cast<double>(tiled) / static_cast<double>(elems);
    c.vmem_read_bytes =
        static_cast<uint64_t>(std::ceil(static_cast<double>(c.vmem_read_bytes) * pad));
    c.vmem_write_bytes =
        static_cast<uint64_t>(std::ceil(static_cast<double>(c.vmem_write_bytes) * pad));
  }
  const double ldst = std::max(std::ceil(c.vmem_read_bytes / vpu.load_bytes_per_cycle),
                               std::ceil(c.vmem_write_bytes / vpu.store_bytes_per_cycle));
  if (cycles_per_elem > 0 || ldst > 0) {
    c.cycles = vpu.latency_cycles + std::max(c.alu_cycles, ldst);
  }
  return c;
}

OpMix emulated_mulhi_mix() {
  OpMix mix;
  mix[OpClass::kShift] += 2;  // a >> 16, b >> 16
  mix[OpClass::kLogic] += 2;  // a & 0xffff, b & 0xffff
  mix[OpClass::kMul] += 4;    // lo*lo, lo*hi, hi*lo, hi*hi (each below 2^32)
  mix[OpClass::kShift] += 1;  // (lo*lo) >> 16
  mix[OpClass::kLogic] += 2;  // low halves of the cross products
  mix[OpClass::kAdd] += 2;    // the middle column (below 3 x 2^16)
  mix[OpClass::kShift] += 3;  // high halves of the cross products, the middle column's carry
  mix[OpClass::kAdd] += 3;    // into hi*hi
  return mix;
}

void derive_emulated_mulhi(VpuConfig& vpu) {
  const OpMix mix = emulated_mulhi_mix();
  double cycles = 0, pj = 0;
  for (int i = 0; i < kOpClasses; ++i) {
    if (mix.count[i] == 0) continue;
    const std::string op = op_class_name(static_cast<OpClass>(i));
    cycles += mix.count[i] * vpu.op_cycles.at(op);
    if (!vpu.op_pj.empty()) pj += mix.count[i] * vpu.op_pj.at(op);
  }
  vpu.op_cycles["mulhi"] = cycles;
  if (!vpu.op_pj.empty()) vpu.op_pj["mulhi"] = pj;
  vpu.mulhi_ops = mix.total();
  vpu.native_mulhi = false;
}

AreaLine vpu_area(const VpuConfig& vpu, int tensorcores) {
  const long alus = static_cast<long>(tensorcores) * vpu.lanes * vpu.sublanes * vpu.alus;
  return {"vpu", alus * vpu.alu_um2 * 1e-6, fmt::format("{} ALUs x {} um2", alus, vpu.alu_um2)};
}

}  // namespace hesa
