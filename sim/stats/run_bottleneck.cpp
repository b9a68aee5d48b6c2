#include "sim/stats/run_bottleneck.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <span>
#include <utility>

#include "trace/trace_tags.hpp"
#include "workloads/kernels/cross_categories.hpp"

namespace hesa {

namespace {

constexpr const char* kPathUnitNames[kPathUnits] = {"mxu", "vpu", "xlu", "dma", "hbm", "ici"};

// The unit an executed instruction charges.
int path_unit(UnitKind unit, const InstrSpan& s) {
  switch (unit) {
    case UnitKind::kMxu:
      return 0;
    case UnitKind::kVpu:
      return 1;
    case UnitKind::kXlu:
      return 2;
    case UnitKind::kDma:
      return s.hbm_last ? 4 : 3;
    case UnitKind::kIci:
      return kPathIci;
  }
  return 3;
}

class PathWalker {
 public:
  PathWalker(const Trace& trace, const SpanTable& spans) : trace_(trace), s_(spans) {
    // The instruction before each one on its track (unit instance), by start time (ties: by
    // index). Each track's instructions are gathered in index order and put in start order.
    std::vector<std::vector<uint32_t>> tracks;
    for (uint32_t i = 0; i < s_.size() && i < trace.instrs.size(); ++i) {
      if (!ran(i)) continue;
      if (size_t(s_[i].track) >= tracks.size()) tracks.resize(size_t(s_[i].track) + 1);
      tracks[size_t(s_[i].track)].push_back(i);
    }
    const auto by_start = [&](uint32_t a, uint32_t b) {
      return s_.start_ns(a) != s_.start_ns(b) ? s_.start_ns(a) < s_.start_ns(b) : a < b;
    };
    prev_.assign(s_.size(), -1);
    for (auto& order : tracks) {
      // Nearly sorted (the look-ahead window reorders a few neighbours): insertion sort while
      // it moves little, else a full sort.
      size_t moves = 0;
      const size_t budget = 8 * order.size() + 64;
      for (size_t k = 1; k < order.size() && moves <= budget; ++k) {
        const uint32_t x = order[k];
        size_t at = k;
        for (; at > 0 && by_start(x, order[at - 1]) && moves <= budget; --at, ++moves) {
          order[at] = order[at - 1];
        }
        order[at] = x;
      }
      if (moves > budget) std::sort(order.begin(), order.end(), by_start);
      for (size_t k = 1; k < order.size(); ++k) prev_[order[k]] = int(order[k - 1]);
      std::vector<uint32_t>().swap(order);
    }
  }

  // Remembers each member's position (members sorted by end, then index); a walk needs it.
  // Instructions belong to one kernel at most, so one table serves every kernel's walk.
  void index(std::span<const uint32_t> members) {
    if (pos_.size() != s_.size()) pos_.assign(s_.size(), 0);
    for (size_t k = 0; k < members.size(); ++k) pos_[members[k]] = uint32_t(k);
  }

  // Frees the position table (made again by the next index()): the peak of a long run's
  // statistics stays low while the kernels' members are gathered.
  void forget_positions() { std::vector<uint32_t>().swap(pos_); }

  bool ran(uint32_t i) const { return i < s_.size() && s_[i].track >= 0; }

  // Walks back through the instructions `in_scope` accepts; `members` are they, sorted by end.
  // from_zero: the time before the path's first instruction is waiting (a run starts at 0).
  template <class InScope>
  Bottleneck walk(std::span<const uint32_t> members, InScope in_scope, double span_ns,
                  bool from_zero) const {
    Bottleneck b;
    b.span_ns = span_ns;
    if (members.empty()) return b;
    size_t pos = members.size() - 1;  // position in `members` of the current instruction
    uint32_t cur = members[pos];
    // Where the path charged so far begins: an instruction that ended within SystemC's time
    // quantum after its successor started charges only up to that start, so the charges never
    // overlap and add up to at most the elapsed time.
    double frontier = s_.end_ns(cur);
    for (size_t steps = 0; steps <= members.size(); ++steps) {
      const InstrSpan c = s_[cur];
      b.path_ns[path_unit(trace_.instrs.unit(cur), c)] +=
          std::max(0.0, std::min(c.end_ns, frontier) - c.start_ns);
      frontier = std::min(frontier, c.start_ns);
      // What released it: the latest-ending dependency or unit predecessor ending by its start.
      int best = -1;
      const auto consider = [&](int j) {
        if (j < 0 || !ran(j) || s_.end_ns(j) > c.start_ns + kTimeQuantumNs) return;
        if (best < 0 || s_.end_ns(j) > s_.end_ns(best)) best = j;
      };
      for (uint32_t d : trace_.instrs.deps(cur)) consider(static_cast<int>(d));
      consider(prev_[cur]);
      if (best >= 0 && in_scope(best) && s_.end_ns(best) >= c.start_ns - kTimeQuantumNs) {
        cur = static_cast<uint32_t>(best);
        pos = pos_[cur];
        continue;
      }
      // Released by something out of scope, or by nothing on record: the scope's latest
      // instruction that ended by then, the gap waiting.
      const size_t before = latest_ending_by(members, pos, c.start_ns);
      if (before == members.size()) {
        if (from_zero) b.wait_ns += std::max(0.0, frontier);
        break;
      }
      b.wait_ns += std::max(0.0, frontier - s_.end_ns(members[before]));
      pos = before;
      cur = members[pos];
    }
    rank(b);
    return b;
  }

