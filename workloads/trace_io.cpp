#include "workloads/trace_io.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace hesa {

namespace {

enum Operands { kDstA, kDstAB };

Operands operands_of(Opcode op) {
  switch (op) {
    case Opcode::kMatmulU8:
    case Opcode::kMatmulBf16:
    case Opcode::kModMulVec:
      return kDstAB;
    default:
      return kDstA;
  }
}

}  // namespace

std::string write_trace(const Trace& t) {
  std::string out = std::string(kTraceHeader) + "\n";
  for (const std::string& tag : t.tags) out += fmt::format("tag {}\n", tag);
  for (size_t i = 0; i < t.constants.size(); ++i) {
    const auto& d = t.constants[i].data;
    out += fmt::format("constant {} {}", i, d.size());
    for (uint32_t v : d) out += fmt::format(" {}", v);
    out += "\n";
  }
  for (const Buffer& b : t.buffers) {
    out += fmt::format("buffer {} {} {} {}", b.name, space_name(b.space), dtype_name(b.dtype),
                       b.elems);
    if (b.const_id >= 0) out += fmt::format(" const={}", b.const_id);
    out += "\n";
  }
  for (const auto& [kind, slices] : {std::pair{"input", &t.inputs}, {"output", &t.outputs}}) {
    for (const IoSlice& s : *slices) {
      out +=
          fmt::format("{} {} {} {} {}\n", kind, t.buffers[s.buffer].name, s.offset, s.item, s.limb);
    }
  }
  for (size_t i = 0; i < t.instrs.size(); ++i) {
    const Instr& in = t.instrs[i];
    out += fmt::format("{} {} {} dst={} a={}", i, unit_name(opcode_unit(in.op)), opcode_name(in.op),
                       t.buffers[in.dst].name, t.buffers[in.a].name);
    if (operands_of(in.op) == kDstAB) out += fmt::format(" b={}", t.buffers[in.b].name);
    if (in.m) out += fmt::format(" m={}", in.m);
    if (in.n) out += fmt::format(" n={}", in.n);
    if (in.k) out += fmt::format(" k={}", in.k);
    if (in.q) out += fmt::format(" q={}", in.q);
    if (in.galois) out += fmt::format(" galois={}", in.galois);
    if (in.a_stationary) out += " stationary=a";
    if (in.reduction != Reduction::kBarrett) {
      out += fmt::format(" reduction={}", reduction_name(in.reduction));
    }
    if (in.core) out += fmt::format(" core={}", in.core);
    if (in.tag) out += fmt::format(" tag={}", t.tags[in.tag]);
    if (!in.deps.empty()) {
      out += " deps=";
      for (size_t d = 0; d < in.deps.size(); ++d)
        out += fmt::format("{}{}", d ? "," : "", in.deps[d]);
    }
    out += "\n";
  }
  return out;
}

Trace read_trace_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw TraceError(path + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_trace(ss.str(), path);
}

}  // namespace hesa
