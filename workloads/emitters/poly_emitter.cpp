#include "workloads/emitters/poly_emitter.hpp"
#include "workloads/mapping/mapping_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace hesa {

namespace {

// Montgomery and Shoup multiply by a known constant; a product of two data operands uses Barrett.
Reduction data_reduction(Reduction r) {
  return r == Reduction::kMontgomery || r == Reduction::kShoup ? Reduction::kBarrett : r;
}

}  // namespace

PolyEmitter::PolyEmitter(TraceBuilder& b, const PolyContext& ctx, uint64_t vmem_budget)
    : b_(b), ctx_(ctx) {
  const bool bat = ctx.bat_constants;
  check_ntt_mapping(ctx.radix2, ctx.reduction, bat);
  if (shoup_conv(ctx.reduction, ctx.radix2, ctx.ntt_steps)) {
    check_shoup_conv(ctx.rows, ctx.cols, ctx.primes);
  }
  if (ctx.chips < 1) throw std::logic_error("a slice of no chips");
  const int lanes = ctx.split == CoreSplit::kNone ? 1 : std::max(1, ctx.cores);
  lanes_per_chip_ = lanes;
  lane_share_ = ctx.split == CoreSplit::kBatch ? (ctx.batch + lanes - 1) / lanes : ctx.batch;
  hbm_bytes_.assign(size_t(ctx.chips), 0);
  free_.resize(size_t(ctx.chips));
  // One product emitter (its BAT-lazy scratch) serves the NTTs, the constant products and, when
  // their reduction is the same and constants are not BAT products, the data products.
  const bool one_mul = data_reduction(ctx.reduction) == ctx.reduction && !bat;
  zero_off_ = constant_elems(1, ctx.reduction, bat) * ctx.primes.size();
  // The VMEM a lane needs when a step's part covers `items` batch items.
  const auto shapes = [&](int depth, int items) {
    const uint64_t e = ctx.n * uint64_t(items);
    // The next steps of a kernel (sums, differences, the reference) need canonical values.
    const NttShape ntt{ctx.n,         ctx.rows,   ctx.cols, depth,         items,
                       ctx.reduction, ctx.radix2, bat,      ctx.ntt_steps, true};
    const uint64_t slot_bytes = 4 * (2 * e + constant_elems(e, ctx.reduction, bat));
    uint64_t bytes =
        (ctx.lazy_sums ? 8 * e : 0) + (ctx.fuse ? fusion_bytes(e) : 0) +
        NttEmitter::vmem_bytes(ntt, true) + depth * slot_bytes +
        ModMulEmitter::vmem_bytes(ctx.reduction, e, depth, bat) +
        (one_mul ? 0 : ModMulEmitter::vmem_bytes(data_reduction(ctx.reduction), e, depth)) +
        4 * zero_off_ + 4;
    BconvShape bconv{ctx.max_bconv_from, ctx.max_bconv_to, 1, depth, ctx.reduction, bat,
                     ctx.bconv_on_vpu,   ctx.vreg_rows};
    const uint64_t left = vmem_budget > bytes ? vmem_budget - bytes : 0;
    bconv.tile = std::min(BconvEmitter::fit_tile(bconv, ctx.n, left), e);
    bytes += BconvEmitter::vmem_bytes(bconv);
    return std::tuple{ntt, bconv, bytes};
  };
  // A lane runs its share of the batch in one part per step when some prefetch depth fits that;
  // else in passes of as many items as fit at the depth asked (each step then loads, computes
  // and stores its items pass by pass, as a program does whose batch exceeds VMEM).
  lane_items_ = lane_share_;
  const auto fits_at = [&](int depth, int items) {
    return std::get<2>(shapes(depth, items)) <= vmem_budget;
  };
  if (!fits_at(ctx.depth, lane_items_) && !fits_at(1, lane_items_)) {
    int items = lane_items_ - 1;
    while (items > 1 && !fits_at(ctx.depth, items)) --items;
    lane_items_ = std::max(items, 1);
  }
  const auto [ntt, bshape, bytes] = shapes(ctx.depth, lane_items_);
  vmem_bytes_ = bytes;
  if (vmem_bytes_ > vmem_budget) {
    int fits = ctx.depth - 1;
    while (fits > 0 && !fits_at(fits, lane_items_)) --fits;
    throw LoweringError(
        "mapping.prefetch_depth",
        fmt::format("kernel working set does not fit VMEM: {} bytes with {} slots per ring and "
                    "batch {}, VMEM holds {} bytes; {}",
                    vmem_bytes_, ctx.depth, lane_items_, vmem_budget,
                    fits > 0 ? fmt::format("prefetch_depth {} fits ({} bytes)", fits,
                                           std::get<2>(shapes(fits, lane_items_)))
                             : std::string("no prefetch depth fits: use a smaller batch (or split "
                                           "it over TensorCores) or a chip with more VMEM")));
  }
  const int zero = b_.buffer("hbm.zero", Space::kHbm, DType::kU32, 1,
                             ctx.with_constants ? b_.constant({0}) : -1);
  lanes_.resize(size_t(lanes) * ctx.chips);
  for (int c = 0; c < int(lanes_.size()); ++c) {
    Lane& lane = lanes_[c];
    lane.index = c;
    lane.chip = c / lanes;
    lane.core = lane.chip * std::max(1, ctx.cores) + c % lanes;
    use(lane);
    build_lane(lane, ntt, bshape, one_mul);
    b_.emit(Instr{.op = Opcode::kLoad,
                  .dst = lane.scalar_buf,
                  .a = zero,
                  .dst_off = zero_off_,
                  .count = 1,
                  .tag = b_.tag("load_constants")});
  }
  b_.set_core(0);
}

