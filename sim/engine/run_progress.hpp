// Runs the SystemC simulation to its end. With `show`, runs it in slices of simulated time and
// redraws one progress line on stderr (share of instructions completed, ETA) at most every half
// second; the simulation's results do not depend on it.
#pragma once

#include <cstdint>

#include "models/sequencer/sequencer_module.hpp"

namespace hesa {

void simulate_to_end(const Sequencer& sequencer, uint64_t instructions, bool show);

}  // namespace hesa
