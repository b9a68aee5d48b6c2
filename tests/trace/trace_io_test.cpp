// The text trace format: exact round trips of lowered traces and exact messages for bad lines.
#include <catch2/catch.hpp>

#include "trace/trace_builder.hpp"
#include "trace/trace_io.hpp"
#include "trace/trace_tags.hpp"
#include "workloads/lowering/bat_matmul_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/modmath.hpp"

using namespace hesa;

namespace {

auto instr_fields(const Instr& i) {
  return std::tie(i.op, i.reduction, i.dst, i.a, i.b, i.m, i.n, i.k, i.q, i.galois, i.a_stationary,
                  i.lazy, i.conv_dims, i.group, i.tag, i.core, i.deps);
}

void check_same(const Trace& a, const Trace& b) {
  REQUIRE(a.buffers.size() == b.buffers.size());
  for (size_t i = 0; i < a.buffers.size(); ++i) {
    CHECK(a.buffers[i].name == b.buffers[i].name);
    CHECK(a.buffers[i].space == b.buffers[i].space);
    CHECK(a.buffers[i].dtype == b.buffers[i].dtype);
    CHECK(a.buffers[i].elems == b.buffers[i].elems);
    CHECK(a.buffers[i].const_id == b.buffers[i].const_id);
  }
  REQUIRE(a.instrs.size() == b.instrs.size());
  for (size_t i = 0; i < a.instrs.size(); ++i)
    CHECK(instr_fields(a.instrs[i]) == instr_fields(b.instrs[i]));
  CHECK(a.tags == b.tags);
  REQUIRE(a.constants.size() == b.constants.size());
  for (size_t i = 0; i < a.constants.size(); ++i) CHECK(a.constants[i].data == b.constants[i].data);
  REQUIRE(a.inputs.size() == b.inputs.size());
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    CHECK(std::tie(a.inputs[i].buffer, a.inputs[i].offset, a.inputs[i].item, a.inputs[i].limb) ==
          std::tie(b.inputs[i].buffer, b.inputs[i].offset, b.inputs[i].item, b.inputs[i].limb));
  }
  CHECK(a.outputs.size() == b.outputs.size());
}

std::string error_of(const std::string& body) {
  try {
    parse_trace(std::string(kTraceHeader) + "\n" + body + "end\n", "t.trace");
  } catch (const TraceError& e) {
    return e.what();
  }
  return "no error";
}

const char* kDecls =
    "tag other\n"
    "tag mm\n"
    "buffer x vmem u8 64\n"
    "buffer w vmem u8 64\n"
    "buffer y vmem i32 64\n";  // lines 2-6

}  // namespace

TEST_CASE("lowered traces round-trip exactly through the text format", "[trace_io]") {
  NttParams p;
  p.n = 64;
  p.primes = ntt_primes(28, 64, 3);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(64, q));
  p.batch = 5;
  p.cores = 2;
  p.split = CoreSplit::kBatch;
  const LoweringLimits roomy{1 << 20, uint64_t{1} << 30};
  for (bool constants : {false, true}) {
    const Trace t = lower_ntt(p, roomy, constants).trace;
    const std::string text = write_trace(t);
    const Trace back = parse_trace(text, "t.trace");
    check_same(t, back);
    CHECK(write_trace(back) == text);
  }
  // CROSS's Shoup NTT (byte convolutions, their layouts, lazy merges, transposes) and its
  // Montgomery NTT (Montgomery merges), both directions, the twist separate or fused.
  for (Reduction red : {Reduction::kShoup, Reduction::kMontgomery}) {
    for (bool inverse : {false, true}) {
      NttParams q = p;
      q.reduction = red;
      q.inverse = inverse;
      q.ntt_steps.twist = inverse ? Twist::kSeparate : Twist::kFused;
      const Trace t = lower_ntt(q, roomy, true).trace;
      const std::string text = write_trace(t);
      check_same(t, parse_trace(text, "t.trace"));
      CHECK(write_trace(parse_trace(text, "t.trace")) == text);
      CHECK(text.find(" lazy=1") != std::string::npos);
      if (red == Reduction::kShoup) {
        CHECK(text.find(inverse ? "dims=cnw,iow,ncw" : "dims=ncw,iow,cnw") != std::string::npos);
      }
    }
  }
  const Trace bm = lower_bat_matmul({.m = 20, .n = 12, .k = 8, .q = 268435399}, roomy, true).trace;
  check_same(bm, parse_trace(write_trace(bm), "t.trace"));
}

