#include "workloads/lowering/ntt_lowering.hpp"
#include "workloads/mapping/mapping_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "trace/trace_builder.hpp"
#include "workloads/emitters/ntt_emitter.hpp"
#include "workloads/math/barrett.hpp"
#include "workloads/math/modmath.hpp"

namespace hesa {

std::pair<uint32_t, uint32_t> default_ntt_layout(uint64_t n) {
  const int log_n = log2_exact(n);
  const auto rows = uint32_t{1} << (log_n / 2);
  return {rows, static_cast<uint32_t>(n / rows)};
}

namespace {

constexpr uint64_t kMaxPartial = 255 * 255;  // one u8 x u8 product

void check_layout(const NttParams& p, uint32_t R, uint32_t C) {
  if (uint64_t{R} * C != p.n || !is_power_of_two(R) || !is_power_of_two(C)) {
    throw LoweringError("mapping.layout",
                        fmt::format("{} x {} is not a power-of-two split of N = {}", R, C, p.n));
  }
  const uint32_t h = std::max(R, C);
  const uint64_t partial = kMaxPartial * 4 * h;  // int32 accumulator of a 4h contraction
  if (shoup_conv(p.reduction, p.radix2, p.ntt_steps)) {
    // A convolution's output position sums at most 4 byte products per contraction index, the
    // same bound as BAT's 4h contraction.
    if (partial > 0x7fffffffu) {
      throw LoweringError("mapping.layout",
                          fmt::format("{} x {}: a byte convolution over {} values overflows the "
                                      "MXU's int32 accumulators",
                                      R, C, h));
    }
    check_shoup_conv(R, C, p.primes);
    return;
  }
  if (partial > 0x7fffffffu) {
    throw LoweringError("mapping.layout",
                        fmt::format("{} x {}: a contraction of {} bytes overflows the MXU's int32 "
                                    "accumulators",
                                    R, C, 4 * h));
  }
  const uint64_t merged = partial * (1 + (1u << 8) + (1u << 16) + (1u << 24));
  const bool kept = montgomery_kept(p.reduction, p.radix2, p.ntt_steps);
  // The squarest layout has the smallest sums: when even it fails, the prime is to blame.
  uint32_t square = 1;
  while (uint64_t{square} * square < p.n) square *= 2;
  const uint64_t least = kMaxPartial * 4 * square * (1 + (1u << 8) + (1u << 16) + (1u << 24));
  for (size_t i = 0; i < p.primes.size(); ++i) {
    const uint64_t q = p.primes[i];
    if (kept) {
      if ((merged >> 32) < q) continue;
      throw LoweringError("mapping.layout",
                          fmt::format("{} x {}: BAT sums reach {}, beyond Montgomery's input "
                                      "range q 2^32 for the prime {}",
                                      R, C, merged, q));
    }
    if (merged <= Barrett(q).input_limit()) continue;
    if (least > Barrett(q).input_limit()) {
      throw LoweringError(fmt::format("scheme.primes[{}]", i),
                          fmt::format("{} is too small for the MAT NTT: its BAT sums reach at "
                                      "least {}, beyond Barrett's input range for {} (use a larger "
                                      "prime)",
                                      q, least, q));
    }
    throw LoweringError("mapping.layout",
                        fmt::format("{} x {}: BAT sums reach {}, beyond Barrett's input range "
                                    "for the prime {}",
                                    R, C, merged, q));
  }
}

class Lowerer {
 public:
  Lowerer(const NttParams& p, const LoweringLimits& lim, bool with_constants)
      : p_(p), lim_(lim), with_constants_(with_constants) {}