 private:
  // The member before position `pos` with the latest end at or before t (members.size(): none).
  size_t latest_ending_by(std::span<const uint32_t> members, size_t pos, double t) const {
    size_t hi = std::upper_bound(members.begin(), members.begin() + pos, t + kTimeQuantumNs,
                                 [&](double v, uint32_t i) { return v < s_.end_ns(i); }) -
                members.begin();
    return hi == 0 ? members.size() : hi - 1;
  }
  static void rank(Bottleneck& b) {
    for (int u = 0; u < kPathUnits; ++u) {
      if (!(b.path_ns[u] > 0)) continue;
      if (b.unit < 0 || b.path_ns[u] > b.path_ns[b.unit]) {
        b.next = b.unit;
        b.unit = u;
      } else if (b.next < 0 || b.path_ns[u] > b.path_ns[b.next]) {
        b.next = u;
      }
    }
  }

  const Trace& trace_;
  const SpanTable& s_;
  std::vector<int> prev_;
  std::vector<uint32_t> pos_;  // position of each instruction in the members of its walk
};

}  // namespace

const char* path_unit_name(int unit) {
  return unit >= 0 && unit < kPathUnits ? kPathUnitNames[unit] : "none";
}

namespace {

// The walks of find_bottlenecks: the run's (with `whole`) and each group's, a tag's group named
// by key(tag).
Bottlenecks walk_groups(const Trace& trace, const SpanTable& spans, double time_ns,
                        const std::vector<std::string>& kernels,
                        const std::vector<double>& active_ns,
                        const std::function<std::string(const std::string&)>& key, bool whole) {
  PathWalker walker(trace, spans);
  std::vector<int> kernel_of_tag;
  for (const std::string& tag : trace.tags) {
    const auto it = std::find(kernels.begin(), kernels.end(), key(tag));
    kernel_of_tag.push_back(it == kernels.end() ? -1 : static_cast<int>(it - kernels.begin()));
  }
  // Every instruction that ran, by end, then index (no copies of the keys: the memory of a
  // ten-million-instruction run stays bounded); a kernel's members are filtered from it in order.
  std::vector<uint32_t> all;
  size_t ran = 0;
  for (uint32_t i = 0; i < trace.instrs.size(); ++i) ran += walker.ran(i) ? 1 : 0;
  all.reserve(ran);
  for (uint32_t i = 0; i < trace.instrs.size(); ++i) {
    if (walker.ran(i)) all.push_back(i);
  }
  std::sort(all.begin(), all.end(), [&](uint32_t a, uint32_t b) {
    return spans.end_ns(a) != spans.end_ns(b) ? spans.end_ns(a) < spans.end_ns(b) : a < b;
  });
  Bottlenecks out;
  if (whole) {
    walker.index(all);
    out.run = walker.walk(
        all, [](int) { return true; }, time_ns, true);
    walker.forget_positions();
  }
  // Each kernel's members, in the order of `all`, side by side in one table (a counting sort by
  // kernel): first[k] .. first[k + 1].
  std::vector<uint32_t> first(kernels.size() + 1, 0);
  for (uint32_t i : all) {
    const int k = kernel_of_tag[trace.instrs.tag(i)];
    if (k >= 0) ++first[size_t(k) + 1];
  }
  for (size_t k = 0; k < kernels.size(); ++k) first[k + 1] += first[k];
  std::vector<uint32_t> grouped(first.back());
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (uint32_t i : all) {
      const int k = kernel_of_tag[trace.instrs.tag(i)];
      if (k >= 0) grouped[next[size_t(k)]++] = i;
    }
  }
  std::vector<uint32_t>().swap(all);
  for (size_t k = 0; k < kernels.size(); ++k) {
    const int kernel = static_cast<int>(k);
    const std::span<const uint32_t> members(grouped.data() + first[k], first[k + 1] - first[k]);
    if (members.empty()) continue;
    walker.index(members);
    out.kernels.emplace_back(
        kernels[k],
        walker.walk(
            members, [&](int i) { return kernel_of_tag[trace.instrs.tag(size_t(i))] == kernel; },
            k < active_ns.size() ? active_ns[k] : 0, false));
  }
  return out;
}

}  // namespace

Bottlenecks find_bottlenecks(const Trace& trace, const SpanTable& spans, double time_ns,
                             const std::vector<std::string>& kernels,
                             const std::vector<double>& active_ns) {
  return walk_groups(
      trace, spans, time_ns, kernels, active_ns,
      [](const std::string& tag) { return std::string(kernel_of(tag)); }, true);
}

Bottlenecks find_phase_bottlenecks(const Trace& trace, const SpanTable& spans,
                                   const std::vector<std::string>& phases,
                                   const std::vector<double>& active_ns) {
  return walk_groups(
      trace, spans, 0, phases, active_ns,
      [](const std::string& tag) { return std::string(split_tag(tag).phase); }, false);
}

std::string describe_bottleneck(const Bottleneck& b, const std::string& of) {
  if (b.unit < 0) return "none (nothing ran)";
  const auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  std::string out =
      fmt::format("{}, {:.0f} % of {}", upper(path_unit_name(b.unit)), 100 * b.share(b.unit), of);
  if (b.next >= 0) {
    out +=
        fmt::format(" ({} next, {:.0f} %)", upper(path_unit_name(b.next)), 100 * b.share(b.next));
  }
  return out;
}

}  // namespace hesa