void PolyEmitter::build_lane(Lane& lane, const NttShape& ntt, const BconvShape& bconv,
                             bool one_mul) {
  const uint64_t e = ctx_.n * lane_items_;
  const bool bat = ctx_.bat_constants;
  lane.const_mul =
      std::make_unique<ModMulEmitter>(b_, ctx_.reduction, e, ctx_.depth, ctx_.with_constants, bat);
  if (!one_mul) {
    lane.own_data_mul = std::make_unique<ModMulEmitter>(b_, data_reduction(ctx_.reduction), e,
                                                        ctx_.depth, ctx_.with_constants);
  }
  lane.data_mul = one_mul ? lane.const_mul.get() : lane.own_data_mul.get();
  lane.ntt = std::make_unique<NttEmitter>(b_, ntt, ctx_.with_constants, lane.const_mul.get());
  lane.bconv = std::make_unique<BconvEmitter>(b_, bconv, ctx_.with_constants);
  for (int s = 0; s < ctx_.depth; ++s) {
    lane.slots.push_back(
        {b_.buffer(fmt::format("vmem.poly{}.a", s), Space::kVmem, DType::kU32, e),
         b_.buffer(fmt::format("vmem.poly{}.b", s), Space::kVmem, DType::kU32,
                   lane.const_mul->elems(e)),
         b_.buffer(fmt::format("vmem.poly{}.out", s), Space::kVmem, DType::kU32, e)});
  }
  lane.scalar_buf = b_.buffer("vmem.scalars", Space::kVmem, DType::kU32, zero_off_ + 1);
  if (ctx_.lazy_sums) lane.acc = b_.buffer("vmem.acc", Space::kVmem, DType::kU64, e);
  if (ctx_.fuse) {
    for (int pool = 0; pool < 2; ++pool) {
      for (int k = 0; k < kFusionScratch; ++k) {
        lane.fused[pool].push_back(
            b_.buffer(fmt::format("vmem.fused{}.{}", pool, k), Space::kVmem, DType::kU32, e));
      }
      lane.fused_constant[pool] =
          b_.buffer(fmt::format("vmem.fused_constant{}", pool), Space::kVmem, DType::kU32,
                    lane.const_mul->elems(ctx_.n));
      for (int k = 0; k < kFusionTables; ++k) {
        lane.fused_tables[pool].push_back(b_.buffer(fmt::format("vmem.fused_scalars{}.{}", pool, k),
                                                    Space::kVmem, DType::kU32, 4));
      }
    }
  }
}

