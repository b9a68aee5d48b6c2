// Polynomial-level building blocks of CKKS kernels over HBM-resident RNS limbs: limb-wise
// add/sub/products, products by per-limb scalars and by constant polynomials, (I)NTT and basis
// conversion. Every step streams limbs HBM -> VMEM -> units -> HBM through rings of VMEM slots,
// so the trace shows the memory traffic a kernel-by-kernel TPU program has. Split over
// TensorCores, each core has its own rings and emitters: by limbs, limb i runs on core i mod
// cores; by batch, each core takes a contiguous share of the batch items of every limb; basis
// conversions split their columns over the cores either way (HBM is shared). Over a slice of
// `chips` chips sharded by limbs, limb l lives and is worked on by chip l mod chips (each with its
// TensorCores as above, numbered chip x cores + core in the trace); a basis conversion's sources
// and a lift's limb are first copied over ICI (Opcode::kIciCopy) to each chip that converts or
// lifts into its own limbs, and each chip converts into its own target limbs only. A limb
// reaches the chips that need it as a bidirectional ring all-gather passes it: from its owner
// along the slice's ring both ways, each chip forwarding the copy it received to the next (half
// the chips each way), so every limb crosses each link of its path once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/bconv_emitter.hpp"
#include "workloads/emitters/modmul_emitter.hpp"
#include "workloads/emitters/ntt_emitter.hpp"
#include "workloads/mapping/lowering_target.hpp"
#include "workloads/mapping/mapping.hpp"

namespace hesa {

struct FusedNode;

// A polynomial in HBM: one buffer of batch x N u32 per limb; primes are indices into the
// context's prime list (Q primes first, then P). With fusion, the result of an element-wise step
// is an expression (`fused`) over such polynomials, computed limb by limb in VMEM only when a
// fusion boundary reads it (a transform, a basis conversion, a permutation, a copy, an output),
// as XLA fuses element-wise chains: one pass over the limbs, its inputs read from HBM once.
struct Poly {
  std::vector<int> bufs;
  std::vector<int> primes;
  std::shared_ptr<FusedNode> fused;  // not yet computed (bufs empty)
};

// An element-wise step not yet computed: its operands, and what it needs of its own.
struct FusedNode {
  enum class Kind { kAdd, kSub, kMul, kMulScalars, kAddScalars, kMulConstant };
  Kind kind;
  std::vector<Poly> args;
  int table = -1;    // kMulScalars, kAddScalars: the HBM table of per-limb scalars
  uint64_t per = 1;  // words per limb in the table
  std::string name;  // kMulConstant: the constant polynomial
  std::function<uint32_t(int, uint64_t)> value;
  std::string tag;
  Poly done;  // computed: its HBM limbs
  bool computed = false;
};

struct PolyContext {
  uint64_t n = 0;
  std::vector<uint64_t> primes, psi;
  int batch = 1;
  Reduction reduction = Reduction::kBarrett;
  uint32_t rows = 0, cols = 0;
  int depth = 2;
  uint64_t max_bconv_from = 1, max_bconv_to = 1;
  bool with_constants = false;
  bool radix2 = false;
  bool bat_constants = false;  // mapping constant_mul: bat
  bool bconv_on_vpu = false;   // mapping bconv: vpu
  int cores = 1;               // TensorCores
  CoreSplit split = CoreSplit::kNone;
  bool lazy_sums = false;  // sums of products accumulate in a u64 VMEM buffer per lane
  bool fuse = false;       // element-wise chains computed in one pass (mapping.fusion: xla)
  NttSteps ntt_steps;      // mapping shoup_ntt, montgomery_ntt, twist
  uint32_t vreg_rows = 8;  // rows of a vector-register tile (the chip's vpu.sublanes)
  int chips = 1;           // a slice sharded by limbs: limb l on chip l mod chips
  std::vector<int> ring;   // the chips in ring order (empty: 0, 1, ...)
};

class PolyEmitter {
 public:
  // Scratch buffers a fused limb may hold at once (operands, temporaries), and the
  // per-limb scalar tables it may read; a larger expression is computed in parts.
  static constexpr int kFusionScratch = 6;
  static constexpr int kFusionTables = 4;
  PolyEmitter(TraceBuilder& b, const PolyContext& ctx, uint64_t vmem_budget);
  uint64_t vmem_bytes() const { return vmem_bytes_; }
  // HBM the kernel's data and constants take on the fullest chip.
  uint64_t hbm_bytes() const;
  // The chip that holds limb `prime` (0 on one chip).
  int owner(int prime) const { return prime % ctx_.chips; }

