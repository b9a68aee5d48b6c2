#include "sim/engine/run_progress.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <systemc>

namespace hesa {

void simulate_to_end(const Sequencer& sequencer, uint64_t instructions, bool show) {
  if (!show) {
    sc_core::sc_start();
    return;
  }
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto last_print = t0;
  double step_ns = 1000;
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  while (sc_core::sc_pending_activity() && !sc_core::sc_end_of_simulation_invoked()) {
    const auto before = Clock::now();
    sc_core::sc_start(sc_core::sc_time(step_ns, sc_core::SC_NS), sc_core::SC_EXIT_ON_STARVATION);
    const auto now = Clock::now();
    // Aim at ~50 ms of wall time per slice: fewer returns to the caller on fast runs.
    if (std::chrono::duration<double>(now - before).count() < 0.05) step_ns *= 2;
    if (now - last_print < std::chrono::milliseconds(500)) continue;
    last_print = now;
    const double done = instructions ? double(sequencer.completed()) / instructions : 1.0;
    const double elapsed = std::chrono::duration<double>(now - t0).count();
    const std::string eta =
        done > 0 ? fmt::format("ETA {:.0f} s", elapsed * (1 - done) / done) : "ETA --";
    fmt::print(stderr, "\r  simulating {:5.1f} % ({} of {} instructions), {}   ", 100 * done,
               sequencer.completed(), instructions, eta);
    std::fflush(stderr);
  }
  fmt::print(stderr, "\r  simulated {} instructions in {:.1f} s{:30}\n", sequencer.completed(),
             std::chrono::duration<double>(Clock::now() - t0).count(), "");
}

}  // namespace hesa
