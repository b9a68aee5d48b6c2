// The chips of a slice on their grid, the directed links between neighbours, and the route a
// transfer takes: dimension-order routing (x, then y, then z), along each dimension the shorter
// way round a ring (ties the positive way), as a torus routes. Plain C++.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/ici/ici_config.hpp"

namespace hesa {

class IciTopology {
 public:
  explicit IciTopology(const IciConfig& cfg);
  int chips() const { return chips_; }
  // Directed links: one per chip, dimension of size > 1 and direction (+1, -1) whose neighbour
  // exists; ids 0 .. links() - 1.
  int links() const { return static_cast<int>(link_src_.size()); }
  std::array<int, kIciMaxDims> coords(int chip) const;
  int chip_at(const std::array<int, kIciMaxDims>& c) const;
  // The link leaving `chip` along `dim` in direction `dir` (+1 or -1), or -1 where there is none.
  int link(int chip, int dim, int dir) const;
  int link_src(int link) const { return link_src_[size_t(link)]; }
  int link_dst(int link) const { return link_dst_[size_t(link)]; }
  // The links a transfer from src to dst crosses, in order (empty when src == dst).
  std::vector<int> route(int src, int dst) const;
  // The chips in the order of a ring over the slice: a cycle of neighbours for a ring and for a
  // grid with an even x or y (each z-plane a cycle, planes joined where z has an even count or
  // wraps), else a snake whose closing step may cross several links.
  std::vector<int> ring_order() const;

 private:
  IciConfig cfg_;
  int chips_;
  std::vector<int> link_src_, link_dst_;
  std::vector<int> link_id_;  // (chip, dim, dir) -> link or -1
};

}  // namespace hesa
