#include "workloads/lowering/eval_mod_schedule.hpp"

#include <algorithm>
#include <stdexcept>

namespace hesa {

PsDegrees ps_degrees(int degree) {
  // OpenFHE ComputeDegreesPS: m by the upper end of the degree's range, then the least k.
  static constexpr std::pair<int, int> kRanges[] = {
      {2, 1},   {11, 2},  {13, 3},  {17, 2},   {55, 3},   {59, 4},   {76, 3},   {239, 4},
      {247, 5}, {284, 4}, {991, 5}, {1007, 6}, {1083, 5}, {2015, 6}, {2031, 7}, {2204, 6}};
  if (degree < 5 || degree > 2204) {
    throw std::invalid_argument("Paterson-Stockmeyer degrees are tabulated for 5..2204");
  }
  for (const auto& [upper, m] : kRanges) {
    if (degree <= upper) return {degree / ((1 << m) - 1) + 1, m};
  }
  return {};  // unreachable
}

namespace {

// Ciphertext operations tracked by level only; each appends a step (or adds to the last one
// when it is the same kernel at the same level).
class Plan {
 public:
  Plan(std::vector<CkksStep>& steps, int copies, const std::string& phase)
      : steps_(steps), copies_(copies), phase_(phase) {}

  int mult(int a, int b) {
    const int level = std::min(a, b);
    step("he_mult", level);
    ++counts.he_mults;
    return level - 1;
  }
  int add(int a, int b) {
    step("he_add", std::min(a, b));
    ++counts.he_adds;
    return std::min(a, b);
  }
  int add_const(int a) {
    step("const_add", a);
    ++counts.const_adds;
    return a;
  }
  // sum_i c_i T_i over `terms` powers at `level`: scalar products, their sum, one rescale.
  int linear_sum(int terms, int level) {
    for (int i = 0; i < terms; ++i) {
      step("const_mult", level);
      ++counts.const_mults;
      if (i > 0) add(level, level);
    }
    step("rescale", level, 2);  // both polynomials
    ++counts.linear_sums;
    return level - 1;
  }
  EvalModCounts counts;

 private:
  void step(const char* kernel, int level, int polys = 1) {
    const int n = polys * copies_;
    if (!steps_.empty() && steps_.back().kernel == kernel && steps_.back().level == level &&
        steps_.back().phase == phase_) {
      steps_.back().count += n;
    } else {
      steps_.push_back({.kernel = kernel, .level = level, .count = n, .phase = phase_});
    }
  }
  std::vector<CkksStep>& steps_;
  int copies_;
  std::string phase_;
};

}  // namespace

EvalModCounts append_eval_mod(std::vector<CkksStep>& steps, int level, int degree, int double_angle,
                              int copies, const std::string& phase) {
  // Named copies: clang before 16 does not capture structured bindings in a lambda.
  const auto degrees = ps_degrees(degree);
  const int k = degrees.k, m = degrees.m;
  Plan p(steps, copies, phase);
  // T_1 .. T_k: T_2i = 2 T_i^2 - 1, T_2i+1 = 2 T_i T_i+1 - T_1.
  std::vector<int> t(k + 1);
  t[1] = level;
  for (int i = 2; i <= k; ++i) {
    const bool odd = i % 2 == 1;
    t[i] = p.mult(t[i / 2], t[odd ? i / 2 + 1 : i / 2]);
    p.add(t[i], t[i]);
    if (odd) {
      p.add(t[i], t[1]);
    } else {
      p.add_const(t[i]);
    }
  }
  // T_{2^i k} by squarings, and T_{k (2^m - 1)} = 2 T_{k (2^(i) - 1)} T_{2^i k} - T_k.
  std::vector<int> t2(m);
  t2[0] = t[k];
  for (int i = 1; i < m; ++i) {
    t2[i] = p.mult(t2[i - 1], t2[i - 1]);
    p.add(t2[i], t2[i]);
    p.add_const(t2[i]);
  }
  int t2km1 = t2[0];
  for (int i = 1; i < m; ++i) {
    t2km1 = p.mult(t2km1, t2[i]);
    p.add(t2km1, t2km1);
    p.add(t2km1, t2[0]);
  }
  // The division tree: node(j) = (T_{2^(j-1) k} + c) q + s with q, s = node(j - 1) or leaves.
  const int base = t[k];
  const auto leaf = [&] {
    const int s = p.linear_sum(k - 1, base);
    p.add(s, base);  // + T_k (the monic top term)
    return p.add_const(s);
  };
  const auto node = [&](const auto& self, int j) -> int {
    const int c = p.add_const(p.linear_sum(k - 1, base));
    const int q = j > 2 ? self(self, j - 1) : leaf();
    const int s = j > 2 ? self(self, j - 1) : leaf();
    const int r = p.mult(p.add(t2[j - 1], c), q);
    return p.add(r, s);
  };
  int out = p.add(node(node, m), t2km1);  // - T_{k (2^m - 1)}
  // Double angle: cos(2x) = 2 cos(x)^2 - 1, scaled.
  for (int i = 0; i < double_angle; ++i) {
    out = p.mult(out, out);
    p.add(out, out);
    p.add_const(out);
  }
  EvalModCounts c = p.counts;
  c.depth = level - out;
  return c;
}

}  // namespace hesa
