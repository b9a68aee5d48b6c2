// The lowered instruction stream: buffers in HBM or VMEM and the instructions that read and write
// them. Each instruction lists the earlier instructions it waits for (its dependencies).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trace/instr.hpp"
#include "trace/instr_list.hpp"

namespace hesa {

enum class Space : uint8_t { kHbm, kVmem, kCmem };  // CMEM: the optional chip-level SRAM
enum class DType : uint8_t { kU8, kU32, kI32, kBf16, kF32, kU64 };
int dtype_bytes(DType t);

struct Buffer {
  std::string name;
  Space space = Space::kVmem;
  DType dtype = DType::kU32;
  uint64_t elems = 0;
  int const_id = -1;  // index into Trace::constants when the buffer holds a known constant
  uint8_t core = 0;   // VMEM buffers: the TensorCore whose VMEM holds it
  uint64_t bytes() const { return elems * dtype_bytes(dtype); }
};

const char* space_name(Space s);
const char* dtype_name(DType t);

// A constant array known at lowering time (twiddles, BAT matrices), materialized only when the
// trace is lowered for functional execution.
struct Constant {
  std::vector<uint32_t> data;  // u8 and u32 constants both stored widened
};

// One limb-polynomial of one batch item inside an HBM buffer: limb `limb` of polynomial `poly`
// of operand `operand` (e.g. the two ciphertexts of an addition) of batch item `item`.
struct IoSlice {
  int buffer = -1;
  uint64_t offset = 0;  // in elements
  int item = 0;
  int limb = 0;
  int poly = 0;
  int operand = 0;
  // Non-zero for a constant-like operand of a Shoup product: where (relative to offset) its
  // companion floor(x * 2^32 / q) is stored; the one who writes the slice writes both.
  uint64_t companion_offset = 0;
  // A constant-like operand of BAT products: the writer stores per value x the four words
  // x * 2^(8k) mod q (k = 0..3) at offset + 4i (the rows of its byte block).
  bool bat_form = false;
};

struct Trace {
  std::vector<Buffer> buffers;
  InstrList instrs;
  std::vector<std::string> tags;
  std::vector<Constant> constants;
  std::vector<IoSlice> inputs;   // where each input limb of each batch item lives in HBM
  std::vector<IoSlice> outputs;  // where each result limb lives in HBM
};

}  // namespace hesa
