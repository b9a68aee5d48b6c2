// Emits MAT 3-step (I)NTTs of limb-polynomials between HBM buffers (CROSS's mapping): a
// negacyclic twist and the middle twiddles as VPU products by constants (any reduction), the
// R x R left and C x C right products as BAT int8 matmuls with shift-add + Barrett on the VPU.
// With `radix2`, log2(N) butterfly stages on the VPU instead (the non-matrix baseline).
// Per-prime constants live in HBM and stream into a ring of VMEM slots; a ring of working sets
// lets DMA of the next limb overlap compute of the current one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/modmul_emitter.hpp"

namespace hesa {

struct NttShape {
  uint64_t n = 0;
  uint32_t rows = 0, cols = 0;  // R x C = n
  int depth = 2;                // constant slots and working sets in the rings
  int max_items = 1;            // limb-polynomials one emit() may transform at once
  Reduction reduction = Reduction::kBarrett;
  bool radix2 = false;         // butterflies on the VPU instead of MAT matmuls
  bool bat_constants = false;  // products by constants as BAT products on the MXU
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
  void emit_radix2(const Constants& k, int x, int items, uint64_t q, bool inverse,
                   const std::string& kernel);

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
  struct Working {
    int x, bytes, part, y;
  };
  std::vector<Working> work_;
  size_t next_work_ = 0;
};

}  // namespace hesa
