// parse_trace of trace/trace_io.hpp: one pass over the lines, every name resolved against the
// declarations above it, every problem reported as "file:line: message".
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "trace/tile_layout.hpp"
#include "trace/trace_access.hpp"
#include "trace/trace_builder.hpp"
#include "trace/trace_io.hpp"

namespace hesa {

namespace {

class Parser {
 public:
  Parser(const std::string& file, TraceLines* lines, TraceReserve reserve = {})
      : file_(file), lines_(lines) {
    if (reserve.instrs) {
      t_.instrs.reserve(reserve.instrs, reserve.deps, reserve.extras, reserve.accesses);
    }
  }

  Trace run(std::istream& lines) {
    std::string line;
    bool header = false, end = false;
    while (std::getline(lines, line)) {
      ++line_no_;
      if (!line.empty() && line.back() == '\r') {
        fail("the line ends in a carriage return (a CRLF line end); traces use LF line ends");
      }
      std::vector<std::string> words = split(line);
      if (words.empty()) continue;
      if (!header) {
        if (line == kTraceHeaderV1) {
          fail(fmt::format(
              "\"{}\" has no end marker, so a truncated file would replay: make the header "
              "\"{}\" and the last line \"end\"",
              kTraceHeaderV1, kTraceHeader));
        }
        if (line != kTraceHeader) fail(fmt::format("expected the header \"{}\"", kTraceHeader));
        header = true;
        continue;
      }
      const std::string& w = words[0];
      if (end) fail(fmt::format("\"{}\" after the end line", w));
      if (w == "end") {
        arity(words, 1, 1, "end");
        end = true;
      } else if (w == "tag") {
        tag(words);
      } else if (w == "constant") {
        constant(words);
      } else if (w == "buffer") {
        buffer(words);
      } else if (w == "auto-deps") {
        arity(words, 1, 1, "auto-deps");
        if (!t_.instrs.empty()) fail("auto-deps must come before the first instruction");
        auto_deps_ = true;
      } else if (w == "input" || w == "output") {
        slice(words, w == "input" ? t_.inputs : t_.outputs);
      } else if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) {
        instr(words);
      } else {
        fail(fmt::format(
            "unknown directive \"{}\" (expected auto-deps, tag, constant, buffer, input, "
            "output, end or an instruction index)",
            w));
      }
    }
    if (!header) {
      line_no_ = std::max(line_no_, 1);  // an empty file lacks it on line 1
      fail(fmt::format("expected the header \"{}\"", kTraceHeader));
    }
    if (!end) {
      line_no_ = std::max(line_no_, 1);
      fail("no \"end\" line: the trace is truncated (its last line must be \"end\")");
    }
    return std::move(t_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw TraceError(fmt::format("{}:{}: {}", file_, line_no_, message));
  }

  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line.substr(0, line.find('#')));
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  }

