#include "workloads/poly_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "workloads/ntt_lowering.hpp"

namespace hesa {

namespace {

// Montgomery and Shoup multiply by a known constant; a product of two data operands uses Barrett.
Reduction data_reduction(Reduction r) {
  return r == Reduction::kMontgomery || r == Reduction::kShoup ? Reduction::kBarrett : r;
}

}  // namespace

PolyEmitter::PolyEmitter(TraceBuilder& b, const PolyContext& ctx, uint64_t vmem_budget)
    : b_(b), ctx_(ctx) {
  const uint64_t e = elems();
  const bool bat = ctx.bat_constants;
  check_ntt_mapping(ctx.radix2, ctx.reduction, bat);
  const NttShape ntt{ctx.n,     ctx.rows,      ctx.cols,   ctx.depth,
                     ctx.batch, ctx.reduction, ctx.radix2, bat};
  const uint64_t slot_bytes = 4 * (2 * e + constant_elems(e, ctx.reduction, bat));
  // One product emitter (its BAT-lazy scratch) serves the NTTs, the constant products and, when
  // their reduction is the same and constants are not BAT products, the data products.
  const bool one_mul = data_reduction(ctx.reduction) == ctx.reduction && !bat;
  zero_off_ = constant_elems(1, ctx.reduction, bat) * ctx.primes.size();
  vmem_bytes_ =
      NttEmitter::vmem_bytes(ntt, true) + ctx.depth * slot_bytes +
      ModMulEmitter::vmem_bytes(ctx.reduction, e, ctx.depth, bat) +
      (one_mul ? 0 : ModMulEmitter::vmem_bytes(data_reduction(ctx.reduction), e, ctx.depth)) +
      4 * zero_off_ + 4;
  BconvShape bshape{ctx.max_bconv_from, ctx.max_bconv_to, 1, ctx.depth, ctx.reduction, bat,
                    ctx.bconv_on_vpu};
  const uint64_t left = vmem_budget > vmem_bytes_ ? vmem_budget - vmem_bytes_ : 0;
  bshape.tile = std::min(BconvEmitter::fit_tile(bshape, ctx.n, left), e);
  vmem_bytes_ += BconvEmitter::vmem_bytes(bshape);
  if (vmem_bytes_ > vmem_budget) {
    throw LoweringError("mapping.prefetch_depth",
                        fmt::format("kernel working set does not fit VMEM: {} bytes with {} slots "
                                    "per ring and batch {}, VMEM holds {} bytes",
                                    vmem_bytes_, ctx.depth, ctx.batch, vmem_budget));
  }
  const_mul_ =
      std::make_unique<ModMulEmitter>(b, ctx.reduction, e, ctx.depth, ctx.with_constants, bat);
  if (!one_mul) {
    own_data_mul_ = std::make_unique<ModMulEmitter>(b, data_reduction(ctx.reduction), e, ctx.depth,
                                                    ctx.with_constants);
  }
  data_mul_ = one_mul ? const_mul_.get() : own_data_mul_.get();
  ntt_ = std::make_unique<NttEmitter>(b, ntt, ctx.with_constants, const_mul_.get());
  bconv_ = std::make_unique<BconvEmitter>(b, bshape, ctx.with_constants);
  for (int s = 0; s < ctx.depth; ++s) {
    slots_.push_back({b_.buffer(fmt::format("vmem.poly{}.a", s), Space::kVmem, DType::kU32, e),
                      b_.buffer(fmt::format("vmem.poly{}.b", s), Space::kVmem, DType::kU32,
                                const_mul_->elems(e)),
                      b_.buffer(fmt::format("vmem.poly{}.out", s), Space::kVmem, DType::kU32, e)});
  }
  scalar_buf_ = b_.buffer("vmem.scalars", Space::kVmem, DType::kU32, zero_off_ + 1);
  const int zero = b_.buffer("hbm.zero", Space::kHbm, DType::kU32, 1,
                             ctx.with_constants ? b_.constant({0}) : -1);
  b_.emit(Instr{.op = Opcode::kLoad,
                .dst = scalar_buf_,
                .a = zero,
                .dst_off = zero_off_,
                .count = 1,
                .tag = b_.tag("load_constants")});
}

Poly PolyEmitter::alloc(const std::string& name, const std::vector<int>& primes) {
  Poly p;
  p.primes = primes;
  const int id = allocated_++;
  for (int prime : primes) {
    int buf;
    if (!free_.empty()) {  // every data buffer has batch x N words: any free one fits
      buf = free_.back();
      free_.pop_back();
    } else {
      buf = b_.buffer(fmt::format("hbm.{}{}.q{}", name, id, prime), Space::kHbm, DType::kU32,
                      elems());
      hbm_bytes_ += 4 * elems();
    }
    live_.push_back(buf);
    p.bufs.push_back(buf);
  }
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

void PolyEmitter::output(const Poly& p, int poly) {
  for (size_t i = 0; i < p.primes.size(); ++i)
    for (int item = 0; item < ctx_.batch; ++item)
      b_.trace().outputs.push_back(
          {p.bufs[i], uint64_t(item) * ctx_.n, item, p.primes[i], poly, 0});
}

Poly PolyEmitter::sub_poly(const Poly& p, size_t first, size_t count) const {
  Poly out;
  out.bufs.assign(p.bufs.begin() + first, p.bufs.begin() + first + count);
  out.primes.assign(p.primes.begin() + first, p.primes.begin() + first + count);
  return out;
}

Poly PolyEmitter::concat(const Poly& a, const Poly& b) const {
  Poly out = a;
  out.bufs.insert(out.bufs.end(), b.bufs.begin(), b.bufs.end());
  out.primes.insert(out.primes.end(), b.primes.begin(), b.primes.end());
  return out;
}

Poly PolyEmitter::binary(Opcode op, Reduction red, const Poly& a, const Poly& b,
                         const std::string& tag) {
  Poly out = alloc("t", a.primes);
  const uint64_t e = elems();
  const auto m = static_cast<uint32_t>(e);
  const std::string kernel = tag.substr(0, tag.find('/'));
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const auto j = std::find(b.primes.begin(), b.primes.end(), a.primes[i]) - b.primes.begin();
    if (j == static_cast<long>(b.primes.size())) throw std::logic_error("operand lacks a limb");
    const uint64_t q = ctx_.primes[a.primes[i]];
    const Slot& s = next_slot();
    b_.emit(
        Instr{.op = Opcode::kLoad, .dst = s.a, .a = a.bufs[i], .tag = b_.tag(kernel + "/load")});
    b_.emit(Instr{.op = Opcode::kLoad,
                  .dst = s.b,
                  .a = b.bufs[j],
                  .count = e,
                  .tag = b_.tag(kernel + "/load")});
    if (op == Opcode::kModMulVec) {
      (red == data_mul_->reduction() ? *data_mul_ : *const_mul_)
          .emit(s.out, 0, s.a, 0, s.b, 0, e, e, q, tag);
    } else {
      b_.emit(Instr{
          .op = op, .dst = s.out, .a = s.a, .b = s.b, .m = m, .n = m, .q = q, .tag = b_.tag(tag)});
    }
    b_.emit(Instr{
        .op = Opcode::kStore, .dst = out.bufs[i], .a = s.out, .tag = b_.tag(kernel + "/store")});
  }
  return out;
}

Poly PolyEmitter::add(const Poly& a, const Poly& b, const std::string& tag) {
  return binary(Opcode::kModAddVec, Reduction::kBarrett, a, b, tag);
}

Poly PolyEmitter::sub(const Poly& a, const Poly& b, const std::string& tag) {
  return binary(Opcode::kModSubVec, Reduction::kBarrett, a, b, tag);
}

Poly PolyEmitter::mul(const Poly& a, const Poly& b, const std::string& tag) {
  return binary(Opcode::kModMulVec, data_mul_->reduction(), a, b, tag);
}

Poly PolyEmitter::mul_scalars(const Poly& a, const std::vector<uint64_t>& scalars,
                              const std::string& tag) {
  const std::string kernel = tag.substr(0, tag.find('/'));
  const uint64_t per = const_mul_->elems(1);
  std::vector<uint32_t> table;
  if (ctx_.with_constants) {
    for (size_t i = 0; i < scalars.size(); ++i) {
      for (uint32_t v :
           const_mul_->form({static_cast<uint32_t>(scalars[i])}, ctx_.primes[a.primes[i]])) {
        table.push_back(v);
      }
    }
  }
  const int id = ctx_.with_constants ? b_.constant(std::move(table)) : -1;
  const int hbm = b_.buffer(fmt::format("hbm.scalars{}", allocated_++), Space::kHbm, DType::kU32,
                            per * scalars.size(), id);
  b_.emit(Instr{.op = Opcode::kLoad,
                .dst = scalar_buf_,
                .a = hbm,
                .tag = b_.tag(kernel + "/load_constants")});
  Poly out = alloc("t", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const Slot& s = next_slot();
    b_.emit(
        Instr{.op = Opcode::kLoad, .dst = s.a, .a = a.bufs[i], .tag = b_.tag(kernel + "/load")});
    const_mul_->emit(s.out, 0, s.a, 0, scalar_buf_, per * i, 1, elems(), ctx_.primes[a.primes[i]],
                     tag);
    b_.emit(Instr{
        .op = Opcode::kStore, .dst = out.bufs[i], .a = s.out, .tag = b_.tag(kernel + "/store")});
  }
  return out;
}

Poly PolyEmitter::mul_constant(const Poly& a, const std::string& name,
                               const std::function<uint32_t(int, uint64_t)>& value,
                               const std::string& tag) {
  const std::string kernel = tag.substr(0, tag.find('/'));
  const uint64_t c = const_mul_->elems(ctx_.n);
  Poly out = alloc("t", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const int prime = a.primes[i];
    const uint64_t q = ctx_.primes[prime];
    std::vector<uint32_t> data;
    if (ctx_.with_constants) {
      std::vector<uint32_t> raw(ctx_.n);
      for (uint64_t k = 0; k < ctx_.n; ++k) raw[k] = value(prime, k);
      data = const_mul_->form(raw, q);
    }
    // A constant polynomial (a key, a plaintext) lives in HBM once, however often it is used.
    const std::string key = fmt::format("hbm.{}.q{}", name, prime);
    auto it = constants_.find(key);
    if (it == constants_.end()) {
      const int id = ctx_.with_constants ? b_.constant(std::move(data)) : -1;
      it = constants_.emplace(key, b_.buffer(key, Space::kHbm, DType::kU32, c, id)).first;
      hbm_bytes_ += 4 * c;
    }
    const int hbm = it->second;
    const Slot& s = next_slot();
    b_.emit(
        Instr{.op = Opcode::kLoad, .dst = s.a, .a = a.bufs[i], .tag = b_.tag(kernel + "/load")});
    b_.emit(Instr{
        .op = Opcode::kLoad, .dst = s.b, .a = hbm, .tag = b_.tag(kernel + "/load_constants")});
    const_mul_->emit(s.out, 0, s.a, 0, s.b, 0, ctx_.n, elems(), q, tag);
    b_.emit(Instr{
        .op = Opcode::kStore, .dst = out.bufs[i], .a = s.out, .tag = b_.tag(kernel + "/store")});
  }
  return out;
}

Poly PolyEmitter::lift(const Poly& single, const std::vector<int>& primes, const std::string& tag) {
  const std::string kernel = tag.substr(0, tag.find('/'));
  const uint64_t from = ctx_.primes[single.primes.at(0)];
  Poly out = alloc("t", primes);
  const auto m = static_cast<uint32_t>(elems());
  for (size_t i = 0; i < primes.size(); ++i) {
    const uint64_t q = ctx_.primes[primes[i]];
    if (from >= 2 * q) {
      throw LoweringError("scheme.primes", fmt::format("lifting mod {} into mod {} needs primes "
                                                       "within a factor of two",
                                                       from, q));
    }
    const Slot& s = next_slot();
    b_.emit(Instr{
        .op = Opcode::kLoad, .dst = s.a, .a = single.bufs[0], .tag = b_.tag(kernel + "/load")});
    // x - 0 with one conditional correction: x < 2q becomes x mod q. The zero is the scalar
    // table's spare last word, never written.
    b_.emit(Instr{.op = Opcode::kModSubVec,
                  .dst = s.out,
                  .a = s.a,
                  .b = scalar_buf_,
                  .m = m,
                  .n = 1,
                  .q = q,
                  .b_off = zero_off_,
                  .tag = b_.tag(tag)});
    b_.emit(Instr{
        .op = Opcode::kStore, .dst = out.bufs[i], .a = s.out, .tag = b_.tag(kernel + "/store")});
  }
  return out;
}

Poly PolyEmitter::permute(const Poly& a, uint32_t galois, const std::string& tag) {
  const std::string kernel = tag.substr(0, tag.find('/'));
  Poly out = alloc("rot", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const Slot& s = next_slot();
    b_.emit(
        Instr{.op = Opcode::kLoad, .dst = s.a, .a = a.bufs[i], .tag = b_.tag(kernel + "/load")});
    b_.emit(Instr{.op = Opcode::kPermute,
                  .dst = s.out,
                  .a = s.a,
                  .m = static_cast<uint32_t>(ctx_.batch),
                  .n = static_cast<uint32_t>(ctx_.n),
                  .galois = galois,
                  .tag = b_.tag(tag)});
    b_.emit(Instr{
        .op = Opcode::kStore, .dst = out.bufs[i], .a = s.out, .tag = b_.tag(kernel + "/store")});
  }
  return out;
}

Poly PolyEmitter::ntt(const Poly& a, bool inverse, const std::string& kernel) {
  Poly out = alloc(inverse ? "coef" : "eval", a.primes);
  for (size_t i = 0; i < a.primes.size(); ++i) {
    const int prime = a.primes[i];
    ntt_->emit(a.bufs[i], 0, out.bufs[i], 0, ctx_.batch, ctx_.primes[prime], ctx_.psi[prime],
               inverse, kernel);
  }
  return out;
}

Poly PolyEmitter::bconv(const Poly& a, const std::vector<int>& to, const std::string& kernel) {
  Poly out = alloc("conv", to);
  std::vector<uint64_t> from_q, to_q;
  for (int p : a.primes) from_q.push_back(ctx_.primes[p]);
  for (int p : to) to_q.push_back(ctx_.primes[p]);
  bconv_->emit(a.bufs, from_q, out.bufs, to_q, elems(), kernel);
  return out;
}

size_t PolyEmitter::mark() const {
  return live_.size();
}

void PolyEmitter::release_since(size_t mark) {
  free_.insert(free_.end(), live_.begin() + static_cast<long>(mark), live_.end());
  live_.resize(mark);
}

}  // namespace hesa
