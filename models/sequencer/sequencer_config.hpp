// Configuration of the sequencer (the `sequencer` section of a chip file).
#pragma once

namespace hesa {

struct SequencerConfig {
  int issue_window = 16;  // instructions of a unit class it looks ahead to issue
};

}  // namespace hesa
