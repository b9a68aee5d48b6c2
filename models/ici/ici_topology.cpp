#include "models/ici/ici_topology.hpp"

#include <stdexcept>

namespace hesa {

namespace {

int slot(int chip, int dim, int dir) {
  return (chip * kIciMaxDims + dim) * 2 + (dir > 0 ? 0 : 1);
}

}  // namespace

IciTopology::IciTopology(const IciConfig& cfg) : cfg_(cfg), chips_(cfg.chips()) {
  if (chips_ < 1) throw std::invalid_argument("a slice needs at least one chip");
  link_id_.assign(size_t(chips_) * kIciMaxDims * 2, -1);
  for (int chip = 0; chip < chips_; ++chip) {
    const auto c = coords(chip);
    for (int d = 0; d < kIciMaxDims; ++d) {
      if (cfg_.dims[d] < 2) continue;
      for (int dir : {+1, -1}) {
        int n = c[d] + dir;
        if (n < 0 || n >= cfg_.dims[d]) {
          if (!cfg_.wrap[d]) continue;
          n = (n + cfg_.dims[d]) % cfg_.dims[d];
        }
        auto nc = c;
        nc[d] = n;
        link_id_[size_t(slot(chip, d, dir))] = static_cast<int>(link_src_.size());
        link_src_.push_back(chip);
        link_dst_.push_back(chip_at(nc));
      }
    }
  }
}

std::array<int, kIciMaxDims> IciTopology::coords(int chip) const {
  return {chip % cfg_.dims[0], chip / cfg_.dims[0] % cfg_.dims[1],
          chip / (cfg_.dims[0] * cfg_.dims[1])};
}

int IciTopology::chip_at(const std::array<int, kIciMaxDims>& c) const {
  return c[0] + cfg_.dims[0] * (c[1] + cfg_.dims[1] * c[2]);
}

int IciTopology::link(int chip, int dim, int dir) const {
  return link_id_[size_t(slot(chip, dim, dir))];
}

std::vector<int> IciTopology::route(int src, int dst) const {
  std::vector<int> links;
  auto at = coords(src);
  const auto to = coords(dst);
  for (int d = 0; d < kIciMaxDims; ++d) {
    const int n = cfg_.dims[d];
    if (at[d] == to[d]) continue;
    int dir, steps;
    if (!cfg_.wrap[d]) {
      dir = to[d] > at[d] ? +1 : -1;
      steps = dir > 0 ? to[d] - at[d] : at[d] - to[d];
    } else {
      const int up = ((to[d] - at[d]) % n + n) % n;  // steps the positive way round
      dir = up <= n - up ? +1 : -1;                  // the shorter way, ties positive
      steps = dir > 0 ? up : n - up;
    }
    for (int s = 0; s < steps; ++s) {
      const int chip = chip_at(at);
      links.push_back(link(chip, d, dir));
      at[d] = ((at[d] + dir) % n + n) % n;
    }
  }
  return links;
}

std::vector<int> IciTopology::ring_order() const {
  std::vector<int> order;
  const int X = cfg_.dims[0], Y = cfg_.dims[1], Z = cfg_.dims[2];
  // Each z-plane as a cycle when it has an even dimension (x even: up column 0 of y >= 1, down
  // column 1, ..., then back along y = 0), planes joined in alternating direction.
  std::vector<std::array<int, 2>> plane;
  if (Y >= 2 && X % 2 == 0) {
    for (int x = 0; x < X; ++x) {
      for (int k = 1; k < Y; ++k) plane.push_back({x, x % 2 == 0 ? k : Y - k});
    }
    for (int x = X - 1; x >= 0; --x) plane.push_back({x, 0});
  } else if (X >= 2 && Y % 2 == 0) {  // the same with x and y swapped
    for (int y = 0; y < Y; ++y) {
      for (int k = 1; k < X; ++k) plane.push_back({y % 2 == 0 ? k : X - k, y});
    }
    for (int y = Y - 1; y >= 0; --y) plane.push_back({0, y});
  } else {
    for (int y = 0; y < Y; ++y) {
      for (int k = 0; k < X; ++k) plane.push_back({y % 2 == 0 ? k : X - 1 - k, y});
    }
  }
  for (int z = 0; z < Z; ++z) {
    for (size_t i = 0; i < plane.size(); ++i) {
      const auto& p = plane[z % 2 == 0 ? i : plane.size() - 1 - i];
      order.push_back(chip_at({p[0], p[1], z}));
    }
  }
  return order;
}

}  // namespace hesa
