// The raw SystemC event rate of this machine, the yardstick for hesa's speed: one SC_THREAD that
// waits on a clock edge every cycle, or one that waits once per 128-cycle tile (hesa's style: one
// wait per instruction). Usage: systemc_rate cycle|tile EVENTS; prints events, wall s, events/s.
#include <systemc>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

SC_MODULE(Waiter) {
  sc_core::sc_in<bool> clk;
  bool per_cycle = true;
  long events = 0;
  long done = 0;

  SC_CTOR(Waiter) {
    SC_THREAD(run);
  }

  void run() {
    for (done = 0; done < events; ++done) {
      if (per_cycle) {
        wait(clk.posedge_event());
      } else {
        wait(128, sc_core::SC_NS);  // one 128-cycle tile at 1 GHz
      }
    }
    sc_core::sc_stop();
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "cycle") && std::strcmp(argv[1], "tile"))) {
    std::fprintf(stderr, "usage: systemc_rate cycle|tile EVENTS\n");
    return 2;
  }
  const bool per_cycle = std::strcmp(argv[1], "cycle") == 0;
  // The tile waiter gets a constant signal, so no clock process runs beside it.
  sc_core::sc_clock* clk = per_cycle ? new sc_core::sc_clock("clk", 1, sc_core::SC_NS) : nullptr;
  sc_core::sc_signal<bool> idle("idle");
  Waiter w("w");
  if (clk) {
    w.clk(*clk);
  } else {
    w.clk(idle);
  }
  w.per_cycle = per_cycle;
  w.events = std::atol(argv[2]);
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s %ld %.4f %.0f\n", argv[1], w.done, s, w.done / s);
  delete clk;
  return 0;
}