std::vector<PolyEmitter::Part> PolyEmitter::parts(int prime) {
  // Each working lane's share of the batch, in passes of lane_items_ (pass by pass, the lanes
  // side by side within a pass).
  std::vector<Part> out;
  const auto add_passes = [&](const std::vector<std::pair<Lane*, int>>& shares) {
    for (int pass = 0;; ++pass) {
      bool any = false;
      for (const auto& [lane, first] : shares) {
        const int end = std::min(first + lane_share_, ctx_.batch);
        const int from = first + pass * lane_items_;
        if (from >= end) continue;
        out.push_back({lane, from, std::min(lane_items_, end - from)});
        any = true;
      }
      if (!any) return;
    }
  };
  // The limb's chip; on it, every core a share of the batch, or the limb's core.
  const size_t first_lane = size_t(owner(prime)) * lanes_per_chip_;
  if (ctx_.split == CoreSplit::kBatch) {
    std::vector<std::pair<Lane*, int>> shares;
    for (int k = 0; k < lanes_per_chip_; ++k) {
      if (k * lane_share_ < ctx_.batch)
        shares.emplace_back(&lanes_[first_lane + k], k * lane_share_);
    }
    add_passes(shares);
  } else {
    const size_t k = static_cast<size_t>(prime / ctx_.chips) % lanes_per_chip_;
    add_passes({{&lanes_[first_lane + k], 0}});
  }
  return out;
}

std::vector<PolyEmitter::Lane*> PolyEmitter::chip_lanes(int chip) {
  std::vector<Lane*> out;
  for (int k = 0; k < lanes_per_chip_; ++k)
    out.push_back(&lanes_[size_t(chip) * lanes_per_chip_ + k]);
  return out;
}

uint64_t PolyEmitter::hbm_bytes() const {
  return *std::max_element(hbm_bytes_.begin(), hbm_bytes_.end());
}

int PolyEmitter::data_buffer(const std::string& name, int id, int prime, int chip) {
  std::vector<int>& free = free_[size_t(chip)];
  int buf;
  if (!free.empty()) {  // every data buffer has batch x N words: any free one fits
    buf = free.back();
    free.pop_back();
  } else {
    buf =
        b_.buffer(fmt::format("hbm.{}{}.q{}", name, id, prime), Space::kHbm, DType::kU32, elems());
    hbm_bytes_[size_t(chip)] += 4 * elems();
  }
  live_.emplace_back(buf, chip);
  return buf;
}

int PolyEmitter::fetch(int buf, int prime, int from, int to, const std::string& kernel) {
  const int copy = data_buffer(fmt::format("chip{}.ici", to), allocated_++, prime, to);
  b_.set_core(from * std::max(1, ctx_.cores));
  b_.emit(Instr{.op = Opcode::kIciCopy,
                .dst = copy,
                .a = buf,
                .m = static_cast<uint32_t>(from),
                .n = static_cast<uint32_t>(to),
                .count = elems(),
                .tag = b_.tag(kernel + "/ici")});
  b_.set_core(0);
  return copy;
}

std::map<int, int> PolyEmitter::spread(int buf, int prime, const std::vector<int>& to,
                                       const std::string& kernel) {
  const int n = ctx_.chips, home = owner(prime);
  std::vector<int> ring = ctx_.ring;
  if (ring.empty()) {
    for (int c = 0; c < n; ++c) ring.push_back(c);
  }
  const size_t at = std::find(ring.begin(), ring.end(), home) - ring.begin();
  // The chips that need it, by their distance from the owner the positive way round the ring.
  std::vector<int> order;
  for (int step = 1; step < n; ++step) {
    const int chip = ring[(at + size_t(step)) % size_t(n)];
    if (std::find(to.begin(), to.end(), chip) != to.end()) order.push_back(chip);
  }
  std::map<int, int> copies;
  const size_t half = (order.size() + 1) / 2;
  int from = home, from_buf = buf;
  for (size_t i = 0; i < half; ++i) {  // the nearer half the positive way
    from_buf = copies[order[i]] = fetch(from_buf, prime, from, order[i], kernel);
    from = order[i];
  }
  from = home, from_buf = buf;
  for (size_t i = order.size(); i-- > half;) {  // the rest the other way
    from_buf = copies[order[i]] = fetch(from_buf, prime, from, order[i], kernel);
    from = order[i];
  }
  return copies;
}

Poly PolyEmitter::alloc(const std::string& name, const std::vector<int>& primes) {
  Poly p;
  p.primes = primes;
  const int id = allocated_++;
  for (int prime : primes) p.bufs.push_back(data_buffer(name, id, prime, owner(prime)));
  return p;
}

Poly PolyEmitter::input(const std::string& name, const std::vector<int>& primes, int operand,
                        int poly) {
  Poly p = alloc(name, primes);
  for (size_t i = 0; i < primes.size(); ++i)
    for (int item = 0; item < ctx_.batch; ++item)
      b_.trace().inputs.push_back(
          {p.bufs[i], uint64_t(item) * ctx_.n, item, primes[i], poly, operand});
  return p;
}