TEST_CASE("tags carry an optional phase before the kernel", "[trace_io][phase]") {
  const TagParts p = split_tag("EvalMod:he_mult/modmul");
  CHECK(p.phase == "EvalMod");
  CHECK(p.kernel == "he_mult");
  CHECK(p.step == "modmul");
  const TagParts plain = split_tag("ntt/twist");
  CHECK(plain.phase.empty());
  CHECK(plain.kernel == "ntt");
  CHECK(plain.step == "twist");
  const TagParts odd = split_tag("ntt/a:b");  // a ':' after the '/' belongs to the step
  CHECK(odd.phase.empty());
  CHECK(odd.step == "a:b");
  CHECK(split_tag("other").kernel == "other");
  CHECK(split_tag("other").step.empty());
  CHECK(phased_tag("", "ntt/twist") == "ntt/twist");
  CHECK(phased_tag("A_1", "ntt/twist") == "A_1:ntt/twist");
  CHECK(is_phase_name("CoeffToSlot"));
  CHECK_FALSE(is_phase_name(""));
  CHECK_FALSE(is_phase_name("a:b"));
  CHECK_FALSE(is_phase_name("a b"));

  // The builder puts its phase on the tags it interns; the text form keeps them.
  TraceBuilder b;
  const int buf = b.buffer("vmem.x", Space::kVmem, DType::kU32, 16);
  b.set_phase("P1");
  b.emit(Instr{.op = Opcode::kModAddVec,
               .dst = buf,
               .a = buf,
               .b = buf,
               .m = 16,
               .n = 16,
               .q = 17,
               .tag = b.tag("he_add/modadd")});
  b.set_phase("");
  b.emit(Instr{.op = Opcode::kModAddVec,
               .dst = buf,
               .a = buf,
               .b = buf,
               .m = 16,
               .n = 16,
               .q = 17,
               .tag = b.tag("he_add/modadd")});
  const Trace t = b.take();
  CHECK(t.tags == std::vector<std::string>{"other", "P1:he_add/modadd", "he_add/modadd"});
  check_same(t, parse_trace(write_trace(t), "t.trace"));
}

TEST_CASE("a hand-written trace parses with comments and any key order", "[trace_io]") {
  const Trace t = parse_trace(std::string(kTraceHeader) + "\n# a comment\n" + kDecls +
                                  "0 mxu matmul_u8 b=w a=x dst=y m=8 n=8 k=8 tag=mm  # inline\n"
                                  "\n"
                                  "1 xlu permute dst=x a=y m=1 n=64 galois=5 core=1 deps=0\n"
                                  "end\n",
                              "t.trace");
  REQUIRE(t.instrs.size() == 2);
  CHECK(t.instrs[0].b == 1);
  CHECK(t.instrs[0].tag == 1);
  CHECK(t.instrs[1].galois == 5);
  CHECK(t.instrs[1].core == 1);
  CHECK(t.instrs[1].deps == std::vector<uint32_t>{0});
}

TEST_CASE("auto-deps derives the same dependencies as the trace builder", "[trace_io]") {
  NttParams p;
  p.n = 64;
  p.primes = ntt_primes(28, 64, 2);
  for (uint64_t q : p.primes) p.psi.push_back(*smallest_primitive_2n_root(64, q));
  p.batch = 3;
  const Trace t = lower_ntt(p, {1 << 20, uint64_t{1} << 30}, false).trace;
  // The dumped trace with every deps= field removed and auto-deps switched on.
  std::string text = write_trace(t), stripped;
  for (size_t begin = 0; begin < text.size();) {
    const size_t end = text.find('\n', begin);
    std::string line = text.substr(begin, end - begin);
    if (const size_t at = line.find(" deps="); at != std::string::npos) line.erase(at);
    stripped += line + "\n";
    if (begin == 0) stripped += "auto-deps\n";
    begin = end + 1;
  }
  REQUIRE(stripped.find("deps=") == std::string::npos);
  const Trace back = parse_trace(stripped, "t.trace");
  check_same(t, back);
  CHECK(error_of(std::string(kDecls) + "0 mxu matmul_u8 dst=y a=x b=w\nauto-deps\n") ==
        "t.trace:8: auto-deps must come before the first instruction");
}

