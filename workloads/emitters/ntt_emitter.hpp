// Emits MAT 3-step (I)NTTs of limb-polynomials between HBM buffers, as CROSS lowers them: the
// R x R left and C x C right products as BAT int8 matmuls with a shift-add and a reduction on the
// VPU (Barrett; Montgomery with the constants in Montgomery form when montgomery_ntt: kept), or,
// for a Shoup NTT with shoup_ntt: conv, as byte-wise 1-D convolutions of the values and of their
// Shoup companions on the MXU, Shoup's correction on the VPU and CROSS's transposes on the XLU;
// the middle twiddles as VPU products by constants (any reduction); the negacyclic twist folded
// into the step constants (twist: fused) or a separate product. With `radix2`, log2(N) butterfly
// stages on the VPU instead (the non-matrix baseline). Per-prime constants live in HBM and stream
// into a ring of VMEM slots; a ring of working sets lets DMA of the next limb overlap compute of
// the current one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/modmul_emitter.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

struct NttShape {
  uint64_t n = 0;
  uint32_t rows = 0, cols = 0;  // R x C = n
  int depth = 2;                // constant slots and working sets in the rings
  int max_items = 1;            // limb-polynomials one emit() may transform at once
  Reduction reduction = Reduction::kBarrett;
  bool radix2 = false;         // butterflies on the VPU instead of MAT matmuls
  bool bat_constants = false;  // products by constants as BAT products on the MXU
  NttSteps steps;              // shoup_ntt, montgomery_ntt, twist
  // Results reduced to [0, q) (the next steps of an HE kernel need them); otherwise the lazy
  // reductions of CROSS's Montgomery and Shoup NTTs leave them congruent mod q only.
  bool canonical = false;

  bool conv() const;                              // Shoup NTT as byte convolutions
  bool kept() const;                              // Montgomery form through the steps
  bool fused() const;                             // twist folded into the constants
  bool lazy() const { return conv() || kept(); }  // intermediate results not canonical
};

class NttEmitter {
 public:
  // shared_modmul: an emitter of products with the shape's reduction and at least
  // n x max_items elements to use (its scratch shared) instead of one of its own.
  NttEmitter(TraceBuilder& b, const NttShape& shape, bool with_constants,
             ModMulEmitter* shared_modmul = nullptr);
  // VMEM the emitter's rings occupy (with a shared product emitter: without its scratch).
  static uint64_t vmem_bytes(const NttShape& shape, bool shared_modmul = false);
  // Bytes of constants (HBM) per prime and direction.
  static uint64_t constant_bytes(const NttShape& shape);
  // (I)NTT of `items` consecutive limb-polynomials mod q (root psi) from HBM src at src_off into
  // HBM dst at dst_off (element offsets). Output in bit-reversed order (OpenFHE's).
  void emit(int src, uint64_t src_off, int dst, uint64_t dst_off, int items, uint64_t q,
            uint64_t psi, bool inverse, const std::string& kernel);

 private:
  struct Constants {
    int first, mid, last, twist;
  };
  const Constants& hbm_constants(uint64_t q, uint64_t psi, bool inverse);
  const Constants& vmem_constants(uint64_t q, uint64_t psi, bool inverse,
                                  const std::string& kernel);
  uint32_t first_dim(bool inverse) const { return inverse ? shape_.cols : shape_.rows; }
  uint32_t last_dim(bool inverse) const { return inverse ? shape_.rows : shape_.cols; }
  // The step matrices in HBM form (BAT bytes, or values then Shoup companions for the convs).
  std::vector<uint32_t> matrix_form(const std::vector<uint32_t>& t, uint32_t h, bool left,
                                    uint64_t q) const;
  void emit_radix2(const Constants& k, int x, int items, uint64_t q, bool inverse,
                   const std::string& kernel);
  // MAT with BAT matmuls, or with byte convolutions; return the buffer holding the result.
  int emit_bat(const Constants& k, int items, uint64_t q, bool inverse, const std::string& kernel);
  int emit_conv(const Constants& k, int items, uint64_t q, bool inverse, const std::string& kernel);

  TraceBuilder& b_;
  NttShape shape_;
  bool with_constants_;
  std::unique_ptr<ModMulEmitter> own_modmul_;
  ModMulEmitter* modmul_;
  std::map<std::pair<uint64_t, bool>, Constants> hbm_;
  struct Slot {
    Constants bufs;  // VMEM; first and last sized for the larger of R and C
    std::pair<uint64_t, bool> holds{0, false};
  };
  std::vector<Slot> slots_;
  size_t next_slot_ = 0;
  int current_slot_ = -1;
  // x: the limb data; BAT: bytes, part (4 partials per element), y; conv: part and part2 (the
  // 7 partials of the values and of the companions per element), y.
  struct Working {
    int x, bytes, part, part2, y;
  };
  std::vector<Working> work_;
  const Working* w_ = nullptr;  // the working set of the current emit()
  size_t next_work_ = 0;
};

}  // namespace hesa