  Poly alloc(const std::string& name, const std::vector<int>& primes);
  // Data buffers allocated after mark() are released by release_since(mark) and reused by later
  // allocations (the dependency tracker orders the reuse): a long sequence of kernels keeps a
  // bounded HBM footprint.
  size_t mark() const;
  void release_since(size_t mark);
  Poly input(const std::string& name, const std::vector<int>& primes, int operand, int poly);
  void output(const Poly& p, int poly);
  // The polynomial's limbs in HBM: a fused expression is computed there (once).
  Poly materialize(const Poly& p);
  Poly sub_poly(const Poly& p, size_t first, size_t count);
  Poly concat(const Poly& a, const Poly& b);

  Poly add(const Poly& a, const Poly& b, const std::string& tag);
  Poly sub(const Poly& a, const Poly& b, const std::string& tag);
  // Data x data product (Montgomery and Shoup need a known constant, so they fall back to Barrett).
  Poly mul(const Poly& a, const Poly& b, const std::string& tag);
  // a * s[limb] with one known scalar per limb (mod that limb's prime).
  Poly mul_scalars(const Poly& a, const std::vector<uint64_t>& scalars, const std::string& tag);
  // a * c where c is a known constant polynomial: value(prime index, coefficient).
  Poly mul_constant(const Poly& a, const std::string& name,
                    const std::function<uint32_t(int, uint64_t)>& value, const std::string& tag);
  // sum_j a[j] * c_j mod q, c_j a known constant polynomial (names[j], values[j]): with
  // lazy_sums the products accumulate unreduced in u64 and are reduced once (in groups small
  // enough not to overflow 64 bits); otherwise each product is reduced and the sum added up.
  Poly sum_of_products(const std::vector<Poly>& a, const std::vector<std::string>& names,
                       const std::vector<std::function<uint32_t(int, uint64_t)>>& values,
                       const std::string& tag);
  // A copy of every limb of a (a gather of limbs along the limb axis), tagged `tag`.
  Poly copy(const Poly& a, const std::string& tag);
  // a + s[limb] with one known scalar per limb (mod that limb's prime).
  Poly add_scalars(const Poly& a, const std::vector<uint64_t>& scalars, const std::string& tag);
  // The single limb's coefficients (each below 2x every target prime) into each target prime,
  // minus minus[i] (none: 0) there: x - m mod q_i, as the next NTT reads it.
  Poly lift(const Poly& single_limb, const std::vector<int>& primes,
            const std::vector<uint64_t>& minus, const std::string& tag);
  Poly ntt(const Poly& a, bool inverse, const std::string& kernel);
  // The automorphism X -> X^galois of an eval-form polynomial: a permutation on the XLU.
  Poly permute(const Poly& a, uint32_t galois, const std::string& tag);
  Poly bconv(const Poly& a, const std::vector<int>& to, const std::string& kernel);

