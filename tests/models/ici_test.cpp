// The ICI of a slice: the grid's links, dimension-order routing the shorter way round a ring, the
// ring order, the closed-form transfer time with contention per link, ring collectives timed
// against their closed forms, and the schema's refusals.
#include <catch2/catch.hpp>

#include <set>

#include "config/config_error.hpp"
#include "config/yaml_tree.hpp"
#include "models/ici/ici_collectives.hpp"
#include "models/ici/ici_schema.hpp"

using namespace hesa;

namespace {

IciConfig grid(int x, int y, int z, bool wrap) {
  IciConfig c;
  c.dims = {x, y, z};
  c.wrap = {wrap, wrap, wrap};
  c.link_gb_s = 100;        // 100 bytes per ns
  c.hop_latency_ns = 1000;  // 1 us a hop
  return c;
}

}  // namespace

TEST_CASE("ICI links: one per neighbour and direction, wraparound where asked", "[ici]") {
  CHECK(IciTopology(grid(8, 1, 1, true)).links() == 16);   // a ring of 8
  CHECK(IciTopology(grid(8, 1, 1, false)).links() == 14);  // a line of 8
  CHECK(IciTopology(grid(2, 4, 1, true)).links() == 32);   // 2D torus: 4 ports a chip
  CHECK(IciTopology(grid(2, 4, 1, false)).links() == 20);  // 2 x 4 mesh: 10 edges, both ways
  CHECK(IciTopology(grid(2, 2, 2, true)).links() == 48);   // 3D torus: 6 ports a chip
  CHECK(IciTopology(grid(1, 1, 1, true)).links() == 0);
  const IciTopology t(grid(4, 2, 1, false));
  for (int l = 0; l < t.links(); ++l) {
    const auto a = t.coords(t.link_src(l)), b = t.coords(t.link_dst(l));
    CHECK(std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) == 1);
  }
}

TEST_CASE("ICI routes: x then y then z, the shorter way round a ring", "[ici]") {
  const IciTopology ring(grid(8, 1, 1, true));
  CHECK(ring.route(0, 3).size() == 3);
  CHECK(ring.route(0, 6).size() == 2);  // round the back
  CHECK(ring.route(6, 0).size() == 2);
  CHECK(ring.route(0, 4).size() == 4);  // a tie: the positive way
  CHECK(ring.link_dst(ring.route(0, 4)[0]) == 1);
  CHECK(ring.link_dst(ring.route(0, 6)[0]) == 7);
  const IciTopology line(grid(8, 1, 1, false));
  CHECK(line.route(0, 6).size() == 6);  // no wraparound
  const IciTopology torus(grid(4, 4, 1, true));
  const std::vector<int> r = torus.route(torus.chip_at({0, 0, 0}), torus.chip_at({3, 2, 0}));
  REQUIRE(r.size() == 3);  // x: one hop back round; y: two hops
  CHECK(torus.coords(torus.link_dst(r[0])) == std::array<int, 3>{3, 0, 0});
  CHECK(torus.coords(torus.link_dst(r[2])) == std::array<int, 3>{3, 2, 0});
  CHECK(torus.route(5, 5).empty());
}

TEST_CASE("ICI ring order: every chip once, neighbours where the grid has a cycle", "[ici]") {
  for (const IciConfig& c : {grid(8, 1, 1, true), grid(2, 4, 1, false), grid(4, 4, 1, false),
                             grid(3, 4, 1, false), grid(2, 2, 2, false), grid(3, 3, 1, true)}) {
    const IciTopology t(c);
    const std::vector<int> order = t.ring_order();
    CHECK(std::set<int>(order.begin(), order.end()).size() == size_t(t.chips()));
    CHECK(order.size() == size_t(t.chips()));
    size_t far = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      if (t.route(order[i], order[(i + 1) % order.size()]).size() > 1) ++far;
    }
    // A ring, a grid with an even side or an even-sided cube: a cycle of neighbours. 3 x 3 (odd
    // both ways) is a snake closed over two links.
    CHECK(far == (t.chips() == 9 ? 1u : 0u));
  }
}

