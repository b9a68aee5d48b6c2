#include "workloads/lowering/elementwise_lowering.hpp"
#include "workloads/mapping/mapping_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/modmul_emitter.hpp"
#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/modmul_variants.hpp"

namespace hesa {

int elementwise_polys(ElementwiseKernel kernel, int operand) {
  return kernel == ElementwiseKernel::kPMult && operand == 1 ? 1 : 2;
}

static bool is_product(ElementwiseKernel k) {
  return k == ElementwiseKernel::kVecModMul || k == ElementwiseKernel::kPMult;
}

uint32_t elementwise_reference(ElementwiseKernel kernel, Reduction reduction, uint32_t a,
                               uint32_t b, uint64_t q) {
  if (!is_product(kernel)) return static_cast<uint32_t>((uint64_t{a} + b) % q);
  if (reduction == Reduction::kMontgomery) return Montgomery(q).mul(a, b);
  return static_cast<uint32_t>(mul_mod(a, b, q));
}

namespace {

// Bytes of VMEM one batch item needs in one slot.
uint64_t slot_bytes_per_item(const ElementwiseParams& p) {
  const bool product = is_product(p.kernel), bat = product && p.bat_constants;
  const uint64_t words = 2 + (product ? constant_elems(1, p.reduction, bat) : 1);  // a, out, b
  return 4 * words * p.n +
         ModMulEmitter::vmem_bytes(product ? p.reduction : Reduction::kBarrett, p.n, 1, bat);
}

class Lowerer {
 public:
  Lowerer(const ElementwiseParams& p, const LoweringLimits& lim, bool with_constants)
      : p_(p), lim_(lim), with_constants_(with_constants) {}

  NttLowering run() {
    b_.set_cols(p_.cols ? p_.cols : default_ntt_layout(p_.n).second);
    const uint64_t depth = p_.prefetch_depth;
    const uint64_t lazy_consts = lazy() ? 32 * p_.primes.size() : 0;
    const uint64_t per_item = depth * slot_bytes_per_item(p_);
    if (per_item + lazy_consts > lim_.vmem_bytes) {
      throw LoweringError("mapping.prefetch_depth",
                          fmt::format("element-wise working set does not fit VMEM: {} x {} bytes "
                                      "per batch item = {} bytes, VMEM holds {} bytes",
                                      depth, slot_bytes_per_item(p_), per_item, lim_.vmem_bytes));
    }
    const uint64_t fit = (lim_.vmem_bytes - lazy_consts) / per_item;
    if (p_.chunk_items > 0 && uint64_t(p_.chunk_items) > fit) {
      throw LoweringError("mapping.chunk_items",
                          fmt::format("{} batch items per chunk do not fit VMEM, at most {} do",
                                      p_.chunk_items, fit));
    }
    g_ = static_cast<int>(std::min<uint64_t>(p_.batch, fit));
    if (p_.chunk_items > 0) g_ = std::min(g_, p_.chunk_items);
    if (p_.split == CoreSplit::kBatch) g_ = std::min(g_, (p_.batch + cores() - 1) / cores());
    const uint64_t polys = 2 + elementwise_polys(p_.kernel, 1) + 2;
    hbm_used_ = polys * p_.primes.size() * p_.n * 4 * p_.batch * b_words();
    if (hbm_used_ > lim_.hbm_bytes) {
      throw LoweringError("batch", fmt::format("operands need {} bytes of HBM, the chip has {} "
                                               "bytes",
                                               hbm_used_, lim_.hbm_bytes));
    }
    declare_slots();
    const int chunks = (p_.batch + g_ - 1) / g_;
    for (size_t limb = 0; limb < p_.primes.size(); ++limb) {
      for (int poly = 0; poly < 2; ++poly) {
        for (int chunk = 0; chunk < chunks; ++chunk) lower_chunk(limb, poly, chunk);
      }
    }
    NttLowering out;
    out.items_per_chunk = g_;
    out.vmem_bytes_used = depth * slot_bytes_per_item(p_) * g_ + lazy_consts;
    out.hbm_bytes_used = hbm_used_;
    out.trace = b_.take();
    return out;
  }

 private:
  struct Slot {
    int a, b, out;
  };
  bool shoup() const { return is_product(p_.kernel) && p_.reduction == Reduction::kShoup; }
  bool lazy() const { return is_product(p_.kernel) && p_.reduction == Reduction::kBatLazy; }
  bool bat() const { return is_product(p_.kernel) && p_.bat_constants; }
  // Words of the b operand per value: 2 with Shoup's companion, 4 in BAT form.
  uint64_t b_words() const { return bat() ? 4 : shoup() ? 2 : 1; }
  std::string kernel_name() const {
    switch (p_.kernel) {
      case ElementwiseKernel::kVecModAdd:
        return "vec_mod_add";
      case ElementwiseKernel::kVecModMul:
        return "vec_mod_mul";
      case ElementwiseKernel::kHeAdd:
        return "he_add";
      case ElementwiseKernel::kPMult:
        return "pmult";
    }
    return "?";
  }

