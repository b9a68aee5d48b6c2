// Configuration of the inter-chip interconnect (ICI) of a slice: the chips on a grid of one to
// three dimensions, each dimension a ring (wraparound links) or a line, one link per neighbour and
// direction (the `ici` section of a slice file).
#pragma once

#include <array>
#include <cstdint>

namespace hesa {

inline constexpr int kIciMaxDims = 3;

struct IciConfig {
  std::array<int, kIciMaxDims> dims = {1, 1, 1};               // chips along x, y, z
  std::array<bool, kIciMaxDims> wrap = {false, false, false};  // wraparound link per dimension
  double link_gb_s = 100;     // one direction of one link, GB/s (bytes per ns)
  double hop_latency_ns = 0;  // per link crossed: router, serdes and wire
  double byte_pj = 0;         // energy.ici_byte_pj: one byte over one link
  int chips() const { return dims[0] * dims[1] * dims[2]; }
};

}  // namespace hesa