TEST_CASE("malformed trace lines give file:line messages", "[trace_io][errors]") {
  const std::string d = kDecls;
  CHECK(error_of("") == "no error");
  try {
    parse_trace("buffer x vmem u8 4\n", "t.trace");
    FAIL("no error");
  } catch (const TraceError& e) {
    CHECK(std::string(e.what()) == "t.trace:1: expected the header \"hesa-trace 2\"");
  }
  for (const char* text : {"", "# only a comment\n"}) {
    try {
      parse_trace(text, "t.trace");
      FAIL("no error");
    } catch (const TraceError& e) {
      CHECK(std::string(e.what()) == "t.trace:1: expected the header \"hesa-trace 2\"");
    }
  }
  CHECK(error_of("frob x\n") ==
        "t.trace:2: unknown directive \"frob\" (expected auto-deps, tag, constant, buffer, input, "
        "output, end or an instruction index)");
  CHECK(error_of(d + "0 mxu matmul_u9 dst=y a=x b=w\n") ==
        "t.trace:7: unknown opcode \"matmul_u9\"");
  CHECK(error_of(d + "0 vpu matmul_u8 dst=y a=x b=w\n") ==
        "t.trace:7: matmul_u8 runs on mxu, not \"vpu\"");
  CHECK(error_of(d + "0 mxu matmul_u8 dst=y a=x b=v\n") == "t.trace:7: undefined buffer \"v\"");
  CHECK(error_of(d + "0 mxu matmul_u8 dst=y a=x\n") == "t.trace:7: matmul_u8 needs operand b");
  CHECK(error_of(d + "0 dma load dst=y a=x b=w\n") ==
        "t.trace:7: load takes operands dst and a, not b");
  CHECK(error_of(d + "0 dma load dst=y\n") == "t.trace:7: load needs operand a");
  CHECK(error_of(d + "0 dma load dst=y a=x deps=0\n") ==
        "t.trace:7: dependency 0 is not an earlier instruction");
  CHECK(error_of(d + "0 dma load dst=y a=x\n1 dma load dst=y a=x deps=0,4\n") ==
        "t.trace:8: dependency 4 is not an earlier instruction");
  CHECK(error_of(d + "1 dma load dst=y a=x\n") ==
        "t.trace:7: instruction 1 out of order, expected 0");
  CHECK(error_of(d + "0 dma load dst=y a=x m=-3\n") ==
        "t.trace:7: m: expected an unsigned integer, got \"-3\"");
  CHECK(error_of(d + "0 dma load dst=y a=x tag=nope\n") == "t.trace:7: undefined tag \"nope\"");
  CHECK(error_of(d + "0 dma load dst=y a=x dst=w\n") == "t.trace:7: dst given twice");
  CHECK(error_of(d + "0 dma load dst=y a=x speed=3\n") == "t.trace:7: unknown key \"speed\"");
  CHECK(error_of(d + "0 dma load dst=y a=x core=300\n") ==
        "t.trace:7: core: 300 is larger than 255");
  CHECK(error_of(d + "0 dma load dst=y a=x lazy=1\n") == "t.trace:7: load has no lazy form");
  CHECK(error_of(d + "0 vpu modmul dst=y a=x b=w lazy=yes\n") ==
        "t.trace:7: lazy: expected 0 or 1, got \"yes\"");
  CHECK(error_of(d + "0 mxu matmul_u8 dst=y a=x b=w dims=ncw,iow,ncw\n") ==
        "t.trace:7: matmul_u8 has no dims (conv_u8 has)");
  CHECK(error_of(d + "0 mxu conv_u8 dst=y a=x b=w dims=nwc,iow,ncw\n") ==
        "t.trace:7: dims: expected <ncw|cnw>,iow,<ncw|cnw>, got \"nwc,iow,ncw\"");
  CHECK(error_of(d + "0 mxu conv_u8 dst=y a=x b=w m=2 n=3 k=4 group=2\n") ==
        "t.trace:7: conv_u8 writes dst beyond buffer \"y\": elements [0, 84) of 64");
  CHECK(error_of("buffer x dram u8 4\n") ==
        "t.trace:2: unknown space \"dram\" (expected hbm, vmem or cmem)");
  CHECK(error_of("buffer x vmem u16 4\n") ==
        "t.trace:2: unknown type \"u16\" (expected u8, u32, i32, bf16, f32 or u64)");
  CHECK(error_of("buffer x vmem u8\n") ==
        "t.trace:2: expected \"buffer <name> <hbm|vmem|cmem> <u8|u32|i32|bf16|f32> <elements> "
        "[const=<id>] [core=<n>]\"");
  CHECK(error_of("buffer x vmem u8 4\nbuffer x hbm u8 4\n") ==
        "t.trace:3: buffer \"x\" already declared");
  CHECK(error_of("buffer x hbm u8 4 const=0\n") == "t.trace:2: constant 0 is not declared");
  CHECK(error_of("constant 0 3 1 2\n") == "t.trace:2: constant 0 has 2 values, expected 3");
  CHECK(error_of("input z 0 0 0\n") == "t.trace:2: undefined buffer \"z\"");
  // Names reach stats.json: bytes that are not printable ASCII (here not UTF-8) are refused.
  CHECK(error_of("tag ntt/\x99x\n") == "t.trace:2: tag name: byte 0x99 is not printable ASCII");
  CHECK(error_of(std::string("buffer x\0y vmem u8 4\n", 22)) ==
        "t.trace:2: buffer name: byte 0x00 is not printable ASCII");
}