  uint64_t number(const std::string& text, const std::string& what, uint64_t max = UINT64_MAX) {
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      fail(fmt::format("{}: expected an unsigned integer, got \"{}\"", what, text));
    }
    if (v > max) fail(fmt::format("{}: {} is larger than {}", what, v, max));
    return v;
  }

  void arity(const std::vector<std::string>& w, size_t lo, size_t hi, const char* form) {
    if (w.size() < lo || w.size() > hi) fail(fmt::format("expected \"{}\"", form));
  }

  // Names go into stats.json and report.html: printable ASCII only (spaces split words anyway).
  void check_name(const std::string& name, const char* what) {
    for (const char c : name) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x21 || byte > 0x7e) {
        fail(fmt::format("{} name: byte 0x{:02x} is not printable ASCII", what, byte));
      }
    }
  }

  void tag(const std::vector<std::string>& w) {
    arity(w, 2, 2, "tag <name>");
    check_name(w[1], "tag");
    if (t_.tags.size() == kMaxTraceTags) {
      fail(
          fmt::format("more than {} tags (a tag names a kernel step; lowered traces have fewer "
                      "than 100)",
                      kMaxTraceTags));
    }
    if (!tags_.try_emplace(w[1], static_cast<uint32_t>(t_.tags.size())).second) {
      fail(fmt::format("tag \"{}\" already declared", w[1]));
    }
    t_.tags.push_back(w[1]);
  }

  void constant(const std::vector<std::string>& w) {
    arity(w, 3, SIZE_MAX, "constant <id> <count> <values...>");
    const uint64_t id = number(w[1], "constant id");
    if (id != t_.constants.size()) {
      fail(fmt::format("constant {} out of order, expected {}", id, t_.constants.size()));
    }
    const uint64_t count = number(w[2], "constant count");
    if (w.size() - 3 != count) {
      fail(fmt::format("constant {} has {} values, expected {}", id, w.size() - 3, count));
    }
    Constant c;
    for (size_t i = 3; i < w.size(); ++i) {
      c.data.push_back(static_cast<uint32_t>(number(w[i], "constant value", UINT32_MAX)));
    }
    t_.constants.push_back(std::move(c));
  }

  void buffer(const std::vector<std::string>& w) {
    arity(w, 5, 7,
          "buffer <name> <hbm|vmem|cmem> <u8|u32|i32|bf16|f32> <elements> [const=<id>] "
          "[core=<n>]");
    Buffer b;
    check_name(w[1], "buffer");
    b.name = w[1];
    bool space_known = false;
    for (Space sp : {Space::kHbm, Space::kVmem, Space::kCmem}) {
      if (w[2] == space_name(sp)) b.space = sp, space_known = true;
    }
    if (!space_known) fail(fmt::format("unknown space \"{}\" (expected hbm, vmem or cmem)", w[2]));
    bool known = false;
    for (DType d : {DType::kU8, DType::kU32, DType::kI32, DType::kBf16, DType::kF32, DType::kU64}) {
      if (w[3] == dtype_name(d)) b.dtype = d, known = true;
    }
    if (!known) {
      fail(fmt::format("unknown type \"{}\" (expected u8, u32, i32, bf16, f32 or u64)", w[3]));
    }
    b.elems = number(w[4], "elements", kMaxTraceElements);  // 0: declared, never touched
    for (size_t i = 5; i < w.size(); ++i) {
      if (w[i].rfind("const=", 0) == 0) {
        const uint64_t id = number(w[i].substr(6), "const");
        if (id >= t_.constants.size()) fail(fmt::format("constant {} is not declared", id));
        b.const_id = static_cast<int>(id);
      } else if (w[i].rfind("core=", 0) == 0) {
        b.core = static_cast<uint8_t>(number(w[i].substr(5), "core", 255));
      } else {
        fail(fmt::format("unexpected \"{}\"", w[i]));
      }
    }
    if (!buffers_.try_emplace(b.name, static_cast<int>(t_.buffers.size())).second) {
      fail(fmt::format("buffer \"{}\" already declared", b.name));
    }
    t_.buffers.push_back(std::move(b));
    if (lines_) lines_->buffers.push_back(line_no_);
  }

  int buffer_id(const std::string& name) {
    auto it = buffers_.find(name);
    if (it == buffers_.end()) fail(fmt::format("undefined buffer \"{}\"", name));
    return it->second;
  }

  void slice(const std::vector<std::string>& w, std::vector<IoSlice>& out) {
    arity(w, 5, 9,
          "input|output <buffer> <offset> <item> <limb> [poly=<p>] [operand=<o>] "
          "[companion=<offset>] [form=bat]");
    IoSlice s{buffer_id(w[1]), number(w[2], "offset"),
              static_cast<int>(number(w[3], "item", INT32_MAX)),
              static_cast<int>(number(w[4], "limb", INT32_MAX))};
    for (size_t i = 5; i < w.size(); ++i) {
      const size_t eq = w[i].find('=');
      const std::string key = w[i].substr(0, eq),
                        value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
      if (key == "poly") {
        s.poly = static_cast<int>(number(value, key, INT32_MAX));
      } else if (key == "operand") {
        s.operand = static_cast<int>(number(value, key, INT32_MAX));
      } else if (key == "companion") {
        s.companion_offset = number(value, key);
      } else if (key == "form" && value == "bat") {
        s.bat_form = true;
      } else {
        fail(fmt::format("unexpected \"{}\"", w[i]));
      }
    }
    const Buffer& b = t_.buffers[s.buffer];
    if (s.offset >= b.elems) {
      fail(fmt::format("{}: offset {} is beyond buffer \"{}\" of {} elements", w[0], s.offset,
                       b.name, b.elems));
    }
    out.push_back(s);
  }

  void instr(const std::vector<std::string>& w);
  void check_fields(const Instr& in, const std::string& op);
  void check_bounds(const Instr& in, const std::string& op);

  static bool lazy_applies(Opcode op) {
    return op == Opcode::kModMulVec || op == Opcode::kMergeRows || op == Opcode::kMergeCols ||
           op == Opcode::kMergeShoup;
  }

  // <ncw|cnw>,iow,<ncw|cnw>: the lhs and output layouts of a conv_u8.
  uint8_t conv_dims(const std::string& value) {
    const size_t c1 = value.find(','), c2 = value.rfind(',');
    const std::string lhs = value.substr(0, c1), out = value.substr(c2 + 1);
    const bool ok = c1 != std::string::npos && c2 == c1 + 4 && value.substr(c1 + 1, 3) == "iow" &&
                    (lhs == "ncw" || lhs == "cnw") && (out == "ncw" || out == "cnw");
    if (!ok) fail(fmt::format("dims: expected <ncw|cnw>,iow,<ncw|cnw>, got \"{}\"", value));
    return (lhs == "cnw" ? kConvLhsCnw : 0) | (out == "cnw" ? kConvOutCnw : 0);
  }

  // strided,<chunk bytes>,<stride bytes>,<chunks> or gather,<chunk bytes>,<chunks>,<seed>
  DmaAccess parse_access(const std::string& value) {
    std::vector<std::string> f;
    for (size_t begin = 0; begin <= value.size();) {
      const size_t end = std::min(value.find(',', begin), value.size());
      f.push_back(value.substr(begin, end - begin));
      begin = end + 1;
    }
    DmaAccess a;
    if (f.size() == 4 && f[0] == "strided") {
      a.kind = AccessKind::kStrided;
      a.chunk_bytes = number(f[1], "access chunk");
      a.stride_bytes = number(f[2], "access stride");
      a.chunks = number(f[3], "access chunks");
    } else if (f.size() == 4 && f[0] == "gather") {
      a.kind = AccessKind::kGather;
      a.chunk_bytes = number(f[1], "access chunk");
      a.chunks = number(f[2], "access chunks");
      a.seed = number(f[3], "access seed");
    } else {
      fail(
          fmt::format("access: expected strided,<chunk>,<stride>,<chunks> or "
                      "gather,<chunk>,<chunks>,<seed>, got \"{}\"",
                      value));
    }
    return a;
  }

  // auto-deps: adds the read-after-write, write-after-read and write-after-write dependencies on
  // the instruction's element ranges (the rule of trace/trace_builder.hpp) to its listed ones.
  bool auto_deps_ = false;
  std::vector<uint32_t> deps_;  // the dependencies of the instruction being read
  DependencyTracker tracker_;

  std::string file_;
  TraceLines* lines_ = nullptr;
  int line_no_ = 0;
  Trace t_;
  std::unordered_map<std::string, int> buffers_;
  std::unordered_map<std::string, uint32_t> tags_;
};

