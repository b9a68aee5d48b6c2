// Which operation a DMA transfer serves, as a TPU profile counts it: XLA streams an operation's
// operands from HBM and its result back inside the operation, so a profile (and CROSS's
// categorizer) files that traffic under the operation's own name. The pass renames each load
// "<kernel>/load" (or load_constants) to "<k>/<s>.load" where k/s is the tag of the first
// computation reading what it loaded, and each store "<kernel>/store" to "<k>/<s>.store" where k/s
// is the tag of the last computation writing what it stores (a fused expression may span kernels:
// the transfer goes with the computation). So the category of a transfer is that of the
// computation it feeds or drains. A transfer that only moves data (a load whose reader is a
// store) keeps its name: a copy.
#pragma once

#include "trace/trace.hpp"

namespace hesa {

void attribute_transfers(Trace& trace);

}  // namespace hesa
