// On-chip SRAM as a SystemC module: the per-TensorCore VMEM (all TensorCores pooled) or the
// chip's CMEM. `ports` independent ports, each with the configured bandwidth, served first come
// first served (an access takes the port that frees first); banked access patterns pay
// sram_efficiency(). Capacity is enforced when a trace is allocated (sim/chip_memory).
#pragma once

#include <systemc>
#include <vector>

#include "models/common/bandwidth_server.hpp"
#include "models/common/block_report.hpp"
#include "models/vmem/vmem_config.hpp"
#include "models/vmem/vmem_cost.hpp"

namespace hesa {

// Which level a module is: its block name in reports, and what its figures mean.
enum class SramLevel { kVmem, kCmem };

class VmemModule : public sc_core::sc_module, public ReportingBlock {
 public:
  // `instances`: copies pooled into this module (TensorCores for VMEM, 1 for CMEM).
  // `allocated_bytes`: what the trace's buffers take of it (the fullest TensorCore's VMEM).
  VmemModule(sc_core::sc_module_name name, const SramConfig& cfg, SramLevel level, double clock_ghz,
             int instances, uint64_t allocated_bytes = 0);
  double read(double now_ns, uint64_t bytes, double efficiency = 1.0);
  double write(double now_ns, uint64_t bytes, double efficiency = 1.0);
  double access(double now_ns, uint64_t read_bytes, uint64_t write_bytes, double efficiency = 1.0);
  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  double busy_ns() const;       // summed over ports
  double bytes_per_ns() const;  // all ports
  int ports() const { return static_cast<int>(ports_.size()); }
  const SramConfig& config() const { return cfg_; }
  std::string block_name() const override { return level_ == SramLevel::kVmem ? "vmem" : "cmem"; }
  BlockReport report(const std::vector<const ReportingBlock*>& instances,
                     const RunSpan& span) const override;

 private:
  const SramConfig& cfg_;
  SramLevel level_;
  uint64_t allocated_bytes_;
  std::vector<BandwidthServer> ports_;
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
};

}  // namespace hesa