void PolyEmitter::output(const Poly& in, int poly) {
  const Poly p = materialize(in);
  for (size_t i = 0; i < p.primes.size(); ++i)
    for (int item = 0; item < ctx_.batch; ++item)
      b_.trace().outputs.push_back(
          {p.bufs[i], uint64_t(item) * ctx_.n, item, p.primes[i], poly, 0});
}

Poly PolyEmitter::sub_poly(const Poly& in, size_t first, size_t count) {
  const Poly p = materialize(in);
  Poly out;
  out.bufs.assign(p.bufs.begin() + first, p.bufs.begin() + first + count);
  out.primes.assign(p.primes.begin() + first, p.primes.begin() + first + count);
  return out;
}

Poly PolyEmitter::concat(const Poly& a_in, const Poly& b_in) {
  const Poly a = materialize(a_in), b = materialize(b_in);
  Poly out = a;
  out.bufs.insert(out.bufs.end(), b.bufs.begin(), b.bufs.end());
  out.primes.insert(out.primes.end(), b.primes.begin(), b.primes.end());
  return out;
}

Poly PolyEmitter::binary(Opcode op, const Poly& a, const Poly& b, const std::string& tag) {
  Poly out = alloc("t", a.primes);
  const std::string kernel = tag.substr(0, tag.find('/'));
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const auto j = std::find(b.primes.begin(), b.primes.end(), a.primes[i]) - b.primes.begin();
    if (j == static_cast<long>(b.primes.size())) throw std::logic_error("operand lacks a limb");
    const uint64_t q = ctx_.primes[a.primes[i]];
    for (const Part& part : parts(a.primes[i])) {
      Lane& lane = *part.lane;
      use(lane);
      const uint64_t e = ctx_.n * part.items, off = ctx_.n * part.first;
      const auto m = static_cast<uint32_t>(e);
      const Slot& s = lane.slot();
      for (auto [dst, src] : {std::pair{s.a, a.bufs[i]}, {s.b, b.bufs[j]}}) {
        b_.emit(Instr{.op = Opcode::kLoad,
                      .dst = dst,
                      .a = src,
                      .a_off = off,
                      .count = e,
                      .tag = b_.tag(kernel + "/load")});
      }
      if (op == Opcode::kModMulVec) {
        lane.data_mul->emit(s.out, 0, s.a, 0, s.b, 0, e, e, q, tag);
      } else {
        b_.emit(Instr{.op = op,
                      .dst = s.out,
                      .a = s.a,
                      .b = s.b,
                      .m = m,
                      .n = m,
                      .q = q,
                      .tag = b_.tag(tag)});
      }
      store(s.out, out.bufs[i], off, e, kernel);
    }
  }
  b_.set_core(0);
  return out;
}

void PolyEmitter::store(int vmem, int hbm, uint64_t off, uint64_t elems,
                        const std::string& kernel) {
  b_.emit(Instr{.op = Opcode::kStore,
                .dst = hbm,
                .a = vmem,
                .dst_off = off,
                .count = elems,
                .tag = b_.tag(kernel + "/store")});
}

void PolyEmitter::load(int vmem, int hbm, uint64_t off, uint64_t elems, const std::string& kernel) {
  b_.emit(Instr{.op = Opcode::kLoad,
                .dst = vmem,
                .a = hbm,
                .a_off = off,
                .count = elems,
                .tag = b_.tag(kernel + "/load")});
}

Poly PolyEmitter::add(const Poly& a, const Poly& b, const std::string& tag) {
  if (ctx_.fuse)
    return fused({.kind = FusedNode::Kind::kAdd, .args = {a, b}, .tag = tag}, a.primes);
  return binary(Opcode::kModAddVec, a, b, tag);
}

Poly PolyEmitter::sub(const Poly& a, const Poly& b, const std::string& tag) {
  if (ctx_.fuse)
    return fused({.kind = FusedNode::Kind::kSub, .args = {a, b}, .tag = tag}, a.primes);
  return binary(Opcode::kModSubVec, a, b, tag);
}

