#include "models/vmem/vmem_module.hpp"

#include <algorithm>

namespace hesa {

VmemModule::VmemModule(sc_core::sc_module_name name, const SramConfig& cfg, SramLevel level,
                       double clock_ghz, int instances, uint64_t allocated_bytes)
    : sc_module(name),
      cfg_(cfg),
      level_(level),
      allocated_bytes_(allocated_bytes),
      ports_(size_t(std::max(cfg.ports, 1)),
             BandwidthServer(cfg.bandwidth_bytes_per_cycle * clock_ghz * instances)) {}

double VmemModule::read(double now_ns, uint64_t bytes, double efficiency) {
  return access(now_ns, bytes, 0, efficiency);
}
double VmemModule::write(double now_ns, uint64_t bytes, double efficiency) {
  return access(now_ns, 0, bytes, efficiency);
}

double VmemModule::access(double now_ns, uint64_t read_bytes, uint64_t write_bytes,
                          double efficiency) {
  read_bytes_ += read_bytes;
  write_bytes_ += write_bytes;
  if (read_bytes + write_bytes == 0) return now_ns;
  auto port = std::min_element(ports_.begin(), ports_.end(), [](const auto& a, const auto& b) {
    return a.free_at_ns() < b.free_at_ns();
  });
  // A bank-conflicted access holds the port as long as bytes / efficiency would.
  const double held = double(read_bytes + write_bytes) / std::max(efficiency, 1e-9);
  return port->reserve(now_ns, static_cast<uint64_t>(held + 0.5));
}

double VmemModule::busy_ns() const {
  double t = 0;
  for (const auto& p : ports_) t += p.busy_ns();
  return t;
}

double VmemModule::bytes_per_ns() const {
  return ports_.empty() ? 0 : ports_.front().bytes_per_ns() * double(ports_.size());
}

BlockReport VmemModule::report(const std::vector<const ReportingBlock*>& instances,
                               const RunSpan& span) const {
  const auto srams = instances_as<VmemModule>(instances);
  uint64_t read = 0, write = 0;
  double busy_ns = 0, ports = 0;
  for (const VmemModule* v : srams) {
    read += v->read_bytes(), write += v->write_bytes();
    busy_ns += v->busy_ns(), ports += v->ports();
  }
  const bool vmem = level_ == SramLevel::kVmem;
  BlockReport r;
  r.name = block_name();
  r.utilization = ratio(busy_ns, span.time_ns * ports);
  if (vmem) r.add("instances", double(srams.size()), "count", "VMEMs, one per TensorCore");
  r.add("read_bytes", double(read), "B", "bytes read");
  r.add("write_bytes", double(write), "B", "bytes written");
  r.add("allocated", double(allocated_bytes_), "B",
        vmem ? "trace buffers (static slots)" : "trace buffers");
  r.add("capacity", double(cfg_.size_bytes), "B",
        vmem ? "one TensorCore's VMEM" : "the chip's CMEM");
  r.add("utilization", r.utilization, "fraction",
        vmem ? "port busy / (time x ports), all cores" : "port busy / (time x ports)");
  r.dynamic_uj = (read * cfg_.read_pj_per_byte + write * cfg_.write_pj_per_byte) * 1e-6;
  r.static_uj = cfg_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