TEST_CASE("ICI transfers: hops x latency + bytes / bandwidth, links shared one at a time",
          "[ici]") {
  const IciConfig c = grid(8, 1, 1, false);
  const IciTopology t(c);
  IciLinks links(c, t);
  CHECK(links.transfer(0, 0, 3, 100000) == Approx(3 * 1000 + 1000));
  // The same links again: waits for them (the first link frees at 1000 ns, the third at 3000).
  CHECK(links.transfer(0, 0, 3, 100000) == Approx(1000 + 3 * 1000 + 1000));
  // The opposite direction uses other links: no wait.
  CHECK(links.transfer(0, 3, 0, 100000) == Approx(4000));
  CHECK(links.totals()[size_t(t.link(0, 0, +1))].bytes == 200000);
  CHECK(links.bytes() == 9 * 100000);
  CHECK(links.transfer(5, 2, 2, 100) == 5);  // to itself: nothing moves
}

TEST_CASE("ICI collectives: ring all-gather and reduce-scatter in closed form", "[ici]") {
  for (const IciConfig& c : {grid(8, 1, 1, true), grid(2, 4, 1, false), grid(2, 2, 2, true)}) {
    const IciTopology t(c);
    const int n = t.chips();
    const uint64_t s = 1 << 20;
    IciLinks a(c, t);
    // Every step moves one chunk over a link of its own: n - 1 steps of one hop each.
    const double step = c.hop_latency_ns + double(s) / c.link_gb_s;
    CHECK(run_steps(a, 0, all_gather_steps(t, s)) == Approx((n - 1) * step));
    CHECK(a.bytes() == uint64_t(n) * (n - 1) * s);
    IciLinks r(c, t);
    const double chunk_step = c.hop_latency_ns + double(s / n) / c.link_gb_s;
    CHECK(run_steps(r, 0, reduce_scatter_steps(t, s)) == Approx((n - 1) * chunk_step));
    CHECK(r.bytes() == uint64_t(n - 1) * s);
  }
  // All-to-all on a ring of 4: every chip's three shares, the far one over two links.
  const IciConfig c = grid(4, 1, 1, true);
  const IciTopology t(c);
  IciLinks links(c, t);
  const double end = run_steps(links, 0, all_to_all_steps(t, 100000));
  CHECK(links.bytes() == 4 * (1 + 1 + 2) * 100000);
  CHECK(end >= 2 * 1000 + 2 * 1000);  // some link carries two shares
}

TEST_CASE("the ici section is read strictly", "[ici][config]") {
  const auto read = [](const std::string& yaml) {
    const Node root = load_yaml_text(yaml, "slice.yaml");
    IciConfig c;
    read_ici(ConfigReader(root, "ici", ici_keys()), c);
    return c;
  };
  const IciConfig c = read(
      "dims: [2, 4]\nwraparound: [false, true]\nlink_gb_s: 100\n"
      "hop_latency_ns: 500\n");
  CHECK(c.chips() == 8);
  CHECK(c.wrap[1]);
  CHECK_FALSE(c.wrap[0]);
  const auto error = [&](const std::string& yaml) {
    try {
      read(yaml);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("dims: [2, 2, 2, 2]\nlink_gb_s: 1\nhop_latency_ns: 0\n")
            .find("ici.dims: expected 1 to 3 chip counts") != std::string::npos);
  CHECK(error("dims: [2, 4]\nwraparound: [true]\nlink_gb_s: 1\nhop_latency_ns: 0\n")
            .find("ici.wraparound: expected one flag per dimension (2), got 1") !=
        std::string::npos);
  CHECK(error("dims: [64, 64, 2]\nlink_gb_s: 1\nhop_latency_ns: 0\n").find("at most 4096") !=
        std::string::npos);
  CHECK(error("dims: [2]\nlink_gb_s: 0\nhop_latency_ns: 0\n").find("ici.link_gb_s") !=
        std::string::npos);
  CHECK(error("dims: [2]\nlink_gb_s: 1\nhop_latency_ns: 0\nports: 4\n").find("ports") !=
        std::string::npos);
}