Poly PolyEmitter::mul(const Poly& a, const Poly& b, const std::string& tag) {
  if (ctx_.fuse)
    return fused({.kind = FusedNode::Kind::kMul, .args = {a, b}, .tag = tag}, a.primes);
  return binary(Opcode::kModMulVec, a, b, tag);
}

int PolyEmitter::scalar_table(std::vector<uint32_t> words) {
  const uint64_t elems = words.size();
  const int id = ctx_.with_constants ? b_.constant(std::move(words)) : -1;
  return b_.buffer(fmt::format("hbm.scalars{}", allocated_++), Space::kHbm, DType::kU32, elems, id);
}

Poly PolyEmitter::limb_step(const std::vector<int>& in, const std::vector<int>& primes, int table,
                            const std::string& out_name, const std::string& tag,
                            const std::function<void(Lane&, const Slot&, size_t, uint64_t)>& f) {
  const std::string kernel = tag.substr(0, tag.find('/'));
  Poly out = alloc(out_name, primes);
  std::vector<bool> loaded(lanes_.size());  // each lane loads the table once
  for (size_t i = 0; i < primes.size(); ++i) {
    for (const Part& part : parts(primes[i])) {
      Lane& lane = *part.lane;
      use(lane);
      if (table >= 0 && !loaded[lane.index]) {
        loaded[lane.index] = true;
        b_.emit(Instr{.op = Opcode::kLoad,
                      .dst = lane.scalar_buf,
                      .a = table,
                      .tag = b_.tag(kernel + "/load_constants")});
      }
      const uint64_t e = ctx_.n * part.items, off = ctx_.n * part.first;
      const Slot& s = lane.slot();
      load(s.a, in[i], off, e, kernel);
      f(lane, s, i, e);
      store(s.out, out.bufs[i], off, e, kernel);
    }
  }
  b_.set_core(0);
  return out;
}

Poly PolyEmitter::mul_scalars(const Poly& a, const std::vector<uint64_t>& scalars,
                              const std::string& tag) {
  const ModMulEmitter& form = *lanes_[0].const_mul;
  const uint64_t per = form.elems(1);
  std::vector<uint32_t> words;
  if (ctx_.with_constants) {
    for (size_t i = 0; i < scalars.size(); ++i) {
      for (uint32_t v : form.form({static_cast<uint32_t>(scalars[i])}, ctx_.primes[a.primes[i]])) {
        words.push_back(v);
      }
    }
  } else {
    words.resize(per * scalars.size());
  }
  const int table = scalar_table(std::move(words));
  if (ctx_.fuse) {
    return fused(
        {.kind = FusedNode::Kind::kMulScalars, .args = {a}, .table = table, .per = per, .tag = tag},
        a.primes);
  }
  return limb_step(a.bufs, a.primes, table, "t", tag,
                   [&](Lane& lane, const Slot& s, size_t i, uint64_t e) {
                     lane.const_mul->emit(s.out, 0, s.a, 0, lane.scalar_buf, per * i, 1, e,
                                          ctx_.primes[a.primes[i]], tag);
                   });
}

Poly PolyEmitter::add_scalars(const Poly& a, const std::vector<uint64_t>& scalars,
                              const std::string& tag) {
  std::vector<uint32_t> words(scalars.size());
  for (size_t i = 0; i < scalars.size(); ++i) words[i] = static_cast<uint32_t>(scalars[i]);
  const int table = scalar_table(std::move(words));
  if (ctx_.fuse) {
    return fused(
        {.kind = FusedNode::Kind::kAddScalars, .args = {a}, .table = table, .per = 1, .tag = tag},
        a.primes);
  }
  return limb_step(a.bufs, a.primes, table, "t", tag,
                   [&](Lane& lane, const Slot& s, size_t i, uint64_t e) {
                     b_.emit(Instr{.op = Opcode::kModAddVec,
                                   .dst = s.out,
                                   .a = s.a,
                                   .b = lane.scalar_buf,
                                   .m = static_cast<uint32_t>(e),
                                   .n = 1,
                                   .q = ctx_.primes[a.primes[i]],
                                   .b_off = i,
                                   .tag = b_.tag(tag)});
                   });
}

