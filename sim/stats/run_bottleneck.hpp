// The unit that bounds a run, and each kernel of it, found on the critical path. Walking back from
// the instruction that ends last, each instruction is preceded by what released it: the
// dependency that finished last when it started right then, or else the instruction before it on
// its own unit (the unit was busy). Each instruction on the path charges its time to its unit, a
// DMA transfer to the HBM when its HBM side finished last (else to the DMA engine); time on the
// path that no instruction covers (the start, the issue window) is waiting. The bottleneck is the
// unit with the most time on the path, given with its share of the elapsed time; "next" is the
// runner-up. For a kernel the walk stays within its instructions: when what released one belongs
// to another kernel, it goes on from the kernel's latest instruction that ended before, the gap
// counted as waiting, and shares are of the kernel's active time (docs/models.md, Bottleneck).
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "models/common/timeline.hpp"
#include "trace/trace.hpp"

namespace hesa {

inline constexpr int kPathUnits = 6;  // mxu, vpu, xlu, dma, hbm, ici
inline constexpr int kPathIci = 5;

// The definition, as stats.json states it next to the names.
inline constexpr const char* kBottleneckDefinition =
    "the unit with the most time on the critical path (walking back from the last instruction "
    "to what released each: the dependency that ended last, or the previous instruction on its "
    "unit); a DMA transfer counts as hbm when its HBM side finished last; share: of the elapsed "
    "time (run) or of the kernel's active time; docs/models.md, Bottleneck";
const char* path_unit_name(int unit);

struct Bottleneck {
  std::array<double, kPathUnits> path_ns{};  // time on the critical path per unit
  double wait_ns = 0;                        // on the path, no instruction running
  double span_ns = 0;                        // elapsed (run) or active (kernel) time
  int unit = -1, next = -1;                  // the most and second most charged; -1: none
  // At most 1: the path's charges never overlap (the clamp takes off float rounding between the
  // spans' ends and the span, 1e-9 relative).
  double share(int u) const {
    return u >= 0 && span_ns > 0 ? std::min(1.0, path_ns[u] / span_ns) : 0;
  }
};

struct Bottlenecks {
  Bottleneck run;
  std::vector<std::pair<std::string, Bottleneck>> kernels;  // in order of first appearance
  std::vector<std::pair<std::string, Bottleneck>> phases;   // (find_bottlenecks with phases)
};

// spans: per instruction of `trace`, when and on which track it ran (Timeline::spans());
// active_ns(k): the active time of kernels[k] (the union of its busy intervals).
Bottlenecks find_bottlenecks(const Trace& trace, const SpanTable& spans, double time_ns,
                             const std::vector<std::string>& kernels,
                             const std::vector<double>& active_ns);
// The same per phase of the program (the tags' phases) instead of per kernel: in `kernels` of the
// result, which has no `run`.
Bottlenecks find_phase_bottlenecks(const Trace& trace, const SpanTable& spans,
                                   const std::vector<std::string>& phases,
                                   const std::vector<double>& active_ns);

// "VPU, 74 % of elapsed (HBM next, 12 %)"; of = "elapsed" or "active time".
std::string describe_bottleneck(const Bottleneck& b, const std::string& of);

}  // namespace hesa
