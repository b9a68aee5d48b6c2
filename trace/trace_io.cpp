#include "trace/trace_io.hpp"

#include <fmt/format.h>

#include <algorithm>
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
    if (has_b_operand(in.op) || in.b >= 0) out += fmt::format(" b={}", t.buffers[in.b].name);
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
    if (in.cols) out += fmt::format(" cols={}", in.cols);
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
    const std::span<const uint32_t> deps = t.instrs.deps(i);
    if (!deps.empty()) {
      out += " deps=";
      for (size_t d = 0; d < deps.size(); ++d) out += fmt::format("{}{}", d ? "," : "", deps[d]);
    }
    out += "\n";
  }
  return out + "end\n";
}

int TraceLines::instr(size_t i) const {
  const auto run = std::upper_bound(runs_.begin(), runs_.end(), i,
                                    [](size_t x, const auto& r) { return x < r.first; });
  if (run == runs_.begin()) return 0;
  const auto& [first, line] = *std::prev(run);
  return line + static_cast<int>(i - first);
}

void TraceLines::add_instr(int line) {
  if (runs_.empty() || line != last_ + 1) runs_.emplace_back(count_, line);
  last_ = line;
  ++count_;
}

Trace read_trace_file(const std::string& path, TraceLines* lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path + ": cannot open file");
  // A first pass counts lines and commas, bounds of the instructions and dependencies, and the
  // lines with a key that needs a side-table entry (`..._off=`, `group=`, `galois=`, `access=`),
  // so the packed tables are sized once (never grown and copied while the trace is read).
  uint64_t newlines = 0, commas = 0, extras = 0, accesses = 0;
  bool extra = false, access = false;
  uint64_t window = 0;  // the last 8 bytes read
  const auto ends_with = [&window](const char* key, int n) {
    uint64_t want = 0;
    for (int i = 0; i < n; ++i) want = (want << 8) | static_cast<unsigned char>(key[i]);
    return ((window >> 8) & ((uint64_t{1} << (8 * n)) - 1)) == want;  // before the '='
  };
  std::vector<char> chunk(1 << 20);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    const char* p = chunk.data();
    const char* end = p + in.gcount();
    for (; p < end; ++p) {
      window = (window << 8) | static_cast<unsigned char>(*p);
      if (*p == '\n') {
        ++newlines;
        extras += extra;
        accesses += access;
        extra = access = false;
      } else if (*p == ',') {
        ++commas;
      } else if (*p == '=') {
        const bool a = ends_with("access", 6);
        access = access || a;
        extra =
            extra || a || ends_with("_off", 4) || ends_with("group", 5) || ends_with("galois", 6);
      }
    }
  }
  extras += extra;
  accesses += access;
  in.clear();
  in.seekg(0);
  return parse_trace_stream(in, path, lines,
                            {newlines + 1, newlines + 1 + commas, extras, accesses});
}

}  // namespace hesa
