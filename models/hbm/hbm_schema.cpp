#include "models/hbm/hbm_schema.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace hesa {

namespace {

const std::vector<std::string> kTimingKeys = {"cl",     "cwl",   "trcd",   "trp",    "tras",
                                              "trc",    "tfaw",  "trrd_s", "trrd_l", "tccd_s",
                                              "tccd_l", "trefi", "trfc"};
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

const std::vector<std::string>& hbm_keys() {
  static const std::vector<std::string> keys = {"capacity_gib",
                                                "stacks",
                                                "channels",
                                                "pseudo_channels",
                                                "pseudo_channel_bits",
                                                "banks",
                                                "bank_groups",
                                                "burst_length",
                                                "row_bytes",
                                                "interleave_bytes",
                                                "data_rate_gbps",
                                                "bandwidth_gbs",
                                                "beats_per_clock",
                                                "queue_depth",
                                                "controller_ns",
                                                "timing"};
  return keys;
}

const std::vector<std::vector<std::string>>& hbm_alternative_keys() {
  static const std::vector<std::vector<std::string>> keys = {
      {"hbm", "bandwidth_gbs", "data_rate_gbps"}};
  return keys;
}

const std::vector<std::string>& hbm_energy_keys() {
  static const std::vector<std::string> keys = {"hbm_pj_per_bit", "hbm_activation_pj"};
  return keys;
}

const std::vector<std::string>& hbm_area_keys() {
  static const std::vector<std::string> keys = {"hbm_phy_mm2"};
  return keys;
}

namespace {

// The per-pin data rate, given as such or derived from the aggregate bandwidth in GB/s (the pins
// of every pseudo-channel at one rate): either key, not both.
void read_hbm_rate(const ConfigReader& m, HbmConfig& h) {
  const Node* rate = m.find("data_rate_gbps");
  const Node* bandwidth = m.find("bandwidth_gbs");
  if (rate && bandwidth) {
    config_fail(bandwidth->loc, m.key_path("bandwidth_gbs"),
                fmt::format("give either bandwidth_gbs (GB/s) or data_rate_gbps (per pin), not "
                            "both (data_rate_gbps is at {})",
                            rate->loc.str()));
  }
  if (!rate && !bandwidth) {
    config_fail(m.node().loc, m.path(),
                "missing required key \"data_rate_gbps\" (per pin) or \"bandwidth_gbs\" (GB/s)");
  }
  if (rate) {
    // At least 0.1 Gb/s per pin: below any DRAM interface ever built (DDR-200 is 0.2).
    h.data_rate_gbps = m.get_number("data_rate_gbps", {0.1, 100});
    return;
  }
  // 1e6 GB/s = 1 PB/s: far beyond any HBM; the derived per-pin rate is checked as if given.
  const double gbs = m.get_number("bandwidth_gbs", {0, 1e6, true});
  h.data_rate_gbps = gbs / (h.pseudo_channels_total() * h.pseudo_channel_bits / 8.0);
  if (h.data_rate_gbps < 0.1 || h.data_rate_gbps > 100) {
    config_fail(
        bandwidth->loc, m.key_path("bandwidth_gbs"),
        fmt::format("{} GB/s over {} pseudo-channels of {} bits is {:.6g} Gb/s per pin, "
                    "{}",
                    bandwidth->scalar, h.pseudo_channels_total(), h.pseudo_channel_bits,
                    h.data_rate_gbps, h.data_rate_gbps > 100 ? "more than 100" : "less than 0.1"));
  }
}

}  // namespace

void read_hbm(const ConfigReader& m, HbmConfig& h) {
  // At least 1e-6 GiB (1074 bytes): less holds no limb of any workload.
  h.capacity_bytes = std::llround(m.get_number("capacity_gib", {1e-6, 65536}) * kGiB);
  h.stacks = m.get_int("stacks", 1, 64);
  h.channels = m.get_int("channels", 1, 64);
  h.pseudo_channels = m.get_int("pseudo_channels", 1, 8);
  h.pseudo_channel_bits = m.get_int("pseudo_channel_bits", 8, 1024);
  h.banks = m.get_int("banks", 1, 1024);
  h.bank_groups = m.get_int("bank_groups", 1, 64);
  h.burst_length = m.get_int("burst_length", 1, 64);
  h.row_bytes = m.get_int("row_bytes", 1, 1 << 20);
  h.interleave_bytes = m.get_int("interleave_bytes", 1, 1 << 30);
  m.opt_int("beats_per_clock", h.beats_per_clock, 1, 16);
  read_hbm_rate(m, h);
  h.queue_depth = m.get_int("queue_depth", 1, 4096);
  h.controller_ns = m.get_number("controller_ns", {0, 1e5});
  if (h.banks % h.bank_groups != 0) {
    config_fail(m.require("bank_groups").loc, m.key_path("bank_groups"),
                fmt::format("must divide banks = {}, got {}", h.banks, h.bank_groups));
  }
  for (const char* key : {"row_bytes", "interleave_bytes"}) {
    const uint64_t v = key[0] == 'r' ? h.row_bytes : h.interleave_bytes;
    if (v % h.burst_bytes() != 0) {
      config_fail(m.require(key).loc, m.key_path(key),
                  fmt::format("must be a multiple of the burst ({} bits x {} = {} bytes), got {}",
                              h.pseudo_channel_bits, h.burst_length, h.burst_bytes(), v));
    }
  }
  const ConfigReader t = m.child("timing", kTimingKeys);
  DramTiming& d = h.timing;
  for (auto [key, field] : {std::pair{"cl", &d.cl},
                            {"cwl", &d.cwl},
                            {"trcd", &d.trcd},
                            {"trp", &d.trp},
                            {"tras", &d.tras},
                            {"trc", &d.trc},
                            {"tfaw", &d.tfaw},
                            {"trrd_s", &d.trrd_s},
                            {"trrd_l", &d.trrd_l},
                            {"tccd_s", &d.tccd_s},
                            {"tccd_l", &d.tccd_l},
                            {"trefi", &d.trefi},
                            {"trfc", &d.trfc}}) {
    *field = static_cast<int>(t.get_int(key, 0, 1000000));
  }
  if (d.trfc >= d.trefi && d.trefi > 0) {
    config_fail(t.require("trfc").loc, t.key_path("trfc"),
                fmt::format("must be less than trefi = {}, got {}", d.trefi, d.trfc));
  }
}

void read_hbm_energy(const ConfigReader& energy, HbmConfig& h) {
  h.pj_per_bit = energy.get_number("hbm_pj_per_bit", {0, 1e4});
  h.activation_pj = energy.get_number("hbm_activation_pj", {0, 1e6});
}

void read_hbm_area(const ConfigReader& area, HbmConfig& h) {
  h.phy_mm2 = area.get_number("hbm_phy_mm2", {0, 1e4});
}

}  // namespace hesa