int PolyEmitter::constant_limb(const std::string& name, int prime, bool raw,
                               const std::function<uint32_t(int, uint64_t)>& value) {
  const ModMulEmitter& form = *lanes_[0].const_mul;
  const uint64_t c = raw ? ctx_.n : form.elems(ctx_.n);
  // A constant polynomial (a key, a plaintext) lives in HBM once, however often it is used.
  const std::string key = fmt::format("hbm.{}{}.q{}", name, raw ? ".raw" : "", prime);
  auto it = constants_.find(key);
  if (it == constants_.end()) {
    std::vector<uint32_t> data;
    if (ctx_.with_constants) {
      std::vector<uint32_t> values(ctx_.n);
      for (uint64_t k = 0; k < ctx_.n; ++k) values[k] = value(prime, k);
      data = raw ? values : form.form(values, ctx_.primes[prime]);
    }
    const int id = ctx_.with_constants ? b_.constant(std::move(data)) : -1;
    it = constants_.emplace(key, b_.buffer(key, Space::kHbm, DType::kU32, c, id)).first;
    hbm_bytes_[size_t(owner(prime))] += 4 * c;
  }
  return it->second;
}

Poly PolyEmitter::mul_constant(const Poly& a_in, const std::string& name,
                               const std::function<uint32_t(int, uint64_t)>& value,
                               const std::string& tag) {
  if (ctx_.fuse) {
    return fused({.kind = FusedNode::Kind::kMulConstant,
                  .args = {a_in},
                  .name = name,
                  .value = value,
                  .tag = tag},
                 a_in.primes);
  }
  const Poly a = a_in;
  const std::string kernel = tag.substr(0, tag.find('/'));
  const uint64_t c = lanes_[0].const_mul->elems(ctx_.n);
  Poly out = alloc("t", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const int prime = a.primes[i];
    const uint64_t q = ctx_.primes[prime];
    const int hbm = constant_limb(name, prime, false, value);
    for (const Part& part : parts(prime)) {
      Lane& lane = *part.lane;
      use(lane);
      const uint64_t e = ctx_.n * part.items, off = ctx_.n * part.first;
      const Slot& s = lane.slot();
      load(s.a, a.bufs[i], off, e, kernel);
      b_.emit(Instr{.op = Opcode::kLoad,
                    .dst = s.b,
                    .a = hbm,
                    .count = c,
                    .tag = b_.tag(kernel + "/load_constants")});
      lane.const_mul->emit(s.out, 0, s.a, 0, s.b, 0, ctx_.n, e, q, tag);
      store(s.out, out.bufs[i], off, e, kernel);
    }
  }
  b_.set_core(0);
  return out;
}

Poly PolyEmitter::sum_of_products(const std::vector<Poly>& a_in,
                                  const std::vector<std::string>& names,
                                  const std::vector<std::function<uint32_t(int, uint64_t)>>& values,
                                  const std::string& tag) {
  std::vector<Poly> a;
  for (const Poly& x : a_in) a.push_back(materialize(x));
  if (!ctx_.lazy_sums) {
    Poly sum;
    for (size_t j = 0; j < a.size(); ++j) {
      const Poly prod = mul_constant(a[j], names[j], values[j], tag);
      sum = j == 0 ? prod : add(sum, prod, tag.substr(0, tag.find('/')) + "/modadd");
    }
    return sum;
  }
  const std::string kernel = tag.substr(0, tag.find('/'));
  const uint32_t reduce_tag = b_.tag(kernel + "/reduce");
  Poly out = alloc("t", a[0].primes);
  for (size_t i = 0; i < a[0].primes.size(); ++i) {
    const int prime = a[0].primes[i];
    const uint64_t q = ctx_.primes[prime];
    // Products below (q - 1)^2 each: as many as the u64 sum holds before it is reduced.
    const uint64_t per_group = std::max<uint64_t>(1, UINT64_MAX / ((q - 1) * (q - 1)));
    for (const Part& part : parts(prime)) {
      Lane& lane = *part.lane;
      use(lane);
      const uint64_t e = ctx_.n * part.items, off = ctx_.n * part.first;
      const auto m = static_cast<uint32_t>(e);
      for (size_t first = 0; first < a.size(); first += per_group) {
        const size_t last = std::min(a.size(), first + per_group);
        const Slot* s = nullptr;
        for (size_t j = first; j < last; ++j) {
          s = &lane.slot();
          const auto at = std::find(a[j].primes.begin(), a[j].primes.end(), prime);
          if (at == a[j].primes.end()) throw std::logic_error("a term lacks a limb");
          load(s->a, a[j].bufs[at - a[j].primes.begin()], off, e, kernel);
          b_.emit(Instr{.op = Opcode::kLoad,
                        .dst = s->b,
                        .a = constant_limb(names[j], prime, true, values[j]),
                        .count = ctx_.n,
                        .tag = b_.tag(kernel + "/load_constants")});
          b_.emit(Instr{.op = j == first ? Opcode::kMulWideVec : Opcode::kMacWideVec,
                        .dst = lane.acc,
                        .a = s->a,
                        .b = s->b,
                        .m = m,
                        .n = static_cast<uint32_t>(ctx_.n),
                        .tag = b_.tag(tag)});
        }
        b_.emit(Instr{.op = Opcode::kReduceWideVec,
                      .dst = s->out,
                      .a = lane.acc,
                      .m = m,
                      .q = q,
                      .tag = reduce_tag});
        if (first > 0) {  // add the groups before, reduced and stored
          load(s->a, out.bufs[i], off, e, kernel);
          b_.emit(Instr{.op = Opcode::kModAddVec,
                        .dst = s->out,
                        .a = s->out,
                        .b = s->a,
                        .m = m,
                        .n = m,
                        .q = q,
                        .tag = b_.tag(kernel + "/modadd")});
        }
        store(s->out, out.bufs[i], off, e, kernel);
      }
    }
  }
  b_.set_core(0);
  return out;
}