  NttLowering run() {
    auto [R, C] = p_.rows ? std::pair{p_.rows, p_.cols} : default_ntt_layout(p_.n);
    check_layout(p_, R, C);
    b_.set_cols(C);  // a limb is an R x C matrix in VMEM
    NttShape shape{
        p_.n,         R,    C, p_.prefetch_depth, 1, p_.reduction, p_.radix2, p_.bat_constants,
        p_.ntt_steps, false};
    const int g = plan_chunks(shape);
    shape.max_items = g;
    // One emitter (its own VMEM rings) per TensorCore that gets work.
    const int cores = p_.split == CoreSplit::kNone ? 1 : p_.cores;
    std::vector<std::unique_ptr<NttEmitter>> emitters;
    for (int core = 0; core < cores; ++core) {
      b_.set_core(core);
      emitters.push_back(std::make_unique<NttEmitter>(b_, shape, with_constants_));
    }
    const std::string kernel = p_.inverse ? "intt" : "ntt";
    const int chunks = (p_.batch + g - 1) / g;
    for (size_t limb = 0; limb < p_.primes.size(); ++limb) {
      for (int chunk = 0; chunk < chunks; ++chunk) {
        const int items = std::min(g, p_.batch - chunk * g);
        const uint64_t elems = p_.n * items;
        b_.set_core(0);
        const int in = b_.buffer(fmt::format("hbm.in.limb{}.chunk{}", limb, chunk), Space::kHbm,
                                 DType::kU32, elems);
        const int out = b_.buffer(fmt::format("hbm.out.limb{}.chunk{}", limb, chunk), Space::kHbm,
                                  DType::kU32, elems);
        for (int i = 0; i < items; ++i) {
          const int item = chunk * g + i;
          b_.trace().inputs.push_back({in, uint64_t(i) * p_.n, item, static_cast<int>(limb)});
          b_.trace().outputs.push_back({out, uint64_t(i) * p_.n, item, static_cast<int>(limb)});
        }
        const int core = core_of(limb, chunk);
        b_.set_core(core);
        emitters[core]->emit(in, 0, out, 0, items, p_.primes[limb], p_.psi[limb], p_.inverse,
                             kernel);
      }
    }
    NttLowering out;
    out.rows = R;
    out.cols = C;
    out.items_per_chunk = g;
    out.vmem_bytes_used =
        NttEmitter::vmem_bytes(shape) + ModMulEmitter::fold_bytes(p_.reduction, p_.primes.size());
    out.hbm_bytes_used = hbm_used_;
    out.trace = b_.take();
    return out;
  }

 private:
  int core_of(size_t limb, int chunk) const {
    switch (p_.split) {
      case CoreSplit::kLimbs:
        return static_cast<int>(limb % p_.cores);
      case CoreSplit::kBatch:
        return chunk % p_.cores;
      case CoreSplit::kNone:
        break;
    }
    return 0;
  }

  // Batch items per chunk: as many as fit one core's VMEM next to the constant slots (with a
  // batch split, at most a core's share).
  int plan_chunks(NttShape shape) {
    shape.max_items = 1;
    // BAT-lazy keeps a fold matrix per prime resident next to the rings.
    const uint64_t folds = ModMulEmitter::fold_bytes(p_.reduction, p_.primes.size());
    const uint64_t one = NttEmitter::vmem_bytes(shape) + folds;
    shape.max_items = 2;
    const uint64_t per_item = NttEmitter::vmem_bytes(shape) + folds - one;
    if (one > lim_.vmem_bytes) {
      throw LoweringError(
          "mapping.prefetch_depth",
          fmt::format("NTT working set does not fit VMEM: {} x ({} bytes of constants + {} bytes "
                      "per batch item) = {} bytes, VMEM holds {} bytes (vmem.size_mib)",
                      shape.depth, (one - per_item) / shape.depth, per_item / shape.depth, one,
                      lim_.vmem_bytes));
    }
    uint64_t want = p_.batch;
    if (p_.split == CoreSplit::kBatch) want = (want + p_.cores - 1) / p_.cores;
    const uint64_t fit = 1 + (lim_.vmem_bytes - one) / per_item;
    if (p_.chunk_items > 0 && uint64_t(p_.chunk_items) > fit) {
      throw LoweringError("mapping.chunk_items",
                          fmt::format("{} batch items per chunk do not fit VMEM, at most {} do",
                                      p_.chunk_items, fit));
    }
    uint64_t g64 = std::min(want, fit);
    if (p_.chunk_items > 0) {
      g64 = std::min<uint64_t>(want, p_.chunk_items);
    } else {  // the fewest chunks that fit, of equal size (no short last chunk)
      const uint64_t chunks = (want + g64 - 1) / g64;
      g64 = (want + chunks - 1) / chunks;
    }
    const int g = static_cast<int>(g64);
    hbm_used_ = p_.primes.size() * (NttEmitter::constant_bytes(shape) + 8ull * p_.n * p_.batch);
    if (hbm_used_ > lim_.hbm_bytes) {
      throw LoweringError("batch", fmt::format("NTT data and constants need {} bytes of HBM, the "
                                               "chip has {} bytes (hbm.capacity_gib)",
                                               hbm_used_, lim_.hbm_bytes));
    }
    return g;
  }

  const NttParams& p_;
  const LoweringLimits& lim_;
  bool with_constants_;
  uint64_t hbm_used_ = 0;
  TraceBuilder b_;
};

}  // namespace

NttLowering lower_ntt(const NttParams& params, const LoweringLimits& limits, bool with_constants) {
  check_ntt_mapping(params.radix2, params.reduction, params.bat_constants);
  return Lowerer(params, limits, with_constants).run();
}

}  // namespace hesa
