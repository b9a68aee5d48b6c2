// Configuration of the DMA engines (the `dma` section of a chip file, and the DMA's keys of its
// `energy` section).
#pragma once

namespace hesa {

struct DmaConfig {
  int engines = 4;         // transfers in flight at once
  int setup_cycles = 0;    // descriptor processing per transfer
  int outstanding = 64;    // requests one engine keeps in flight (bounds gathers: Little's law)
  double pj_per_byte = 0;  // energy.dma_pj_per_byte
  double static_w = 0;     // energy.static_w.dma: every engine
};

}  // namespace hesa