Poly PolyEmitter::copy(const Poly& a_in, const std::string& tag) {
  const Poly a = materialize(a_in);
  Poly out = alloc("t", a.primes);
  const uint32_t t = b_.tag(tag);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    for (const Part& part : parts(a.primes[i])) {
      Lane& lane = *part.lane;
      use(lane);
      const uint64_t e = ctx_.n * part.items, off = ctx_.n * part.first;
      const Slot& s = lane.slot();
      b_.emit(Instr{
          .op = Opcode::kLoad, .dst = s.a, .a = a.bufs[i], .a_off = off, .count = e, .tag = t});
      b_.emit(Instr{.op = Opcode::kStore,
                    .dst = out.bufs[i],
                    .a = s.a,
                    .dst_off = off,
                    .count = e,
                    .tag = t});
    }
  }
  b_.set_core(0);
  return out;
}

Poly PolyEmitter::lift(const Poly& single_in, const std::vector<int>& primes,
                       const std::vector<uint64_t>& minus, const std::string& tag) {
  const Poly single = materialize(single_in);
  const uint64_t from = ctx_.primes[single.primes.at(0)];
  for (int prime : primes) {
    const uint64_t q = ctx_.primes[prime];
    if (from >= 2 * q) {
      throw LoweringError("scheme.primes", fmt::format("lifting mod {} into mod {} needs primes "
                                                       "within a factor of two",
                                                       from, q));
    }
  }
  std::vector<uint32_t> words(minus.size());
  for (size_t i = 0; i < minus.size(); ++i) words[i] = static_cast<uint32_t>(minus[i]);
  const int table = minus.empty() ? -1 : scalar_table(std::move(words));
  // Over a slice, every chip that lifts into a limb of its own first receives the single limb.
  std::vector<int> in(primes.size(), single.bufs[0]);
  const int home = owner(single.primes[0]);
  std::vector<int> chips;
  for (int prime : primes) {
    const int chip = owner(prime);
    if (chip != home && std::find(chips.begin(), chips.end(), chip) == chips.end()) {
      chips.push_back(chip);
    }
  }
  if (!chips.empty()) {
    const std::map<int, int> copies =
        spread(single.bufs[0], single.primes[0], chips, tag.substr(0, tag.find('/')));
    for (size_t i = 0; i < primes.size(); ++i) {
      if (owner(primes[i]) != home) in[i] = copies.at(owner(primes[i]));
    }
  }
  // x - m with one conditional correction: x < 2q. Without subtrahends m is the scalar buffer's
  // spare zero word, never written by a table.
  return limb_step(in, primes, table, "t", tag,
                   [&](Lane& lane, const Slot& s, size_t i, uint64_t e) {
                     b_.emit(Instr{.op = Opcode::kModSubVec,
                                   .dst = s.out,
                                   .a = s.a,
                                   .b = lane.scalar_buf,
                                   .m = static_cast<uint32_t>(e),
                                   .n = 1,
                                   .q = ctx_.primes[primes[i]],
                                   .b_off = minus.empty() ? zero_off_ : i,
                                   .tag = b_.tag(tag)});
                   });
}

