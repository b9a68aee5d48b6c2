// A shared port with a fixed bandwidth: transfers are served one after another in the order they
// ask (first come, first served), each occupying the port for bytes / bandwidth. Plain C++.
#pragma once

#include <algorithm>
#include <cstdint>

namespace hesa {

class BandwidthServer {
 public:
  explicit BandwidthServer(double bytes_per_ns) : bytes_per_ns_(bytes_per_ns) {}
  // Reserves the port for `bytes` from time `now_ns` on; returns when the last byte has passed.
  double reserve(double now_ns, uint64_t bytes) {
    const double start = std::max(now_ns, free_at_ns_);
    const double duration = static_cast<double>(bytes) / bytes_per_ns_;
    free_at_ns_ = start + duration;
    busy_ns_ += duration;
    bytes_ += bytes;
    return free_at_ns_;
  }
  double bytes_per_ns() const { return bytes_per_ns_; }
  double free_at_ns() const { return free_at_ns_; }
  double busy_ns() const { return busy_ns_; }
  uint64_t bytes() const { return bytes_; }

 private:
  double bytes_per_ns_;
  double free_at_ns_ = 0;
  double busy_ns_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace hesa
