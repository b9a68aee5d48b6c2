// The closed-form HBM DRAM timing model and SRAM bank model (plain C++, no SystemC): peak and
// refresh on long streams, random accesses, isolated access latencies from the timing parameters,
// contention, channel conflicts of strided patterns, and host speed. Expected values come from the
// HBM configs built in code (tests/models/test_chips.hpp: fixed test values, not the shipped
// chips).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "models/hbm/hbm_cost.hpp"
#include "models/vmem/vmem_cost.hpp"
#include "tests/models/test_chips.hpp"

using namespace hesa;

namespace {

HbmPattern contiguous(uint64_t base, uint64_t bytes) {
  HbmPattern p;
  p.base = base;
  p.chunk_bytes = bytes;
  return p;
}

// Achieved fraction of peak of a transfer issued at time 0 on an idle memory.
double efficiency(const HbmConfig& cfg, const HbmPattern& p) {
  HbmTimingModel m(cfg);
  const double ns = m.transfer(0, p) - cfg.controller_ns;
  return double(p.bytes()) / ns / cfg.peak_gbps();
}

}  // namespace

TEST_CASE("a long sequential stream reaches >= 90% of peak, refresh its only big loss", "[hbm]") {
  const std::pair<const char*, HbmConfig> parts[] = {
      {"hbm2 x4", test::hbm2_x4()}, {"hbm2e x2", test::hbm2e_x2()}, {"hbm2e x4", test::hbm2e_x4()}};
  for (const auto& [name, cfg] : parts) {
    const double eff = efficiency(cfg, contiguous(0, 256ull << 20));
    INFO(name << " efficiency " << eff);
    CHECK(eff >= 0.9);
    CHECK(eff <= 1.0);
    // All-bank refresh takes tRFC of every tREFI; everything else is hidden in a long stream.
    const double refresh = 1.0 - double(cfg.timing.trfc) / cfg.timing.trefi;
    CHECK(eff == Approx(refresh).epsilon(0.01));
    // Writes stream as fast.
    HbmPattern w = contiguous(0, 256ull << 20);
    w.write = true;
    CHECK(efficiency(cfg, w) == Approx(eff).epsilon(0.01));
  }
}

TEST_CASE("random 64-byte accesses reach far less, as their row cycles predict", "[hbm]") {
  const HbmConfig cfg = test::hbm2e_x4();
  const DramTiming& t = cfg.timing;
  HbmPattern p;
  p.gather = true;
  p.chunk_bytes = 64;
  p.chunks = 1 << 20;
  p.span_bytes = 16ull << 30;
  const double eff = efficiency(cfg, p);
  const double seq = efficiency(cfg, contiguous(0, 256ull << 20));
  CHECK(eff < 0.7 * seq);
  // Each access opens a row: a bank is busy max(tRAS, tRCD + 2 bursts) + tRP, and the controller
  // queue finds banks * (1 - (1 - 1/banks)^queue) distinct banks to overlap; bursts and
  // activates alternate bank groups except 1 in bank_groups times.
  const double same = 1.0 / cfg.bank_groups;
  const double tccd = std::max((1 - same) * t.tccd_s + same * t.tccd_l, cfg.burst_length / 2.0);
  const double act = std::max((1 - same) * t.trrd_s + same * t.trrd_l, t.tfaw / 4.0);
  const double banks = cfg.banks;
  const double parallel = banks * (1 - std::pow(1 - 1 / banks, cfg.queue_depth));
  const double occupancy = std::max<double>(t.tras, t.trcd + 2 * tccd) + t.trp;
  const double per_access = std::max({2 * tccd, act, occupancy / parallel});
  const double ideal = 2 * cfg.burst_length / 2.0;  // two bursts at the full data rate
  const double refresh = 1.0 - double(t.trfc) / t.trefi;
  CHECK(eff == Approx(ideal / per_access * refresh).epsilon(0.02));
}

TEST_CASE("an isolated access costs tRCD + CL + burst, a row hit CL + burst, a conflict adds tRP",
          "[hbm]") {
  const HbmConfig cfg = test::hbm2_x4();
  const DramTiming& t = cfg.timing;
  const double tck = cfg.tck_ns(), half = cfg.burst_length / 2.0;
  HbmTimingModel m(cfg);
  const uint64_t bb = cfg.burst_bytes();
  // One burst to a closed bank.
  CHECK(m.transfer(0, contiguous(0, bb)) ==
        Approx(cfg.controller_ns + (t.trcd + t.cl + half) * tck).epsilon(1e-12));
  CHECK(isolated_access_ns(cfg, 1) == Approx(cfg.controller_ns + (t.trcd + t.cl + half) * tck));
  // The same row again, later: a row hit.
  const double t1 = 1000 * tck;
  CHECK(m.transfer(t1, contiguous(bb, bb)) - t1 ==
        Approx(cfg.controller_ns + (t.cl + half) * tck).epsilon(1e-12));
  // Another row of the same bank and pseudo-channel: precharge first.
  const uint64_t same_bank_next_row =
      uint64_t(cfg.pseudo_channels_total()) * cfg.row_bytes * cfg.banks;
  const double t2 = 2000 * tck;
  CHECK(m.transfer(t2, contiguous(same_bank_next_row, bb)) - t2 ==
        Approx(cfg.controller_ns + (t.trp + t.trcd + t.cl + half) * tck).epsilon(1e-12));
  // A write of one burst uses the write latency.
  HbmTimingModel fresh(cfg);
  HbmPattern w = contiguous(0, bb);
  w.write = true;
  CHECK(fresh.transfer(0, w) ==
        Approx(cfg.controller_ns + (t.trcd + t.cwl + half) * tck).epsilon(1e-12));
  CHECK(m.totals().activations == 2);  // the hit needed none
}

