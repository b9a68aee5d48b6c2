// One instruction of the ISA between lowering and hardware: its opcode and unit, operands
// (buffer ids and element offsets), shape, modulus, DMA access pattern, TensorCore and tag. A
// trace stores instructions packed (instr_list.hpp) and gives them out as this value type.
#pragma once

#include <cstdint>

namespace hesa {

// kIci: a chip's inter-chip interconnect engines (a slice's chips exchange limbs over ICI).
enum class UnitKind : uint8_t { kMxu, kVpu, kDma, kXlu, kIci };
inline constexpr int kUnitKinds = 5;
const char* unit_name(UnitKind u);

enum class Opcode : uint8_t {
  kLoad,       // DMA: copy `count` elements (0: all that fit) src (HBM, CMEM, VMEM) -> dst,
               //      walking src by Instr::access
  kStore,      // DMA: copy src -> dst (HBM, CMEM, VMEM), walking dst by Instr::access
  kMatmulU8,   // MXU: dst i32[m x n] = a u8[m x k] * b u8[k x n]
  kModMulVec,  // VPU: dst[i] = a[i] * b[i mod n] mod q, i < m (u32; reduction per Instr)
  kModAddVec,  // VPU: dst[i] = a[i] + b[i mod n] mod q, i < m
  kModSubVec,  // VPU: dst[i] = a[i] - b[i mod n] mod q, i < m
  kMulBytes,   // VPU: u32 a[i] * b[i mod n] -> u8 dst[8i .. 8i+8): the 64-bit product's bytes
  kNttStage,   // VPU: one radix-2 Cooley-Tukey stage with k blocks over m/n polynomials of n
               //      coefficients, in place (a == dst); b = twiddles psi^br(i) (constant form)
  kInttStage,  // VPU: one Gentleman-Sande stage, the inverse; b = psi^-br(i)
  kSplitBytesRows,  // VPU: u32 [g, r, c] -> u8 [4r, g*c], row (r,k) col (g,c): byte k of x[g][r][c]
  kSplitBytesCols,  // VPU: u32 [rows, c] -> u8 [rows, 4c], col (c,k) (a bitcast)
  kMergeRows,       // VPU: i32 [4(group+r), g*c] rows (z,p), z from `group` -> u32 [g, r, c]
                    //      = sum_p 2^(8p) part mod q; with b, row z mod b[z] (per-row moduli,
                    //      q their largest)
  kMergeCols,       // VPU: i32 [rows, 4k] cols (n,p), n from `group` -> u32 [rows, c] (c = n field,
                    //      k = the part's column groups, 0 means c) = sum_p 2^(8p) part mod q
  kMatmulBf16,      // MXU: dst f32[m x n] = a bf16[m x k] * b bf16[k x n], f32 accumulation
  kTranspose,       // XLU: u32 [g, r, c] -> [g, c, r]  (m = g, n = r, k = c)
  kPermute,         // XLU: m polynomials of n u32 in NTT (bit-reversed) order, automorphism
                    //      X -> X^galois: dst[t] = src[br((e(t) * galois mod 2n - 1) / 2)],
                    //      e(t) = 2 br(t) + 1 (a pure permutation of the evaluations)
  kBatMulVec,       // MXU: BAT product by known constants: dst i32 [m, 4], row i, column p =
                    //      sum_k byte k of a[i] (u32) * byte p of b[4 (i mod n) + k], where b
                    //      holds per constant c the words c * 2^(8k) mod q (its 4x4 byte block)
  kMulWideVec,      // VPU: dst u64[i] = a[i] * b[i mod n], i < m (no reduction)
  kMacWideVec,      // VPU: dst u64[i] += a[i] * b[i mod n], i < m (a lazy sum of products)
  kReduceWideVec,   // VPU: dst u32[i] = a u64[i] mod q, i < m (Barrett on a 64-bit input)
  kConvU8,          // MXU: byte-wise 1-D convolution of u32 matrices (TensorFHE's and CROSS's
                    //      Shoup matmul), `group` products (0: one): dst i32 [m x n x 7], part p
                    //      = sum_l sum_{s+t=p} byte s of A[i][l] * byte t of B[l][j], A = a
                    //      [m x k] (or stored [k x m], Instr::conv_dims), B = b [k x n]; the
                    //      stationary operand is shared by the products, the other and dst advance
                    //      by one product each; dst [n x m x 7] with kConvOutCnw
  kMergeShoup,      // VPU: m elements from 7 partials each of a (values) and b (companions):
                    //      S = sum_p 2^(8p) a[7i+p] mod 2^64, S' likewise from b,
                    //      dst = S - (S' >> 32) q mod 2^32 (lazy), or that mod q
  kIciCopy,         // ICI: copy `count` elements (0: all of the smaller buffer) of a (a_off on
                    //      chip m, HBM) to dst (dst_off on chip n, HBM) over the slice's links;
                    //      Instr::core is the first TensorCore of chip m (whose engines send)
};
inline constexpr int kOpcodes = 23;
const char* opcode_name(Opcode op);
// The unit class that runs an opcode (inline: asked once per instruction in every pass).
constexpr UnitKind opcode_unit(Opcode op) {
  switch (op) {
    case Opcode::kLoad:
    case Opcode::kStore:
      return UnitKind::kDma;
    case Opcode::kMatmulU8:
    case Opcode::kMatmulBf16:
    case Opcode::kBatMulVec:
    case Opcode::kConvU8:
      return UnitKind::kMxu;
    case Opcode::kTranspose:
    case Opcode::kPermute:
      return UnitKind::kXlu;
    case Opcode::kIciCopy:
      return UnitKind::kIci;
    default:
      return UnitKind::kVpu;
  }
}
bool has_b_operand(Opcode op);  // reads a second source b (else only a)

// Montgomery computes a * b * 2^-32 mod q (operands kept in Montgomery form); Shoup multiplies by
// a constant b whose companion floor(b * 2^32 / q) follows it in the same buffer (at b_off + n).
// Lazy (Instr::lazy) products and merges leave out the final conditional subtraction, as CROSS's
// reductions do: Montgomery returns hi(z) + q - hi(t q) with t = lo(z) q^-1 mod 2^32 (in (0, 2q)
// for z < q 2^32), Shoup w x - hi(x w') q mod 2^32 (in [0, 2q) for one product).
enum class Reduction : uint8_t { kBarrett, kMontgomery, kShoup, kBatLazy };
const char* reduction_name(Reduction r);

// Instr::conv_dims of a kConvU8 (XLA's dimension numbers): the lhs a stored feature-major
// ("CNW", [k x m]) instead of batch-major ("NCW", [m x k]); dst stored [n x m x 7] ("CNW").
inline constexpr uint8_t kConvLhsCnw = 1;
inline constexpr uint8_t kConvOutCnw = 2;

// How a DMA instruction walks its far-side buffer (the source of a load, the destination of a
// store); the other side is packed. Default: the whole buffer, contiguous.
enum class AccessKind : uint8_t { kContiguous, kStrided, kGather };
struct DmaAccess {
  AccessKind kind = AccessKind::kContiguous;
  uint64_t chunk_bytes = 0;   // strided, gather: bytes per chunk
  uint64_t stride_bytes = 0;  // strided: distance between chunk starts
  uint64_t chunks = 0;        // strided, gather: number of chunks
  uint64_t seed = 0;          // gather: chunk j is slot gather_slot(seed, j, slots) of the buffer
};
// The chunk-aligned slot (of `slots`) a gather reads or writes as its j-th chunk: a fixed
// pseudo-random function, so timing and functional execution agree on the addresses' spread.
uint64_t gather_slot(uint64_t seed, uint64_t j, uint64_t slots);

struct Instr {
  Opcode op;
  Reduction reduction = Reduction::kBarrett;
  int dst = -1;  // buffer ids
  int a = -1;
  int b = -1;
  uint32_t m = 0, n = 0, k = 0;  // matmul shape; for layout ops: (g, r, c) or (rows, c, -)
  uint64_t q = 0;                // modulus of VPU ops
  uint64_t dst_off = 0, a_off = 0, b_off = 0;  // element offsets into the operand buffers
  uint64_t count = 0;         // DMA: elements to copy (0: all of the smaller buffer)
  uint32_t group = 0;         // merges: first row/column group of the partial sums; kConvU8:
                              // the number of products (0: one)
  uint32_t galois = 0;        // kPermute: the automorphism index (odd, < 2n)
  bool a_stationary = false;  // matmul, conv: which operand the MXU holds as weights (a or b)
  bool lazy = false;          // modmul, merges: no final conditional subtraction (see Reduction)
  uint8_t conv_dims = 0;      // kConvU8: kConvLhsCnw | kConvOutCnw
  // VPU element-wise ops (trace/tile_layout.hpp): the minor dimension of the arrays they process
  // as laid out in VMEM, a power of two (0: whole rows of lanes). Opcodes with a shape (g, r, c)
  // or (rows, c) take their tiles from it.
  uint32_t cols = 0;
  uint32_t tag = 0;  // index into Trace::tags (kernel/step name)
  uint8_t core = 0;  // TensorCore whose units run it (DMA: whose VMEM it touches)
  DmaAccess access;  // DMA: far-side pattern (contiguous copies use the offsets)
};

}  // namespace hesa
