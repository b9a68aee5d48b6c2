#include "models/xlu/xlu_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trace/tile_layout.hpp"

namespace hesa {

uint64_t xlu_elements(const Instr& in) {
  switch (in.op) {
    case Opcode::kTranspose:
      return uint64_t{in.m} * in.n * in.k;  // g * r * c
    case Opcode::kPermute:
      return uint64_t{in.m} * in.n;  // polynomials * n
    default:
      return 0;
  }
}

XluCost xlu_cost(const XluConfig& xlu, const Instr& in) {
  XluCost c;
  c.elements = xlu_elements(in);
  if (c.elements == 0) return c;
  // Whole tiles move: the padding of partly filled tiles costs time and traffic.
  c.tiled_elements =
      std::max(c.elements, xlu_tiled_elements(in, xlu.vreg_lanes, xlu.vreg_sublanes));
  const double rate =
      in.op == Opcode::kTranspose ? xlu.transpose_elems_per_cycle : xlu.permute_elems_per_cycle;
  c.cycles = xlu.latency_cycles + std::ceil(static_cast<double>(c.tiled_elements) / rate);
  c.vmem_read_bytes = 4 * c.tiled_elements;
  c.vmem_write_bytes = 4 * c.tiled_elements;
  return c;
}

AreaLine xlu_area(const XluConfig& xlu, int tensorcores) {
  const long xlus = static_cast<long>(tensorcores) * xlu.count;
  return {"xlu", xlus * xlu.mm2, fmt::format("{} XLUs x {} mm2", xlus, xlu.mm2)};
}

}  // namespace hesa
