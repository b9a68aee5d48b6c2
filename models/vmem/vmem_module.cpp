#include "models/vmem/vmem_module.hpp"

namespace hesa {

VmemModule::VmemModule(sc_core::sc_module_name name, const VmemConfig& cfg, double clock_ghz,
                       int cores)
    : sc_module(name), port_(cfg.bandwidth_bytes_per_cycle * clock_ghz * cores) {}

double VmemModule::read(double now_ns, uint64_t bytes) {
  return access(now_ns, bytes, 0);
}
double VmemModule::write(double now_ns, uint64_t bytes) {
  return access(now_ns, 0, bytes);
}

double VmemModule::access(double now_ns, uint64_t read_bytes, uint64_t write_bytes) {
  read_bytes_ += read_bytes;
  write_bytes_ += write_bytes;
  if (read_bytes + write_bytes == 0) return now_ns;
  return port_.reserve(now_ns, read_bytes + write_bytes);
}

}  // namespace hesa