TEST_CASE("a trace ends in an end line: a truncated file, version 1 and CRLF are refused",
          "[trace_io][errors]") {
  const std::string head = std::string(kTraceHeader) + "\n" + kDecls;
  const std::string whole = head + "0 mxu matmul_u8 dst=y a=x b=w m=8 n=8 k=8\nend\n";
  CHECK(parse_trace(whole, "t.trace").instrs.size() == 1);
  // Cut anywhere after the header, the file lacks its end line (a cut mid-field left the rest 0).
  for (size_t cut : {head.size(), whole.find(" k=8"), whole.find(" k=8") + 4}) {
    try {
      parse_trace(whole.substr(0, cut), "t.trace");
      FAIL("no error at cut " << cut);
    } catch (const TraceError& e) {
      CHECK(std::string(e.what()).find("no \"end\" line: the trace is truncated") !=
            std::string::npos);
    }
  }
  CHECK(error_of("end\ntag x\n") == "t.trace:3: \"tag\" after the end line");
  try {
    parse_trace("hesa-trace 1\nend\n", "old.trace");
    FAIL("no error");
  } catch (const TraceError& e) {
    CHECK(std::string(e.what()) ==
          "old.trace:1: \"hesa-trace 1\" has no end marker, so a truncated file would replay: "
          "make the header \"hesa-trace 2\" and the last line \"end\"");
  }
  try {
    parse_trace("hesa-trace 2\r\nend\r\n", "dos.trace");
    FAIL("no error");
  } catch (const TraceError& e) {
    CHECK(std::string(e.what()) ==
          "dos.trace:1: the line ends in a carriage return (a CRLF line end); traces use LF line "
          "ends");
  }
}