 private:
  struct Slot {
    int a, b, out;
  };
  // One TensorCore's share of the work: its VMEM rings and the emitters that use them.
  struct Lane {
    int index = 0;  // in lanes_
    int chip = 0;
    int core = 0;  // in the trace: chip x cores + the chip's TensorCore
    std::unique_ptr<NttEmitter> ntt;
    std::unique_ptr<BconvEmitter> bconv;
    std::unique_ptr<ModMulEmitter> const_mul, own_data_mul;
    ModMulEmitter* data_mul = nullptr;  // const_mul when the reductions agree
    std::vector<Slot> slots;
    size_t next_slot = 0;
    int scalar_buf = -1;
    int acc = -1;  // u64 running sums (lazy_sums)
    // Fusion scratch: two pools (alternate limbs) of buffers, and per-limb scalar tables.
    std::vector<int> fused[2];
    std::vector<int> fused_tables[2];
    int fused_constant[2] = {-1, -1};  // a constant polynomial's limb (BAT-packed if so)
    int pool = 0;
    const Slot& slot() { return slots[next_slot++ % slots.size()]; }
  };
  // A lane's part of a limb-wise step: batch items [first, first + items).
  struct Part {
    Lane* lane;
    int first, items;
  };
  std::vector<Part> parts(int prime);
  void use(const Lane& lane) { b_.set_core(lane.core); }
  void build_lane(Lane& lane, const NttShape& ntt, const BconvShape& bconv, bool one_mul);
  Poly binary(Opcode op, const Poly& a, const Poly& b, const std::string& tag);
  void load(int vmem, int hbm, uint64_t off, uint64_t elems, const std::string& kernel);
  // The HBM buffer of a known constant polynomial's limb in the form `form` reads it (raw: the
  // plain values), made once per name and prime.
  int constant_limb(const std::string& name, int prime, bool raw,
                    const std::function<uint32_t(int, uint64_t)>& value);
  // An HBM table of per-limb scalars (words as the step reads them).
  int scalar_table(std::vector<uint32_t> words);
  // out[i] (limb primes[i]) from in[i] by f on each lane's part: loads in[i] to slot a, f computes
  // slot out, stores it; `table` (>= 0) is first loaded to each working lane's scalar buffer.
  Poly limb_step(const std::vector<int>& in, const std::vector<int>& primes, int table,
                 const std::string& out_name, const std::string& tag,
                 const std::function<void(Lane&, const Slot&, size_t, uint64_t)>& f);
  void store(int vmem, int hbm, uint64_t off, uint64_t elems, const std::string& kernel);
  // A data buffer (batch x N words) in chip `chip`'s HBM, a released one when there is one.
  int data_buffer(const std::string& name, int id, int prime, int chip);
  // A copy of data buffer `buf` (limb `prime`, in chip `from`'s HBM) in chip `to`'s HBM, over ICI.
  int fetch(int buf, int prime, int from, int to, const std::string& kernel);
  // Copies of limb `prime` (buffer `buf`, its owner's) for each chip of `to`, passed along the
  // ring both ways (see above); returns chip -> its copy.
  std::map<int, int> spread(int buf, int prime, const std::vector<int>& to,
                            const std::string& kernel);
  // The lanes of one chip.
  std::vector<Lane*> chip_lanes(int chip);
  void emit_bconv(const std::vector<Lane*>& lanes, const std::vector<int>& from_bufs,
                  const std::vector<uint64_t>& from_q, const std::vector<int>& to_bufs,
                  const std::vector<uint64_t>& to_q, const std::string& kernel);
  // Fusion (poly_fusion.cpp): a lazy element-wise step, and the computation of one limb of an
  // expression into VMEM (returns the scratch buffer holding it).
  Poly fused(FusedNode node, const std::vector<int>& primes);
  // VMEM of the fusion scratch of one lane whose steps cover `e` words.
  uint64_t fusion_bytes(uint64_t e) const;
  struct Eval {
    Lane* lane;
    int prime;
    uint64_t e, off;
    std::vector<int> free;  // scratch buffers of the pool not holding a value
    int tables_used = 0;
    std::string kernel;
    int pool = 0;
  };
  int eval(const Poly& x, Eval& ev);
  // Scratch buffers and tables an expression needs computed in eval's order.
  static int scratch_needed(const Poly& x);
  static int tables_needed(const Poly& x);
  int scratch(Eval& ev);
  void release(Eval& ev, int buf);
  uint64_t elems() const { return ctx_.n * ctx_.batch; }

  TraceBuilder& b_;
  PolyContext ctx_;
  uint64_t vmem_bytes_ = 0;
  std::vector<uint64_t> hbm_bytes_;  // per chip
  int lane_share_ = 1;               // batch items per lane (split by batch) or the whole batch
  int lane_items_ = 1;     // batch items a lane's part of a step covers (its share, or a pass)
  uint64_t zero_off_ = 0;  // the scalar buffers' spare zero word
  std::vector<Lane> lanes_;
  int lanes_per_chip_ = 1;
  std::vector<std::pair<int, int>> live_;  // data buffers in use, and their chips
  std::vector<std::vector<int>> free_;     // per chip, released data buffers
  std::map<std::string, int> constants_;   // constant polynomials by name
  int allocated_ = 0;
};

}  // namespace hesa
