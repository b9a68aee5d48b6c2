// Traces side by side: a part appended to a trace as another chip's program (a slice sharded by
// batch: each chip lowers its own batch items, independent of the others). The part's buffers,
// constants, tags and instructions follow the trace's, its instructions moved to TensorCores
// core_offset + their core, its batch items renumbered from item_offset. Plain C++.
#pragma once

#include "trace/trace.hpp"

namespace hesa {

void append_trace(Trace& into, const Trace& part, int core_offset, int item_offset);

}  // namespace hesa
