// Micro-benchmark of the closed-form HBM timing model: achieved bandwidth per access pattern on
// each chip (fresh memory, one transfer at time 0), and host time per transfer for an NTT's
// worth of traffic. Usage: hesa_bench_hbm [chip.yaml ...] (default: the shipped TPU chips).
#include <fmt/format.h>

#include <chrono>
#include <string>
#include <vector>

#include "models/hbm/hbm_cost.hpp"
#include "sim/config/run_config.hpp"

using namespace hesa;

namespace {

struct Case {
  const char* name;
  HbmPattern pattern;
};

std::vector<Case> cases(const HbmConfig& h) {
  const uint64_t P = h.pseudo_channels_total(), I = h.interleave_bytes;
  std::vector<Case> out;
  HbmPattern p;
  p.chunk_bytes = 256ull << 20;
  out.push_back({"sequential 256 MiB read", p});
  p.write = true;
  out.push_back({"sequential 256 MiB write", p});
  p = HbmPattern{};
  p.chunk_bytes = 64ull << 10;
  out.push_back({"sequential 64 KiB read", p});
  p = HbmPattern{};
  p.chunk_bytes = 16384, p.chunks = 4096, p.stride_bytes = 32768;
  out.push_back({"strided 16 KiB every 32 KiB", p});
  p.chunk_bytes = I, p.chunks = 16384, p.stride_bytes = 2 * I;
  out.push_back({"strided 256 B every 512 B", p});
  p.stride_bytes = P * I;
  out.push_back({"strided 256 B every P x 256 B (one channel)", p});
  p = HbmPattern{};
  p.gather = true, p.chunk_bytes = 64, p.chunks = 1 << 20, p.span_bytes = 16ull << 30;
  out.push_back({"random 64 B in 16 GiB", p});
  p.chunk_bytes = 1024, p.chunks = 1 << 16;
  out.push_back({"random 1 KiB in 16 GiB", p});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> chips;
  for (int i = 1; i < argc; ++i) chips.emplace_back(argv[i]);
  if (chips.empty()) {
    for (const char* c : {"tpu_v4", "tpu_v5e", "tpu_v6e"}) {
      chips.push_back(std::string(HESA_SOURCE_DIR) + "/configs/chips/" + c + ".yaml");
    }
  }
  for (const std::string& path : chips) {
    const ChipConfig chip = load_chip_config(path);
    const HbmConfig& h = chip.hbm;
    fmt::print("{}: {} pseudo-channels, tCK {:.4f} ns, peak {:.1f} GB/s\n", chip.name,
               h.pseudo_channels_total(), h.tck_ns(), h.peak_gbps());
    for (const Case& c : cases(h)) {
      HbmTimingModel m(h);
      const double ns = m.transfer(0, c.pattern);
      const double gbps = double(c.pattern.bytes()) / ns;
      fmt::print("  {:<44} {:9.1f} GB/s {:6.1f} % of peak  ({:.0f} activations)\n", c.name, gbps,
                 100 * gbps / h.peak_gbps(), m.totals().activations);
    }
    // An NTT's traffic: 600 contiguous transfers of 256 KiB (~150 MB), back to back.
    HbmTimingModel m(h);
    const int transfers = 600;
    const auto t0 = std::chrono::steady_clock::now();
    double now = 0;
    for (int i = 0; i < transfers; ++i) {
      HbmPattern p;
      p.base = uint64_t(i) << 18;
      p.chunk_bytes = 1 << 18;
      now = m.transfer(now, p);
    }
    const double host =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print("  host: {} transfers, {:.0f} MB in {:.3f} ms ({:.2f} us per transfer)\n", transfers,
               m.totals().bytes / 1e6, host * 1e3, host * 1e6 / transfers);
  }
  return 0;
}

// libsystemc (linked through the models' libraries) references sc_main; this bench simulates
// nothing with SystemC.
extern "C" int sc_main(int, char**) {
  return 0;
}
