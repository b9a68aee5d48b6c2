#include "models/vmem/vmem_module.hpp"

#include <algorithm>

namespace hesa {

VmemModule::VmemModule(sc_core::sc_module_name name, const SramConfig& cfg, double clock_ghz,
                       int instances)
    : sc_module(name),
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

}  // namespace hesa
