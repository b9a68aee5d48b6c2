// Configuration of the HBM (the `hbm` section of a chip file, usually from a part file of
// configs/memories/, and the HBM's keys of its `energy` and `area` sections): organisation,
// DRAM timings in tCK as in DRAMSys and Ramulator memspecs, data rate (per pin, or derived from
// a bandwidth in GB/s), data beats per clock (2 for HBM2/2e, 4 for HBM3/3e).
#pragma once

#include <cstdint>

namespace hesa {

// DRAM timing of one HBM part, in clock cycles (tCK), as in DRAMSys memspecs.
struct DramTiming {
  int cl = 0, cwl = 0;         // read and write latency (RL, WL)
  int trcd = 0, trp = 0;       // activate -> column, precharge -> activate
  int tras = 0, trc = 0;       // activate -> precharge, activate -> activate (same bank)
  int tfaw = 0;                // window holding at most 4 activates
  int trrd_s = 0, trrd_l = 0;  // activate -> activate, other / same bank group
  int tccd_s = 0, tccd_l = 0;  // column -> column, other / same bank group
  int trefi = 0, trfc = 0;     // refresh interval and all-bank refresh time
};

struct HbmConfig {
  uint64_t capacity_bytes = 0;
  int stacks = 1;
  int channels = 8;              // per stack
  int pseudo_channels = 2;       // per channel
  int pseudo_channel_bits = 64;  // data bus width of one pseudo-channel
  int banks = 16;                // per pseudo-channel
  int bank_groups = 4;
  int burst_length = 4;             // data beats per burst (BL)
  int beats_per_clock = 2;          // data beats per tCK: 2 (HBM2, double data rate), 4 (HBM3)
  uint64_t row_bytes = 1024;        // page of one bank of one pseudo-channel
  uint64_t interleave_bytes = 256;  // consecutive blocks of this size rotate over pseudo-channels
  double data_rate_gbps = 2;        // per pin; tCK = beats_per_clock / data rate
  int queue_depth = 8;              // controller requests per pseudo-channel it can reorder
  double controller_ns = 0;         // controller + PHY + on-chip path, paid once per transfer
  DramTiming timing;
  double pj_per_bit = 0;     // energy.hbm_pj_per_bit: data movement + I/O per bit moved
  double activation_pj = 0;  // energy.hbm_activation_pj: one row activation (and precharge)
  double static_w = 0;       // energy.static_w.hbm
  double phy_mm2 = 0;        // area.hbm_phy_mm2: all HBM PHYs and controllers

  double tck_ns() const { return beats_per_clock / data_rate_gbps; }
  // tCK a burst occupies the data bus: BL / beats per clock.
  double burst_tck() const { return double(burst_length) / beats_per_clock; }
  int pseudo_channels_total() const { return stacks * channels * pseudo_channels; }
  uint64_t burst_bytes() const { return uint64_t(pseudo_channel_bits) / 8 * burst_length; }
  // Aggregate peak in GB/s (= bytes per ns): every pseudo-channel's pins at the data rate.
  double peak_gbps() const {
    return pseudo_channels_total() * pseudo_channel_bits / 8.0 * data_rate_gbps;
  }
};

}  // namespace hesa