TEST_CASE("an access that meets a refresh waits tRFC", "[hbm]") {
  const HbmConfig cfg = test::hbm2e_x4();
  const DramTiming& t = cfg.timing;
  HbmTimingModel m(cfg);
  const double start = (t.trefi - 5) * cfg.tck_ns();  // the refresh comes during tRCD
  const double end = m.transfer(start, contiguous(0, cfg.burst_bytes()));
  CHECK(end - start == Approx(isolated_access_ns(cfg, 1) + t.trfc * cfg.tck_ns()).epsilon(1e-12));
  CHECK(m.totals().refreshes == 1);
}

TEST_CASE("concurrent transfers contend for the pseudo-channels", "[hbm]") {
  const HbmConfig cfg = test::hbm2e_x4();
  HbmTimingModel m(cfg);
  const uint64_t bytes = 32ull << 20;
  const double first = m.transfer(0, contiguous(0, bytes));
  const double second = m.transfer(0, contiguous(bytes, bytes));
  const double alone = first - cfg.controller_ns;
  CHECK(second - cfg.controller_ns == Approx(2 * alone).epsilon(0.02));
}

TEST_CASE("a stride that maps every chunk to one pseudo-channel is that many times slower",
          "[hbm]") {
  const HbmConfig cfg = test::hbm2e_x4();
  const uint64_t P = cfg.pseudo_channels_total(), I = cfg.interleave_bytes;
  HbmPattern spread;  // one interleave block every two: half the pseudo-channels
  spread.chunk_bytes = I;
  spread.chunks = 1 << 14;
  spread.stride_bytes = 2 * I;
  HbmPattern hot = spread;  // every chunk on the same pseudo-channel
  hot.stride_bytes = P * I;
  const double e_spread = efficiency(cfg, spread), e_hot = efficiency(cfg, hot);
  CHECK(e_spread > 0.4);
  CHECK(e_spread < 0.5);  // half the channels idle
  // One channel of P carries everything (and opens a row every row_bytes / I chunks).
  CHECK(e_hot < 1.0 / double(P));
  CHECK(e_hot > 0.5 / double(P));
}

TEST_CASE("HBM timing costs O(channels) per transfer: 150 MB in many transfers is fast",
          "[hbm][speed]") {
  const HbmConfig cfg = test::hbm2e_x4();
  const uint64_t bytes = 256 << 10;  // one limb of N = 2^16 u32
  const int transfers = 600;         // ~150 MB, the traffic of a 2^16-point, 51-limb NTT
  double best_s = 1e9;
  for (int rep = 0; rep < 3; ++rep) {  // best of 3: the machine is shared
    HbmTimingModel m(cfg);
    const auto t0 = std::chrono::steady_clock::now();
    double now = 0;
    for (int i = 0; i < transfers; ++i) now = m.transfer(now, contiguous(i * bytes, bytes));
    best_s = std::min(best_s,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    CHECK(m.totals().bytes == transfers * bytes);
  }
  CHECK(best_s < 0.05);  // ~1-2 ms on this machine (bench/hbm_bench.cpp); loose bound
}

TEST_CASE("SRAM banks: strides that revisit few banks get that share of a port", "[vmem]") {
  SramConfig s;
  s.banks = 128;
  s.bank_bytes = 32;
  CHECK(sram_efficiency(s, DmaAccess{}) == 1.0);
  // Whole words at a stride of one word: every bank, full rate.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kStrided, 32, 32, 100}) == 1.0);
  // One word every two: 64 of 128 banks.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kStrided, 32, 64, 100}) == 0.5);
  // A stride of banks x bank_bytes hits one bank.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kStrided, 32, 128 * 32, 100}) == 1.0 / 128);
  // Half a word used: half the rate, on top of the banks reached.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kStrided, 16, 32, 100}) == 0.5);
  // Random one-word chunks: the expected share of distinct banks, 1 - (1 - 1/banks)^banks.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kGather, 32, 0, 100}) ==
        Approx(1 - std::pow(1 - 1.0 / 128, 128)));
  // Chunks of a whole bank round sweep every bank.
  CHECK(sram_efficiency(s, DmaAccess{AccessKind::kGather, 128 * 32, 0, 100}) == 1.0);
}
