// HBM DRAM timing in closed form, one call per transfer (never per burst). Pseudo-channels of all
// stacks, each with banks holding an open row (open-page policy); the access pattern is split over
// pseudo-channels by the address interleaving, and each pseudo-channel's row visits and bursts are
// timed with tRCD/tRP/tRAS/tRC/tFAW/tRRD/tCCD/CL and all-bank refresh (tREFI/tRFC). Per
// pseudo-channel state (free time, open rows) makes concurrent transfers contend. Plain C++.
//
// Address map (byte address a): block = a / interleave; pseudo-channel = block % P;
// local = (block / P) * interleave + a % interleave; page = local / row_bytes;
// bank = page % banks (so consecutive pages rotate over banks and bank groups); row = page / banks.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/block_report.hpp"
#include "models/hbm/hbm_config.hpp"

namespace hesa {

// What one transfer touches in HBM: `chunks` runs of `chunk_bytes`, either `stride_bytes` apart
// from `base` (contiguous when stride == chunk or chunks == 1), or, for a gather, at uniformly
// random places of the region [base, base + span_bytes).
struct HbmPattern {
  uint64_t base = 0;
  uint64_t chunk_bytes = 0;
  uint64_t chunks = 1;
  uint64_t stride_bytes = 0;
  bool gather = false;
  uint64_t span_bytes = 0;
  bool write = false;
  uint64_t bytes() const { return chunk_bytes * chunks; }
};

// What one pseudo-channel does for a transfer (statistics of the pattern, not a list).
struct ChannelWork {
  double bursts = 0;       // column accesses of burst_bytes
  double activations = 0;  // row visits that open a row (the first one may hit an open row)
  bool rotating = true;    // visits walk the banks in order (sequential, strided) or at random
};

// Cycle counts of a pseudo-channel's work once its first access has started (see hbm_cost.cpp).
struct ChannelTime {
  double data, activate, bank, body;  // tCK
};
ChannelTime channel_time(const HbmConfig& cfg, const ChannelWork& work);

// Latency of one isolated access of `bursts` bursts to a bank with no open row:
// controller + (tRCD + CL + (bursts - 1) * tCCD_L + BL/beats) tCK (BL/beats: BL/2 on HBM2).
double isolated_access_ns(const HbmConfig& cfg, int bursts, bool write = false);

struct HbmTotals {
  uint64_t bytes = 0;
  uint64_t transfers = 0;
  double bursts = 0;
  double activations = 0;
  uint64_t refreshes = 0;
};

class HbmTimingModel {
 public:
  explicit HbmTimingModel(const HbmConfig& cfg);
  // A transfer issued at now_ns; returns the time its last byte has arrived (ns).
  double transfer(double now_ns, const HbmPattern& pattern);
  const HbmTotals& totals() const { return totals_; }

 private:
  struct Channel {
    double free_tck = 0;
  };
  // x / d and x % d by a shift and a mask when d is a power of two (the address map's sizes
  // usually are), else by dividing.
  struct Divisor {
    explicit Divisor(uint64_t d = 1);
    uint64_t div(uint64_t x) const { return shift_ >= 0 ? x >> shift_ : x / d_; }
    uint64_t mod(uint64_t x) const { return shift_ >= 0 ? x & (d_ - 1) : x % d_; }
    int shift() const { return shift_; }

   private:
    uint64_t d_;
    int shift_;  // log2(d) when d is a power of two, else -1
  };
  // Serves `work` on pseudo-channel p from now_tck on; the first row visit goes to (bank, row).
  double serve(int p, double now_tck, const ChannelWork& work, int bank, int64_t row, bool write,
               bool scatter_rows);
  int64_t& open_row(int p, int bank) { return open_[size_t(p) * cfg_.banks + bank]; }
  double transfer_contiguous(double now_tck, uint64_t base, uint64_t bytes, bool write);
  double transfer_spread(double now_tck, const HbmPattern& pattern);
  double refreshed_end(double start_tck, double end_tck);
  // channel_time(cfg_, work).body, remembered for the last few distinct works: the
  // pseudo-channels of one transfer mostly do the same work, so most calls are repeats.
  double body_tck(const ChannelWork& work) {
    const BodyMemo& last = body_memo_[body_last_];
    if (last.bursts == work.bursts && last.activations == work.activations &&
        last.rotating == work.rotating) {
      return last.body;
    }
    return body_tck_search(work);
  }
  double body_tck_search(const ChannelWork& work);  // the other memos, else channel_time()

  struct BodyMemo {
    double bursts = -1, activations = -1;
    bool rotating = false;
    double body = 0;
  };
  struct RefreshMemo {
    double start = -1, end = -1, shifted = 0;
    uint64_t count = 0;
  };
  static constexpr int kBodyMemos = 8;
  BodyMemo body_memo_[kBodyMemos];
  int body_next_ = 0, body_last_ = 0;
  RefreshMemo refresh_memo_;

  const HbmConfig& cfg_;
  int pch_;
  Divisor interleave_, pchs_, row_, burst_, banks_;
  bool pow2_;  // all five are powers of two (contiguous_pow2)
  double contiguous_pow2(double now, uint64_t base, uint64_t last, uint64_t b0, uint64_t b1,
                         uint64_t touched, bool write);
  std::vector<Channel> channels_;
  std::vector<int64_t> open_;  // per pseudo-channel and bank: open row, -1 none, -2 unknown
  HbmTotals totals_;
};

// Area of the HBM's PHYs and controllers on the chip.
AreaLine hbm_area(const HbmConfig& hbm);

}  // namespace hesa
