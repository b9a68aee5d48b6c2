// On-chip vector memory (VMEM): capacity (enforced when a workload is lowered) and one port whose
// bandwidth the DMA engines, the VPU and the MXU operand streams share (all TensorCores pooled).
#pragma once

#include <systemc>

#include "models/common/bandwidth_server.hpp"
#include "sim/chip_config.hpp"

namespace hesa {

class VmemModule : public sc_core::sc_module {
 public:
  VmemModule(sc_core::sc_module_name name, const VmemConfig& cfg, double clock_ghz, int cores);
  double read(double now_ns, uint64_t bytes);
  double write(double now_ns, uint64_t bytes);
  double access(double now_ns, uint64_t read_bytes, uint64_t write_bytes);
  const BandwidthServer& port() const { return port_; }
  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }

 private:
  BandwidthServer port_;
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
};

}  // namespace hesa