void Parser::instr(const std::vector<std::string>& w) {
  const uint64_t index = number(w[0], "instruction index");
  if (index != t_.instrs.size()) {
    fail(fmt::format("instruction {} out of order, expected {}", index, t_.instrs.size()));
  }
  if (w.size() < 3) fail("expected \"<index> <unit> <opcode> key=value...\"");
  Instr in{.op = Opcode::kLoad};
  deps_.clear();
  bool known = false;
  for (int o = 0; o < kOpcodes; ++o) {
    if (w[2] == opcode_name(static_cast<Opcode>(o))) in.op = static_cast<Opcode>(o), known = true;
  }
  if (!known) fail(fmt::format("unknown opcode \"{}\"", w[2]));
  const char* unit = unit_name(opcode_unit(in.op));
  if (w[1] != unit) fail(fmt::format("{} runs on {}, not \"{}\"", w[2], unit, w[1]));
  const bool two_sources = has_b_operand(in.op);
  std::vector<std::string> seen;
  for (size_t i = 3; i < w.size(); ++i) {
    const size_t eq = w[i].find('=');
    if (eq == std::string::npos || eq == 0)
      fail(fmt::format("expected key=value, got \"{}\"", w[i]));
    const std::string key = w[i].substr(0, eq), value = w[i].substr(eq + 1);
    for (const std::string& k : seen) {
      if (k == key) fail(fmt::format("{} given twice", key));
    }
    seen.push_back(key);
    if (key == "dst") {
      in.dst = buffer_id(value);
    } else if (key == "a") {
      in.a = buffer_id(value);
    } else if (key == "b") {
      if (!two_sources && in.op != Opcode::kMergeRows) {
        fail(fmt::format("{} takes operands dst and a, not b", w[2]));
      }
      in.b = buffer_id(value);
    } else if (key == "m" || key == "n" || key == "k") {
      (key == "m"   ? in.m
       : key == "n" ? in.n
                    : in.k) = static_cast<uint32_t>(number(value, key, UINT32_MAX));
    } else if (key == "q") {
      in.q = number(value, key);
    } else if (key == "dst_off" || key == "a_off" || key == "b_off" || key == "count") {
      (key == "dst_off" ? in.dst_off
       : key == "a_off" ? in.a_off
       : key == "b_off" ? in.b_off
                        : in.count) = number(value, key);
    } else if (key == "group") {
      in.group = static_cast<uint32_t>(number(value, key, UINT32_MAX));
    } else if (key == "cols") {
      if (!takes_cols(in.op)) {
        fail(fmt::format("{} takes its tiles from its shape, not cols", w[2]));
      }
      const uint64_t cols = number(value, key, uint64_t{1} << 31);
      if (cols == 0 || (cols & (cols - 1)) != 0) {
        fail(fmt::format("cols: expected a power of two, got {}", cols));
      }
      in.cols = static_cast<uint32_t>(cols);
    } else if (key == "access") {
      in.access = parse_access(value);
    } else if (key == "galois") {
      in.galois = static_cast<uint32_t>(number(value, key, UINT32_MAX));
    } else if (key == "core") {
      in.core = static_cast<uint8_t>(number(value, key, 255));
    } else if (key == "stationary") {
      if (value != "a" && value != "b")
        fail(fmt::format("stationary: expected a or b, got \"{}\"", value));
      in.a_stationary = value == "a";
    } else if (key == "reduction") {
      known = false;
      for (Reduction r :
           {Reduction::kBarrett, Reduction::kMontgomery, Reduction::kShoup, Reduction::kBatLazy}) {
        if (value == reduction_name(r)) in.reduction = r, known = true;
      }
      if (!known) fail(fmt::format("unknown reduction \"{}\"", value));
    } else if (key == "lazy") {
      if (value != "0" && value != "1")
        fail(fmt::format("lazy: expected 0 or 1, got \"{}\"", value));
      if (!lazy_applies(in.op)) fail(fmt::format("{} has no lazy form", w[2]));
      in.lazy = value == "1";
    } else if (key == "dims") {
      if (in.op != Opcode::kConvU8) fail(fmt::format("{} has no dims (conv_u8 has)", w[2]));
      in.conv_dims = conv_dims(value);
    } else if (key == "tag") {
      auto it = tags_.find(value);
      if (it == tags_.end()) fail(fmt::format("undefined tag \"{}\"", value));
      in.tag = it->second;
    } else if (key == "deps") {
      for (size_t begin = 0; begin <= value.size();) {
        const size_t end = std::min(value.find(',', begin), value.size());
        const uint64_t dep = number(value.substr(begin, end - begin), "deps");
        if (dep >= index) {
          fail(fmt::format("dependency {} is not an earlier instruction", dep));
        }
        deps_.push_back(static_cast<uint32_t>(dep));
        begin = end + 1;
      }
    } else {
      fail(fmt::format("unknown key \"{}\"", key));
    }
  }
  if (in.dst < 0) fail(fmt::format("{} needs operand dst", w[2]));
  if (in.a < 0) fail(fmt::format("{} needs operand a", w[2]));
  if (two_sources && in.b < 0) fail(fmt::format("{} needs operand b", w[2]));
  check_fields(in, w[2]);
  check_bounds(in, w[2]);
  if (auto_deps_) tracker_.derive(in, static_cast<uint32_t>(index), t_.buffers, deps_);
  if (t_.tags.empty() && in.tag == 0) {
    // Traces without tag lines still have tag 0.
    t_.tags.push_back("other");
    tags_.emplace("other", 0);
  }
  t_.instrs.push_back(in, deps_);
  if (lines_) lines_->add_instr(line_no_);
}

