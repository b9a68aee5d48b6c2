#include "models/hbm/hbm_module.hpp"

namespace hesa {

// bandwidth_gbps is GB/s = bytes per ns.
HbmModule::HbmModule(sc_core::sc_module_name name, const HbmConfig& cfg)
    : sc_module(name), cfg_(cfg), port_(cfg.bandwidth_gbps) {}

double HbmModule::transfer(double now_ns, uint64_t bytes) {
  ++transfers_;
  return port_.reserve(now_ns, bytes) + cfg_.latency_ns;
}

}  // namespace hesa