TEST_CASE("fields an opcode computes with are checked: q, galois, broadcast and stage shapes",
          "[trace_io][errors]") {
  const std::string d =
      "buffer a vmem u32 64\nbuffer b vmem u32 64\nbuffer c vmem u32 64\n";  // lines 2-4
  const std::string mm = "0 vpu modmul dst=c a=a b=b m=64 n=64";
  for (const char* q : {"", " q=0", " q=1", " q=18446744073709551615", " q=4294967296"}) {
    const std::string got = std::string(q).empty() ? "0" : std::string(q).substr(3);
    CHECK(error_of(d + mm + q + "\n") ==
          "t.trace:5: modmul: q must be a modulus between 2 and 4294967295, got " + got);
  }
  CHECK(error_of(d + mm + " q=4294967295\n") == "no error");
  CHECK(error_of(d + mm + " q=96 reduction=montgomery\n") ==
        "t.trace:5: modmul: Montgomery reduction needs an odd q, got 96");
  CHECK(error_of(d + "0 vpu modmul dst=c a=a b=b m=64 n=0 q=97\n") ==
        "t.trace:5: modmul: n (the length of b, taken as b[i mod n]) must be at least 1");
  for (const char* g : {"galois=0", "galois=2", "galois=129"}) {
    CHECK(error_of(d + "0 xlu permute dst=c a=a m=1 n=64 " + g + "\n") ==
          "t.trace:5: permute: galois must be odd and below 2n = 128, got " +
              std::string(g).substr(7));
  }
  CHECK(error_of(d + "0 xlu permute dst=c a=a m=1 n=64 galois=127\n") == "no error");
  CHECK(error_of(d + "0 vpu ntt_stage dst=a a=a b=b m=64 n=64 k=0 q=97\n") ==
        "t.trace:5: ntt_stage: n must be a power of two >= 2 and k a power of two <= n / 2, got "
        "n = 64, k = 0");
}

TEST_CASE("trace instructions stay inside their buffers", "[trace_io][errors]") {
  const std::string d = kDecls;                           // x, w: u8 [64]; y: i32 [64]
  CHECK(error_of("buffer e vmem u8 0\n") == "no error");  // lowerings declare unused ones
  CHECK(error_of(d + "buffer e vmem u8 0\n0 dma load dst=e a=x\n") ==
        "t.trace:8: load writes dst buffer \"e\", which has no elements");
  CHECK(error_of("buffer x vmem u8 281474976710657\n") ==
        "t.trace:2: elements: 281474976710657 is larger than 281474976710656");
  CHECK(error_of(d + "input x 64 0 0\n") ==
        "t.trace:7: input: offset 64 is beyond buffer \"x\" of 64 elements");
  CHECK(error_of(d + "0 mxu matmul_u8 dst=y a=x b=w m=8 n=8 k=9\n") ==
        "t.trace:7: matmul_u8 reads a beyond buffer \"x\": elements [0, 72) of 64");
  CHECK(error_of(d + "0 mxu matmul_u8 dst=y a=x b=w m=8 n=8 k=8 b_off=1\n") ==
        "t.trace:7: matmul_u8 reads b beyond buffer \"w\": elements [1, 65) of 64");
  CHECK(error_of(d + "0 dma load dst=y a=x dst_off=64\n") ==
        "t.trace:7: load writes dst beyond buffer \"y\": elements [64, 64) of 64");
  CHECK(error_of(d + "0 dma load dst=y a=x count=65\n") ==
        "t.trace:7: load reads a beyond buffer \"x\": elements [0, 65) of 64");
  // A shape whose element count overflows 64 bits is out of bounds, not a small wrapped range.
  CHECK(error_of(d + "0 xlu transpose dst=y a=y m=4294967295 n=4294967295 k=4294967295\n") ==
        "t.trace:7: transpose reads a beyond buffer \"y\": elements [0, 18446744073709551615) of "
        "64");
  CHECK(error_of(d + "0 vpu merge_rows dst=y a=y m=1 n=0 k=1 q=97 group=4294967295 a_off=1\n") ==
        "t.trace:7: merge_rows reads a beyond buffer \"y\": elements [17179869181, "
        "17179869181) of 64");
  CHECK(error_of(d + "0 dma load dst=y a=x count=64\n") == "no error");
}
