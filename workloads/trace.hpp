// The lowered instruction stream: buffers in HBM or VMEM and the instructions that read and write
// them. Each instruction lists the earlier instructions it waits for (its dependencies).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hesa {

enum class UnitKind : uint8_t { kMxu, kVpu, kDma, kXlu };
inline constexpr int kUnitKinds = 4;
const char* unit_name(UnitKind u);

enum class Space : uint8_t { kHbm, kVmem };
enum class DType : uint8_t { kU8, kU32, kI32, kBf16, kF32 };
int dtype_bytes(DType t);

struct Buffer {
  std::string name;
  Space space = Space::kVmem;
  DType dtype = DType::kU32;
  uint64_t elems = 0;
  int const_id = -1;  // index into Trace::constants when the buffer holds a known constant
  uint64_t bytes() const { return elems * dtype_bytes(dtype); }
};

enum class Opcode : uint8_t {
  kLoad,            // DMA: copy src (HBM) -> dst (VMEM)
  kStore,           // DMA: copy src (VMEM) -> dst (HBM)
  kMatmulU8,        // MXU: dst i32[m x n] = a u8[m x k] * b u8[k x n]
  kModMulVec,       // VPU: dst[i] = a[i] * b[i mod len(b)] mod q (u32)
  kSplitBytesRows,  // VPU: u32 [g, r, c] -> u8 [4r, g*c], row (r,k) col (g,c): byte k of x[g][r][c]
  kSplitBytesCols,  // VPU: u32 [rows, c] -> u8 [rows, 4c], col (c,k) (a bitcast)
  kMergeRows,       // VPU: i32 [4r, g*c] rows (z,p) -> u32 [g, r, c] = sum_p 2^(8p) part mod q
  kMergeCols,       // VPU: i32 [rows, 4c] cols (n,p) -> u32 [rows, c] = sum_p 2^(8p) part mod q
  kMatmulBf16,      // MXU: dst f32[m x n] = a bf16[m x k] * b bf16[k x n], f32 accumulation
  kTranspose,       // XLU: u32 [g, r, c] -> [g, c, r]  (m = g, n = r, k = c)
  kPermute,         // XLU: m polynomials of n u32 in NTT (bit-reversed) order, automorphism
                    //      X -> X^galois: dst[t] = src[br((e(t) * galois mod 2n - 1) / 2)],
                    //      e(t) = 2 br(t) + 1 (a pure permutation of the evaluations)
};
inline constexpr int kOpcodes = 11;
const char* opcode_name(Opcode op);
UnitKind opcode_unit(Opcode op);
const char* space_name(Space s);
const char* dtype_name(DType t);

enum class Reduction : uint8_t { kBarrett, kMontgomery, kShoup, kBatLazy };
const char* reduction_name(Reduction r);

struct Instr {
  Opcode op;
  Reduction reduction = Reduction::kBarrett;
  int dst = -1;  // buffer ids
  int a = -1;
  int b = -1;
  uint32_t m = 0, n = 0, k = 0;  // matmul shape; for layout ops: (g, r, c) or (rows, c, -)
  uint64_t q = 0;                // modulus of VPU ops
  uint32_t galois = 0;           // kPermute: the automorphism index (odd, < 2n)
  bool a_stationary = false;     // matmul: which operand the MXU holds as weights (a or b)
  uint32_t tag = 0;              // index into Trace::tags (kernel/step name)
  uint8_t core = 0;              // TensorCore whose units run it (DMA: whose VMEM it touches)
  std::vector<uint32_t> deps;    // instruction indices this one waits for
};

// A constant array known at lowering time (twiddles, BAT matrices), materialized only when the
// trace is lowered for functional execution.
struct Constant {
  std::vector<uint32_t> data;  // u8 and u32 constants both stored widened
};

// One limb-polynomial of one batch item inside an HBM buffer.
struct IoSlice {
  int buffer = -1;
  uint64_t offset = 0;  // in elements
  int item = 0;
  int limb = 0;
};

struct Trace {
  std::vector<Buffer> buffers;
  std::vector<Instr> instrs;
  std::vector<std::string> tags;
  std::vector<Constant> constants;
  std::vector<IoSlice> inputs;   // where each input limb of each batch item lives in HBM
  std::vector<IoSlice> outputs;  // where each result limb lives in HBM
};

}  // namespace hesa
