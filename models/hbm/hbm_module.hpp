// HBM as seen by the DMA engines: one shared port with the chip's aggregate bandwidth, served
// first come first served, plus a fixed access latency per transfer. (Bank and row timing: later.)
#pragma once

#include <systemc>

#include "models/common/bandwidth_server.hpp"
#include "models/common/timeline.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class HbmModule : public sc_core::sc_module {
 public:
  HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg);
  // A transfer of `bytes` for instruction `instr` (tag `tag`) asked at now_ns; returns when its
  // last byte has arrived.
  double transfer(double now_ns, uint64_t bytes, uint32_t instr, uint32_t tag);
  // Records the port's occupancy per transfer on a track of its own (may be null).
  void attach_timeline(Timeline* timeline);
  const BandwidthServer& port() const { return port_; }
  uint64_t transfers() const { return transfers_; }

 private:
  const HbmConfig& cfg_;
  BandwidthServer port_;
  uint64_t transfers_ = 0;
  Timeline* timeline_ = nullptr;
  int track_ = -1;
};

}  // namespace hesa