Poly PolyEmitter::permute(const Poly& a_in, uint32_t galois, const std::string& tag) {
  const Poly a = materialize(a_in);
  return limb_step(a.bufs, a.primes, -1, "rot", tag, [&](Lane&, const Slot& s, size_t, uint64_t e) {
    b_.emit(Instr{.op = Opcode::kPermute,
                  .dst = s.out,
                  .a = s.a,
                  .m = static_cast<uint32_t>(e / ctx_.n),
                  .n = static_cast<uint32_t>(ctx_.n),
                  .galois = galois,
                  .tag = b_.tag(tag)});
  });
}

Poly PolyEmitter::ntt(const Poly& a_in, bool inverse, const std::string& kernel) {
  const Poly a = materialize(a_in);
  Poly out = alloc(inverse ? "coef" : "eval", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const int prime = a.primes[i];
    for (const Part& part : parts(prime)) {
      use(*part.lane);
      const uint64_t off = ctx_.n * part.first;
      part.lane->ntt->emit(a.bufs[i], off, out.bufs[i], off, part.items, ctx_.primes[prime],
                           ctx_.psi[prime], inverse, kernel);
    }
  }
  b_.set_core(0);
  return out;
}

Poly PolyEmitter::bconv(const Poly& a_in, const std::vector<int>& to, const std::string& kernel) {
  const Poly a = materialize(a_in);
  Poly out = alloc("conv", to);
  std::vector<uint64_t> from_q, to_q;
  for (int p : a.primes) from_q.push_back(ctx_.primes[p]);
  for (int p : to) to_q.push_back(ctx_.primes[p]);
  if (ctx_.chips == 1) {
    emit_bconv(chip_lanes(0), a.bufs, from_q, out.bufs, to_q, kernel);
    return out;
  }
  // Over a slice: each chip converts into its own target limbs, from every source limb, those of
  // the other chips copied over ICI first (an all-gather of the sources among the chips that
  // convert).
  std::vector<int> converting;
  for (int chip = 0; chip < ctx_.chips; ++chip) {
    for (int t : to) {
      if (owner(t) == chip) {
        converting.push_back(chip);
        break;
      }
    }
  }
  std::vector<std::map<int, int>> copies;  // per source limb: chip -> its copy
  for (size_t j = 0; j < a.primes.size(); ++j) {
    std::vector<int> need;
    for (int chip : converting) {
      if (chip != owner(a.primes[j])) need.push_back(chip);
    }
    copies.push_back(spread(a.bufs[j], a.primes[j], need, kernel));
  }
  for (int chip : converting) {
    std::vector<int> to_bufs;
    std::vector<uint64_t> to_mine;
    for (size_t i = 0; i < to.size(); ++i) {
      if (owner(to[i]) != chip) continue;
      to_bufs.push_back(out.bufs[i]);
      to_mine.push_back(to_q[i]);
    }
    std::vector<int> from_bufs = a.bufs;
    for (size_t j = 0; j < a.primes.size(); ++j) {
      if (owner(a.primes[j]) != chip) from_bufs[j] = copies[j].at(chip);
    }
    emit_bconv(chip_lanes(chip), from_bufs, from_q, to_bufs, to_mine, kernel);
  }
  return out;
}

void PolyEmitter::emit_bconv(const std::vector<Lane*>& lanes, const std::vector<int>& from_bufs,
                             const std::vector<uint64_t>& from_q, const std::vector<int>& to_bufs,
                             const std::vector<uint64_t>& to_q, const std::string& kernel) {
  // Every target limb needs every source limb: the cores split the columns instead.
  const uint64_t columns = elems(), count = lanes.size();
  const uint64_t share = (columns + count - 1) / count;
  for (size_t k = 0; k < lanes.size(); ++k) {
    const uint64_t first = k * share;
    if (first >= columns) break;
    use(*lanes[k]);
    lanes[k]->bconv->emit(from_bufs, from_q, to_bufs, to_q, first, std::min(share, columns - first),
                          kernel);
  }
  b_.set_core(0);
}

size_t PolyEmitter::mark() const {
  return live_.size();
}

void PolyEmitter::release_since(size_t mark) {
  for (size_t i = mark; i < live_.size(); ++i)
    free_[size_t(live_[i].second)].push_back(live_[i].first);
  live_.resize(mark);
}

}  // namespace hesa
