// Fusion of element-wise steps (PolyEmitter, mapping.fusion: xla): a step returns an expression;
// a fusion boundary computes it limb by limb in VMEM scratch, each input limb loaded once, the
// result stored once. Two scratch pools alternate between limbs so one limb's loads overlap the
// previous limb's arithmetic.
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "workloads/emitters/poly_emitter.hpp"

namespace hesa {

uint64_t PolyEmitter::fusion_bytes(uint64_t e) const {
  const uint64_t constant = constant_elems(ctx_.n, ctx_.reduction, ctx_.bat_constants);
  return 2 * (kFusionScratch * 4 * e + 4 * constant + kFusionTables * 16);
}

Poly PolyEmitter::fused(FusedNode node, const std::vector<int>& primes) {
  Poly p;
  p.primes = primes;
  p.fused = std::make_shared<FusedNode>(std::move(node));
  return p;
}

int PolyEmitter::scratch(Eval& ev) {
  if (ev.free.empty()) {
    throw std::logic_error("a fused expression needs more VMEM scratch than its pool holds");
  }
  const int buf = ev.free.back();
  ev.free.pop_back();
  return buf;
}

void PolyEmitter::release(Eval& ev, int buf) {
  ev.free.push_back(buf);
}

int PolyEmitter::eval(const Poly& x, Eval& ev) {
  const auto index = [&ev](const std::vector<int>& primes) {
    const auto at = std::find(primes.begin(), primes.end(), ev.prime);
    if (at == primes.end()) throw std::logic_error("an operand lacks a limb");
    return static_cast<size_t>(at - primes.begin());
  };
  if (!x.fused || x.fused->computed) {  // a leaf: the limb from HBM
    const Poly& leaf = x.fused ? x.fused->done : x;
    const int buf = scratch(ev);
    load(buf, leaf.bufs[index(leaf.primes)], ev.off, ev.e, ev.kernel);
    return buf;
  }
  const FusedNode& n = *x.fused;
  Lane& lane = *ev.lane;
  const uint64_t q = ctx_.primes[ev.prime];
  const auto m = static_cast<uint32_t>(ev.e);
  const int a = eval(n.args[0], ev);
  int b = -1;
  if (n.args.size() > 1) b = eval(n.args[1], ev);
  const int dst = scratch(ev);
  switch (n.kind) {
    case FusedNode::Kind::kAdd:
    case FusedNode::Kind::kSub:
      b_.emit(Instr{.op = n.kind == FusedNode::Kind::kAdd ? Opcode::kModAddVec : Opcode::kModSubVec,
                    .dst = dst,
                    .a = a,
                    .b = b,
                    .m = m,
                    .n = m,
                    .q = q,
                    .tag = b_.tag(n.tag)});
      break;
    case FusedNode::Kind::kMul:
      lane.data_mul->emit(dst, 0, a, 0, b, 0, ev.e, ev.e, q, n.tag);
      break;
    case FusedNode::Kind::kMulScalars:
    case FusedNode::Kind::kAddScalars: {
      if (ev.tables_used >= kFusionTables) throw std::logic_error("a fused expression's tables");
      const int table = lane.fused_tables[ev.pool][ev.tables_used++];
      const size_t i = index(x.primes);
      b_.emit(Instr{.op = Opcode::kLoad,
                    .dst = table,
                    .a = n.table,
                    .a_off = n.per * i,
                    .count = n.per,
                    .tag = b_.tag(ev.kernel + "/load_constants")});
      if (n.kind == FusedNode::Kind::kMulScalars) {
        lane.const_mul->emit(dst, 0, a, 0, table, 0, 1, ev.e, q, n.tag);
      } else {
        b_.emit(Instr{.op = Opcode::kModAddVec,
                      .dst = dst,
                      .a = a,
                      .b = table,
                      .m = m,
                      .n = 1,
                      .q = q,
                      .tag = b_.tag(n.tag)});
      }
      break;
    }
    case FusedNode::Kind::kMulConstant: {
      const uint64_t c = lane.const_mul->elems(ctx_.n);
      const int cbuf = lane.fused_constant[ev.pool];
      b_.emit(Instr{.op = Opcode::kLoad,
                    .dst = cbuf,
                    .a = constant_limb(n.name, ev.prime, false, n.value),
                    .count = c,
                    .tag = b_.tag(ev.kernel + "/load_constants")});
      lane.const_mul->emit(dst, 0, a, 0, cbuf, 0, ctx_.n, ev.e, q, n.tag);
      break;
    }
  }
  release(ev, a);
  if (b >= 0) release(ev, b);
  return dst;
}

int PolyEmitter::scratch_needed(const Poly& x) {
  if (!x.fused || x.fused->computed) return 1;
  const FusedNode& n = *x.fused;
  const int a = scratch_needed(n.args[0]);
  const int b = n.args.size() > 1 ? 1 + scratch_needed(n.args[1]) : 0;
  const int own = static_cast<int>(n.args.size()) + 1;
  return std::max({a, b, own});
}

int PolyEmitter::tables_needed(const Poly& x) {
  if (!x.fused || x.fused->computed) return 0;
  const FusedNode& n = *x.fused;
  int t = n.kind == FusedNode::Kind::kMulScalars || n.kind == FusedNode::Kind::kAddScalars;
  for (const Poly& a : n.args) t += tables_needed(a);
  return t;
}

Poly PolyEmitter::materialize(const Poly& p) {
  if (!p.fused) return p;
  if (p.fused->computed) return p.fused->done;
  // Too large for one pass: its operands first (each then read from HBM).
  if (scratch_needed(p) > kFusionScratch || tables_needed(p) > kFusionTables) {
    for (const Poly& a : p.fused->args) materialize(a);
  }
  const std::string& tag = p.fused->tag;
  const std::string kernel = tag.substr(0, tag.find('/'));
  Poly out = alloc("t", p.primes);
  for (size_t i = 0; i < p.primes.size(); ++i) {
    for (const Part& part : parts(p.primes[i])) {
      Lane& lane = *part.lane;
      use(lane);
      Eval ev{
          &lane,  p.primes[i], ctx_.n * part.items, ctx_.n * part.first, lane.fused[lane.pool], 0,
          kernel, lane.pool};
      lane.pool ^= 1;
      const int result = eval(p, ev);
      store(result, out.bufs[i], ev.off, ev.e, kernel);
    }
  }
  b_.set_core(0);
  p.fused->done = out;
  p.fused->computed = true;
  return out;
}

}  // namespace hesa