// The fields an opcode computes with have values it can compute with (a field left out is 0).
void Parser::check_fields(const Instr& in, const std::string& op) {
  const bool modular = in.op == Opcode::kModMulVec || in.op == Opcode::kModAddVec ||
                       in.op == Opcode::kModSubVec || in.op == Opcode::kNttStage ||
                       in.op == Opcode::kInttStage || in.op == Opcode::kMergeRows ||
                       in.op == Opcode::kMergeCols;
  if (modular && (in.q < 2 || in.q > UINT32_MAX)) {
    fail(fmt::format("{}: q must be a modulus between 2 and 4294967295, got {}", op, in.q));
  }
  if (modular && in.reduction == Reduction::kMontgomery && in.q % 2 == 0) {
    fail(fmt::format("{}: Montgomery reduction needs an odd q, got {}", op, in.q));
  }
  const bool broadcast = in.op == Opcode::kModMulVec || in.op == Opcode::kModAddVec ||
                         in.op == Opcode::kModSubVec || in.op == Opcode::kMulBytes ||
                         in.op == Opcode::kBatMulVec;
  if (broadcast && in.n == 0) {
    fail(fmt::format("{}: n (the length of b, taken as b[i mod n]) must be at least 1", op));
  }
  const auto pow2 = [](uint64_t v) { return v != 0 && (v & (v - 1)) == 0; };
  if (in.op == Opcode::kNttStage || in.op == Opcode::kInttStage) {
    if (!pow2(in.n) || in.n < 2 || !pow2(in.k) || 2 * uint64_t{in.k} > in.n) {
      fail(
          fmt::format("{}: n must be a power of two >= 2 and k a power of two <= n / 2, got n = "
                      "{}, k = {}",
                      op, in.n, in.k));
    }
  }
  if (in.op == Opcode::kPermute) {
    if (!pow2(in.n)) fail(fmt::format("{}: n must be a power of two, got {}", op, in.n));
    if (in.galois % 2 == 0 || in.galois >= 2 * uint64_t{in.n}) {
      fail(fmt::format("{}: galois must be odd and below 2n = {}, got {}", op, 2 * uint64_t{in.n},
                       in.galois));
    }
  }
}

// Every range the instruction reads or writes starts inside its buffer and ends by its end.
void Parser::check_bounds(const Instr& in, const std::string& op) {
  const Footprint f = footprint(in, t_.buffers);
  const auto check = [&](const Access& a, const char* what) {
    const Buffer& b = t_.buffers[a.buffer];
    if (a.begin < b.elems && a.end <= b.elems) return;
    if (b.elems == 0)
      fail(fmt::format("{} {} buffer \"{}\", which has no elements", op, what, b.name));
    fail(fmt::format("{} {} beyond buffer \"{}\": elements [{}, {}) of {}", op, what, b.name,
                     a.begin, a.end, b.elems));
  };
  for (int r = 0; r < f.num_reads; ++r) check(f.reads[r], r == 0 ? "reads a" : "reads b");
  check(f.write, "writes dst");
}

}  // namespace

Trace parse_trace(const std::string& text, const std::string& file, TraceLines* lines) {
  std::istringstream in(text);
  return parse_trace_stream(in, file, lines);
}

Trace parse_trace_stream(std::istream& in, const std::string& file, TraceLines* lines,
                         TraceReserve reserve) {
  if (lines) *lines = {};
  return Parser(file, lines, reserve).run(in);
}

}  // namespace hesa