  int cores() const { return p_.split == CoreSplit::kNone ? 1 : std::max(1, p_.cores); }
  int core_of(size_t limb, int chunk) const {
    if (p_.split == CoreSplit::kLimbs) return static_cast<int>(limb % cores());
    if (p_.split == CoreSplit::kBatch) return chunk % cores();
    return 0;
  }

  // Per TensorCore that gets work: a ring of slots and a product emitter in its VMEM.
  void declare_slots() {
    const uint64_t e = p_.n * g_;
    for (int core = 0; core < cores(); ++core) {
      b_.set_core(core);
      Core c;
      for (int s = 0; s < p_.prefetch_depth; ++s) {
        c.slots.push_back(
            {b_.buffer(fmt::format("vmem.slot{}.a", s), Space::kVmem, DType::kU32, e),
             b_.buffer(fmt::format("vmem.slot{}.b", s), Space::kVmem, DType::kU32, b_words() * e),
             b_.buffer(fmt::format("vmem.slot{}.out", s), Space::kVmem, DType::kU32, e)});
      }
      // Products with the kernel's reduction; BAT-lazy keeps its scratch and fold constants there.
      c.modmul = std::make_unique<ModMulEmitter>(b_, p_.reduction, e, p_.prefetch_depth,
                                                 with_constants_, bat());
      cores_.push_back(std::move(c));
    }
    b_.set_core(0);
  }

  void lower_chunk(size_t limb, int poly, int chunk) {
    const int items = std::min(g_, p_.batch - chunk * g_);
    const uint64_t e = p_.n * items;
    const uint64_t q = p_.primes[limb];
    b_.set_core(0);  // HBM buffers are the chip's
    const std::string k = kernel_name();
    const int b_poly = elementwise_polys(p_.kernel, 1) == 1 ? 0 : poly;
    const auto hbm = [&](const char* what, int pl, uint64_t elems) {
      const int buf = b_.buffer(fmt::format("hbm.{}.poly{}.limb{}.chunk{}", what, pl, limb, chunk),
                                Space::kHbm, DType::kU32, elems);
      return buf;
    };
    const int in_a = hbm("a", poly, e);
    // PMult's plaintext is shared by both polynomials: the second poly reuses its buffer.
    int in_b;
    const auto key = std::pair{limb, chunk};
    if (b_poly == 0 && poly == 1) {
      in_b = shared_b_.at(key);
    } else {
      in_b = hbm("b", b_poly, b_words() * e);
      if (b_poly == 0) shared_b_[key] = in_b;
    }
    const int out = hbm("out", poly, e);
    for (int i = 0; i < items; ++i) {
      const int item = chunk * g_ + i;
      const uint64_t off = uint64_t(i) * p_.n;
      b_.trace().inputs.push_back({in_a, off, item, int(limb), poly, 0});
      if (!(b_poly == 0 && poly == 1)) {
        b_.trace().inputs.push_back(
            {in_b, bat() ? 4 * off : off, item, int(limb), b_poly, 1, shoup() ? e : 0, bat()});
      }
      b_.trace().outputs.push_back({out, off, item, int(limb), poly, 0});
    }
    Core& core = cores_[core_of(limb, chunk)];
    b_.set_core(core_of(limb, chunk));
    const Slot& s = core.slots[core.step++ % core.slots.size()];
    const uint32_t load = b_.tag(k + "/load"), store = b_.tag(k + "/store");
    b_.emit(Instr{.op = Opcode::kLoad, .dst = s.a, .a = in_a, .tag = load});
    b_.emit(Instr{.op = Opcode::kLoad, .dst = s.b, .a = in_b, .tag = load});
    const auto m = static_cast<uint32_t>(e);
    if (!is_product(p_.kernel)) {
      b_.emit(Instr{.op = Opcode::kModAddVec,
                    .dst = s.out,
                    .a = s.a,
                    .b = s.b,
                    .m = m,
                    .n = m,
                    .q = q,
                    .tag = b_.tag(k + "/modadd")});
    } else {
      core.modmul->emit(s.out, 0, s.a, 0, s.b, 0, e, e, q, k + "/modmul");
    }
    b_.emit(Instr{.op = Opcode::kStore, .dst = out, .a = s.out, .tag = store});
  }

  const ElementwiseParams& p_;
  const LoweringLimits& lim_;
  bool with_constants_;
  int g_ = 1;
  uint64_t hbm_used_ = 0;
  TraceBuilder b_;
  struct Core {
    std::vector<Slot> slots;
    size_t step = 0;
    std::unique_ptr<ModMulEmitter> modmul;
  };
  std::vector<Core> cores_;
  std::map<std::pair<size_t, int>, int> shared_b_;
};

}  // namespace

NttLowering lower_elementwise(const ElementwiseParams& params, const LoweringLimits& limits,
                              bool with_constants) {
  check_ntt_mapping(false, params.reduction, params.bat_constants);
  return Lowerer(params, limits, with_constants).run();
}

}  // namespace hesa
