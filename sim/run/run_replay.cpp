#include "sim/run/run_replay.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/yaml_tree.hpp"
#include "models/mxu/mxu_cost.hpp"
#include "sim/engine/chip_memory.hpp"
#include "trace/trace_io.hpp"

namespace hesa {

namespace {

void check_trace(const RunConfig& cfg, const Trace& trace, const TraceLines& lines,
                 const std::string& file) {
  const ChipConfig& chip = cfg.chip;
  for (size_t i = 0; i < trace.buffers.size(); ++i) {
    const Buffer& b = trace.buffers[i];
    if (b.space == Space::kVmem && b.core >= chip.tensorcores) {
      throw ConfigError(
          fmt::format("{}:{}: buffer \"{}\" is in the VMEM of core {}, {} has {} "
                      "TensorCore(s)",
                      file, lines.buffers[i], b.name, b.core, chip.name, chip.tensorcores));
    }
  }
  for (size_t i = 0; i < trace.instrs.size(); ++i) {
    const Instr& in = trace.instrs[i];
    if (in.core >= chip.tensorcores) {
      throw ConfigError(
          fmt::format("{}:{}: instruction {} runs on core {}, {} has {} "
                      "TensorCore(s)",
                      file, lines.instr(i), i, in.core, chip.name, chip.tensorcores));
    }
    if (in.op == Opcode::kIciCopy) {
      throw ConfigError(
          fmt::format("{}:{}: instruction {} is an ICI copy between chips; a trace "
                      "replays on one chip (a slice runs lowered workloads: hesa "
                      "run --slice)",
                      file, lines.instr(i), i));
    }
    if (opcode_unit(in.op) == UnitKind::kMxu && matmul_is_int8(in) &&
        chip.mxu.int8_macs_per_pe_cycle <= 0) {
      throw ConfigError(
          fmt::format("{}:{}: instruction {} is an int8 matmul, {} has none "
                      "(mxu.int8_macs_per_pe_cycle: 0)",
                      file, lines.instr(i), i, chip.name));
    }
    if (opcode_unit(in.op) != UnitKind::kDma) continue;
    try {
      check_dma_access(trace, static_cast<uint32_t>(i));
    } catch (const MemoryError& e) {
      throw ConfigError(fmt::format("{}:{}: {}", file, lines.instr(i), e.what()));
    }
  }
  try {
    (void)allocate_memory(trace, chip);
  } catch (const MemoryError& e) {
    const std::string at =
        e.buffer() >= 0 ? fmt::format("{}:{}", file, lines.buffers[e.buffer()]) : file;
    throw ConfigError(fmt::format("{}: {}: {}", at, e.key(), e.what()));
  }
}

}  // namespace

Trace replay_trace(const RunConfig& cfg, const std::string& text, const std::string& file) {
  TraceLines lines;
  Trace trace;
  try {
    trace = parse_trace(text, file, &lines);
  } catch (const TraceError& e) {
    throw ConfigError(e.what());
  }
  check_trace(cfg, trace, lines, file);
  return trace;
}

Trace read_replay_trace(const RunConfig& cfg, const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw ConfigError(file + ": is a folder, not a file");
  TraceLines lines;
  Trace trace;
  try {
    trace = read_trace_file(file, &lines);  // streamed: the text is never held whole
  } catch (const TraceError& e) {
    throw ConfigError(e.what());
  }
  check_trace(cfg, trace, lines, file);
  return trace;
}

}  // namespace hesa
