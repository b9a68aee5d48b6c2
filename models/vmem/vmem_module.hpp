// On-chip SRAM as a SystemC module: the per-TensorCore VMEM (all TensorCores pooled) or the
// chip's CMEM. `ports` independent ports, each with the configured bandwidth, served first come
// first served (an access takes the port that frees first); banked access patterns pay
// sram_efficiency(). Capacity is enforced when a trace is allocated (sim/chip_memory).
#pragma once

#include <systemc>
#include <vector>

#include "models/common/bandwidth_server.hpp"
#include "models/vmem/vmem_cost.hpp"
#include "sim/config/chip_config.hpp"

namespace hesa {

class VmemModule : public sc_core::sc_module {
 public:
  // `instances`: copies pooled into this module (TensorCores for VMEM, 1 for CMEM).
  VmemModule(sc_core::sc_module_name name, const SramConfig& cfg, double clock_ghz, int instances);
  double read(double now_ns, uint64_t bytes, double efficiency = 1.0);
  double write(double now_ns, uint64_t bytes, double efficiency = 1.0);
  double access(double now_ns, uint64_t read_bytes, uint64_t write_bytes, double efficiency = 1.0);
  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  double busy_ns() const;       // summed over ports
  double bytes_per_ns() const;  // all ports
  int ports() const { return static_cast<int>(ports_.size()); }

 private:
  std::vector<BandwidthServer> ports_;
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
};

}  // namespace hesa
