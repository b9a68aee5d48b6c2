#include "trace/trace_io.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace hesa {

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
    if (b.core) out += fmt::format(" core={}", b.core);
    out += "\n";
  }
  for (const auto& [kind, slices] : {std::pair{"input", &t.inputs}, {"output", &t.outputs}}) {
    for (const IoSlice& s : *slices) {
      out +=
          fmt::format("{} {} {} {} {}", kind, t.buffers[s.buffer].name, s.offset, s.item, s.limb);
      if (s.poly) out += fmt::format(" poly={}", s.poly);
      if (s.operand) out += fmt::format(" operand={}", s.operand);
      if (s.companion_offset) out += fmt::format(" companion={}", s.companion_offset);
      if (s.bat_form) out += " form=bat";
      out += "\n";
    }
  }
  for (size_t i = 0; i < t.instrs.size(); ++i) {
    const Instr& in = t.instrs[i];
    out += fmt::format("{} {} {} dst={} a={}", i, unit_name(opcode_unit(in.op)), opcode_name(in.op),
                       t.buffers[in.dst].name, t.buffers[in.a].name);
    if (has_b_operand(in.op)) out += fmt::format(" b={}", t.buffers[in.b].name);
    if (in.m) out += fmt::format(" m={}", in.m);
    if (in.n) out += fmt::format(" n={}", in.n);
    if (in.k) out += fmt::format(" k={}", in.k);
    if (in.q) out += fmt::format(" q={}", in.q);
    if (in.galois) out += fmt::format(" galois={}", in.galois);
    if (in.dst_off) out += fmt::format(" dst_off={}", in.dst_off);
    if (in.a_off) out += fmt::format(" a_off={}", in.a_off);
    if (in.b_off) out += fmt::format(" b_off={}", in.b_off);
    if (in.count) out += fmt::format(" count={}", in.count);
    if (in.group) out += fmt::format(" group={}", in.group);
    const DmaAccess& acc = in.access;
    if (acc.kind == AccessKind::kStrided) {
      out += fmt::format(" access=strided,{},{},{}", acc.chunk_bytes, acc.stride_bytes, acc.chunks);
    } else if (acc.kind == AccessKind::kGather) {
      out += fmt::format(" access=gather,{},{},{}", acc.chunk_bytes, acc.chunks, acc.seed);
    }
    if (in.a_stationary) out += " stationary=a";
    if (in.reduction != Reduction::kBarrett) {
      out += fmt::format(" reduction={}", reduction_name(in.reduction));
    }
    if (in.lazy) out += " lazy=1";
    if (in.conv_dims) {
      out += fmt::format(" dims={},iow,{}", in.conv_dims & kConvLhsCnw ? "cnw" : "ncw",
                         in.conv_dims & kConvOutCnw ? "cnw" : "ncw");
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
  return out + "end\n";
}

Trace read_trace_file(const std::string& path, TraceLines* lines) {
  std::ifstream in(path);
  if (!in) throw TraceError(path + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_trace(ss.str(), path, lines);
}

}  // namespace hesa
